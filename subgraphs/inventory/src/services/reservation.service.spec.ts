import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lot } from '../entities/lot.entity.js';
import { Reservation, ReservationLine, ReservationStatus } from '../entities/reservation.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { MovementReason, StockMovement } from '../entities/stock-movement.entity.js';
import type { InventoryLoaders } from '../inventory-context.js';
import type { ReserveStockInput } from '../schema/reservation.input.js';
import { inventorySubgraph } from '../subgraph.js';
import { ReservationService } from './reservation.service.js';
import { StockAdjustmentService } from './stock-adjustment.service.js';

const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
const NJ = ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'];
const DAY = 86_400_000;

let db: TestSubgraph<InventoryLoaders>;
const reservations = new ReservationService();
let seq = 0;

beforeAll(async () => {
  db = await openTestSubgraph(inventorySubgraph, { seed: true });
});
afterAll(() => db.close());

/**
 * Puts stock of a test product into a warehouse: lots (quantity, days to expiry) plus unlotted
 * units, with receipts in the ledger.
 */
async function stock(productId: string, warehouseId: string, lots: [number, number][], unlotted = 0): Promise<void> {
  const em = db.orm.em.fork();
  const now = Date.now();
  const onHand = lots.reduce((n, [q]) => n + q, 0) + unlotted;
  await em.insert(StockLevel, {
    id: `stk_t${++seq}`,
    warehouseId,
    productId,
    onHand,
    reserved: 0,
    quarantined: 0,
    safetyStock: 0,
    version: 0,
    updatedAt: new Date(),
  });
  let balance = 0;
  for (const [i, [quantity, days]] of lots.entries()) {
    const id = `lot_t${++seq}`;
    await em.insert(Lot, {
      id,
      lotNumber: `LT-${seq}`,
      productId,
      warehouseId,
      quantity,
      reserved: 0,
      quarantined: 0,
      producedAt: new Date(now - 100 * DAY),
      expiresAt: new Date(now + days * DAY + i),
    });
    balance += quantity;
    await em.insert(StockMovement, {
      id: `mov_t${++seq}`,
      warehouseId,
      productId,
      lotId: id,
      delta: quantity,
      quarantineDelta: 0,
      balanceAfter: balance,
      reason: MovementReason.RECEIPT,
      adjustmentReason: null,
      reference: null,
      note: null,
      actorUserId: null,
      createdAt: new Date(),
    });
  }
  if (unlotted) {
    balance += unlotted;
    await em.insert(StockMovement, {
      id: `mov_t${++seq}`,
      warehouseId,
      productId,
      lotId: null,
      delta: unlotted,
      quarantineDelta: 0,
      balanceAfter: balance,
      reason: MovementReason.RECEIPT,
      adjustmentReason: null,
      reference: null,
      note: null,
      actorUserId: null,
      createdAt: new Date(),
    });
  }
}

const input = (key: string, lines: [string, number][], extra: Partial<ReserveStockInput> = {}): ReserveStockInput => ({
  key,
  dealerId: 'dlr_0003',
  regionPath: NJ,
  lines: lines.map(([productId, quantity]) => ({ productId, quantity })),
  ...extra,
});
const reserve = (i: ReserveStockInput, viewer: Viewer | null = service) => reservations.reserve(db.context(viewer), i);
const linesOf = (reservationId: string) =>
  db.orm.em.fork().find(ReservationLine, { reservationId }, { orderBy: { productId: 'asc', id: 'asc' } });
const level = (warehouseId: string, productId: string) =>
  db.orm.em.fork().findOneOrFail(StockLevel, { warehouseId, productId });
const lotsOf = (warehouseId: string, productId: string) =>
  db.orm.em.fork().find(Lot, { warehouseId, productId }, { orderBy: { expiresAt: 'asc' } });
const counts = async () => {
  const em = db.orm.em.fork();
  return {
    reservations: await em.count(Reservation, {}),
    lines: await em.count(ReservationLine, {}),
    movements: await em.count(StockMovement, {}),
  };
};

/**
 * Every broken invariant: reserved above on hand, or reserved not equal to the active
 * reservation lines (levels and lots).
 */
async function invariantViolations(): Promise<unknown[]> {
  // Reserved units are the remainders of ACTIVE reservations' lines (neither shipped nor given back).
  const HELD = 'coalesce(sum(l.quantity - l.committed - l.released), 0)';
  const conn = db.orm.em.fork().getConnection();
  const levels = await conn.execute(
    `select s.id, s.on_hand, s.reserved, ${HELD} as held from stock_level s
       left join reservation_line l on l.warehouse_id = s.warehouse_id and l.product_id = s.product_id
            and l.reservation_id in (select id from reservation where status = 'ACTIVE')
     group by s.id, s.on_hand, s.reserved
       having s.reserved > s.on_hand or s.reserved < 0 or ${HELD} <> s.reserved`,
    [],
    'all',
  );
  const lots = await conn.execute(
    `select t.id, t.quantity, t.reserved, ${HELD} as held from lot t
       left join reservation_line l on l.lot_id = t.id
            and l.reservation_id in (select id from reservation where status = 'ACTIVE')
     group by t.id, t.quantity, t.reserved
       having t.reserved > t.quantity or t.reserved < 0 or ${HELD} <> t.reserved`,
    [],
    'all',
  );
  const ledger = await conn.execute(
    `select s.id from stock_level s
       left join stock_movement m on m.warehouse_id = s.warehouse_id and m.product_id = s.product_id
     group by s.id, s.on_hand having coalesce(sum(m.delta), 0) <> s.on_hand`,
    [],
    'all',
  );
  return [...levels, ...lots, ...ledger];
}

describe('ReservationService.reserve: allocation', () => {
  beforeAll(async () => {
    // prd_TA: in the HQ, the dealer's own regional warehouse (east) and a far one (south).
    await stock('prd_TA', 'wh_south', [[100, 300]]);
    await stock('prd_TA', 'wh_hq', [[100, 300]]);
    await stock('prd_TA', 'wh_east', [
      [5, 200],
      [4, 50],
      [30, -1],
    ]); // one expired lot of 30
    // prd_TB: only unlotted stock plus one lot.
    await stock('prd_TB', 'wh_east', [[3, 100]], 7);
    // A dealer's own warehouse never serves: wh_ of dealers are DEALER kind.
  });

  it('takes the nearest warehouse first, lots first-expiry-first, skipping expired lots, then splits', async () => {
    const result = await reserve(input('ord_alloc1', [['prd_TA', 12]]));
    expect(result.errors).toEqual([]);
    const r = result.reservation!;
    expect(r).toMatchObject({ key: 'ord_alloc1', dealerId: 'dlr_0003', status: ReservationStatus.ACTIVE });
    expect(r.id).toMatch(/^rsv_/);
    const east = await lotsOf('wh_east', 'prd_TA');
    const lines = await linesOf(r.id);
    const byLot = new Map(lines.map((l) => [l.lotId, l]));
    // 9 sellable units in east (the expired 30 are not offered): 4 (expires first) then 5, then 3 from HQ.
    expect(byLot.get(east.find((l) => l.quantity === 4)!.id)).toMatchObject({ warehouseId: 'wh_east', quantity: 4 });
    expect(byLot.get(east.find((l) => l.quantity === 5)!.id)).toMatchObject({ warehouseId: 'wh_east', quantity: 5 });
    expect(lines.filter((l) => l.warehouseId === 'wh_hq').reduce((n, l) => n + l.quantity, 0)).toBe(3);
    expect(lines.some((l) => l.warehouseId === 'wh_south')).toBe(false);
    expect((await level('wh_east', 'prd_TA')).reserved).toBe(9);
    expect((await level('wh_hq', 'prd_TA')).reserved).toBe(3);
    expect(east.find((l) => l.quantity === 30)!.reserved).toBe(0);
    expect(await invariantViolations()).toEqual([]);
  });

  it('prefers the regional warehouse over HQ at equal distance, and the HQ over farther regions', async () => {
    // Zhejiang shares reg_east with both wh_east and wh_hq: regional first; east is empty now, so HQ.
    const zj = await reserve(
      input('ord_alloc2', [['prd_TA', 50]], { dealerId: 'dlr_0009', regionPath: ['reg_cn', 'reg_east', 'reg_zj'] }),
    );
    expect(zj.errors).toEqual([]);
    expect((await linesOf(zj.reservation!.id)).map((l) => l.warehouseId)).toEqual(['wh_hq']);
    await stock('prd_TJ', 'wh_hq', [[10, 100]]);
    await stock('prd_TJ', 'wh_east', [[10, 100]]);
    const both = await reserve(
      input('ord_alloc2b', [['prd_TJ', 12]], { dealerId: 'dlr_0009', regionPath: ['reg_cn', 'reg_east', 'reg_zj'] }),
    );
    expect((await linesOf(both.reservation!.id)).map((l) => [l.warehouseId, l.quantity]).sort()).toEqual([
      ['wh_east', 10],
      ['wh_hq', 2],
    ]);
    // A Guangdong dealer is served from the south first.
    const gd = await reserve(
      input('ord_alloc3', [['prd_TA', 10]], { dealerId: 'dlr_0030', regionPath: ['reg_cn', 'reg_south', 'reg_gd'] }),
    );
    expect((await linesOf(gd.reservation!.id)).map((l) => l.warehouseId)).toEqual(['wh_south']);
    expect(await invariantViolations()).toEqual([]);
  });

  it('sums lines of the same product and uses unlotted stock after the lots', async () => {
    const result = await reserve(
      input('ord_alloc4', [
        ['prd_TB', 4],
        ['prd_TB', 5],
      ]),
    );
    expect(result.errors).toEqual([]);
    const lines = await linesOf(result.reservation!.id);
    expect(lines.map((l) => [l.lotId === null, l.quantity]).sort()).toEqual([
      [false, 3],
      [true, 6],
    ]);
    expect((await level('wh_east', 'prd_TB')).reserved).toBe(9);
    expect(await invariantViolations()).toEqual([]);
  });

  it('is all or nothing: one short product reserves nothing and names the line', async () => {
    await stock('prd_TC', 'wh_north', [[10, 100]]);
    const before = await counts();
    const result = await reserve(
      input('ord_short', [
        ['prd_TC', 5],
        ['prd_TB', 1],
        ['prd_TD', 2],
      ]),
    );
    expect(result.reservation).toBeNull();
    // prd_TB has 1 unit left (10 − 9); prd_TD does not exist: only prd_TD is short.
    expect(result.errors).toEqual([
      {
        code: 'INSUFFICIENT_STOCK',
        field: 'lines[2]',
        message: 'Not enough stock of product "prd_TD": requested 2, available 0',
      },
    ]);
    const tooMany = await reserve(
      input('ord_short', [
        ['prd_TC', 8],
        ['prd_TC', 3],
      ]),
    );
    expect(tooMany.errors).toEqual([
      {
        code: 'INSUFFICIENT_STOCK',
        field: 'lines[0]',
        message: 'Not enough stock of product "prd_TC": requested 11, available 10',
      },
    ]);
    expect(await counts()).toEqual(before);
    expect((await level('wh_north', 'prd_TC')).reserved).toBe(0);
    // The key was not used up by the refusal.
    expect((await reserve(input('ord_short', [['prd_TC', 10]]))).errors).toEqual([]);
    expect(await invariantViolations()).toEqual([]);
  });
});

describe('ReservationService.reserve: idempotency and input', () => {
  beforeAll(async () => {
    await stock('prd_TE', 'wh_east', [[50, 100]]);
  });

  it('answers the same key with the same reservation and no second effect', async () => {
    const first = await reserve(
      input('ord_idem', [
        ['prd_TE', 3],
        ['prd_TE', 2],
      ]),
    );
    const again = await reserve(input('ord_idem', [['prd_TE', 5]]));
    expect(again.errors).toEqual([]);
    expect(again.reservation!.id).toBe(first.reservation!.id);
    expect((await level('wh_east', 'prd_TE')).reserved).toBe(5);
  });

  it('refuses the same key with different lines or another dealer', async () => {
    const before = await counts();
    expect((await reserve(input('ord_idem', [['prd_TE', 6]]))).errors).toEqual([
      expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'key' }),
    ]);
    expect(
      (
        await reserve(
          input('ord_idem', [
            ['prd_TE', 5],
            ['prd_TA', 1],
          ]),
        )
      ).errors[0]!.code,
    ).toBe('IDEMPOTENCY_KEY_REUSED');
    expect((await reserve(input('ord_idem', [['prd_TE', 5]], { dealerId: 'dlr_0004' }))).errors[0]!.code).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(await counts()).toEqual(before);
  });

  it('answers a released key with the released reservation and reserves nothing again', async () => {
    const first = await reserve(input('ord_idem_rel', [['prd_TE', 4]]));
    expect((await reservations.release(db.context(service), 'ord_idem_rel')).released).toBe(true);
    const reserved = (await level('wh_east', 'prd_TE')).reserved;
    const again = await reserve(input('ord_idem_rel', [['prd_TE', 4]]));
    expect(again.errors).toEqual([]);
    expect(again.reservation).toMatchObject({ id: first.reservation!.id, status: ReservationStatus.RELEASED });
    expect((await level('wh_east', 'prd_TE')).reserved).toBe(reserved);
  });

  it('gives concurrent calls with the same key one reservation', async () => {
    const results = await Promise.all(
      Array.from({ length: 8 }, () => reserve(input('ord_idem_race', [['prd_TE', 2]]))),
    );
    expect(results.every((r) => r.errors.length === 0)).toBe(true);
    expect(new Set(results.map((r) => r.reservation!.id)).size).toBe(1);
    expect(await invariantViolations()).toEqual([]);
  });

  const cases: [string, Partial<ReserveStockInput>, string][] = [
    ['no lines', { lines: [] }, 'lines'],
    ['201 lines', { lines: Array.from({ length: 201 }, () => ({ productId: 'prd_TE', quantity: 1 })) }, 'lines'],
    ['zero quantity', { lines: [{ productId: 'prd_TE', quantity: 0 }] }, 'lines[0].quantity'],
    ['fractional quantity', { lines: [{ productId: 'prd_TE', quantity: 1.5 }] }, 'lines[0].quantity'],
    ['quantity over 100,000', { lines: [{ productId: 'prd_TE', quantity: 100_001 }] }, 'lines[0].quantity'],
    [
      'malformed product id',
      {
        lines: [
          { productId: 'prd_TE', quantity: 1 },
          { productId: 'SKU-1', quantity: 1 },
        ],
      },
      'lines[1].productId',
    ],
    ['empty region path', { regionPath: [] }, 'regionPath'],
    ['malformed region id', { regionPath: ['cn'] }, 'regionPath'],
    ['malformed dealer id', { dealerId: 'x' }, 'dealerId'],
    ['empty key', { key: '' }, 'key'],
  ];
  for (const [name, patch, field] of cases) {
    it(`refuses ${name} with BAD_USER_INPUT and writes nothing`, async () => {
      const before = await counts();
      const result = await reserve({ ...input('ord_bad', [['prd_TE', 1]]), ...patch });
      expect(result.reservation).toBeNull();
      expect(result.errors).toContainEqual(expect.objectContaining({ code: 'BAD_USER_INPUT', field }));
      expect(await counts()).toEqual(before);
    });
  }

  it('is for services only', async () => {
    for (const viewer of [hq, { userId: 'usr_js_admin', role: Role.DEALER_ADMIN, dealerId: 'dlr_0002' }] as Viewer[]) {
      await expect(reserve(input('ord_forbidden', [['prd_TE', 1]]), viewer)).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
      await expect(reservations.release(db.context(viewer), 'ord_idem')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(reservations.commit(db.context(viewer), 'ord_idem')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(reserve(input('ord_forbidden', [['prd_TE', 1]]), null)).rejects.toMatchObject({
      code: 'UNAUTHENTICATED',
    });
    const viaGraphql = await db.execute(`mutation { releaseReservation(key: "ord_idem") { released } }`, {}, hq);
    expect(viaGraphql.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});

describe('release and commit', () => {
  beforeAll(async () => {
    await stock('prd_TF', 'wh_east', [
      [6, 30],
      [6, 60],
    ]);
    await stock('prd_TF', 'wh_hq', [[20, 60]]);
  });

  it('releases idempotently and answers released: false for an unknown key', async () => {
    const made = await reserve(input('ord_rel', [['prd_TF', 10]]));
    expect((await level('wh_east', 'prd_TF')).reserved).toBe(10);
    const [a, b] = await Promise.all([
      reservations.release(db.context(service), 'ord_rel'),
      reservations.release(db.context(service), 'ord_rel'),
    ]);
    expect(a).toMatchObject({
      released: true,
      errors: [],
      reservation: { id: made.reservation!.id, status: ReservationStatus.RELEASED },
    });
    expect(b).toMatchObject({ released: true, errors: [] });
    expect((await level('wh_east', 'prd_TF')).reserved).toBe(0);
    expect((await lotsOf('wh_east', 'prd_TF')).map((l) => l.reserved)).toEqual([0, 0]);
    expect(await reservations.release(db.context(service), 'ord_nobody')).toMatchObject({
      released: false,
      reservation: null,
      errors: [],
    });
    expect(await invariantViolations()).toEqual([]);
  });

  it('commits: on hand and reserved drop together, with SHIPMENT entries keeping the ledger whole', async () => {
    const before = await level('wh_east', 'prd_TF');
    const hqBefore = await level('wh_hq', 'prd_TF');
    await reserve(input('ord_ship', [['prd_TF', 14]]));
    const committed = await reservations.commit(db.context(service), 'ord_ship');
    expect(committed.errors).toEqual([]);
    expect(committed.reservation!.status).toBe(ReservationStatus.COMMITTED);
    expect(await level('wh_east', 'prd_TF')).toMatchObject({ onHand: before.onHand - 12, reserved: 0 });
    expect(await level('wh_hq', 'prd_TF')).toMatchObject({ onHand: hqBefore.onHand - 2, reserved: 0 });
    expect((await lotsOf('wh_east', 'prd_TF')).map((l) => l.quantity)).toEqual([0, 0]);
    const shipped = await db.orm.em
      .fork()
      .find(StockMovement, { reference: 'ord_ship' }, { orderBy: { balanceAfter: 'desc' } });
    expect(shipped.every((m) => m.reason === MovementReason.SHIPMENT && m.delta < 0)).toBe(true);
    expect(shipped.reduce((n, m) => n + m.delta, 0)).toBe(-14);
    expect(
      shipped
        .filter((m) => m.warehouseId === 'wh_east')
        .map((m) => m.balanceAfter)
        .sort(),
    ).toEqual([0, 6]);
    // Again: no second effect. Releasing a shipped reservation releases its remainder: nothing, no error.
    expect((await reservations.commit(db.context(service), 'ord_ship')).reservation!.status).toBe(
      ReservationStatus.COMMITTED,
    );
    expect(await db.orm.em.fork().count(StockMovement, { reference: 'ord_ship' })).toBe(shipped.length);
    expect(await reservations.release(db.context(service), 'ord_ship')).toMatchObject({
      released: true,
      errors: [],
      reservation: { status: ReservationStatus.COMMITTED },
    });
    expect(await db.orm.em.fork().count(StockMovement, { reference: 'ord_ship' })).toBe(shipped.length);
    expect((await reservations.commit(db.context(service), 'ord_rel')).errors[0]!.code).toBe('RESERVATION_RELEASED');
    expect((await reservations.commit(db.context(service), 'ord_none')).errors[0]!.code).toBe('NOT_FOUND');
    expect(await invariantViolations()).toEqual([]);
  });

  it('keeps adjustStock from taking reserved units, on the level and on the lot', async () => {
    await stock('prd_TG', 'wh_east', [[10, 30]], 5);
    await reserve(input('ord_adj', [['prd_TG', 8]]));
    const adjust = new StockAdjustmentService();
    const lot = (await lotsOf('wh_east', 'prd_TG'))[0]!;
    expect(lot).toMatchObject({ quantity: 10, reserved: 8 });
    // The level has 7 free units, but the lot only 2.
    const byLot = await adjust.adjust(db.context(hq), {
      warehouseId: 'wh_east',
      productId: 'prd_TG',
      delta: -3,
      lotNumber: lot.lotNumber,
    });
    expect(byLot.errors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_STOCK', field: 'lotNumber' })]);
    expect(await level('wh_east', 'prd_TG')).toMatchObject({ onHand: 15, reserved: 8 });
    // Without a lot number the free lot units go first, then unlotted ones; reserved lot units stay.
    expect(
      (await adjust.adjust(db.context(hq), { warehouseId: 'wh_east', productId: 'prd_TG', delta: -3 })).errors,
    ).toEqual([]);
    expect((await lotsOf('wh_east', 'prd_TG'))[0]).toMatchObject({ quantity: 8, reserved: 8 });
    expect(
      (await adjust.adjust(db.context(hq), { warehouseId: 'wh_east', productId: 'prd_TG', delta: -5 })).errors[0]!.code,
    ).toBe('INSUFFICIENT_STOCK');
    expect(await level('wh_east', 'prd_TG')).toMatchObject({ onHand: 12, reserved: 8 });
    expect(await invariantViolations()).toEqual([]);
  });
});

describe('concurrency', () => {
  it('reserves exactly the available units under 50 concurrent single-unit reservations', async () => {
    await stock('prd_TH', 'wh_east', [
      [12, 40],
      [8, 80],
    ]);
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => reserve(input(`ord_race_${i}`, [['prd_TH', 1]]))),
    );
    const ok = results.filter((r) => r.errors.length === 0);
    expect(ok).toHaveLength(20);
    expect(results.filter((r) => r.errors[0]?.code === 'INSUFFICIENT_STOCK')).toHaveLength(30);
    expect(await level('wh_east', 'prd_TH')).toMatchObject({ onHand: 20, reserved: 20 });
    expect((await lotsOf('wh_east', 'prd_TH')).map((l) => l.reserved)).toEqual([12, 8]);
    expect(await invariantViolations()).toEqual([]);
  });
});

describe('tombstones (a release that overtook its reservation)', () => {
  beforeAll(async () => {
    await stock('prd_TT', 'wh_east', [[10, 60]]);
  });

  it('refuses a reservation under a key released before it was made, alone and in a batch', async () => {
    const before = await counts();
    expect(await reservations.release(db.context(service), 'ord_late')).toMatchObject({
      released: false,
      reservation: null,
      errors: [],
    });
    expect(await reservations.release(db.context(service), 'ord_late')).toMatchObject({
      released: false,
      reservation: null,
      errors: [],
    });
    const late = await reserve(input('ord_late', [['prd_TT', 2]]));
    expect(late.reservation).toBeNull();
    expect(late.errors.map((e) => [e.code, e.field])).toEqual([['RESERVATION_RELEASED', 'key']]);
    // In a batch with others: only the tombstoned key is refused.
    await reservations.release(db.context(service), 'ord_late_b');
    const batch = await Promise.all([
      reserve(input('ord_ok_a', [['prd_TT', 1]])),
      reserve(input('ord_late_b', [['prd_TT', 1]])),
      reserve(input('ord_ok_c', [['prd_TT', 1]])),
    ]);
    expect(batch.map((r) => r.errors[0]?.code ?? r.reservation!.status)).toEqual([
      'ACTIVE',
      'RESERVATION_RELEASED',
      'ACTIVE',
    ]);
    expect(await level('wh_east', 'prd_TT')).toMatchObject({ onHand: 10, reserved: 2 });
    // Tombstones hold nothing and are not listed; their lines are none.
    expect(await counts()).toMatchObject({ reservations: before.reservations + 4, lines: before.lines + 2 });
    const listed = await reservations.list(db.context(hq), { first: 100 });
    expect(listed.edges.map((e) => e.node.key)).not.toContain('ord_late');
    expect((await reservations.commit(db.context(service), 'ord_late')).errors[0]!.code).toBe('RESERVATION_RELEASED');
    expect(await invariantViolations()).toEqual([]);
  });

  it('of a release racing its reservation, exactly one wins: nothing stays reserved', async () => {
    for (let i = 0; i < 10; i++) {
      const key = `ord_race_${i}`;
      const [made] = await Promise.all([
        reserve(input(key, [['prd_TT', 1]])),
        reservations.release(db.context(service), key),
      ]);
      // Either the release came first (refused) or it released what was made; a later release changes nothing.
      expect(made.errors.map((e) => e.code).concat(made.reservation ? ['MADE'] : [])).toHaveLength(1);
      await reservations.release(db.context(service), key);
    }
    expect(await level('wh_east', 'prd_TT')).toMatchObject({ reserved: 2 });
    expect(await invariantViolations()).toEqual([]);
  });

  it('refuses a release with a malformed key', async () => {
    expect((await reservations.release(db.context(service), ' bad key')).errors[0]!.code).toBe('BAD_USER_INPUT');
  });
});

describe('group commit', () => {
  it('writes concurrent reservations of different products together, refusing only the one that is short', async () => {
    await stock('prd_TM', 'wh_east', [[10, 60]]);
    await stock('prd_TN', 'wh_east', [[3, 60]], 2);
    const before = await counts();
    const results = await Promise.all([
      reserve(input('ord_gc_1', [['prd_TM', 4]])),
      reserve(
        input('ord_gc_2', [
          ['prd_TN', 4],
          ['prd_TM', 1],
        ]),
      ),
      reserve(input('ord_gc_3', [['prd_TM', 6]])), // 5 left after the first two
      reserve(input('ord_gc_4', [['prd_TN', 1]])),
    ]);
    expect(results.map((r) => r.errors[0]?.code ?? 'OK')).toEqual(['OK', 'OK', 'INSUFFICIENT_STOCK', 'OK']);
    expect(results[2]!.errors[0]).toMatchObject({
      field: 'lines[0]',
      message: expect.stringContaining('requested 6, available 5'),
    });
    expect(await level('wh_east', 'prd_TM')).toMatchObject({ onHand: 10, reserved: 5 });
    expect(await level('wh_east', 'prd_TN')).toMatchObject({ onHand: 5, reserved: 5 });
    expect((await lotsOf('wh_east', 'prd_TN')).map((l) => l.reserved)).toEqual([3]);
    const lines = (await linesOf(results[1]!.reservation!.id)).map((l) => [l.productId, l.lotId != null, l.quantity]);
    expect(lines.sort((a, b) => String(a).localeCompare(String(b)))).toEqual([
      ['prd_TM', true, 1],
      ['prd_TN', false, 1],
      ['prd_TN', true, 3],
    ]);
    expect(await counts()).toMatchObject({ reservations: before.reservations + 3, movements: before.movements });
    expect(await invariantViolations()).toEqual([]);
  });
});

describe('GraphQL', () => {
  it('reserves through the schema and lists reservations for HQ', async () => {
    await stock('prd_TI', 'wh_hq', [[5, 100]]);
    const mutation = `mutation ($input: ReserveStockInput!) {
      reserveStock(input: $input) {
        reservation { id key dealerId status createdAt lines { productId warehouseId lotId quantity } }
        errors { code message field }
      }
    }`;
    const result = await db.execute(mutation, { input: input('ord_gql', [['prd_TI', 2]]) }, service);
    expect(result.errors).toBeUndefined();
    const payload = (result.data as any).reserveStock;
    expect(payload.errors).toEqual([]);
    expect(payload.reservation).toMatchObject({
      key: 'ord_gql',
      status: 'ACTIVE',
      lines: [{ productId: 'prd_TI', warehouseId: 'wh_hq', quantity: 2 }],
    });
    const list = await db.execute(
      `{
        reservations(first: 2, filter: { status: ACTIVE }) {
          totalCount edges { node { key lines { quantity } } } pageInfo { hasNextPage }
        }
      }`,
      {},
      hq,
    );
    expect(list.errors).toBeUndefined();
    expect((list.data as any).reservations.edges[0].node.key).toBe('ord_gql');
    const dealer = await db.execute(
      `{ reservations { totalCount } }`,
      {},
      { userId: 'usr_js_admin', role: Role.DEALER_ADMIN, dealerId: 'dlr_0002' },
    );
    expect(dealer.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});
