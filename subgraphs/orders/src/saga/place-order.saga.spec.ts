import { createLogger, EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OrderEvent, OrderEventType } from '../entities/order-event.entity.js';
import { OrderLine } from '../entities/order-line.entity.js';
import { OrderSaga, SagaStep } from '../entities/order-saga.entity.js';
import { canTransition, Order, OrderStatus } from '../entities/order.entity.js';
import { ShipmentLine } from '../entities/shipment-line.entity.js';
import { Shipment } from '../entities/shipment.entity.js';
import type { OrdersLoaders } from '../orders-context.js';
import { OrderReviewService } from '../services/order-review.service.js';
import { ReviewDecision } from '../schema/place-order.input.js';
import { PlaceOrderService } from '../services/place-order.service.js';
import { ordersSubgraph } from '../subgraph.js';
import { FakeSagaServices } from './fake-saga-services.js';
import { useSagaRunner } from './saga-context.js';
import { SagaResumer } from './saga-resumer.js';
import { SagaRunner, type SagaSettings } from './saga-runner.js';

const log = createLogger('orders-saga-spec', 'silent');
const dealer: Viewer = {
  userId: 'usr_d1',
  role: Role.DEALER_ADMIN,
  displayName: '广州经销商',
  dealerId: 'dlr_1',
  dealerGrade: 'B',
  regionId: 'reg_gz',
  regionPath: ['reg_cn', 'reg_south', 'reg_gd', 'reg_gz'],
};
const otherDealer: Viewer = { ...dealer, userId: 'usr_d2', dealerId: 'dlr_2' };
const hq: Viewer = {
  userId: 'usr_hq',
  role: Role.HQ_ADMIN,
  displayName: '总部管理员',
  regionId: 'reg_cn',
  regionPath: ['reg_cn'],
};
const eastManager: Viewer = {
  userId: 'usr_east',
  role: Role.REGION_MANAGER,
  displayName: '华东大区经理',
  regionId: 'reg_east',
  regionPath: ['reg_cn', 'reg_east'],
};
const southManager: Viewer = {
  userId: 'usr_south',
  role: Role.REGION_MANAGER,
  displayName: '华南大区经理',
  regionId: 'reg_south',
  regionPath: ['reg_cn', 'reg_south'],
};

let db: TestSubgraph<OrdersLoaders>;
let fake: FakeSagaServices;
let faults: SagaStep[];
const placement = new PlaceOrderService();
const review = new OrderReviewService();
let keyNo = 0;
const key = () => `key-${Date.now()}-${++keyNo}`;

function install(settings: Partial<SagaSettings> = {}): SagaRunner {
  const runner = new SagaRunner(
    fake,
    { reviewThresholdMinor: 5_000_000, stepTimeoutMs: 200, deadlineSeconds: 60, leaseMs: 5_000, ...settings },
    log,
    (step) => {
      faults.push(step);
      throw new Error(`simulated crash after ${step}`);
    },
  );
  useSagaRunner(runner);
  return runner;
}

beforeAll(async () => {
  db = await openTestSubgraph(ordersSubgraph);
});
afterAll(async () => {
  useSagaRunner(undefined);
  await db.close();
});
beforeEach(() => {
  fake = new FakeSagaServices();
  faults = [];
  fake.addProduct({ id: 'prd_milk', sku: 'JH-MLK-0001' }, 1_000, 100);
  fake.addProduct({ id: 'prd_tea', sku: 'JH-TEA-0001' }, 2_500, 5);
  fake.addProduct({ id: 'prd_south', sku: 'JH-STH-0001', salesRegionIds: ['reg_south'] }, 1_000, 100);
  fake.addProduct({ id: 'prd_north', sku: 'JH-NTH-0001', salesRegionIds: ['reg_north'] }, 1_000, 100);
  fake.addProduct({ id: 'prd_old', sku: 'JH-OLD-0001', status: 'DISCONTINUED' }, 1_000, 100);
  fake.dealers.set('dlr_1', {
    id: 'dlr_1',
    status: 'ACTIVE',
    authorizedRegionPaths: ['/reg_cn/reg_south/reg_gd/reg_gz/'],
  });
  fake.dealers.set('dlr_2', { id: 'dlr_2', status: 'SUSPENDED', authorizedRegionPaths: [] });
  fake.warehouses.set('wh_d1', { id: 'wh_d1', kind: 'DEALER', dealerId: 'dlr_1' });
  fake.warehouses.set('wh_d9', { id: 'wh_d9', kind: 'DEALER', dealerId: 'dlr_9' });
  fake.warehouses.set('wh_hq', { id: 'wh_hq', kind: 'HQ', dealerId: null });
  fake.credit.set('dlr_1', 10_000_000);
  install();
});

const place = (
  lines: { sku?: string; productId?: string; quantity: number }[],
  extra: { idempotencyKey?: string; note?: string; deliveryWarehouseId?: string } = {},
  viewer = dealer,
) =>
  placement.placeOrder(db.context(viewer), {
    lines,
    idempotencyKey: extra.idempotencyKey ?? key(),
    note: extra.note,
    deliveryWarehouseId: extra.deliveryWarehouseId,
  });

const em = () => db.orm.em.fork();
const counts = async () => ({
  orders: await em().count(Order, {}),
  sagas: await em().count(OrderSaga, {}),
  lines: await em().count(OrderLine, {}),
});

describe('placeOrder happy paths', () => {
  it('approves below the threshold: priced server-side, reserved, held, shipped per warehouse, timeline', async () => {
    const res = await place(
      [
        { sku: 'jh-mlk-0001', quantity: 3 },
        { productId: 'prd_tea', quantity: 1 },
      ],
      { note: '  周五前到货 ', deliveryWarehouseId: 'wh_d1' },
    );
    expect(res.errors).toEqual([]);
    const order = res.order!;
    expect(order.status).toBe(OrderStatus.APPROVED);
    expect(order.totalMinor).toBe(3 * 1_000 + 2_500);
    expect(order.itemCount).toBe(4);
    expect(order.note).toBe('周五前到货');
    expect(order.orderNumber).toMatch(/^SO\d{8}\d{4,}$/);
    const lines = await em().find(OrderLine, { orderId: order.id }, { orderBy: { lineNo: 'asc' } });
    expect(lines.map((l) => [l.sku, l.quantity, l.unitPriceMinor, l.lineTotalMinor])).toEqual([
      ['JH-MLK-0001', 3, 1_000, 3_000],
      ['JH-TEA-0001', 1, 2_500, 2_500],
    ]);
    const shipments = await em().find(Shipment, { orderId: order.id }, { orderBy: { warehouseId: 'asc' } });
    expect(shipments.map((s) => s.warehouseId)).toEqual(['wh_a', 'wh_b']);
    const shipped = await em().find(ShipmentLine, { shipmentId: { $in: shipments.map((s) => s.id) } });
    expect(shipped.reduce((s, l) => s + l.quantity, 0)).toBe(4);
    const events = await em().find(OrderEvent, { orderId: order.id }, { orderBy: { at: 'asc', id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual([
      OrderEventType.PLACED,
      OrderEventType.STOCK_RESERVED,
      OrderEventType.CREDIT_HELD,
      OrderEventType.APPROVED,
    ]);
    expect(events[0]!.actorUserId).toBe('usr_d1');
    expect((await em().findOne(OrderSaga, { orderId: order.id }))!.step).toBe(SagaStep.COMPLETED);
    expect(fake.active()).toEqual({ reservations: [order.id], holds: [order.id] });
  });

  it('snapshots tax classes on the lines and the consignee on numbered PICKING shipments, announced', async () => {
    fake.addProduct({ id: 'prd_rice', sku: 'JH-RCE-0001', taxClass: 'REDUCED' }, 500, 100);
    fake.dealers.get('dlr_1')!.name = '广州经销商有限公司';
    fake.dealers.get('dlr_1')!.contactPhone = '020-1234';
    const res = await place([
      { sku: 'JH-RCE-0001', quantity: 2 },
      { sku: 'JH-MLK-0001', quantity: 1 },
    ]);
    const order = res.order!;
    expect(order.approvedAt).toBeInstanceOf(Date);
    const lines = await em().find(OrderLine, { orderId: order.id }, { orderBy: { lineNo: 'asc' } });
    expect(lines.map((l) => l.taxClass)).toEqual(['REDUCED', 'STANDARD']);
    const shipments = await em().find(Shipment, { orderId: order.id }, { orderBy: { seq: 'asc' } });
    expect(shipments.map((s) => [s.number, s.status, s.dealerId, s.consigneeName, s.consigneePhone])).toEqual(
      shipments.map((_, i) => [`${order.orderNumber}-${i + 1}`, 'PICKING', 'dlr_1', '广州经销商有限公司', '020-1234']),
    );
    const announced = await em().count(OutboxEvent, {
      type: EventType.SHIPMENT_STATUS_CHANGED,
      subjectId: { $in: shipments.map((s) => s.id) },
    });
    expect(announced).toBe(shipments.length);
  });

  it('rejects an order refused for overdue receivables (OVERDUE_RECEIVABLES) like a credit refusal', async () => {
    fake.creditRefusal = 'OVERDUE_RECEIVABLES';
    const res = await place([{ sku: 'JH-MLK-0001', quantity: 2 }]);
    expect(res.order!.status).toBe(OrderStatus.REJECTED);
    expect(res.errors.map((e) => e.code)).toEqual(['OVERDUE_RECEIVABLES']);
    expect(JSON.parse(res.order!.rejectionReasons!)[0].code).toBe('OVERDUE_RECEIVABLES');
    expect(fake.active()).toEqual({ reservations: [], holds: [] });
  });

  it('keeps an order at or above the review threshold for review: reservation and hold kept, no shipment', async () => {
    install({ reviewThresholdMinor: 5_000 });
    const res = await place([{ sku: 'JH-MLK-0001', quantity: 5 }]);
    expect(res.order!.status).toBe(OrderStatus.PENDING_REVIEW);
    expect(await em().count(Shipment, { orderId: res.order!.id })).toBe(0);
    expect(fake.active()).toEqual({ reservations: [res.order!.id], holds: [res.order!.id] });
  });

  it('reserves two lines of the same product together and ships each line its share', async () => {
    const res = await place([
      { sku: 'JH-MLK-0001', quantity: 2 },
      { productId: 'prd_milk', quantity: 3 },
    ]);
    expect(res.order!.status).toBe(OrderStatus.APPROVED);
    expect(fake.reservations.get(res.order!.id)!.data.lines.reduce((s, l) => s + l.quantity, 0)).toBe(5);
    const lines = await em().find(OrderLine, { orderId: res.order!.id }, { orderBy: { lineNo: 'asc' } });
    const shipped = await em().find(ShipmentLine, { orderLineId: { $in: lines.map((l) => l.id) } });
    const perLine = (id: string) => shipped.filter((s) => s.orderLineId === id).reduce((s, l) => s + l.quantity, 0);
    expect(lines.map((l) => perLine(l.id))).toEqual([2, 3]);
  });
});

describe('placeOrder validation: refused with a code, nothing written', () => {
  it.each([
    ['zero quantity', [{ sku: 'JH-MLK-0001', quantity: 0 }], 'lines[0].quantity'],
    ['negative quantity', [{ sku: 'JH-MLK-0001', quantity: -4 }], 'lines[0].quantity'],
    ['huge quantity', [{ sku: 'JH-MLK-0001', quantity: 100_001 }], 'lines[0].quantity'],
    ['fractional quantity', [{ sku: 'JH-MLK-0001', quantity: 1.5 }], 'lines[0].quantity'],
    ['both sku and productId', [{ sku: 'JH-MLK-0001', productId: 'prd_milk', quantity: 1 }], 'lines[0]'],
    ['neither sku nor productId', [{ quantity: 1 }], 'lines[0]'],
    ['no lines', [], 'lines'],
    ['201 lines', Array.from({ length: 201 }, () => ({ sku: 'JH-MLK-0001', quantity: 1 })), 'lines'],
  ])('%s → BAD_USER_INPUT', async (_name, lines, field) => {
    const before = await counts();
    const res = await place(lines as never);
    expect(res.order).toBeNull();
    expect(res.errors.map((e) => [e.code, e.field])).toContainEqual(['BAD_USER_INPUT', field]);
    expect(await counts()).toEqual(before);
    expect(fake.calls).toEqual([]);
  });

  it('refuses bad idempotency keys and long notes', async () => {
    for (const k of ['short', 'has space in it', 'x'.repeat(65), '中文键中文键中文键']) {
      expect((await place([{ sku: 'JH-MLK-0001', quantity: 1 }], { idempotencyKey: k })).errors[0]).toMatchObject({
        code: 'BAD_USER_INPUT',
        field: 'idempotencyKey',
      });
    }
    expect((await place([{ sku: 'JH-MLK-0001', quantity: 1 }], { note: 'n'.repeat(501) })).errors[0]).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'note',
    });
  });

  it('reports every unknown SKU per line and a foreign warehouse, without writing', async () => {
    const before = await counts();
    const res = await place(
      [
        { sku: 'JH-MLK-0001', quantity: 1 },
        { sku: 'NOPE-1', quantity: 1 },
        { productId: 'prd_nope', quantity: 2 },
      ],
      { deliveryWarehouseId: 'wh_d9' },
    );
    expect(res.order).toBeNull();
    expect(res.errors.map((e) => [e.code, e.lineIndex ?? null])).toEqual([
      ['UNKNOWN_PRODUCT', 1],
      ['UNKNOWN_PRODUCT', 2],
      ['WAREHOUSE_NOT_ALLOWED', null],
    ]);
    expect((await place([{ sku: 'JH-MLK-0001', quantity: 1 }], { deliveryWarehouseId: 'wh_hq' })).errors[0]!.code).toBe(
      'WAREHOUSE_NOT_ALLOWED',
    );
    expect(await counts()).toEqual(before);
    expect(fake.active().reservations).toEqual([]);
  });

  it('is for dealer users only', async () => {
    await expect(place([{ sku: 'JH-MLK-0001', quantity: 1 }], {}, hq)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });
});

describe('placeOrder idempotency', () => {
  it('answers a repeated key with the same lines with the existing order and no second effect', async () => {
    const k = key();
    const first = await place([{ sku: 'JH-MLK-0001', quantity: 2 }], { idempotencyKey: k });
    const calls = fake.calls.length;
    const again = await place([{ sku: 'jh-mlk-0001', quantity: 2 }], { idempotencyKey: k });
    expect(again.order!.id).toBe(first.order!.id);
    // Only the input checks (reads) run again; the unique key stops it before any effect.
    expect(fake.calls.slice(calls).filter((c) => !['products', 'dealer'].includes(c))).toEqual([]);
    expect(fake.stock.get('prd_milk')).toBe(98);
  });

  it('refuses a reused key with different lines (IDEMPOTENCY_KEY_REUSED) and writes nothing', async () => {
    const k = key();
    await place([{ sku: 'JH-MLK-0001', quantity: 2 }], { idempotencyKey: k });
    const before = await counts();
    const res = await place([{ sku: 'JH-MLK-0001', quantity: 3 }], { idempotencyKey: k });
    expect(res.order).toBeNull();
    expect(res.errors[0]).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'idempotencyKey' });
    expect(await counts()).toEqual(before);
  });

  it('turns concurrent duplicate submissions into exactly one order', async () => {
    const k = key();
    const results = await Promise.all(
      Array.from({ length: 5 }, () => place([{ sku: 'JH-MLK-0001', quantity: 1 }], { idempotencyKey: k })),
    );
    expect(new Set(results.map((r) => r.order?.id)).size).toBe(1);
    expect(await em().count(Order, { dealerId: 'dlr_1', idempotencyKey: k })).toBe(1);
    expect(fake.stock.get('prd_milk')).toBe(99);
  });

  it('group-commits concurrent orders: each numbered once and approved, with lines, shipments, timeline', async () => {
    const before = await counts();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => place([{ sku: 'JH-MLK-0001', quantity: 1 + (i % 3) }])),
    );
    expect(results.map((r) => [r.order!.status, r.errors])).toEqual(results.map(() => [OrderStatus.APPROVED, []]));
    const ids = results.map((r) => r.order!.id);
    const orders = await em().find(Order, { id: { $in: ids } });
    expect(new Set(orders.map((o) => o.orderNumber)).size).toBe(12);
    expect(orders.map((o) => o.totalMinor).sort()).toEqual(results.map((r) => r.order!.totalMinor).sort());
    expect(await em().count(OrderSaga, { orderId: { $in: ids }, step: SagaStep.COMPLETED })).toBe(12);
    expect(new Set((await em().find(Shipment, { orderId: { $in: ids } })).map((x) => x.orderId)).size).toBe(12);
    expect(await counts()).toEqual({ orders: before.orders + 12, sagas: before.sagas + 12, lines: before.lines + 12 });
    for (const id of ids) {
      const events = await em().find(OrderEvent, { orderId: id }, { orderBy: { at: 'asc', id: 'asc' } });
      expect(events.map((e) => e.type)).toEqual([
        OrderEventType.PLACED,
        OrderEventType.STOCK_RESERVED,
        OrderEventType.CREDIT_HELD,
        OrderEventType.APPROVED,
      ]);
    }
  });

  it('writes batches of 200-line orders in parts (SQLite binds at most 32,766 values per statement)', async () => {
    fake.addProduct({ id: 'prd_bulk', sku: 'JH-BLK-0001' }, 100, 100_000);
    const lines = Array.from({ length: 200 }, () => ({ sku: 'JH-BLK-0001', quantity: 1 }));
    const results = await Promise.all(Array.from({ length: 12 }, () => place(lines)));
    expect(results.map((r) => r.order?.status)).toEqual(results.map(() => OrderStatus.APPROVED));
    expect(await em().count(OrderLine, { orderId: { $in: results.map((r) => r.order!.id) } })).toBe(2_400);
  });

  it('keeps keys per dealer: another dealer may use the same key', async () => {
    fake.dealers.set('dlr_2', { id: 'dlr_2', status: 'ACTIVE', authorizedRegionPaths: [] });
    fake.credit.set('dlr_2', 1_000_000);
    const k = key();
    const a = await place([{ sku: 'JH-MLK-0001', quantity: 1 }], { idempotencyKey: k });
    const b = await place([{ sku: 'JH-MLK-0001', quantity: 1 }], { idempotencyKey: k }, otherDealer);
    expect(a.order!.id).not.toBe(b.order!.id);
  });
});

describe('placeOrder business failures: REJECTED with reasons, everything compensated', () => {
  it('INSUFFICIENT_STOCK names the product and line; nothing stays reserved or held', async () => {
    const res = await place([
      { sku: 'JH-MLK-0001', quantity: 1 },
      { sku: 'JH-TEA-0001', quantity: 6 },
    ]);
    expect(res.order!.status).toBe(OrderStatus.REJECTED);
    expect(res.errors).toEqual([
      expect.objectContaining({ code: 'INSUFFICIENT_STOCK', productId: 'prd_tea', lineIndex: 1 }),
    ]);
    expect(JSON.parse(res.order!.rejectionReasons!)).toEqual(res.errors);
    expect(fake.active()).toEqual({ reservations: [], holds: [] });
    expect(fake.stock.get('prd_milk')).toBe(100);
    const events = await em().find(OrderEvent, { orderId: res.order!.id }, { orderBy: { at: 'asc', id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual([OrderEventType.PLACED, OrderEventType.REJECTED]);
    expect(await em().count(OrderLine, { orderId: res.order!.id })).toBe(2);
    expect((await em().findOne(OrderSaga, { orderId: res.order!.id }))!.step).toBe(SagaStep.COMPENSATED);
  });

  it('CREDIT_LIMIT_EXCEEDED releases the reservation already made', async () => {
    fake.credit.set('dlr_1', 500);
    const res = await place([{ sku: 'JH-MLK-0001', quantity: 1 }]);
    expect(res.order!.status).toBe(OrderStatus.REJECTED);
    expect(res.errors[0]!.code).toBe('CREDIT_LIMIT_EXCEEDED');
    expect(fake.active()).toEqual({ reservations: [], holds: [] });
    expect(fake.stock.get('prd_milk')).toBe(100);
    const events = await em().find(OrderEvent, { orderId: res.order!.id }, { orderBy: { at: 'asc', id: 'asc' } });
    expect(events.map((e) => e.type)).toEqual([
      OrderEventType.PLACED,
      OrderEventType.STOCK_RESERVED,
      OrderEventType.REJECTED,
      OrderEventType.RELEASED,
    ]);
  });

  it('REGION_NOT_AUTHORIZED per line outside the dealer’s regions, PRODUCT_DISCONTINUED; none reserved', async () => {
    const res = await place([
      { sku: 'JH-STH-0001', quantity: 1 },
      { sku: 'JH-NTH-0001', quantity: 1 },
      { sku: 'JH-OLD-0001', quantity: 1 },
    ]);
    expect(res.order!.status).toBe(OrderStatus.REJECTED);
    expect(res.errors.map((e) => [e.code, e.lineIndex])).toEqual([
      ['REGION_NOT_AUTHORIZED', 1],
      ['PRODUCT_DISCONTINUED', 2],
    ]);
    expect(fake.calls).not.toContain('reserveStock');
  });

  it('DEALER_NOT_ACTIVE for a suspended dealer', async () => {
    const res = await place([{ sku: 'JH-MLK-0001', quantity: 1 }], {}, otherDealer);
    expect(res.order!.status).toBe(OrderStatus.REJECTED);
    expect(res.errors[0]!.code).toBe('DEALER_NOT_ACTIVE');
  });

  it("QUALIFICATION_EXPIRED from the dealer's ordering block, with its message, before any effect", async () => {
    const message = 'The BUSINESS_LICENSE BL-1 expired on 2026-12-01; the dealer may order again once renewed';
    fake.dealers.get('dlr_1')!.orderingBlock = { code: 'QUALIFICATION_EXPIRED', message, since: '2026-12-01' };
    const before = await em().count(OrderLine, {});
    const res = await place([{ sku: 'JH-MLK-0001', quantity: 1 }]);
    expect(res.order!.status).toBe(OrderStatus.REJECTED);
    expect(res.errors).toEqual([expect.objectContaining({ code: 'QUALIFICATION_EXPIRED', message, lineIndex: null })]);
    expect(JSON.parse(res.order!.rejectionReasons!)).toEqual([
      expect.objectContaining({ code: 'QUALIFICATION_EXPIRED' }),
    ]);
    expect(fake.calls.filter((c) => ['quote', 'reserveStock', 'holdCredit'].includes(c))).toEqual([]);
    expect([...fake.reservations.values(), ...fake.holds.values()]).toEqual([]);
    expect(await em().count(OrderLine, {})).toBe(before + 1);
  });

  it("DEALER_NOT_ACTIVE with the block's reason when the dealers subgraph reports one", async () => {
    const message = 'The dealer is SUSPENDED since 2026-12-07: 资质审查中';
    fake.dealers.set('dlr_2', {
      id: 'dlr_2',
      status: 'SUSPENDED',
      authorizedRegionPaths: [],
      orderingBlock: { code: 'DEALER_NOT_ACTIVE', message, since: '2026-12-07T02:00:00.000Z' },
    });
    const res = await place([{ sku: 'JH-MLK-0001', quantity: 1 }], {}, otherDealer);
    expect(res.order!.status).toBe(OrderStatus.REJECTED);
    expect(res.errors).toEqual([expect.objectContaining({ code: 'DEALER_NOT_ACTIVE', message })]);
    expect(fake.calls).not.toContain('quote');
    expect(fake.calls).not.toContain('reserveStock');
  });

  it('PRICE_NOT_FOUND per unpriced product', async () => {
    fake.prices.delete('prd_tea');
    const res = await place([
      { sku: 'JH-MLK-0001', quantity: 1 },
      { sku: 'JH-TEA-0001', quantity: 1 },
    ]);
    expect(res.errors).toEqual([
      expect.objectContaining({ code: 'PRICE_NOT_FOUND', productId: 'prd_tea', lineIndex: 1 }),
    ]);
    expect(fake.calls).not.toContain('reserveStock');
  });
});

describe('transport failures, crashes and the resumer', () => {
  it('retries a transport failure within the step timeout', async () => {
    fake.failNext('reserveStock', 2);
    const res = await place([{ sku: 'JH-MLK-0001', quantity: 1 }]);
    expect(res.order!.status).toBe(OrderStatus.APPROVED);
    expect(fake.calls.filter((c) => c === 'reserveStock')).toHaveLength(3);
  });

  it('leaves the order PLACING when a failure outlasts the step timeout; the resumer finishes it later', async () => {
    const runner = install({ leaseMs: 50, stepTimeoutMs: 100 });
    fake.failNext('holdCredit', 1_000);
    const res = await place([{ sku: 'JH-MLK-0001', quantity: 1 }]);
    expect(res.order!.status).toBe(OrderStatus.PLACING);
    const saga = (await em().findOne(OrderSaga, { orderId: res.order!.id }))!;
    // The steps between STARTED and the outcome are not stored: their effects are keyed by the order id.
    expect(saga.step).toBe(SagaStep.STARTED);
    expect(saga.lastError).toContain('connection refused');
    fake.failNext('holdCredit', 0);
    await new Promise((r) => setTimeout(r, 60));
    await new SagaResumer(db.orm.em, runner, log, 1_000).tick();
    expect((await em().findOne(Order, { id: res.order!.id }))!.status).toBe(OrderStatus.APPROVED);
    expect((await em().findOne(OrderSaga, { orderId: res.order!.id }))!.attempts).toBe(2);
  });

  it('resumes a saga that crashed right after RESERVED (fault switch) to a completed order', async () => {
    const runner = install({ faultAfterStep: SagaStep.RESERVED, leaseMs: 30 });
    const stockBefore = fake.stock.get('prd_milk')!;
    const res = await place([{ sku: 'JH-MLK-0001', quantity: 2 }]);
    expect(faults).toEqual([SagaStep.RESERVED]);
    expect(res.order!.status).toBe(OrderStatus.PLACING);
    const resumer = new SagaRunner(fake, { ...runner.settings, faultAfterStep: undefined }, log);
    await new SagaResumer(db.orm.em, resumer, log, 1_000).tick();
    // Still leased: nothing happens until the lease runs out.
    await new Promise((r) => setTimeout(r, 40));
    await new SagaResumer(db.orm.em, resumer, log, 1_000).tick();
    expect((await em().findOne(Order, { id: res.order!.id }))!.status).toBe(OrderStatus.APPROVED);
    // The resumed run asks for the reservation again with the same key and gets the same one.
    expect(fake.calls.filter((c) => c === 'reserveStock').length).toBeGreaterThanOrEqual(2);
    expect(fake.stock.get('prd_milk')).toBe(stockBefore - 2);
    expect(fake.active()).toEqual({ reservations: [res.order!.id], holds: [res.order!.id] });
    const timeline = await em().find(OrderEvent, { orderId: res.order!.id }, { orderBy: { at: 'asc', id: 'asc' } });
    expect(timeline.map((e) => e.type)).toEqual([
      OrderEventType.PLACED,
      OrderEventType.STOCK_RESERVED,
      OrderEventType.CREDIT_HELD,
      OrderEventType.APPROVED,
    ]);
  });

  it('compensates a crashed saga past its deadline: REJECTED, nothing reserved or held', async () => {
    const runner = install({ faultAfterStep: SagaStep.CREDIT_HELD, leaseMs: 1 });
    const res = await place([{ sku: 'JH-MLK-0001', quantity: 2 }]);
    expect(res.order!.status).toBe(OrderStatus.PLACING);
    await em().nativeUpdate(OrderSaga, { orderId: res.order!.id }, { deadlineAt: new Date(Date.now() - 1000) });
    await new Promise((r) => setTimeout(r, 5));
    await new SagaResumer(
      db.orm.em,
      new SagaRunner(fake, { ...runner.settings, faultAfterStep: undefined }, log),
      log,
      1_000,
    ).tick();
    const order = (await em().findOne(Order, { id: res.order!.id }))!;
    expect(order.status).toBe(OrderStatus.REJECTED);
    expect(JSON.parse(order.rejectionReasons!)[0].code).toBe('SAGA_DEADLINE_EXCEEDED');
    expect(fake.active()).toEqual({ reservations: [], holds: [] });
    expect(fake.stock.get('prd_milk')).toBe(100);
  });
});

describe('state machine: review and cancel', () => {
  it('allows only the listed transitions', () => {
    expect(canTransition(OrderStatus.PLACING, OrderStatus.APPROVED)).toBe(true);
    expect(canTransition(OrderStatus.PLACING, OrderStatus.CANCELLED)).toBe(false);
    expect(canTransition(OrderStatus.PENDING_REVIEW, OrderStatus.APPROVED)).toBe(true);
    expect(canTransition(OrderStatus.REJECTED, OrderStatus.APPROVED)).toBe(false);
    expect(canTransition(OrderStatus.SHIPPED, OrderStatus.CANCELLED)).toBe(false);
  });

  it('a region manager approves PENDING_REVIEW: APPROVED, shipments; deciding again: INVALID_TRANSITION', async () => {
    install({ reviewThresholdMinor: 1 });
    const placed = await place([{ sku: 'JH-MLK-0001', quantity: 3 }]);
    expect(placed.order!.status).toBe(OrderStatus.PENDING_REVIEW);
    await expect(
      review.review(db.context(eastManager), placed.order!.id, ReviewDecision.APPROVE),
    ).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    await expect(review.review(db.context(dealer), placed.order!.id, ReviewDecision.APPROVE)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    const res = await review.review(db.context(southManager), placed.order!.id, ReviewDecision.APPROVE, '同意');
    expect(res.errors).toEqual([]);
    expect(res.order!.status).toBe(OrderStatus.APPROVED);
    expect(await em().count(Shipment, { orderId: placed.order!.id })).toBe(2);
    const again = await review.review(db.context(hq), placed.order!.id, ReviewDecision.REJECT);
    expect(again.errors[0]!.code).toBe('INVALID_TRANSITION');
  });

  it('REJECT in review releases the reservation and hold', async () => {
    install({ reviewThresholdMinor: 1 });
    const placed = await place([{ sku: 'JH-MLK-0001', quantity: 3 }]);
    const res = await review.review(db.context(hq), placed.order!.id, ReviewDecision.REJECT, '资质过期');
    expect(res.order!.status).toBe(OrderStatus.REJECTED);
    expect(fake.active()).toEqual({ reservations: [], holds: [] });
    expect((await em().findOne(OrderSaga, { orderId: placed.order!.id }))!.step).toBe(SagaStep.COMPENSATED);
    const events = await em().find(OrderEvent, { orderId: placed.order!.id }, { orderBy: { at: 'asc', id: 'asc' } });
    expect(events.at(-2)).toMatchObject({ type: OrderEventType.REJECTED, actorUserId: 'usr_hq', comment: '资质过期' });
  });

  it('the dealer cancels its APPROVED order: CANCELLED, all released; twice is INVALID_TRANSITION', async () => {
    const placed = await place([{ sku: 'JH-MLK-0001', quantity: 3 }]);
    await expect(review.cancel(db.context(otherDealer), placed.order!.id)).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
    await expect(review.cancel(db.context(southManager), placed.order!.id)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    const res = await review.cancel(db.context(dealer), placed.order!.id, '重复下单');
    expect(res.order!.status).toBe(OrderStatus.CANCELLED);
    // The shipments stay, CANCELLED (the warehouse queue drops them; the history keeps them).
    const left = await em().find(Shipment, { orderId: placed.order!.id });
    expect(left.map((s) => s.status)).toEqual(left.map(() => 'CANCELLED'));
    expect(fake.active()).toEqual({ reservations: [], holds: [] });
    expect((await review.cancel(db.context(hq), placed.order!.id)).errors[0]!.code).toBe('INVALID_TRANSITION');
  });

  it('lists PENDING_REVIEW orders oldest first in the review queue, for managers (a dealer as seller)', async () => {
    install({ reviewThresholdMinor: 1 });
    const a = await place([{ sku: 'JH-MLK-0001', quantity: 1 }]);
    const b = await place([{ sku: 'JH-MLK-0001', quantity: 1 }]);
    const ids = (await review.reviewQueue(db.context(southManager), 100)).edges.map((e) => e.node.id);
    expect(ids.indexOf(a.order!.id)).toBeLessThan(ids.indexOf(b.order!.id));
    expect((await review.reviewQueue(db.context(eastManager), 100)).edges.map((e) => e.node.id)).not.toContain(
      a.order!.id,
    );
    // A dealer admin's queue holds only orders its sub-dealers placed with it, never its own.
    expect((await review.reviewQueue(db.context(dealer), 100)).edges.map((e) => e.node.id)).not.toContain(a.order!.id);
    expect(() => review.reviewQueue(db.context({ ...dealer, role: Role.DEALER_STAFF }), 10)).toThrow();
  });
});

describe('promotions: gifts, amounts, budgets', () => {
  const giftPromo = {
    promotionId: 'prm_gift',
    name: '买6赠1',
    productId: 'prd_milk',
    buyQuantity: 6,
    giftProductId: 'prd_gift',
    giftQuantity: 1,
  };
  const teaPromo = { promotionId: 'prm_tea10', name: '茶饮9折', productId: 'prd_tea', bp: 1_000 };
  beforeEach(() => {
    fake.addProduct({ id: 'prd_gift', sku: 'JH-GFT-0001', name: '赠品奶粉' }, 3_000, 10);
  });

  it('gift lines become order lines (price 0, isGift, promotionId): reserved, shipped, not charged', async () => {
    fake.gifts.push(giftPromo);
    const res = await place([{ sku: 'JH-MLK-0001', quantity: 12 }]);
    expect(res.errors).toEqual([]);
    const order = res.order!;
    expect(order.status).toBe(OrderStatus.APPROVED);
    expect(order.itemCount).toBe(14);
    expect([order.subtotalMinor, order.discountMinor, order.totalMinor]).toEqual([12_000, 0, 12_000]);
    expect(JSON.parse(order.appliedPromotions!)).toEqual([
      { promotionId: 'prm_gift', name: '买6赠1', discountMinor: 0, giftValueMinor: 6_000 },
    ]);
    const lines = await em().find(OrderLine, { orderId: order.id }, { orderBy: { lineNo: 'asc' } });
    expect(
      lines.map((l) => [
        l.lineNo,
        l.productId,
        l.sku,
        l.quantity,
        l.unitPriceMinor,
        l.lineTotalMinor,
        l.isGift,
        l.promotionId,
      ]),
    ).toEqual([
      [1, 'prd_milk', 'JH-MLK-0001', 12, 1_000, 12_000, false, null],
      [2, 'prd_gift', 'JH-GFT-0001', 2, 0, 0, true, 'prm_gift'],
    ]);
    expect(fake.stock.get('prd_gift')).toBe(8);
    const shipments = await em().find(Shipment, { orderId: order.id });
    const shipped = await em().find(ShipmentLine, { shipmentId: { $in: shipments.map((s) => s.id) } });
    expect(shipped.filter((l) => l.orderLineId === lines[1]!.id).reduce((s, l) => s + l.quantity, 0)).toBe(2);
    expect(shipped.reduce((s, l) => s + l.quantity, 0)).toBe(14);
    expect(fake.activePromotions()).toEqual([order.id]);
  });

  it('rejects with INSUFFICIENT_STOCK when the gift is out of stock, releasing the promotion budget', async () => {
    fake.gifts.push(giftPromo);
    fake.stock.set('prd_gift', 1);
    const res = await place([{ sku: 'JH-MLK-0001', quantity: 12 }]);
    expect(res.order!.status).toBe(OrderStatus.REJECTED);
    expect(res.errors).toEqual([
      expect.objectContaining({ code: 'INSUFFICIENT_STOCK', productId: 'prd_gift', lineIndex: 1 }),
    ]);
    expect(fake.active()).toEqual({ reservations: [], holds: [] });
    expect(fake.activePromotions()).toEqual([]);
    expect(fake.stock.get('prd_milk')).toBe(100);
  });

  it('stores line amounts as quoted, order amounts as their sums; budgets consumed keyed by order id', async () => {
    fake.percentOff.push(teaPromo);
    const res = await place([
      { sku: 'JH-MLK-0001', quantity: 3 },
      { sku: 'JH-TEA-0001', quantity: 2 },
    ]);
    const order = res.order!;
    expect(order.status).toBe(OrderStatus.APPROVED);
    const lines = await em().find(OrderLine, { orderId: order.id }, { orderBy: { lineNo: 'asc' } });
    expect(lines.map((l) => [l.lineSubtotalMinor, l.discountMinor, l.lineTotalMinor])).toEqual([
      [3_000, 0, 3_000],
      [5_000, 500, 4_500],
    ]);
    expect([order.subtotalMinor, order.discountMinor, order.totalMinor]).toEqual([8_000, 500, 7_500]);
    expect(order.totalMinor).toBe(lines.reduce((s, l) => s + l.lineTotalMinor, 0));
    expect(fake.holds.get(order.id)!.amount).toBe(7_500);
    expect(fake.consumptions.get(order.id)!.promotions).toEqual([{ promotionId: 'prm_tea10', amountMinor: 500 }]);
    const reserved = (await em().find(OrderEvent, { orderId: order.id, type: OrderEventType.STOCK_RESERVED }))[0]!;
    expect(reserved.messageCode).toBe('STOCK_RESERVED_SUMMARY');
    expect(JSON.parse(reserved.messageArgs!)).toEqual({ units: 5, warehouses: 2 });
  });

  it('PROMOTION_BUDGET_EXHAUSTED when a budget ran out after the quote: nothing reserved or held', async () => {
    fake.percentOff.push(teaPromo);
    fake.budgets.set('prm_tea10', 100);
    const res = await place([{ sku: 'JH-TEA-0001', quantity: 2 }]);
    expect(res.order!.status).toBe(OrderStatus.REJECTED);
    expect(res.errors).toEqual([expect.objectContaining({ code: 'PROMOTION_BUDGET_EXHAUSTED', lineIndex: null })]);
    expect(res.errors[0]!.message).toContain('茶饮9折');
    expect(fake.calls).not.toContain('reserveStock');
    expect(fake.active()).toEqual({ reservations: [], holds: [] });
    expect(fake.budgets.get('prm_tea10')).toBe(100);
    const rejected = (await em().find(OrderEvent, { orderId: res.order!.id, type: OrderEventType.REJECTED }))[0]!;
    expect(rejected.messageCode).toBe('PLACEMENT_REJECTED');
    expect(JSON.parse(rejected.messageArgs!).reasons[0].code).toBe('PROMOTION_BUDGET_EXHAUSTED');
  });

  it('gives the budget back when the order is cancelled', async () => {
    fake.percentOff.push(teaPromo);
    fake.budgets.set('prm_tea10', 1_000);
    const res = await place([{ sku: 'JH-TEA-0001', quantity: 2 }]);
    expect(fake.budgets.get('prm_tea10')).toBe(500);
    const cancelled = await review.cancel(db.context(dealer), res.order!.id, '不要了');
    expect(cancelled.order!.status).toBe(OrderStatus.CANCELLED);
    expect(fake.budgets.get('prm_tea10')).toBe(1_000);
    expect(fake.activePromotions()).toEqual([]);
    const released = (await em().find(OrderEvent, { orderId: res.order!.id, type: OrderEventType.RELEASED }))[0]!;
    expect(released.messageCode).toBe('RESOURCES_RELEASED');
  });

  it('consumption refused as PROMOTION_BUDGET_RELEASED (release came first): REJECTED, all released', async () => {
    fake.percentOff.push(teaPromo);
    fake.budgets.set('prm_tea10', 1_000);
    fake.releaseOvertakesConsumption = true;
    const res = await place([{ sku: 'JH-TEA-0001', quantity: 2 }]);
    fake.releaseOvertakesConsumption = false;
    expect(res.order!.status).toBe(OrderStatus.REJECTED);
    expect(res.errors.map((e) => e.code)).toEqual(['PROMOTION_BUDGET_RELEASED']);
    const saga = (await em().findOne(OrderSaga, { orderId: res.order!.id }))!;
    expect(saga.step).toBe(SagaStep.COMPENSATED);
    expect(fake.calls).not.toContain('reserveStock');
    expect(fake.active()).toEqual({ reservations: [], holds: [] });
    expect(fake.activePromotions()).toEqual([]);
    expect(fake.budgets.get('prm_tea10')).toBe(1_000);
  });

  it('resumes a saga that crashed right after PROMOTIONS_CONSUMED without consuming twice', async () => {
    fake.percentOff.push(teaPromo);
    fake.budgets.set('prm_tea10', 1_000);
    const runner = install({ faultAfterStep: SagaStep.PROMOTIONS_CONSUMED, leaseMs: 1 });
    const res = await place([{ sku: 'JH-TEA-0001', quantity: 2 }]);
    expect(faults).toEqual([SagaStep.PROMOTIONS_CONSUMED]);
    await new Promise((r) => setTimeout(r, 5));
    await new SagaResumer(
      db.orm.em,
      new SagaRunner(fake, { ...runner.settings, faultAfterStep: undefined }, log),
      log,
      1_000,
    ).tick();
    expect((await em().findOne(Order, { id: res.order!.id }))!.status).toBe(OrderStatus.APPROVED);
    // Asked again with the order id as key: the budget is consumed once.
    expect(fake.budgets.get('prm_tea10')).toBe(500);
    expect(fake.activePromotions()).toEqual([res.order!.id]);
  });
});

// Paying part of an order with the rebate balance: REBATE_HELD after PROMOTIONS_CONSUMED, credit for the
// rest, the hold released by every compensation. Tea at ¥25.00, 5 in stock: 2 cost ¥50.00, capped at ¥15.00.
const placeRebate = (quantity: number, rebateAmount: string | null, extra: { idempotencyKey?: string } = {}) =>
  placement.placeOrder(db.context(dealer), {
    lines: [{ sku: 'JH-TEA-0001', quantity }],
    idempotencyKey: extra.idempotencyKey ?? key(),
    rebateAmount,
  });
const nothingHeld = () => {
  expect(fake.active()).toEqual({ reservations: [], holds: [] });
  expect(fake.activeRebateHolds()).toEqual([]);
  expect(fake.rebateBalances.get('dlr_1')).toBe(5_000);
  expect(fake.stock.get('prd_tea')).toBe(5);
};

describe('placeOrder with a rebate (docs/design/rebates-reports.md §8)', () => {
  beforeEach(() => fake.rebateBalances.set('dlr_1', 5_000));

  it('holds the rebate after the promotions, then credit for total − rebate, and records it on the order', async () => {
    const res = await placeRebate(2, '12.00');
    expect(res.errors).toEqual([]);
    const order = res.order!;
    expect(order).toMatchObject({ status: OrderStatus.APPROVED, totalMinor: 5_000, rebateMinor: 1_200 });
    expect(fake.sent.holdRebate).toEqual({
      key: order.id,
      dealerId: 'dlr_1',
      amountMinor: 1_200,
      orderTotalMinor: 5_000,
    });
    expect(fake.sent.holdCredit).toMatchObject({ key: order.id, amountMinor: 3_800 });
    const calls = fake.calls.filter((c) => ['holdRebate', 'reserveStock', 'holdCredit'].includes(c));
    expect(calls).toEqual(['holdRebate', 'reserveStock', 'holdCredit']);
    expect(fake.rebateBalances.get('dlr_1')).toBe(3_800);
    expect(fake.activeRebateHolds()).toEqual([order.id]);
    expect((await em().findOne(Order, { id: order.id }))!.rebateMinor).toBe(1_200);
  });

  it('asks finance nothing without a rebate (null or 0) and holds the whole total on credit', async () => {
    for (const rebate of [null, '0']) {
      const res = await placeRebate(1, rebate);
      expect(res.order).toMatchObject({ status: OrderStatus.APPROVED, rebateMinor: 0 });
      expect(fake.sent.holdCredit).toMatchObject({ amountMinor: 2_500 });
    }
    expect(fake.calls).not.toContain('holdRebate');
    expect(fake.calls).not.toContain('releaseRebateHold');
  });

  it('REBATE_OVER_BALANCE when the balance already falls short: refused before anything is written', async () => {
    fake.rebateBalances.set('dlr_1', 1_000);
    const orders = await em().count(Order);
    const sagas = await em().count(OrderSaga);
    const res = await placeRebate(2, '12.00');
    expect(res.order).toBeNull();
    expect(res.errors).toMatchObject([{ code: 'REBATE_OVER_BALANCE', field: 'rebateAmount' }]);
    expect([await em().count(Order), await em().count(OrderSaga)]).toEqual([orders, sagas]);
    expect(fake.calls).toContain('rebateAvailable');
    expect(fake.calls).not.toContain('holdRebate');
    expect(fake.calls).not.toContain('reserveStock');
    expect(fake.rebateBalances.get('dlr_1')).toBe(1_000);
  });

  it('REBATE_OVER_BALANCE from the hold (spent meanwhile) rejects the order, nothing reserved or held', async () => {
    fake.rebateBalances.set('dlr_1', 1_000);
    fake.staleRebateAvailable = 5_000;
    const res = await placeRebate(2, '12.00');
    fake.staleRebateAvailable = undefined;
    expect(res.order!.status).toBe(OrderStatus.REJECTED);
    expect(res.errors).toMatchObject([{ code: 'REBATE_OVER_BALANCE', field: 'rebateAmount' }]);
    expect(fake.calls).not.toContain('reserveStock');
    expect(fake.calls).not.toContain('holdCredit');
    expect(fake.activeRebateHolds()).toEqual([]);
    expect(fake.rebateBalances.get('dlr_1')).toBe(1_000);
    expect(fake.active()).toEqual({ reservations: [], holds: [] });
  });

  it('REBATE_OVER_CAP (more than 30 % of the total) rejects it likewise', async () => {
    const res = await placeRebate(2, '15.01');
    expect(res.order!.status).toBe(OrderStatus.REJECTED);
    expect(res.errors.map((e) => e.code)).toEqual(['REBATE_OVER_CAP']);
    nothingHeld();
  });

  it('releases the rebate hold when a later step fails (stock, then credit)', async () => {
    const short = await placeRebate(6, '10.00');
    expect(short.order!.status).toBe(OrderStatus.REJECTED);
    expect(short.errors[0]!.code).toBe('INSUFFICIENT_STOCK');
    expect(fake.calls).toContain('releaseRebateHold');
    nothingHeld();
    const released = await em().findOneOrFail(OrderEvent, { orderId: short.order!.id, type: OrderEventType.RELEASED });
    expect(JSON.parse(released.messageArgs!)).toMatchObject({ rebateHold: true, reservation: false });

    fake.credit.set('dlr_1', 3_000);
    const overCredit = await placeRebate(2, '10.00');
    expect(overCredit.errors[0]!.code).toBe('CREDIT_LIMIT_EXCEEDED');
    // The credit asked for was the total less the rebate.
    expect(fake.sent.holdCredit).toMatchObject({ amountMinor: 4_000 });
    nothingHeld();
  });

  it('gives the rebate back when the dealer cancels the approved order', async () => {
    const placed = await placeRebate(2, '12.00');
    const res = await review.cancel(db.context(dealer), placed.order!.id, '重复下单');
    expect(res.order!.status).toBe(OrderStatus.CANCELLED);
    nothingHeld();
  });

  it('resumes a saga that crashed right after REBATE_HELD without holding twice', async () => {
    const runner = install({ faultAfterStep: SagaStep.REBATE_HELD, leaseMs: 1 });
    const res = await placeRebate(2, '12.00');
    expect(faults).toEqual([SagaStep.REBATE_HELD]);
    expect(res.order!.status).toBe(OrderStatus.PLACING);
    await new Promise((r) => setTimeout(r, 5));
    const resumer = new SagaRunner(fake, { ...runner.settings, faultAfterStep: undefined }, log);
    await new SagaResumer(db.orm.em, resumer, log, 1_000).tick();
    expect((await em().findOne(Order, { id: res.order!.id }))!.status).toBe(OrderStatus.APPROVED);
    expect(fake.calls.filter((c) => c === 'holdRebate').length).toBe(2);
    expect(fake.rebateBalances.get('dlr_1')).toBe(3_800);
    expect(fake.sent.holdCredit).toMatchObject({ amountMinor: 3_800 });
  });

  it('compensates a crashed saga past its deadline: the rebate hold released with the rest', async () => {
    const runner = install({ faultAfterStep: SagaStep.CREDIT_HELD, leaseMs: 1 });
    const res = await placeRebate(2, '12.00');
    await em().nativeUpdate(OrderSaga, { orderId: res.order!.id }, { deadlineAt: new Date(Date.now() - 1000) });
    await new Promise((r) => setTimeout(r, 5));
    const resumer = new SagaRunner(fake, { ...runner.settings, faultAfterStep: undefined }, log);
    await new SagaResumer(db.orm.em, resumer, log, 1_000).tick();
    expect((await em().findOne(Order, { id: res.order!.id }))!.status).toBe(OrderStatus.REJECTED);
    nothingHeld();
  });

  it('answers a repeated key with the same order and no second hold; another rebate is another order', async () => {
    const idempotencyKey = key();
    const first = await placeRebate(2, '12.00', { idempotencyKey });
    const again = await placeRebate(2, '12.00', { idempotencyKey });
    expect(again.order!.id).toBe(first.order!.id);
    expect(fake.calls.filter((c) => c === 'holdRebate').length).toBe(1);
    expect(fake.rebateBalances.get('dlr_1')).toBe(3_800);
    const other = await placeRebate(2, '11.00', { idempotencyKey });
    expect(other.errors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });
});

describe('placeOrder rebate validation: refused with a code, nothing written', () => {
  it('refuses a negative, over-precise or malformed amount, and any rebate from a parent dealer', async () => {
    fake.dealers.get('dlr_1')!.parentId = 'dlr_p';
    const before = await em().count(Order, {});
    for (const [rebateAmount, code] of [
      ['-5', 'AMOUNT_NOT_POSITIVE'],
      ['1.005', 'AMOUNT_TOO_PRECISE'],
      ['1,000', 'AMOUNT_INVALID'],
    ] as const) {
      const res = await placeRebate(1, rebateAmount);
      expect(res).toMatchObject({ order: null, errors: [{ code, field: 'rebateAmount' }] });
    }
    const fromParent = await placement.placeOrder(db.context(dealer), {
      lines: [{ sku: 'JH-TEA-0001', quantity: 1 }],
      idempotencyKey: key(),
      seller: 'PARENT',
      rebateAmount: '1.00',
    });
    expect(fromParent).toMatchObject({ order: null, errors: [{ code: 'REBATE_NOT_ALLOWED', field: 'rebateAmount' }] });
    expect(await em().count(Order, {})).toBe(before);
    expect(fake.calls).toEqual([]);
  });
});
