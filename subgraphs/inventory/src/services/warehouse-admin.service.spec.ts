import { demoNetwork } from '@dnp/demo-data';
import { AuditEntry, EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InventoryAlert, InventoryAlertKind } from '../entities/inventory-alert.entity.js';
import { GoodsReceiptKind } from '../entities/goods-receipt.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { Warehouse, WarehouseKind } from '../entities/warehouse.entity.js';
import type { InventoryLoaders } from '../inventory-context.js';
import type { CreateWarehouseInput } from '../schema/warehouse-admin.input.js';
import { inventorySubgraph } from '../subgraph.js';
import { useDealerStatus } from './dealer-status.js';
import { GoodsReceiptService } from './goods-receipt.service.js';
import { useProductLookup } from './product-lookup.js';
import { ReservationService } from './reservation.service.js';
import { SafetyStockService } from './safety-stock.service.js';
import { WarehouseAdminService } from './warehouse-admin.service.js';

const network = demoNetwork();
const user = (id: string): Viewer => {
  const u = network.users.find((x) => x.id === id)!;
  return {
    userId: u.id,
    role: u.role as Viewer['role'],
    dealerId: u.dealerId ?? undefined,
    regionId: u.regionId ?? undefined,
    ...(u.warehouseIds ? { warehouseIds: [...u.warehouseIds] } : {}),
  };
};
const hq = user('usr_hq_admin');
const east = user('usr_east_manager');
const operator = user('usr_wh_east_op'); // wh_hq and wh_east
const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const js = user('usr_js_admin').dealerId!; // a provincial agent with a warehouse
const nj = user('usr_nj_admin').dealerId!; // its sub-dealer, without one
const jsWarehouse = network.warehouses.find((w) => w.dealerId === js)!.id;
const NJ_PATH = ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'];

let db: TestSubgraph<InventoryLoaders>;
const admin = new WarehouseAdminService();
const safety = new SafetyStockService();
const reservations = new ReservationService();
const receipts = new GoodsReceiptService();
const statuses = new Map<string, string>();
let seq = 0;

beforeAll(async () => {
  db = await openTestSubgraph(inventorySubgraph, { seed: true });
  useDealerStatus({ statusOf: async (id) => statuses.get(id) ?? null });
  useProductLookup({
    known: async (ids) => new Set(ids.filter((id) => id.startsWith('prd_'))),
    idsBySku: async () => new Map(),
  });
});
afterEach(() => statuses.clear());
afterAll(async () => {
  useDealerStatus(undefined);
  useProductLookup(undefined);
  await db.close();
});

/** Rows that a refusal must leave as they are. */
async function counts() {
  const em = db.orm.em.fork();
  return {
    warehouses: await em.count(Warehouse, {}),
    levels: await em.count(StockLevel, {}),
    audit: await em.count(AuditEntry, {}),
    outbox: await em.count(OutboxEvent, {}),
  };
}

const newInput = (over: Partial<CreateWarehouseInput> = {}): CreateWarehouseInput => ({
  code: `WH-T${++seq}`,
  name: '测试仓',
  nameEn: 'Test warehouse',
  kind: WarehouseKind.REGIONAL,
  regionId: 'reg_js',
  address: ' 1 Test Road ',
  ...over,
});

const eventsOf = (subjectId: string) =>
  db.orm.em.fork().find(OutboxEvent, { subjectId, type: EventType.WAREHOUSE_CHANGED }, { orderBy: { seq: 'asc' } });

describe('createWarehouse', () => {
  it('opens a warehouse with its region path, an audit entry and a CREATED event', async () => {
    const { warehouse, errors } = await admin.create(db.context(hq), newInput({ code: 'WH-NEW-1' }));
    expect(errors).toEqual([]);
    expect(warehouse).toMatchObject({ code: 'WH-NEW-1', regionPath: '/reg_cn/reg_east/reg_js/', active: true });
    expect(warehouse!.address).toBe('1 Test Road');
    const [event] = await eventsOf(warehouse!.id);
    expect(event!.payload).toMatchObject({ change: 'CREATED', code: 'WH-NEW-1', kind: 'REGIONAL', active: true });
    expect(event!.scope).toMatchObject({ warehouseIds: [warehouse!.id], regionPath: ['reg_cn', 'reg_east', 'reg_js'] });
    const audit = await db.orm.em.fork().findOne(AuditEntry, { entityId: warehouse!.id });
    expect(audit).toMatchObject({ operation: 'createWarehouse', action: 'CREATE', actorId: hq.userId });
    // The process's warehouse list shows it at once.
    expect((await db.context(hq).loaders.allWarehouses()).some((w) => w.id === warehouse!.id)).toBe(true);
  });

  it('opens a dealer warehouse for an active dealer without one', async () => {
    const dealer = network.dealers.find((d) => d.level === 'REGIONAL_DEALER' && d.status === 'ACTIVE')!;
    statuses.set(dealer.id, 'ACTIVE');
    const input = newInput({ kind: WarehouseKind.DEALER, dealerId: dealer.id, regionId: dealer.regionId });
    const { warehouse, errors } = await admin.create(db.context(hq), input);
    expect(errors).toEqual([]);
    expect(warehouse).toMatchObject({ kind: WarehouseKind.DEALER, dealerId: dealer.id });
    const [event] = await eventsOf(warehouse!.id);
    expect(event!.scope).toMatchObject({ dealerIds: [dealer.id] });
  });

  it('refuses each bad input with its own code and writes nothing', async () => {
    statuses.set(js, 'ACTIVE');
    statuses.set(nj, 'SUSPENDED');
    const cases: [Partial<CreateWarehouseInput>, string, string][] = [
      [{ code: 'WH-HQ' }, 'WAREHOUSE_CODE_TAKEN', 'code'],
      [{ code: 'wh-lower' }, 'BAD_USER_INPUT', 'code'],
      [{ regionId: 'reg_nowhere' }, 'REGION_UNKNOWN', 'regionId'],
      [{ kind: WarehouseKind.DEALER }, 'DEALER_REQUIRED', 'dealerId'],
      [{ kind: WarehouseKind.DEALER, dealerId: nj }, 'DEALER_NOT_ACTIVE', 'dealerId'],
      [{ kind: WarehouseKind.DEALER, dealerId: 'dlr_unknown' }, 'NOT_FOUND', 'dealerId'],
      [{ kind: WarehouseKind.DEALER, dealerId: js }, 'DEALER_HAS_WAREHOUSE', 'dealerId'],
      [{ dealerId: js }, 'BAD_USER_INPUT', 'dealerId'],
      [{ name: ' ' }, 'BAD_USER_INPUT', 'name'],
    ];
    const before = await counts();
    for (const [over, code, field] of cases) {
      const { warehouse, errors } = await admin.create(db.context(hq), newInput(over));
      expect(warehouse, code).toBeNull();
      expect(errors, code).toEqual([expect.objectContaining({ code, field })]);
    }
    expect(await counts()).toEqual(before);
  });

  it('is for HQ only', async () => {
    await expect(admin.create(db.context(east), newInput())).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    const res = await db.execute(
      'mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { warehouse { id } errors { code } } }',
      { i: newInput() },
      operator,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('answers through the schema', async () => {
    const res = await db.execute(
      'mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { warehouse { code version address active } ' +
        'errors { code } } }',
      { i: newInput({ code: 'WH-GQL', address: null }) },
      hq,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      createWarehouse: { warehouse: { code: 'WH-GQL', version: 1, address: null, active: true }, errors: [] },
    });
  });
});

describe('updateWarehouse', () => {
  it('renames and moves a warehouse: its region path and its alerts follow, the version guards', async () => {
    const { warehouse } = await admin.create(db.context(hq), newInput());
    const id = warehouse!.id;
    const em = db.orm.em.fork();
    await em.insert(InventoryAlert, {
      id: `ial_t${++seq}`,
      kind: InventoryAlertKind.SAFETY_STOCK,
      warehouseId: id,
      productId: 'prd_00001',
      stockLevelId: null,
      lotId: null,
      dealerId: null,
      regionPath: warehouse!.regionPath,
      openKey: `T:${seq}`,
      message: 'test',
      value: 0,
      threshold: 1,
      raisedAt: new Date(),
      resolvedAt: null,
    } as never);
    const moved = await admin.update(db.context(hq), { id, expectedVersion: 1, name: '新名', regionId: 'reg_gd' });
    expect(moved.errors).toEqual([]);
    expect(moved.warehouse).toMatchObject({ name: '新名', regionPath: '/reg_cn/reg_south/reg_gd/', version: 2 });
    const alert = await db.orm.em.fork().findOneOrFail(InventoryAlert, { warehouseId: id });
    expect(alert.regionPath).toBe('/reg_cn/reg_south/reg_gd/');
    expect((await eventsOf(id)).map((e) => (e.payload as { change: string }).change)).toEqual(['CREATED', 'UPDATED']);

    const before = await counts();
    const stale = await admin.update(db.context(hq), { id, expectedVersion: 1, name: 'x' });
    expect(stale.errors).toEqual([expect.objectContaining({ code: 'VERSION_CONFLICT' })]);
    const lost = await admin.update(db.context(hq), { id, expectedVersion: 2, regionId: 'reg_nowhere' });
    expect(lost.errors).toEqual([expect.objectContaining({ code: 'REGION_UNKNOWN' })]);
    expect(await counts()).toEqual(before);
  });
});

describe('setWarehouseActive', () => {
  it('refuses to deactivate a warehouse holding reserved units, writing nothing', async () => {
    const held = await db.orm.em.fork().findOneOrFail(StockLevel, { reserved: { $gt: 0 } });
    const before = await counts();
    const { errors } = await admin.setActive(db.context(hq), held.warehouseId, false, 'closing');
    expect(errors).toEqual([expect.objectContaining({ code: 'WAREHOUSE_HAS_RESERVATIONS' })]);
    const empty = await admin.setActive(db.context(hq), held.warehouseId, false, '  ');
    expect(empty.errors).toEqual([expect.objectContaining({ code: 'REASON_REQUIRED' })]);
    expect(await counts()).toEqual(before);
  });

  it('a deactivated warehouse takes no reservations or receipts until reactivated', async () => {
    statuses.set(js, 'ACTIVE');
    const dealer = network.dealers.find((d) => d.id === js)!;
    // js's own warehouse: deactivate (nothing reserved in it), then two-tier orders have nowhere to come from.
    const closed = await admin.setActive(db.context(hq), jsWarehouse, false, 'moving');
    expect(closed.errors).toEqual([]);
    expect(closed.warehouse).toMatchObject({ active: false, deactivatedReason: 'moving' });
    const reserve = await reservations.reserve(db.context(service), {
      key: `ord_closed_${++seq}`,
      dealerId: nj,
      regionPath: NJ_PATH,
      lines: [{ productId: 'prd_00001', quantity: 1 }],
      sourceDealerId: js,
    });
    expect(reserve.errors).toEqual([expect.objectContaining({ code: 'SELLER_HAS_NO_WAREHOUSE' })]);
    const receipt = await receipts.receive(db.context(service), {
      key: `rcv_closed_${++seq}`,
      kind: GoodsReceiptKind.RETURN_IN,
      warehouseId: jsWarehouse,
      dealerId: nj,
      lines: [{ productId: 'prd_00001', quantity: 1, quarantined: true }],
    });
    expect(receipt.errors).toEqual([expect.objectContaining({ code: 'WAREHOUSE_INACTIVE' })]);
    // Another warehouse for js may open now; reactivating the first then answers DEALER_HAS_WAREHOUSE.
    const second = await admin.create(
      db.context(hq),
      newInput({ kind: WarehouseKind.DEALER, dealerId: js, regionId: dealer.regionId }),
    );
    expect(second.errors).toEqual([]);
    const again = await admin.setActive(db.context(hq), jsWarehouse, true, 'back');
    expect(again.errors).toEqual([expect.objectContaining({ code: 'DEALER_HAS_WAREHOUSE' })]);
    expect((await admin.setActive(db.context(hq), second.warehouse!.id, false, 'temporary')).errors).toEqual([]);
    const reopened = await admin.setActive(db.context(hq), jsWarehouse, true, 'back');
    expect(reopened.warehouse).toMatchObject({ active: true, deactivatedAt: null, deactivatedReason: null });
    const changes = (await eventsOf(jsWarehouse)).map((e) => (e.payload as { change: string }).change);
    expect(changes).toEqual(['DEACTIVATED', 'REACTIVATED']);
  });
});

describe('setSafetyStock', () => {
  it('sets the level, records stock_changed with it, and raises then resolves the low-stock alert', async () => {
    const level = await db.orm.em.fork().findOneOrFail(StockLevel, { warehouseId: 'wh_east', reserved: 0 });
    const alertOf = () =>
      db.orm.em
        .fork()
        .findOne(InventoryAlert, { stockLevelId: level.id, kind: InventoryAlertKind.SAFETY_STOCK, resolvedAt: null });
    const high = await safety.set(db.context(hq), {
      warehouseId: 'wh_east',
      productId: level.productId,
      safetyStock: level.onHand + 10,
    });
    expect(high.errors).toEqual([]);
    expect(high.stockLevel).toMatchObject({ safetyStock: level.onHand + 10, version: level.version + 1 });
    expect(await alertOf()).not.toBeNull();
    const event = await db.orm.em
      .fork()
      .findOneOrFail(OutboxEvent, { subjectId: level.id, type: EventType.STOCK_CHANGED }, { orderBy: { seq: 'desc' } });
    expect(event.payload).toMatchObject({ safetyStock: level.onHand + 10 });
    // The operator of the warehouse lowers it again: the alert is resolved in the same transaction.
    const low = await safety.set(db.context(operator), {
      warehouseId: 'wh_east',
      productId: level.productId,
      safetyStock: 0,
    });
    expect(low.errors).toEqual([]);
    expect(await alertOf()).toBeNull();
    const audits = await db.orm.em.fork().count(AuditEntry, { entityId: level.id, operation: 'setSafetyStock' });
    expect(audits).toBe(2);
  });

  it('creates the level when the warehouse has none (nothing on hand)', async () => {
    const { stockLevel, errors } = await safety.set(db.context(hq), {
      warehouseId: 'wh_south',
      productId: 'prd_NEWSAFE',
      safetyStock: 5,
    });
    expect(errors).toEqual([]);
    expect(stockLevel).toMatchObject({ onHand: 0, reserved: 0, safetyStock: 5 });
  });

  it('refuses bad values, deactivated warehouses, unknown products and other warehouses, writing nothing', async () => {
    const { warehouse } = await admin.create(db.context(hq), newInput());
    await admin.setActive(db.context(hq), warehouse!.id, false, 'closed');
    const before = await counts();
    const cases: [Viewer, string, string, number, string][] = [
      [hq, 'wh_east', 'prd_00001', -1, 'SAFETY_STOCK_INVALID'],
      [hq, 'wh_east', 'prd_00001', 1_000_001, 'SAFETY_STOCK_INVALID'],
      [hq, 'wh_east', 'prd_00001', 1.5, 'SAFETY_STOCK_INVALID'],
      [hq, warehouse!.id, 'prd_00001', 1, 'WAREHOUSE_INACTIVE'],
      [hq, 'wh_east', 'bogus', 1, 'UNKNOWN_PRODUCT'],
      [hq, 'wh_nowhere', 'prd_00001', 1, 'NOT_FOUND'],
      [operator, 'wh_south', 'prd_00001', 1, 'NOT_FOUND'],
    ];
    for (const [viewer, warehouseId, productId, safetyStock, code] of cases) {
      const { stockLevel, errors } = await safety.set(db.context(viewer), { warehouseId, productId, safetyStock });
      expect(stockLevel, code).toBeNull();
      expect(errors, code).toEqual([expect.objectContaining({ code })]);
    }
    expect(await counts()).toEqual(before);
    await expect(
      safety.set(db.context(east), { warehouseId: 'wh_east', productId: 'prd_00001', safetyStock: 1 }),
    ).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
  });
});

describe('reserveStock with sourceDealerId', () => {
  it("reserves only from the seller's own warehouse and never touches a brand warehouse", async () => {
    const em = db.orm.em.fork();
    const own = await em.find(StockLevel, { warehouseId: jsWarehouse }, { orderBy: { onHand: 'desc' }, limit: 2 });
    const productIds = own.map((l) => l.productId);
    const brandBefore = await em.find(StockLevel, {
      warehouseId: { $ne: jsWarehouse },
      productId: { $in: productIds },
    });
    const { reservation, errors } = await reservations.reserve(db.context(service), {
      key: `ord_seller_${++seq}`,
      dealerId: nj,
      regionPath: NJ_PATH,
      lines: productIds.map((productId) => ({ productId, quantity: 1 })),
      sourceDealerId: js,
    });
    expect(errors).toEqual([]);
    expect(reservation).not.toBeNull();
    const after = await db.orm.em.fork().find(StockLevel, { productId: { $in: productIds } });
    for (const level of own) {
      expect(after.find((l) => l.id === level.id)!.reserved).toBe(level.reserved + 1);
    }
    const brandAfter = after.filter((l) => l.warehouseId !== jsWarehouse);
    expect(brandAfter.map((l) => [l.id, l.reserved, l.version]).sort()).toEqual(
      brandBefore.map((l) => [l.id, l.reserved, l.version]).sort(),
    );
    // More than the seller holds is a shortage, even though the brand has plenty.
    const tooMuch = await reservations.reserve(db.context(service), {
      key: `ord_seller_${++seq}`,
      dealerId: nj,
      regionPath: NJ_PATH,
      lines: [{ productId: productIds[0]!, quantity: own[0]!.onHand + 1 }],
      sourceDealerId: js,
    });
    expect(tooMuch.errors).toEqual([expect.objectContaining({ code: 'INSUFFICIENT_STOCK' })]);
  });

  it('answers SELLER_HAS_NO_WAREHOUSE for a seller without one', async () => {
    const { reservation, errors } = await reservations.reserve(db.context(service), {
      key: `ord_seller_${++seq}`,
      dealerId: nj,
      regionPath: NJ_PATH,
      lines: [{ productId: 'prd_00001', quantity: 1 }],
      sourceDealerId: 'dlr_without_warehouse',
    });
    expect(reservation).toBeNull();
    expect(errors).toEqual([expect.objectContaining({ code: 'SELLER_HAS_NO_WAREHOUSE', field: 'sourceDealerId' })]);
  });
});
