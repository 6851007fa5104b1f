import { createLogger, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { OrderEvent, OrderEventType } from '../entities/order-event.entity.js';
import { OrderSaga, SagaStep } from '../entities/order-saga.entity.js';
import { Order, OrderStatus } from '../entities/order.entity.js';
import type { OrdersLoaders } from '../orders-context.js';
import { OrderReviewService } from '../services/order-review.service.js';
import { PlaceOrderService } from '../services/place-order.service.js';
import { ordersSubgraph } from '../subgraph.js';
import { FakeSagaServices } from './fake-saga-services.js';
import { useSagaRunner } from './saga-context.js';
import { SagaResumer } from './saga-resumer.js';
import { SagaRunner, type SagaSettings } from './saga-runner.js';

// Paying part of an order with the rebate balance (docs/design/rebates-reports.md §8): REBATE_HELD
// after PROMOTIONS_CONSUMED, credit for the rest, the hold released by every compensation.
const log = createLogger('orders-rebate-spec', 'silent');
const dealer: Viewer = {
  userId: 'usr_d1',
  role: Role.DEALER_ADMIN,
  displayName: '广州经销商',
  dealerId: 'dlr_1',
  dealerGrade: 'B',
  regionId: 'reg_gz',
  regionPath: ['reg_cn', 'reg_south', 'reg_gd', 'reg_gz'],
};

let db: TestSubgraph<OrdersLoaders>;
let fake: FakeSagaServices;
let faults: SagaStep[];
const placement = new PlaceOrderService();
const review = new OrderReviewService();
let keyNo = 0;
const key = () => `rebate-${Date.now()}-${++keyNo}`;

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
  // Tea at ¥25.00, 5 in stock: 2 cost ¥50.00, whose 30 % cap is ¥15.00.
  fake.addProduct({ id: 'prd_tea', sku: 'JH-TEA-0001' }, 2_500, 5);
  const path = ['/reg_cn/reg_south/reg_gd/reg_gz/'];
  fake.dealers.set('dlr_1', { id: 'dlr_1', status: 'ACTIVE', authorizedRegionPaths: path, parentId: 'dlr_p' });
  fake.dealers.set('dlr_p', { id: 'dlr_p', status: 'ACTIVE', authorizedRegionPaths: [] });
  fake.credit.set('dlr_1', 10_000_000);
  fake.rebateBalances.set('dlr_1', 5_000);
  install();
});

const place = (quantity: number, rebateAmount: string | null, extra: { idempotencyKey?: string } = {}) =>
  placement.placeOrder(db.context(dealer), {
    lines: [{ sku: 'JH-TEA-0001', quantity }],
    idempotencyKey: extra.idempotencyKey ?? key(),
    rebateAmount,
  });
const em = () => db.orm.em.fork();
const nothingHeld = () => {
  expect(fake.active()).toEqual({ reservations: [], holds: [] });
  expect(fake.activeRebateHolds()).toEqual([]);
  expect(fake.rebateBalances.get('dlr_1')).toBe(5_000);
  expect(fake.stock.get('prd_tea')).toBe(5);
};

describe('placeOrder with a rebate', () => {
  it('holds the rebate after the promotions, then credit for total − rebate, and records it on the order', async () => {
    const res = await place(2, '12.00');
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
      const res = await place(1, rebate);
      expect(res.order).toMatchObject({ status: OrderStatus.APPROVED, rebateMinor: 0 });
      expect(fake.sent.holdCredit).toMatchObject({ amountMinor: 2_500 });
    }
    expect(fake.calls).not.toContain('holdRebate');
    expect(fake.calls).not.toContain('releaseRebateHold');
  });

  it('REBATE_OVER_BALANCE rejects the order with nothing reserved or held', async () => {
    fake.rebateBalances.set('dlr_1', 1_000);
    const res = await place(2, '12.00');
    expect(res.order!.status).toBe(OrderStatus.REJECTED);
    expect(res.errors).toMatchObject([{ code: 'REBATE_OVER_BALANCE', field: 'rebateAmount' }]);
    expect(fake.calls).not.toContain('reserveStock');
    expect(fake.calls).not.toContain('holdCredit');
    expect(fake.activeRebateHolds()).toEqual([]);
    expect(fake.rebateBalances.get('dlr_1')).toBe(1_000);
    expect(fake.active()).toEqual({ reservations: [], holds: [] });
  });

  it('REBATE_OVER_CAP (more than 30 % of the total) rejects it likewise', async () => {
    const res = await place(2, '15.01');
    expect(res.order!.status).toBe(OrderStatus.REJECTED);
    expect(res.errors.map((e) => e.code)).toEqual(['REBATE_OVER_CAP']);
    nothingHeld();
  });

  it('releases the rebate hold when a later step fails (stock, then credit)', async () => {
    const short = await place(6, '10.00');
    expect(short.order!.status).toBe(OrderStatus.REJECTED);
    expect(short.errors[0]!.code).toBe('INSUFFICIENT_STOCK');
    expect(fake.calls).toContain('releaseRebateHold');
    nothingHeld();
    const released = await em().findOneOrFail(OrderEvent, { orderId: short.order!.id, type: OrderEventType.RELEASED });
    expect(JSON.parse(released.messageArgs!)).toMatchObject({ rebateHold: true, reservation: false });

    fake.credit.set('dlr_1', 3_000);
    const overCredit = await place(2, '10.00');
    expect(overCredit.errors[0]!.code).toBe('CREDIT_LIMIT_EXCEEDED');
    // The credit asked for was the total less the rebate.
    expect(fake.sent.holdCredit).toMatchObject({ amountMinor: 4_000 });
    nothingHeld();
  });

  it('gives the rebate back when the dealer cancels the approved order', async () => {
    const placed = await place(2, '12.00');
    const res = await review.cancel(db.context(dealer), placed.order!.id, '重复下单');
    expect(res.order!.status).toBe(OrderStatus.CANCELLED);
    nothingHeld();
  });

  it('resumes a saga that crashed right after REBATE_HELD without holding twice', async () => {
    const runner = install({ faultAfterStep: SagaStep.REBATE_HELD, leaseMs: 1 });
    const res = await place(2, '12.00');
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
    const res = await place(2, '12.00');
    await em().nativeUpdate(OrderSaga, { orderId: res.order!.id }, { deadlineAt: new Date(Date.now() - 1000) });
    await new Promise((r) => setTimeout(r, 5));
    const resumer = new SagaRunner(fake, { ...runner.settings, faultAfterStep: undefined }, log);
    await new SagaResumer(db.orm.em, resumer, log, 1_000).tick();
    expect((await em().findOne(Order, { id: res.order!.id }))!.status).toBe(OrderStatus.REJECTED);
    nothingHeld();
  });

  it('answers a repeated key with the same order and no second hold; another rebate is another order', async () => {
    const idempotencyKey = key();
    const first = await place(2, '12.00', { idempotencyKey });
    const again = await place(2, '12.00', { idempotencyKey });
    expect(again.order!.id).toBe(first.order!.id);
    expect(fake.calls.filter((c) => c === 'holdRebate').length).toBe(1);
    expect(fake.rebateBalances.get('dlr_1')).toBe(3_800);
    const other = await place(2, '11.00', { idempotencyKey });
    expect(other.errors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
  });
});

describe('placeOrder rebate validation: refused with a code, nothing written', () => {
  it('refuses a negative, over-precise or malformed amount, and any rebate from a parent dealer', async () => {
    const before = await em().count(Order, {});
    for (const [rebateAmount, code] of [
      ['-5', 'AMOUNT_NOT_POSITIVE'],
      ['1.005', 'AMOUNT_TOO_PRECISE'],
      ['1,000', 'AMOUNT_INVALID'],
    ] as const) {
      const res = await place(1, rebateAmount);
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
