import { demoApprovedOrders } from '@dnp/demo-data';
import { createLogger, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lot } from '../entities/lot.entity.js';
import { Reservation, ReservationLine, ReservationStatus } from '../entities/reservation.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import type { InventoryLoaders } from '../inventory-context.js';
import { ReservationPartService } from '../services/reservation-part.service.js';
import { ledgerViolations } from '../services/stock-invariants.js';
import { inventorySubgraph } from '../subgraph.js';
import { seedDemo } from './demo.seed.js';

const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const asOf = new Date();
const orders = demoApprovedOrders(asOf);
const parts = new ReservationPartService();
const log = createLogger('inventory-seed-spec', 'silent');
let db: TestSubgraph<InventoryLoaders>;

beforeAll(async () => {
  db = await openTestSubgraph(inventorySubgraph);
  await seedDemo(db.orm.em.fork(), log, asOf);
});
afterAll(() => db.close());

/** Sums `quantity` by a key. */
function sumBy<T>(rows: T[], key: (t: T) => string, quantity: (t: T) => number): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) out.set(key(r), (out.get(key(r)) ?? 0) + quantity(r));
  return out;
}

describe('demo seed: the approved orders hold their stock', () => {
  it('holds an ACTIVE reservation per approved order covering its PICKING shipments from unexpired lots', async () => {
    expect(orders.length).toBeGreaterThan(0);
    const em = db.orm.em.fork();
    const reservations = await em.find(Reservation, { key: { $in: orders.map((o) => o.orderId) } });
    expect(reservations).toHaveLength(orders.length);
    expect(reservations.every((r) => r.status === ReservationStatus.ACTIVE)).toBe(true);
    const lines = await em.find(ReservationLine, {});
    const lots = new Map((await em.find(Lot, {})).map((l) => [l.id, l]));
    expect(lines.every((l) => l.lotId && lots.get(l.lotId)!.expiresAt.getTime() > asOf.getTime())).toBe(true);
    const keyOf = new Map(reservations.map((r) => [r.id, r.key]));
    const held = sumBy(
      lines,
      (l) => `${keyOf.get(l.reservationId)}|${l.warehouseId}|${l.productId}`,
      (l) => l.quantity,
    );
    const wanted = sumBy(
      orders.flatMap((o) => o.picks.map((p) => ({ ...p, orderId: o.orderId }))),
      (p) => `${p.orderId}|${p.warehouseId}|${p.productId}`,
      (p) => p.quantity,
    );
    expect(held).toEqual(wanted);
  });

  it('counts the held units in reserved on levels and lots, and the ledger still adds up to on hand', async () => {
    const em = db.orm.em.fork();
    const lines = await em.find(ReservationLine, {});
    const byLevel = sumBy(
      lines,
      (l) => `${l.warehouseId}|${l.productId}`,
      (l) => l.quantity,
    );
    const byLot = sumBy(
      lines,
      (l) => l.lotId!,
      (l) => l.quantity,
    );
    for (const level of await em.find(StockLevel, {})) {
      expect(level.reserved).toBe(byLevel.get(`${level.warehouseId}|${level.productId}`) ?? 0);
      expect(level.reserved).toBeLessThanOrEqual(level.onHand);
    }
    for (const lot of await em.find(Lot, {})) expect(lot.reserved).toBe(byLot.get(lot.id) ?? 0);
    expect(await ledgerViolations(em)).toEqual([]);
  });

  it('lists a seeded shipment on its pick list and commits it as a part', async () => {
    const order = orders.at(-1)!;
    const warehouseId = order.picks[0]!.warehouseId;
    const picks = order.picks.filter((p) => p.warehouseId === warehouseId);
    const list = await parts.pickList(db.context(service), order.orderId, warehouseId);
    expect(
      sumBy(
        list,
        (e) => e.productId,
        (e) => e.quantity,
      ),
    ).toEqual(
      sumBy(
        picks,
        (p) => p.productId,
        (p) => p.quantity,
      ),
    );
    const done = await parts.commitPart(db.context(service), {
      key: order.orderId,
      partKey: 'shp_demo_part',
      lines: list.map((e) => ({ productId: e.productId, warehouseId, lotId: e.lotId, quantity: e.quantity })),
    });
    expect(done.errors).toEqual([]);
    expect(await ledgerViolations(db.orm.em.fork())).toEqual([]);
  });

  it('is deterministic for a given instant', async () => {
    const again = await openTestSubgraph(inventorySubgraph);
    await seedDemo(again.orm.em.fork(), log, asOf);
    const ids = async (t: TestSubgraph<InventoryLoaders>) =>
      (await t.orm.em.fork().find(ReservationLine, {}, { orderBy: { id: 'asc' } })).map((l) => [l.id, l.lotId]);
    expect(await ids(again)).toEqual(await ids(db));
    await again.close();
  });
});
