import { createLogger, EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Order, OrderStatus } from '../entities/order.entity.js';
import { SellerReviewRule } from '../entities/seller-review-rule.entity.js';
import { Shipment } from '../entities/shipment.entity.js';
import type { OrdersLoaders } from '../orders-context.js';
import { ReviewDecision } from '../schema/place-order.input.js';
import { OrderReviewService } from '../services/order-review.service.js';
import { OrderService } from '../services/order.service.js';
import { PlaceOrderService } from '../services/place-order.service.js';
import { SellerReviewService } from '../services/seller-review.service.js';
import { ordersSubgraph } from '../subgraph.js';
import { FakeSagaServices } from './fake-saga-services.js';
import { useSagaRunner } from './saga-context.js';
import { SagaRunner } from './saga-runner.js';

// Two-tier orders (docs/design/network-administration.md §10): a sub-dealer buys from its parent.
const log = createLogger('orders-seller-spec', 'silent');
const nj: Viewer = {
  userId: 'usr_nj',
  role: Role.DEALER_ADMIN,
  displayName: '南京经销商',
  dealerId: 'dlr_nj',
  dealerGrade: 'B',
  regionId: 'reg_js_nj',
  regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'],
};
const js: Viewer = { ...nj, userId: 'usr_js', displayName: '江苏总代', dealerId: 'dlr_js', subDealerIds: ['dlr_nj'] };
const jsStaff: Viewer = { ...js, userId: 'usr_js_staff', role: Role.DEALER_STAFF };
const orphan: Viewer = { ...nj, userId: 'usr_top', dealerId: 'dlr_top' };
const eastManager: Viewer = {
  userId: 'usr_east',
  role: Role.REGION_MANAGER,
  displayName: '华东大区经理',
  regionId: 'reg_east',
  regionPath: ['reg_cn', 'reg_east'],
};

let db: TestSubgraph<OrdersLoaders>;
let fake: FakeSagaServices;
const placement = new PlaceOrderService();
const review = new OrderReviewService();
const rules = new SellerReviewService();
let keyNo = 0;

beforeAll(async () => {
  db = await openTestSubgraph(ordersSubgraph);
});
afterAll(async () => {
  useSagaRunner(undefined);
  await db.close();
});
beforeEach(async () => {
  fake = new FakeSagaServices();
  fake.addProduct({ id: 'prd_milk', sku: 'JH-MLK-0001' }, 1_000, 100);
  const path = ['/reg_cn/reg_east/reg_js/reg_js_nj/'];
  fake.dealers.set('dlr_nj', { id: 'dlr_nj', status: 'ACTIVE', authorizedRegionPaths: path, parentId: 'dlr_js' });
  Object.assign(fake.dealers.get('dlr_nj')!, { level: 'REGIONAL_DEALER', grade: 'C' });
  fake.dealers.set('dlr_js', { id: 'dlr_js', status: 'ACTIVE', authorizedRegionPaths: [], level: 'PROVINCIAL_AGENT' });
  fake.dealers.set('dlr_top', { id: 'dlr_top', status: 'ACTIVE', authorizedRegionPaths: path, parentId: null });
  fake.sellerWarehouses.set('dlr_js', 1);
  fake.sellerPrices.set('dlr_js', new Map([['prd_milk', 900]]));
  fake.sellerStock.set('dlr_js|prd_milk', 50);
  fake.sellerCredit.set('dlr_nj|dlr_js', 1_000_000);
  // A brand promotion the seller's order must not consume.
  fake.percentOff.push({ promotionId: 'prm_1', name: '10% off', productId: 'prd_milk', bp: 1000 });
  useSagaRunner(
    new SagaRunner(
      fake,
      { reviewThresholdMinor: 5_000_000, stepTimeoutMs: 200, deadlineSeconds: 60, leaseMs: 5_000 },
      log,
      () => {},
    ),
  );
  await db.orm.em.fork().nativeDelete(SellerReviewRule, {});
});

const place = (quantity: number, viewer = nj) =>
  placement.placeOrder(db.context(viewer), {
    lines: [{ sku: 'JH-MLK-0001', quantity }],
    idempotencyKey: `seller-${Date.now()}-${++keyNo}`,
    seller: 'PARENT',
  });
const em = () => db.orm.em.fork();

describe('placeOrder with seller PARENT', () => {
  it("prices from the parent's list, reserves its warehouse, holds its credit line, snapshots levels", async () => {
    const { order, errors } = await place(3);
    expect(errors).toEqual([]);
    expect(order).toMatchObject({ status: OrderStatus.APPROVED, totalMinor: 2_700, sellerDealerId: 'dlr_js' });
    const row = await em().findOneOrFail(Order, { id: order!.id });
    expect(row).toMatchObject({ sellerLevel: 'PROVINCIAL_AGENT', dealerLevel: 'REGIONAL_DEALER' });
    expect(fake.sent.quote).toMatchObject({ sellerDealerId: 'dlr_js', claims: { dealerGrade: 'C' } });
    expect(fake.sent.reserveStock).toMatchObject({ sourceDealerId: 'dlr_js' });
    expect(fake.sent.holdCredit).toMatchObject({ sellerDealerId: 'dlr_js', amountMinor: 2_700 });
    expect(fake.calls).not.toContain('consumePromotionBudget');
    expect(fake.sellerStock.get('dlr_js|prd_milk')).toBe(47);
    expect(fake.stock.get('prd_milk')).toBe(100);
    expect(fake.sellerCredit.get('dlr_nj|dlr_js')).toBe(1_000_000 - 2_700);
    const shipments = await em().find(Shipment, { orderId: order!.id });
    expect(shipments.map((s) => [s.warehouseId, s.sellerDealerId])).toEqual([['wh_dlr_js', 'dlr_js']]);
    const events = await em().find(OutboxEvent, { type: EventType.ORDER_STATUS_CHANGED, subjectId: order!.id });
    expect(events.length).toBe(2);
    for (const e of events) {
      expect(e.payload).toMatchObject({ sellerDealerId: 'dlr_js' });
      expect(e.scope.dealerIds).toEqual(['dlr_nj', 'dlr_js']);
    }
  });

  it("lists a parent's sales with the seller filter, within each viewer's scope", async () => {
    const sold = (await place(1)).order!;
    const orders = new OrderService();
    const sellerFilter = (viewer: Viewer) =>
      orders.list(db.context(viewer), { first: 100, filter: { sellerDealerId: 'dlr_js' } });
    const mine = await sellerFilter(js);
    expect(mine.edges.map((e) => e.node.id)).toContain(sold.id);
    expect(mine.edges.every((e) => e.node.sellerDealerId === 'dlr_js')).toBe(true);
    expect(mine.totalCount).toBe(mine.edges.length);
    // The buyer sees its own purchases from the parent; a dealer outside the pair sees none of them.
    expect((await sellerFilter(nj)).edges.every((e) => e.node.dealerId === 'dlr_nj')).toBe(true);
    expect((await sellerFilter(orphan)).totalCount).toBe(0);
  });

  it('refuses NO_PARENT_DEALER, SELLER_NOT_ACTIVE, SELLER_HAS_NO_WAREHOUSE before anything is reserved', async () => {
    const codes = async (viewer = nj) => (await place(1, viewer)).errors.map((e) => e.code);
    expect(await codes(orphan)).toEqual(['NO_PARENT_DEALER']);
    fake.dealers.get('dlr_js')!.status = 'SUSPENDED';
    expect(await codes()).toEqual(['SELLER_NOT_ACTIVE']);
    fake.dealers.get('dlr_js')!.status = 'ACTIVE';
    fake.sellerWarehouses.delete('dlr_js');
    expect(await codes()).toEqual(['SELLER_HAS_NO_WAREHOUSE']);
    expect(fake.calls).not.toContain('quote');
    expect(fake.calls).not.toContain('reserveStock');
    expect(fake.calls).not.toContain('holdCredit');
  });

  it('NO_CREDIT_LINE without a credit line with the parent: REJECTED, the reservation released', async () => {
    fake.sellerCredit.clear();
    const { order, errors } = await place(2);
    expect(errors.map((e) => e.code)).toEqual(['NO_CREDIT_LINE']);
    expect(order?.status).toBe(OrderStatus.REJECTED);
    expect(fake.sellerStock.get('dlr_js|prd_milk')).toBe(50);
    expect(fake.active()).toEqual({ reservations: [], holds: [] });
  });
});

describe("the parent's review rule (setSubDealerReviewRules) and review", () => {
  it("manual review: PENDING_REVIEW in the parent's queue; it approves, managers and the buyer may not", async () => {
    expect((await rules.set(db.context(js), { autoApprove: false })).errors).toEqual([]);
    const { order } = await place(1);
    expect(order?.status).toBe(OrderStatus.PENDING_REVIEW);
    const queue = await review.reviewQueue(db.context(js), 100);
    expect(queue.edges.map((e) => e.node.id)).toContain(order!.id);
    expect((await review.reviewQueue(db.context(nj), 100)).edges.map((e) => e.node.id)).not.toContain(order!.id);
    await expect(review.review(db.context(eastManager), order!.id, ReviewDecision.APPROVE)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(review.review(db.context(nj), order!.id, ReviewDecision.APPROVE)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    const approved = await review.review(db.context(js), order!.id, ReviewDecision.APPROVE);
    expect(approved.order?.status).toBe(OrderStatus.APPROVED);
    expect(await em().count(Shipment, { orderId: order!.id, sellerDealerId: 'dlr_js' })).toBe(1);
  });

  it('a threshold: below it approved, at or above it reviewed; no rule: the brand threshold', async () => {
    expect((await place(1)).order?.status).toBe(OrderStatus.APPROVED);
    const set = await rules.set(db.context(js), { autoApprove: true, reviewAmountThreshold: '18.00' });
    expect(set.rule).toMatchObject({ autoApprove: true, reviewThresholdMinor: 1_800 });
    expect((await place(1)).order?.status).toBe(OrderStatus.APPROVED);
    expect((await place(2)).order?.status).toBe(OrderStatus.PENDING_REVIEW);
  });

  it('refuses a dealer without sub-dealers and bad thresholds, writing nothing; staff may not', async () => {
    expect((await rules.set(db.context(nj), { autoApprove: false })).errors[0]?.code).toBe('NOT_A_PARENT_DEALER');
    const bad = await rules.set(db.context(js), { autoApprove: true, reviewAmountThreshold: '-1' });
    expect(bad.errors[0]).toMatchObject({ code: 'AMOUNT_NOT_POSITIVE', field: 'reviewAmountThreshold' });
    const huge = await rules.set(db.context(js), { autoApprove: true, reviewAmountThreshold: '99999999' });
    expect(huge.errors[0]?.code).toBe('AMOUNT_TOO_LARGE');
    await expect(rules.set(db.context(jsStaff), { autoApprove: false })).rejects.toThrow();
    expect(await em().count(SellerReviewRule, {})).toBe(0);
  });
});
