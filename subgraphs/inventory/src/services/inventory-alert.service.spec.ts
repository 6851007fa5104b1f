import { EventType, OutboxEvent, Role } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inventorySettings } from '../config.js';
import { InventoryAlert, InventoryAlertKind } from '../entities/inventory-alert.entity.js';
import { ExpiryStatus, Lot } from '../entities/lot.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { Warehouse, WarehouseKind } from '../entities/warehouse.entity.js';
import type { InventoryLoaders } from '../inventory-context.js';
import type { AdjustStockInput } from '../schema/inventory.input.js';
import { inventorySubgraph } from '../subgraph.js';
import { expiryRules, InventoryAlertService } from './inventory-alert.service.js';
import { safetyStockKey } from './inventory-events.js';
import { expiryWindow } from './lot.service.js';
import { StockAdjustmentService } from './stock-adjustment.service.js';

const hq = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
let db: TestSubgraph<InventoryLoaders>;
const adjustments = new StockAdjustmentService();
const alerts = new InventoryAlertService();
const noOverrides = expiryRules(inventorySettings.expiry, new Map(), async () => new Map());

beforeAll(async () => {
  db = await openTestSubgraph(inventorySubgraph, { seed: true });
});
afterAll(() => db.close());

const events = (type: string) => db.orm.em.fork().find(OutboxEvent, { type }, { orderBy: { seq: 'asc' } });
const adjust = (input: Partial<AdjustStockInput>) =>
  adjustments.adjust(db.context(hq), {
    warehouseId: 'wh_hq',
    productId: 'prd_00001',
    delta: 1,
    ...input,
  } as AdjustStockInput);

describe('inventory events', () => {
  it('records inventory.stock_changed with the level after each adjustment, in the same transaction', async () => {
    const before = (await events(EventType.STOCK_CHANGED)).length;
    const result = await adjust({ delta: 3 });
    const level = result.stockLevel!;
    const after = await events(EventType.STOCK_CHANGED);
    expect(after.length).toBe(before + 1);
    const e = after[after.length - 1]!;
    expect(e.subjectId).toBe(level.id);
    expect(e.source).toBe('inventory');
    expect(e.payload).toMatchObject({
      productId: 'prd_00001',
      warehouseId: 'wh_hq',
      onHand: level.onHand,
      reserved: level.reserved,
      available: level.onHand - level.reserved,
    });
    expect(e.scope.regionPath?.length).toBeGreaterThan(0);

    // A refused adjustment writes no event.
    await adjust({ delta: -10_000_000 });
    expect((await events(EventType.STOCK_CHANGED)).length).toBe(before + 1);
  });

  it('raises one SAFETY_STOCK alert (and event) per shortage, clears it when stock recovers, then anew', async () => {
    const em = db.orm.em.fork();
    const level = await em.findOneOrFail(StockLevel, { warehouseId: 'wh_hq', productId: 'prd_00002' });
    await em.nativeUpdate(StockLevel, { id: level.id }, { safetyStock: level.onHand - level.reserved + 5 });
    await adjust({ productId: 'prd_00002', delta: -1 });
    await adjust({ productId: 'prd_00002', delta: -1 });
    const key = `SAFETY_STOCK:${level.id}`;
    const open = await db.orm.em.fork().find(InventoryAlert, { openKey: key });
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({
      kind: InventoryAlertKind.SAFETY_STOCK,
      stockLevelId: level.id,
      warehouseId: 'wh_hq',
    });
    expect((await events(EventType.INVENTORY_ALERT_RAISED)).filter((e) => e.subjectId === open[0]!.id)).toHaveLength(1);

    // Back above the safety stock: the scan clears it; a new shortage is a new alert.
    await adjust({ productId: 'prd_00002', delta: 20 });
    const first = await alerts.scan(db.orm, noOverrides);
    expect(first.cleared).toBe(1);
    expect(await db.orm.em.fork().findOneOrFail(InventoryAlert, { id: open[0]!.id })).toMatchObject({ openKey: null });
    await adjust({ productId: 'prd_00002', delta: -20 });
    expect(await db.orm.em.fork().count(InventoryAlert, { stockLevelId: level.id })).toBe(2);
  });

  it('covers low levels past the first page, and clears only recovered ones', async () => {
    const em = db.orm.em.fork();
    const alerted = await em.find(InventoryAlert, { kind: InventoryAlertKind.SAFETY_STOCK, openKey: { $ne: null } });
    const levels = await em.find(
      StockLevel,
      { warehouseId: 'wh_east', id: { $nin: alerted.map((a) => a.stockLevelId!) } },
      { orderBy: { id: 'desc' }, limit: 12 },
    );
    for (const l of levels) await em.nativeUpdate(StockLevel, { id: l.id }, { safetyStock: l.onHand + 1_000 });
    const openOf = async () =>
      db.orm.em.fork().count(InventoryAlert, { openKey: { $in: levels.map((l) => safetyStockKey(l)) } });
    // Five a run: three runs raise all twelve (the levels already alerted are not read again).
    const paged = new InventoryAlertService(5);
    const open = [];
    for (let i = 0; i < 3; i++) {
      await paged.scan(db.orm, noOverrides);
      open.push(await openOf());
    }
    expect(open).toEqual([5, 10, 12]);
    // Two recover: the next run clears those two.
    for (const l of levels.slice(0, 2)) await em.nativeUpdate(StockLevel, { id: l.id }, { safetyStock: 0 });
    expect((await paged.scan(db.orm, noOverrides)).cleared).toBe(2);
    expect(await openOf()).toBe(10);
    for (const l of levels) await em.nativeUpdate(StockLevel, { id: l.id }, { safetyStock: l.safetyStock });
    await paged.scan(db.orm, noOverrides);
  });

  it('raises expiry alerts for lots in a window once, however often the scan runs', async () => {
    await alerts.scan(db.orm, noOverrides);
    const count = await db.orm.em.fork().count(InventoryAlert, {
      kind: {
        $in: [InventoryAlertKind.EXPIRY_RED, InventoryAlertKind.EXPIRY_YELLOW, InventoryAlertKind.EXPIRY_BLUE],
      },
    });
    expect(count).toBeGreaterThan(0);
    const again = await alerts.scan(db.orm, noOverrides);
    expect(again.raised).toBe(0);
    expect(await db.orm.em.fork().count(InventoryAlert, { kind: { $ne: InventoryAlertKind.SAFETY_STOCK } })).toBe(
      count,
    );
  });

  it('reaches every lot in a window past the first page, and reads alerted lots no more', async () => {
    // Sixty days RED: the lots within 30 already have their RED alert (the test above), those within
    // 31..60 a YELLOW one. Read 100 at a time, the scan must go past the first page to raise the rest.
    const sixty = { red: 60, yellow: 60, blue: 60 };
    const rules = { defaults: sixty, of: async () => new Map(), widestDays: 60 };
    const paged = new InventoryAlertService(100);
    const inWindow = async () => {
      const em = db.orm.em.fork();
      const lots = await em.find(Lot, {
        $and: [{ quantity: { $gt: 0 } }, expiryWindow(ExpiryStatus.RED, new Date(), sixty)],
      });
      const red = await em.find(InventoryAlert, {
        kind: InventoryAlertKind.EXPIRY_RED,
        lotId: { $in: lots.map((l) => l.id) },
      });
      return { lots: lots.length, red: new Set(red.map((a) => a.lotId)).size };
    };
    const before = await inWindow();
    expect(before.lots).toBeGreaterThan(100);
    expect(before.red).toBeLessThan(before.lots);
    let runs = 0;
    let raised = 0;
    // Bounded: a page per run, and one run more to find nothing left.
    for (; runs < Math.ceil(before.lots / 100) + 2; runs++) {
      const r = await paged.scan(db.orm, rules);
      raised += r.raised;
      if (r.raised === 0 && runs > 0) break;
    }
    const after = await inWindow();
    expect(after.red).toBe(after.lots);
    expect(raised).toBe(after.lots - before.red);
    expect((await paged.scan(db.orm, rules)).raised).toBe(0);
  });

  it('raises only the lots a wider category window adds', async () => {
    // Wider per-category windows put more lots in windows: only those new ones are raised.
    const wide = { red: 3000, yellow: 3200, blue: 3400 };
    const lots = await db.orm.em.fork().find(InventoryAlert, {}, { fields: ['productId'] });
    const some = await alerts.scan(db.orm, {
      defaults: inventorySettings.expiry,
      of: async (ids) => new Map(ids.map((id) => [id, wide])),
      widestDays: wide.blue,
    });
    expect(some.raised).toBeGreaterThan(0);
    expect(lots.length).toBeGreaterThan(0);
  });
});

describe('inventory alert list', () => {
  it('scopes the list by role and acknowledges idempotently', async () => {
    const em = db.orm.em.fork();
    const dealerWarehouse = await em.findOneOrFail(Warehouse, { kind: WarehouseKind.DEALER });
    const level = await em.findOneOrFail(StockLevel, { warehouseId: dealerWarehouse.id });
    await em.nativeUpdate(StockLevel, { id: level.id }, { safetyStock: 1_000_000 });
    await alerts.scan(db.orm, noOverrides);

    const all = await alerts.list(db.context(hq), { first: 100, filter: { kinds: [InventoryAlertKind.SAFETY_STOCK] } });
    const dealerAdmin = { userId: 'usr_d', role: Role.DEALER_ADMIN, dealerId: dealerWarehouse.dealerId! };
    const own = await alerts.list(db.context(dealerAdmin), { first: 100 });
    expect(own.totalCount).toBeGreaterThan(0);
    expect(own.edges.every((e) => e.node.dealerId === dealerWarehouse.dealerId)).toBe(true);
    expect(all.totalCount).toBeGreaterThan(
      own.edges.filter((e) => e.node.kind === InventoryAlertKind.SAFETY_STOCK).length,
    );
    const other = { userId: 'usr_x', role: Role.DEALER_ADMIN, dealerId: 'dlr_nobody' };
    expect((await alerts.list(db.context(other), { first: 100 })).totalCount).toBe(0);
    const alertId = own.edges.find((e) => e.node.stockLevelId === level.id)!.node.id;
    await expect(alerts.get(db.context(other), alertId)).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });

    const acked = await alerts.acknowledge(db.context(dealerAdmin), alertId);
    expect(acked.acknowledgedBy).toBe('usr_d');
    const again = await alerts.acknowledge(db.context(hq), alertId);
    expect(again.acknowledgedBy).toBe('usr_d');
    await expect(
      alerts.acknowledge(db.context({ ...dealerAdmin, role: Role.DEALER_STAFF }), alertId),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(
      (await alerts.list(db.context(dealerAdmin), { first: 100, filter: { acknowledged: false } })).edges.some(
        (e) => e.node.id === alertId,
      ),
    ).toBe(false);
  });

  it('serves the list through the schema', async () => {
    const res = await db.execute(
      '{ inventoryAlerts(first: 2) { totalCount edges { node { ' +
        'id kind message value threshold acknowledged warehouse { id } product { id } } } } }',
      {},
      hq,
    );
    expect(res.errors).toBeUndefined();
    expect((res.data as { inventoryAlerts: { totalCount: number } }).inventoryAlerts.totalCount).toBeGreaterThan(0);
  });
});
