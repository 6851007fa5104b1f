import { AuditEntry, EventType, newId, OutboxEvent, Role, TaxClass, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FulfilmentTask, FulfilmentTaskKind, FulfilmentTaskStatus } from '../entities/fulfilment-task.entity.js';
import { OrderLine } from '../entities/order-line.entity.js';
import { Order, OrderStatus } from '../entities/order.entity.js';
import { ReturnDisposition, ReturnLine, ReturnLineKind } from '../entities/return-line.entity.js';
import { ReturnReason, ReturnRequest, ReturnStatus } from '../entities/return-request.entity.js';
import { ShipmentLine } from '../entities/shipment-line.entity.js';
import { ShipmentLot } from '../entities/shipment-lot.entity.js';
import { SettlementStatus, Shipment, ShipmentStatus } from '../entities/shipment.entity.js';
import { FakeFulfilmentServices } from '../fulfilment/fake-fulfilment-services.js';
import { createFulfilment, useFulfilment } from '../fulfilment/fulfilment-context.js';
import { FakeReturnServices } from '../fulfilment/tasks/return-fake-services.js';
import { useReturnServices } from '../fulfilment/tasks/return-services.js';
import type { CreditPayload, TakeBackPayload } from '../fulfilment/tasks/return-tasks.js';
import type { OrdersLoaders } from '../orders-context.js';
import { ReviewDecision } from '../schema/place-order.input.js';
import type { RequestReturnInput } from '../schema/return.input.js';
import { ordersSubgraph } from '../subgraph.js';
import { openDiscrepancyClaim } from './discrepancy-claim.js';
import { ReturnReceiveService } from './return-receive.service.js';
import { ReturnRequestService } from './return-request.service.js';
import { ReturnReviewService } from './return-review.service.js';

const regionPath = ['reg_cn', 'reg_east', 'reg_js'];
const dealer: Viewer = { userId: 'usr_d1', role: Role.DEALER_ADMIN, dealerId: 'dlr_1', regionId: 'reg_js', regionPath };
const other: Viewer = { userId: 'usr_d2', role: Role.DEALER_ADMIN, dealerId: 'dlr_2', regionId: 'reg_js', regionPath };
const hq: Viewer = { userId: 'usr_hq', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const operator = (warehouseIds: string[]): Viewer => ({
  userId: 'usr_op',
  role: Role.WAREHOUSE_OPERATOR,
  warehouseIds,
});

let db: TestSubgraph<OrdersLoaders>;
let fake: FakeReturnServices;
const requests = new ReturnRequestService();
const reviews = new ReturnReviewService();
const receipts = new ReturnReceiveService();
let n = 0;

beforeAll(async () => {
  db = await openTestSubgraph(ordersSubgraph);
});
afterAll(async () => {
  useReturnServices(undefined);
  useFulfilment(undefined);
  await db.close();
});
beforeEach(() => {
  fake = new FakeReturnServices();
  fake.warehouses.set('wh_hq', { id: 'wh_hq', kind: 'HQ', dealerId: null });
  fake.warehouses.set('wh_d1', { id: 'wh_d1', kind: 'DEALER', dealerId: 'dlr_1' });
  fake.stock('dlr_1', 'prd_a', 10);
  useReturnServices(fake);
  useFulfilment(createFulfilment(new FakeFulfilmentServices(), { stepTimeoutMs: 100, leaseMs: 5_000 }, 5_000));
});

const task = (kind: FulfilmentTaskKind, subjectId: string) =>
  db.orm.em.fork().findOneOrFail(FulfilmentTask, { kind, subjectId });

/** The §10 line (3 units, ¥99.89) and a 4-unit line, shipped in one DELIVERED shipment (1 of B damaged). */
// Long because: the fixture spells out one row per table (order, lines, shipment, lines, lot, receipt task).
async function deliveredOrder(opts: { deliveredDaysAgo?: number; status?: ShipmentStatus; receipt?: boolean } = {}) {
  const em = db.orm.em.fork();
  const now = new Date();
  const i = ++n;
  const orderId = `ord_r${i}`;
  const shipmentId = `shp_r${i}`;
  await em.insert(Order, {
    id: orderId,
    orderNumber: `SO2026120${String(i).padStart(5, '0')}`,
    dealerId: 'dlr_1',
    dealerRegionId: 'reg_js',
    dealerRegionPath: '/reg_cn/reg_east/reg_js/',
    status: OrderStatus.COMPLETED,
    currency: 'CNY',
    subtotalMinor: 13989,
    discountMinor: 0,
    totalMinor: 13989,
    itemCount: 7,
    appliedPromotions: null,
    note: null,
    placedByUserId: 'usr_d1',
    idempotencyKey: `o${i}`,
    deliveryWarehouseId: null,
    rejectionReasons: null,
    placedAt: now,
    updatedAt: now,
    approvedAt: now,
    firstShippedAt: now,
    completedAt: now,
  });
  const line = (
    id: string,
    lineNo: number,
    productId: string,
    quantity: number,
    total: number,
    taxClass: TaxClass,
  ) => ({
    id,
    orderId,
    lineNo,
    productId,
    sku: productId.toUpperCase(),
    productName: productId,
    quantity,
    currency: 'CNY',
    unitPriceMinor: Math.round(total / quantity),
    lineSubtotalMinor: total,
    discountMinor: 0,
    lineTotalMinor: total,
    isGift: false,
    promotionId: null,
    taxClass,
    shippedQuantity: quantity,
    shippedGrossMinor: total,
    creditedQuantity: 0,
    creditedGrossMinor: 0,
  });
  await em.insertMany(OrderLine, [
    line(`oln_a${i}`, 1, 'prd_a', 3, 9989, TaxClass.STANDARD),
    line(`oln_b${i}`, 2, 'prd_b', 4, 4000, TaxClass.REDUCED),
  ]);
  const delivered = new Date(now.getTime() - (opts.deliveredDaysAgo ?? 1) * 86_400_000);
  await em.insert(Shipment, {
    id: shipmentId,
    number: `SO${i}-1`,
    orderId,
    warehouseId: 'wh_east',
    dealerId: 'dlr_1',
    dealerRegionPath: '/reg_cn/reg_east/reg_js/',
    seq: 1,
    status: opts.status ?? ShipmentStatus.DELIVERED,
    splitFromId: null,
    version: 2,
    carrier: 'SF',
    trackingNumber: 'SF123456',
    shippedAt: delivered,
    shippedByUserId: null,
    shippedByName: null,
    deliveredAt: delivered,
    receivedByUserId: null,
    receiptComment: null,
    cancelledAt: null,
    cancelReason: null,
    consigneeName: null,
    consigneeContact: null,
    consigneePhone: null,
    deliveryWarehouseId: null,
    settlement: SettlementStatus.DONE,
    invoiceId: 'inv_1',
    createdAt: now,
    updatedAt: now,
  });
  await em.insertMany(ShipmentLine, [
    {
      shipmentId,
      orderLineId: `oln_a${i}`,
      quantity: 3,
      productId: 'prd_a',
      grossMinor: 9989,
      receivedQuantity: 3,
      damagedQuantity: 0,
    },
    {
      shipmentId,
      orderLineId: `oln_b${i}`,
      quantity: 4,
      productId: 'prd_b',
      grossMinor: 4000,
      receivedQuantity: 4,
      damagedQuantity: 1,
    },
  ]);
  await em.insert(ShipmentLot, {
    shipmentId,
    orderLineId: `oln_a${i}`,
    lotId: `lot_a${i}`,
    productId: 'prd_a',
    lotNumber: 'L-A',
    expiresAt: new Date('2027-06-01T00:00:00Z'),
    quantity: 3,
    receivedQuantity: 3,
    damagedQuantity: 0,
  });
  if (opts.receipt ?? true)
    await em.insert(FulfilmentTask, {
      id: newId('ftk'),
      kind: FulfilmentTaskKind.RECEIPT,
      subjectId: shipmentId,
      orderId,
      status: FulfilmentTaskStatus.DONE,
      effectsDone: 'goods,codes',
      payload: '{}',
      attempts: 0,
      lastError: null,
      leaseUntil: now,
      createdAt: now,
      updatedAt: now,
      doneAt: now,
    });
  return { orderId, shipmentId, lineA: `oln_a${i}`, lineB: `oln_b${i}` };
}

const ask = (
  o: { orderId: string; shipmentId: string; lineA: string },
  quantity = 1,
  more: Partial<RequestReturnInput> = {},
) =>
  requests.request(db.context(dealer), {
    orderId: o.orderId,
    idempotencyKey: `k-${++n}`,
    reason: ReturnReason.QUALITY,
    lines: [{ shipmentId: o.shipmentId, orderLineId: o.lineA, quantity }],
    ...more,
  });

/** Row counts that a refusal must leave unchanged. */
async function counts() {
  const em = db.orm.em.fork();
  return Promise.all([
    em.count(ReturnRequest, {}),
    em.count(ReturnLine, {}),
    em.count(AuditEntry, {}),
    em.count(OutboxEvent, {}),
    em.count(FulfilmentTask, {}),
  ]);
}

const returned = async (shipmentId: string, orderLineId: string) =>
  (await db.orm.em.fork().findOneOrFail(ShipmentLine, { shipmentId, orderLineId })).returnedQuantity;

describe('requestReturn', () => {
  it('opens a REQUESTED return (RT number), raises the guard, writes the take back, event and audit', async () => {
    const o = await deliveredOrder();
    const r = await ask(o, 2);
    expect(r.errors).toEqual([]);
    const ret = r.returnRequest!;
    expect(ret).toMatchObject({ status: ReturnStatus.REQUESTED, source: 'DEALER', dealerId: 'dlr_1' });
    expect(ret.number).toMatch(/^RT\d{8}\d{4}$/);
    expect(await returned(o.shipmentId, o.lineA)).toBe(2);
    const em = db.orm.em.fork();
    const [line] = await em.find(ReturnLine, { returnId: ret.id });
    expect(line).toMatchObject({ kind: ReturnLineKind.GOODS, requestedQuantity: 2, lotNumber: 'L-A' });
    const task = await em.findOneOrFail(FulfilmentTask, {
      kind: FulfilmentTaskKind.RETURN_TAKE_BACK,
      subjectId: ret.id,
    });
    expect((JSON.parse(task.payload) as TakeBackPayload).lines).toEqual([
      { productId: 'prd_a', lotNumber: 'L-A', expiresAt: '2027-06-01T00:00:00.000Z', quantity: 2, quarantined: false },
    ]);
    const events = await em.find(OutboxEvent, { type: EventType.RETURN_STATUS_CHANGED, subjectId: ret.id });
    expect(events).toHaveLength(1);
    expect(await em.count(AuditEntry, { operation: 'requestReturn', entityId: ret.id })).toBe(1);
  });

  it('answers the same return for the same key, IDEMPOTENCY_KEY_REUSED for another request under it', async () => {
    const o = await deliveredOrder();
    const input = {
      orderId: o.orderId,
      idempotencyKey: 'same-key',
      reason: ReturnReason.QUALITY,
      lines: [{ shipmentId: o.shipmentId, orderLineId: o.lineA, quantity: 1 }],
    };
    const first = await requests.request(db.context(dealer), input);
    const again = await requests.request(db.context(dealer), input);
    expect(again.returnRequest!.id).toBe(first.returnRequest!.id);
    const before = await counts();
    const other = await requests.request(db.context(dealer), {
      ...input,
      lines: [{ ...input.lines[0]!, quantity: 2 }],
    });
    expect(other.errors.map((e) => e.code)).toEqual(['IDEMPOTENCY_KEY_REUSED']);
    expect(await counts()).toEqual(before);
    expect(await returned(o.shipmentId, o.lineA)).toBe(1);
  });

  it('refuses with one code and writes nothing: every requestReturn code', async () => {
    const o = await deliveredOrder();
    const late = await deliveredOrder({ deliveredDaysAgo: 120 });
    const shipped = await deliveredOrder({ status: ShipmentStatus.SHIPPED });
    fake.ownedCodes.set('C-MINE', { dealerId: 'dlr_1', productId: 'prd_a' });
    const before = await counts();
    const cases: [string, Promise<{ errors: { code: string }[] }>][] = [
      ['ORDER_NOT_DELIVERED', ask(shipped)],
      ['LINE_NOT_DELIVERED', ask({ ...o, lineA: 'oln_unknown' })],
      ['QUANTITY_INVALID', ask(o, 0)],
      ['RETURN_EXCEEDS_DELIVERED', ask(o, 4)],
      ['RETURN_EXCEEDS_DELIVERED', ask({ ...o, lineA: o.lineB }, 4)],
      ['RETURN_WINDOW_CLOSED', ask(late)],
      ['COMMENT_REQUIRED', ask(o, 1, { reason: ReturnReason.OTHER })],
      [
        'SERIAL_CODE_NOT_OWNED',
        ask(o, 1, {
          lines: [{ shipmentId: o.shipmentId, orderLineId: o.lineA, quantity: 1, serialCodes: ['C-THEIRS'] }],
        }),
      ],
    ];
    for (const [code, result] of cases)
      expect(
        (await result).errors.map((e) => e.code),
        code,
      ).toEqual([code]);
    expect(await counts()).toEqual(before);
    expect(await returned(o.shipmentId, o.lineA)).toBe(0);
  });

  it('never returns more than was delivered, also when requests race', async () => {
    const o = await deliveredOrder();
    const results = await Promise.all(Array.from({ length: 6 }, () => ask(o, 1)));
    expect(results.filter((r) => r.returnRequest).length).toBe(3);
    expect(results.filter((r) => r.errors[0]?.code === 'RETURN_EXCEEDS_DELIVERED').length).toBe(3);
    expect(await returned(o.shipmentId, o.lineA)).toBe(3);
    expect(await db.orm.em.fork().count(ReturnRequest, { orderId: o.orderId })).toBe(3);
  });

  it('keeps another dealer out (NOT_FOUND) and writes no take-back task without a dealer receipt', async () => {
    const o = await deliveredOrder({ receipt: false });
    await expect(
      requests.request(db.context(other), {
        orderId: o.orderId,
        idempotencyKey: 'x',
        reason: ReturnReason.QUALITY,
        lines: [{ shipmentId: o.shipmentId, orderLineId: o.lineA, quantity: 1 }],
      }),
    ).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    const r = await ask(o);
    expect(await db.orm.em.fork().count(FulfilmentTask, { subjectId: r.returnRequest!.id })).toBe(0);
  });
});

describe('reviewReturn', () => {
  it('refuses with one code and writes nothing: every review code', async () => {
    const o = await deliveredOrder();
    const ret = (await ask(o, 2)).returnRequest!;
    const [line] = await db.orm.em.fork().find(ReturnLine, { returnId: ret.id });
    const before = await counts();
    const review = (more: object) =>
      reviews.review(db.context(hq), { returnId: ret.id, decision: ReviewDecision.APPROVE, ...more });
    expect(
      (await review({ warehouseId: 'wh_hq', lines: [{ returnLineId: line!.id, acceptedQuantity: 3 }] })).errors[0]!
        .code,
    ).toBe('ACCEPTED_EXCEEDS_REQUESTED');
    expect((await review({})).errors[0]!.code).toBe('WAREHOUSE_REQUIRED');
    expect((await review({ warehouseId: 'wh_d1' })).errors[0]!.code).toBe('WAREHOUSE_NOT_ALLOWED');
    expect((await review({ warehouseId: 'wh_nowhere' })).errors[0]!.code).toBe('WAREHOUSE_NOT_ALLOWED');
    expect(await counts()).toEqual(before);
    expect((await review({ warehouseId: 'wh_hq' })).returnRequest!.status).toBe(ReturnStatus.APPROVED);
    const after = await counts();
    expect((await review({ warehouseId: 'wh_hq' })).errors[0]!.code).toBe('RETURN_NOT_REQUESTED');
    expect(await counts()).toEqual(after);
    await expect(
      reviews.review(db.context(dealer), { returnId: ret.id, decision: ReviewDecision.REJECT }),
    ).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
  });

  it('a rejection gives the guard units back and turns the take back into a restore', async () => {
    const o = await deliveredOrder();
    const ret = (await ask(o, 2)).returnRequest!;
    expect(await returned(o.shipmentId, o.lineA)).toBe(2);
    const r = await reviews.review(db.context(hq), {
      returnId: ret.id,
      decision: ReviewDecision.REJECT,
      comment: 'no',
    });
    expect(r.returnRequest).toMatchObject({ status: ReturnStatus.REJECTED, reviewComment: 'no' });
    expect(await returned(o.shipmentId, o.lineA)).toBe(0);
    const takeBack = await task(FulfilmentTaskKind.RETURN_TAKE_BACK, ret.id);
    expect(takeBack).toMatchObject({ status: FulfilmentTaskStatus.DONE, effectsDone: 'take,restore' });
    expect((JSON.parse(takeBack.payload) as TakeBackPayload).restore).toBe(true);
    expect(fake.units('dlr_1', 'prd_a')).toBe(10);
    expect(fake.restores.get(`restore:${ret.id}`)).toBe(`take:${ret.id}`);
    expect((await ask(o, 3)).errors).toEqual([]);
  });

  it("a partial acceptance puts the units not accepted back into the dealer's stock and guard", async () => {
    const o = await deliveredOrder();
    const ret = (await ask(o, 3)).returnRequest!;
    expect(fake.units('dlr_1', 'prd_a')).toBe(7);
    const [line] = await db.orm.em.fork().find(ReturnLine, { returnId: ret.id });
    const r = await reviews.review(db.context(hq), {
      returnId: ret.id,
      decision: ReviewDecision.APPROVE,
      warehouseId: 'wh_hq',
      lines: [{ returnLineId: line!.id, acceptedQuantity: 1 }],
    });
    expect(r.errors).toEqual([]);
    expect(r.returnRequest!.status).toBe(ReturnStatus.APPROVED);
    expect(fake.units('dlr_1', 'prd_a')).toBe(9);
    expect(await returned(o.shipmentId, o.lineA)).toBe(1);
    const takeBack = await task(FulfilmentTaskKind.RETURN_TAKE_BACK, ret.id);
    expect(takeBack).toMatchObject({ status: FulfilmentTaskStatus.DONE, effectsDone: 'take,restore' });
    expect((JSON.parse(takeBack.payload) as TakeBackPayload).restoreLines).toMatchObject([
      { productId: 'prd_a', lotNumber: 'L-A', quantity: 2, quarantined: false },
    ]);
    // Accepted in full: nothing goes back.
    const whole = (await ask(o, 2)).returnRequest!;
    await reviews.review(db.context(hq), {
      returnId: whole.id,
      decision: ReviewDecision.APPROVE,
      warehouseId: 'wh_hq',
    });
    expect(fake.units('dlr_1', 'prd_a')).toBe(7);
    expect((await task(FulfilmentTaskKind.RETURN_TAKE_BACK, whole.id)).effectsDone).toBe('take');
  });
});

describe('take back', () => {
  it("DEALER_STOCK_INSUFFICIENT: refused up front by inventory's check, nothing written", async () => {
    const o = await deliveredOrder();
    fake.stock('dlr_1', 'prd_a', 1);
    const before = await counts();
    fake.calls = [];
    const r = await ask(o, 2);
    expect(r.returnRequest).toBeNull();
    expect(r.errors.map((e) => [e.code, e.field])).toEqual([['DEALER_STOCK_INSUFFICIENT', 'lines']]);
    expect(await counts()).toEqual(before);
    expect(await returned(o.shipmentId, o.lineA)).toBe(0);
    expect(fake.calls).toEqual(['checkTakeBack']);
    expect(fake.units('dlr_1', 'prd_a')).toBe(1);
  });

  it('stock gone after the check: the take back rejects the return and gives the guard back', async () => {
    const o = await deliveredOrder();
    fake.refuse('takeBackGoods', 'DEALER_STOCK_INSUFFICIENT');
    const r = await ask(o, 2);
    expect(r.errors.map((e) => e.code)).toEqual(['DEALER_STOCK_INSUFFICIENT']);
    expect(r.returnRequest!.status).toBe(ReturnStatus.REJECTED);
    expect(await returned(o.shipmentId, o.lineA)).toBe(0);
    expect((await task(FulfilmentTaskKind.RETURN_TAKE_BACK, r.returnRequest!.id)).status).toBe(
      FulfilmentTaskStatus.FAILED,
    );
  });
});

describe('receiveReturn and credit values', () => {
  it('refuses each code writing nothing, then receives: RETURN_RECEIVE, RETURN_CREDIT by the parts rule', async () => {
    const o = await deliveredOrder();
    const ret = (await ask(o, 1)).returnRequest!;
    const [line] = await db.orm.em.fork().find(ReturnLine, { returnId: ret.id });
    const receive = (viewer: Viewer, lines: object[]) =>
      receipts.receive(db.context(viewer), { returnId: ret.id, lines } as never);
    expect((await receive(hq, [])).errors[0]!.code).toBe('RETURN_NOT_APPROVED');
    await reviews.review(db.context(hq), { returnId: ret.id, decision: ReviewDecision.APPROVE, warehouseId: 'wh_hq' });
    const before = await counts();
    expect((await receive(hq, [{ returnLineId: 'rtl_x', quantity: 1, disposition: 'SELLABLE' }])).errors[0]!.code).toBe(
      'LINE_NOT_IN_RETURN',
    );
    expect(
      (await receive(hq, [{ returnLineId: line!.id, quantity: 2, disposition: 'SELLABLE' }])).errors[0]!.code,
    ).toBe('RECEIVED_EXCEEDS_ACCEPTED');
    expect((await receive(hq, [{ returnLineId: line!.id, quantity: 1 }])).errors[0]!.code).toBe('DISPOSITION_REQUIRED');
    await expect(receive(operator(['wh_other']), [])).rejects.toMatchObject({ extensions: { code: 'NOT_FOUND' } });
    expect(await counts()).toEqual(before);
    const r = await receive(operator(['wh_hq']), [
      { returnLineId: line!.id, quantity: 1, disposition: ReturnDisposition.QUARANTINE },
    ]);
    expect(r.returnRequest).toMatchObject({ status: ReturnStatus.CREDITED, creditedGrossMinor: 3330 });
    expect(r.returnRequest!.creditNoteId).toBe(fake.creditNotes.get(`return:${ret.id}`)!.id);
    expect(fake.receipts.get(`ret:${ret.id}`)).toMatchObject({
      kind: 'RETURN_IN',
      warehouseId: 'wh_hq',
      lines: [{ productId: 'prd_a', lotNumber: 'L-A', quantity: 1, quarantined: true }],
    });
    const em = db.orm.em.fork();
    const credit = await em.findOneOrFail(FulfilmentTask, {
      kind: FulfilmentTaskKind.RETURN_CREDIT,
      subjectId: ret.id,
    });
    expect((JSON.parse(credit.payload) as CreditPayload).lines).toEqual([
      { productId: 'prd_a', sku: 'PRD_A', productName: 'prd_a', quantity: 1, taxClass: 'STANDARD', grossMinor: '3330' },
    ]);
    expect(await em.count(FulfilmentTask, { kind: FulfilmentTaskKind.RETURN_RECEIVE, subjectId: ret.id })).toBe(1);
    // The other two units credit the rest of the line exactly: ¥99.89 − ¥33.30.
    const rest = (await ask(o, 2)).returnRequest!;
    await reviews.review(db.context(hq), { returnId: rest.id, decision: ReviewDecision.APPROVE, warehouseId: 'wh_hq' });
    const [restLine] = await em.find(ReturnLine, { returnId: rest.id });
    const done = await receipts.receive(db.context(hq), {
      returnId: rest.id,
      lines: [{ returnLineId: restLine!.id, quantity: 2, disposition: ReturnDisposition.SELLABLE }],
    });
    expect(done.returnRequest!.creditedGrossMinor).toBe(6659);
    expect(await em.fork().findOneOrFail(OrderLine, { id: o.lineA })).toMatchObject({
      creditedQuantity: 3,
      creditedGrossMinor: 9989,
    });
  });

  it('a SHORT-only claim is credited without goods: no warehouse, RETURN_CREDIT at approval', async () => {
    const o = await deliveredOrder();
    const claimId = await db.orm.em.fork().transactional((tx) =>
      openDiscrepancyClaim(tx, {
        shipmentId: o.shipmentId,
        orderId: o.orderId,
        dealerId: 'dlr_1',
        dealerRegionPath: '/reg_cn/reg_east/reg_js/',
        userId: 'usr_d1',
        lines: [{ orderLineId: o.lineB, productId: 'prd_b', shortQuantity: 1, damagedQuantity: 0 }],
      }),
    );
    const em = db.orm.em.fork();
    expect(await em.findOneOrFail(ReturnRequest, { id: claimId! })).toMatchObject({
      source: 'RECEIPT_DISCREPANCY',
      reason: 'SHORT_DELIVERED',
    });
    expect(
      (await em.findOneOrFail(ShipmentLine, { shipmentId: o.shipmentId, orderLineId: o.lineB })).claimedQuantity,
    ).toBe(1);
    const r = await reviews.review(db.context(hq), { returnId: claimId!, decision: ReviewDecision.APPROVE });
    expect(r.errors).toEqual([]);
    expect(r.returnRequest).toMatchObject({
      status: ReturnStatus.CREDITED,
      warehouseId: null,
      creditedGrossMinor: 1000,
    });
    expect(fake.receipts.size).toBe(0);
    expect(fake.calls).not.toContain('takeBackGoods');
    const credit = await em.findOneOrFail(FulfilmentTask, {
      kind: FulfilmentTaskKind.RETURN_CREDIT,
      subjectId: claimId!,
    });
    expect((JSON.parse(credit.payload) as CreditPayload).lines).toMatchObject([
      { productId: 'prd_b', quantity: 1, grossMinor: '1000', taxClass: 'REDUCED' },
    ]);
    expect(fake.creditNotes.get(`return:${claimId}`)).not.toHaveProperty('sellerDealerId');
  });

  it("credits a two-tier order's return for its seller (the parent's series and line)", async () => {
    const o = await deliveredOrder();
    await db.orm.em.fork().nativeUpdate(Order, { id: o.orderId }, { sellerDealerId: 'dlr_js' });
    const claimId = await db.orm.em.fork().transactional((tx) =>
      openDiscrepancyClaim(tx, {
        shipmentId: o.shipmentId,
        orderId: o.orderId,
        dealerId: 'dlr_1',
        dealerRegionPath: '/reg_cn/reg_east/reg_js/',
        userId: 'usr_d1',
        lines: [{ orderLineId: o.lineB, productId: 'prd_b', shortQuantity: 1, damagedQuantity: 0 }],
      }),
    );
    const r = await reviews.review(db.context(hq), { returnId: claimId!, decision: ReviewDecision.APPROVE });
    expect(r.errors).toEqual([]);
    expect(fake.creditNotes.get(`return:${claimId}`)).toMatchObject({ orderId: o.orderId, sellerDealerId: 'dlr_js' });
  });
});

describe('reads', () => {
  const LIST = `query Returns($f: ReturnFilter, $after: String) {
    returns(first: 1, after: $after, filter: $f) {
      totalCount pageInfo { hasNextPage endCursor }
      edges { node { id status source lines { kind requestedQuantity orderLine { id } } } }
    } }`;
  type ListData = {
    returns: { totalCount: number; pageInfo: { endCursor: string }; edges: { node: { id: string } }[] };
  };
  const list = async (viewer: Viewer, f: object, after?: string) => {
    const res = await db.execute(LIST, { f, after }, viewer);
    expect(res.errors).toBeUndefined();
    return (res.data as ListData).returns;
  };

  it('lists returns in the viewer scope, pages them, and shows them on the order', async () => {
    const o = await deliveredOrder();
    const first = (await ask(o)).returnRequest!;
    const second = (await ask(o)).returnRequest!;
    const page1 = await list(dealer, { orderId: o.orderId });
    expect(page1.totalCount).toBe(2);
    expect(page1.edges.map((e) => e.node.id)).toEqual([second.id]);
    const page2 = await list(dealer, { orderId: o.orderId }, page1.pageInfo.endCursor);
    expect(page2.edges.map((e) => e.node.id)).toEqual([first.id]);
    expect((await list(other, { orderId: o.orderId })).totalCount).toBe(0);
    // A filter narrows the scope, never replaces it: naming the dealer or the warehouse reads nothing more.
    expect((await list(other, { orderId: o.orderId, dealerId: first.dealerId })).totalCount).toBe(0);
    expect((await list(operator(['wh_hq']), { orderId: o.orderId })).totalCount).toBe(0);
    await reviews.review(db.context(hq), {
      returnId: first.id,
      decision: ReviewDecision.APPROVE,
      warehouseId: 'wh_hq',
    });
    expect((await list(operator(['wh_hq']), { orderId: o.orderId })).edges.map((e) => e.node.id)).toEqual([first.id]);
    expect((await list(operator(['wh_east']), { orderId: o.orderId, warehouseId: 'wh_hq' })).totalCount).toBe(0);
    const onOrder = await db.execute(
      'query($id: ID!) { order(id: $id) { returns { id } } }',
      { id: o.orderId },
      dealer,
    );
    expect((onOrder.data as { order: { returns: { id: string }[] } }).order.returns.map((r) => r.id)).toEqual([
      first.id,
      second.id,
    ]);
    const hidden = await db.execute('query($id: ID!) { returnRequest(id: $id) { id } }', { id: first.id }, other);
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });
});
