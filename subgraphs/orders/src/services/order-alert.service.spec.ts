import { createLogger, EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OrderAlert } from '../entities/order-alert.entity.js';
import { OrderStatus } from '../entities/order.entity.js';
import type { OrdersLoaders } from '../orders-context.js';
import { FakeSagaServices } from '../saga/fake-saga-services.js';
import { useSagaRunner } from '../saga/saga-context.js';
import { SagaRunner } from '../saga/saga-runner.js';
import { ordersSubgraph } from '../subgraph.js';
import { OrderAlertService } from './order-alert.service.js';
import { OrderReviewService } from './order-review.service.js';
import { ReviewDecision } from '../schema/place-order.input.js';
import { PlaceOrderService } from './place-order.service.js';

const log = createLogger('order-alert-spec', 'silent');
const dealer: Viewer = {
  userId: 'usr_d1',
  role: Role.DEALER_ADMIN,
  displayName: '广州经销商',
  dealerId: 'dlr_1',
  dealerGrade: 'B',
  regionId: 'reg_gz',
  regionPath: ['reg_cn', 'reg_south', 'reg_gd', 'reg_gz'],
};
const hq: Viewer = { userId: 'usr_hq', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const south: Viewer = {
  userId: 'usr_south',
  role: Role.REGION_MANAGER,
  regionId: 'reg_south',
  regionPath: ['reg_cn', 'reg_south'],
};
const east: Viewer = {
  userId: 'usr_east',
  role: Role.REGION_MANAGER,
  regionId: 'reg_east',
  regionPath: ['reg_cn', 'reg_east'],
};

let db: TestSubgraph<OrdersLoaders>;
const placement = new PlaceOrderService();
const review = new OrderReviewService();
const alerts = new OrderAlertService();
let n = 0;

beforeAll(async () => {
  db = await openTestSubgraph(ordersSubgraph);
});
afterAll(async () => {
  useSagaRunner(undefined);
  await db.close();
});
beforeEach(() => {
  const fake = new FakeSagaServices();
  fake.addProduct({ id: 'prd_milk', sku: 'JH-MLK-0001' }, 1_000, 100);
  fake.dealers.set('dlr_1', {
    id: 'dlr_1',
    status: 'ACTIVE',
    authorizedRegionPaths: ['/reg_cn/reg_south/reg_gd/reg_gz/'],
  });
  fake.warehouses.set('wh_hq', { id: 'wh_hq', kind: 'HQ', dealerId: null });
  fake.credit.set('dlr_1', 10_000_000);
  useSagaRunner(
    new SagaRunner(fake, { reviewThresholdMinor: 5_000, stepTimeoutMs: 200, deadlineSeconds: 60, leaseMs: 5_000 }, log),
  );
});

const place = (quantity: number) =>
  placement.placeOrder(db.context(dealer), {
    lines: [{ sku: 'JH-MLK-0001', quantity }],
    idempotencyKey: `alert-spec-${++n}`,
  });
const statusEvents = (orderId: string) =>
  db.orm.em
    .fork()
    .find(OutboxEvent, { type: EventType.ORDER_STATUS_CHANGED, subjectId: orderId }, { orderBy: { seq: 'asc' } });

describe('order events', () => {
  it('records orders.order_status_changed for every transition, scoped to the dealer and its region path', async () => {
    const placed = await place(1);
    expect(placed.errors).toEqual([]);
    const approved = placed.order!;
    expect(approved.status).toBe(OrderStatus.APPROVED);
    const events = await statusEvents(approved.id);
    expect(events.map((e) => [e.payload.fromStatus, e.payload.toStatus])).toEqual([
      [null, 'PLACING'],
      ['PLACING', 'APPROVED'],
    ]);
    expect(events[0]!.scope).toEqual({ dealerIds: ['dlr_1'], regionPath: ['reg_cn', 'reg_south', 'reg_gd', 'reg_gz'] });

    const pending = (await place(10)).order!;
    expect(pending.status).toBe(OrderStatus.PENDING_REVIEW);
    await review.review(db.context(hq), pending.id, ReviewDecision.REJECT, 'no');
    expect((await statusEvents(pending.id)).map((e) => e.payload.toStatus)).toEqual([
      'PLACING',
      'PENDING_REVIEW',
      'REJECTED',
    ]);
  });
});

describe('review-overdue alerts', () => {
  it('raises one alert per order waiting longer than the threshold, scoped and acknowledgeable', async () => {
    const pending = (await place(20)).order!;
    const later = new Date(Date.now() + 61 * 60_000);
    expect(await alerts.scan(db.orm.em, 60, later)).toBe(1);
    expect(await alerts.scan(db.orm.em, 60, later)).toBe(0);
    expect(await alerts.scan(db.orm.em, 60, new Date())).toBe(0);
    const rows = await db.orm.em.fork().find(OrderAlert, { orderId: pending.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ dealerId: 'dlr_1', thresholdMinutes: 60 });
    expect(await db.orm.em.fork().count(OutboxEvent, { type: EventType.REVIEW_OVERDUE, subjectId: rows[0]!.id })).toBe(
      1,
    );

    expect((await alerts.list(db.context(south), { first: 10 })).totalCount).toBe(1);
    expect((await alerts.list(db.context(east), { first: 10 })).totalCount).toBe(0);
    expect((await alerts.list(db.context({ ...dealer, dealerId: 'dlr_9' }), { first: 10 })).totalCount).toBe(0);
    const acked = await alerts.acknowledge(db.context(dealer), rows[0]!.id);
    expect(acked.acknowledgedBy).toBe('usr_d1');
    await expect(alerts.acknowledge(db.context(east), rows[0]!.id)).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
    const res = await db.execute(
      'query { orderAlerts(first: 5) { totalCount edges { node { ' +
        'id kind waitedMinutes acknowledged order { id status } } } } }',
      {},
      hq,
    );
    expect(res.errors).toBeUndefined();
    expect(
      (res.data as { orderAlerts: { edges: { node: { order: { id: string } } }[] } }).orderAlerts.edges[0]!.node.order
        .id,
    ).toBe(pending.id);
  });
});
