import { AuditEntry, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lot } from '../entities/lot.entity.js';
import { ReservationCommit } from '../entities/reservation-commit.entity.js';
import { ReservationLine, ReservationStatus } from '../entities/reservation.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { MovementReason, StockMovement } from '../entities/stock-movement.entity.js';
import type { InventoryLoaders } from '../inventory-context.js';
import type { CommitReservationPartInput } from '../schema/reservation-part.input.js';
import { inventorySubgraph } from '../subgraph.js';
import { ReservationPartService } from './reservation-part.service.js';
import { ReservationService } from './reservation.service.js';
import { StockAdjustmentService } from './stock-adjustment.service.js';
import { ledgerViolations } from './stock-invariants.js';

const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
const NJ = ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'];
const DAY = 86_400_000;

let db: TestSubgraph<InventoryLoaders>;
const reservations = new ReservationService();
const parts = new ReservationPartService();
const adjustments = new StockAdjustmentService();

beforeAll(async () => {
  db = await openTestSubgraph(inventorySubgraph, { seed: true });
});
afterAll(() => db.close());

/** Receives lots (quantity, days to expiry) of a test product through adjustStock, so the ledger is whole. */
async function stock(productId: string, warehouseId: string, lots: [string, number, number][]): Promise<void> {
  for (const [lotNumber, quantity, days] of lots) {
    const expiresAt = new Date(Date.now() + days * DAY);
    const done = await adjustments.adjust(db.context(hq), {
      warehouseId,
      productId,
      delta: quantity,
      lotNumber,
      expiresAt,
    });
    expect(done.errors).toEqual([]);
  }
}

const reserve = (key: string, productId: string, quantity: number) =>
  reservations.reserve(db.context(service), {
    key,
    dealerId: 'dlr_0003',
    regionPath: NJ,
    lines: [{ productId, quantity }],
  });
const commitPart = (input: CommitReservationPartInput) => parts.commitPart(db.context(service), input);
const level = (warehouseId: string, productId: string) =>
  db.orm.em.fork().findOneOrFail(StockLevel, { warehouseId, productId });
const lot = (warehouseId: string, productId: string, lotNumber: string) =>
  db.orm.em.fork().findOneOrFail(Lot, { warehouseId, productId, lotNumber });
const rows = async () => {
  const em = db.orm.em.fork();
  return {
    commits: await em.count(ReservationCommit, {}),
    movements: await em.count(StockMovement, {}),
    audit: await em.count(AuditEntry, {}),
    outbox: await em.count(OutboxEvent, {}),
    committed: (await em.find(ReservationLine, {})).reduce((n, l) => n + l.committed, 0),
  };
};

describe('commitReservationPart', () => {
  beforeAll(async () => {
    await stock('prd_PA', 'wh_east', [
      ['PA-LATE', 5, 90],
      ['PA-EARLY', 5, 30],
      ['PA-MID', 5, 60],
    ]);
  });

  it('ships parts first-expiry-first or from the chosen lot, and ends COMMITTED when nothing remains', async () => {
    const made = await reserve('ord_pa', 'prd_PA', 12);
    expect(made.errors).toEqual([]);
    const picks = await parts.pickList(db.context(service), 'ord_pa', 'wh_east');
    expect(picks.map((p) => [p.lotNumber, p.quantity, p.expiryStatus])).toEqual([
      ['PA-EARLY', 5, 'RED'],
      ['PA-MID', 5, 'YELLOW'],
      ['PA-LATE', 2, 'YELLOW'],
    ]);

    const first = await commitPart({
      key: 'ord_pa',
      partKey: 'shp_pa_1',
      lines: [{ productId: 'prd_PA', warehouseId: 'wh_east', quantity: 6 }],
    });
    expect(first.errors).toEqual([]);
    expect(first.reservation!.status).toBe(ReservationStatus.ACTIVE);
    expect(first.lots.map((l) => [l.lotNumber, l.quantity])).toEqual([
      ['PA-EARLY', 5],
      ['PA-MID', 1],
    ]);
    expect(await level('wh_east', 'prd_PA')).toMatchObject({ onHand: 9, reserved: 6 });
    expect(await lot('wh_east', 'prd_PA', 'PA-EARLY')).toMatchObject({ quantity: 0, reserved: 0 });

    const lateId = (await lot('wh_east', 'prd_PA', 'PA-LATE')).id;
    const second = await commitPart({
      key: 'ord_pa',
      partKey: 'shp_pa_2',
      lines: [{ productId: 'prd_PA', warehouseId: 'wh_east', lotId: lateId, quantity: 2 }],
    });
    expect(second.lots).toMatchObject([{ lotId: lateId, lotNumber: 'PA-LATE', quantity: 2 }]);
    const left = await parts.pickList(db.context(service), 'ord_pa', 'wh_east');
    expect(left.map((p) => [p.lotNumber, p.quantity])).toEqual([['PA-MID', 4]]);

    const last = await commitPart({
      key: 'ord_pa',
      partKey: 'shp_pa_3',
      lines: [{ productId: 'prd_PA', warehouseId: 'wh_east', quantity: 4 }],
    });
    expect(last.reservation!.status).toBe(ReservationStatus.COMMITTED);
    expect(await level('wh_east', 'prd_PA')).toMatchObject({ onHand: 3, reserved: 0 });
    expect(await parts.pickList(db.context(service), 'ord_pa', 'wh_east')).toEqual([]);
    const shipped = await db.orm.em.fork().find(StockMovement, { reference: { $like: 'shp_pa_%' } });
    expect(shipped.every((m) => m.reason === MovementReason.SHIPMENT)).toBe(true);
    expect(shipped.reduce((n, m) => n - m.delta, 0)).toBe(12);
    expect(await ledgerViolations(db.orm.em.fork())).toEqual([]);
  });

  it('answers a replay by part key with the stored lots and writes nothing; another request is refused', async () => {
    const before = await rows();
    const replay = await commitPart({
      key: 'ord_pa',
      partKey: 'shp_pa_1',
      lines: [{ productId: 'prd_PA', warehouseId: 'wh_east', quantity: 6 }],
    });
    expect(replay.errors).toEqual([]);
    expect(replay.lots.map((l) => [l.lotNumber, l.quantity]).sort()).toEqual([
      ['PA-EARLY', 5],
      ['PA-MID', 1],
    ]);
    const reused = await commitPart({
      key: 'ord_pa',
      partKey: 'shp_pa_1',
      lines: [{ productId: 'prd_PA', warehouseId: 'wh_east', quantity: 5 }],
    });
    expect(reused).toMatchObject({ reservation: null, lots: [], errors: [{ code: 'IDEMPOTENCY_KEY_REUSED' }] });
    expect(await rows()).toEqual(before);
  });

  it('refuses what the reservation does not hold, writing nothing (no audit, no event)', async () => {
    await stock('prd_PB', 'wh_east', [
      ['PB-1', 4, 30],
      ['PB-2', 4, 60],
    ]);
    await reserve('ord_pb', 'prd_PB', 3);
    const other = (await lot('wh_east', 'prd_PB', 'PB-2')).id;
    const before = await rows();
    const line = { productId: 'prd_PB', warehouseId: 'wh_east' };
    const cases: [CommitReservationPartInput, string][] = [
      [{ key: 'ord_pb', partKey: 'shp_pb_1', lines: [{ ...line, lotId: other, quantity: 1 }] }, 'LOT_NOT_RESERVED'],
      [{ key: 'ord_pb', partKey: 'shp_pb_1', lines: [{ ...line, quantity: 4 }] }, 'LOT_NOT_RESERVED'],
      [
        { key: 'ord_pb', partKey: 'shp_pb_1', lines: [{ ...line, warehouseId: 'wh_hq', quantity: 1 }] },
        'LOT_NOT_RESERVED',
      ],
      [{ key: 'ord_nobody', partKey: 'shp_pb_1', lines: [{ ...line, quantity: 1 }] }, 'NOT_FOUND'],
      [{ key: 'ord_pb', partKey: 'shp_pb_1', lines: [{ ...line, quantity: 0 }] }, 'BAD_USER_INPUT'],
      [{ key: 'ord_pb', partKey: 'bad key', lines: [{ ...line, quantity: 1 }] }, 'BAD_USER_INPUT'],
    ];
    for (const [input, code] of cases) {
      expect((await commitPart(input)).errors[0]?.code, code).toBe(code);
    }
    expect(await rows()).toEqual(before);
    expect(await level('wh_east', 'prd_PB')).toMatchObject({ onHand: 8, reserved: 3 });
  });

  it('releases only the remainder: partly shipped ends COMMITTED; a released one refuses parts', async () => {
    const part = await commitPart({
      key: 'ord_pb',
      partKey: 'shp_pb_2',
      lines: [{ productId: 'prd_PB', warehouseId: 'wh_east', quantity: 1 }],
    });
    expect(part.errors).toEqual([]);
    const released = await reservations.release(db.context(service), 'ord_pb');
    expect(released).toMatchObject({
      released: true,
      errors: [],
      reservation: { status: ReservationStatus.COMMITTED },
    });
    expect(await level('wh_east', 'prd_PB')).toMatchObject({ onHand: 7, reserved: 0 });
    const lines = await db.orm.em.fork().find(ReservationLine, { reservationId: released.reservation!.id });
    expect(lines.map((l) => [l.quantity, l.committed, l.released])).toEqual([[3, 1, 2]]);
    // The audit says what happened: the remainder went back and the reservation ends COMMITTED.
    const audit = await db.orm.em
      .fork()
      .findOneOrFail(AuditEntry, { entityId: released.reservation!.id, operation: 'releaseReservation' });
    expect(audit).toMatchObject({ action: 'RELEASE_REMAINDER' });
    expect(JSON.parse(audit.after!)).toMatchObject({ status: ReservationStatus.COMMITTED, released: 2, committed: 1 });
    expect(await reservations.release(db.context(service), 'ord_pb')).toMatchObject({ released: true, errors: [] });
    expect(await level('wh_east', 'prd_PB')).toMatchObject({ reserved: 0 });

    await reserve('ord_pc', 'prd_PB', 2);
    await reservations.release(db.context(service), 'ord_pc');
    const refused = await commitPart({
      key: 'ord_pc',
      partKey: 'shp_pc_1',
      lines: [{ productId: 'prd_PB', warehouseId: 'wh_east', quantity: 1 }],
    });
    expect(refused.errors[0]!.code).toBe('RESERVATION_RELEASED');
    expect(await ledgerViolations(db.orm.em.fork())).toEqual([]);
  });

  it('answers through the schema as the service', async () => {
    await stock('prd_PD', 'wh_east', [['PD-1', 3, 30]]);
    await reserve('ord_pd', 'prd_PD', 2);
    const result = await db.execute(
      `mutation ($input: CommitReservationPartInput!) {
         commitReservationPart(input: $input) { reservation { status } lots { lotNumber quantity } errors { code } }
       }`,
      {
        input: {
          key: 'ord_pd',
          partKey: 'shp_pd_1',
          lines: [{ productId: 'prd_PD', warehouseId: 'wh_east', quantity: 2 }],
        },
      },
      service,
    );
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      commitReservationPart: {
        reservation: { status: 'COMMITTED' },
        lots: [{ lotNumber: 'PD-1', quantity: 2 }],
        errors: [],
      },
    });
    const list = await db.execute(`{ pickList(key: "ord_pd", warehouseId: "wh_east") { quantity } }`, {}, service);
    expect(list.data).toEqual({ pickList: [] });
  });
});
