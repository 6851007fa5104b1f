import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FulfilmentTask, FulfilmentTaskKind, FulfilmentTaskStatus } from '../entities/fulfilment-task.entity.js';
import { OrderAlert, OrderAlertKind } from '../entities/order-alert.entity.js';
import { OrderEvent } from '../entities/order-event.entity.js';
import { OrderStatus } from '../entities/order.entity.js';
import { ShipmentLine } from '../entities/shipment-line.entity.js';
import { ShipmentLot } from '../entities/shipment-lot.entity.js';
import { Shipment, ShipmentStatus } from '../entities/shipment.entity.js';
import { FakeFulfilmentServices } from '../fulfilment/fake-fulfilment-services.js';
import { approvedOrder, viewers, writeCounts } from '../fulfilment/fake-fulfilment-fixture.js';
import { createFulfilment, useFulfilment } from '../fulfilment/fulfilment-context.js';
import type { OrdersLoaders } from '../orders-context.js';
import type { ConfirmReceiptInput } from '../schema/shipment.input.js';
import { ordersSubgraph } from '../subgraph.js';
import { noDiscrepancyClaims, useDiscrepancyClaims, type DiscrepancyReport } from './discrepancy-claim.js';
import { OrderAlertService } from './order-alert.service.js';
import { OrderReviewService } from './order-review.service.js';
import { ReceiptService } from './receipt.service.js';
import { ShipmentService } from './shipment.service.js';

let db: TestSubgraph<OrdersLoaders>;
let fake: FakeFulfilmentServices;
const shipping = new ShipmentService();
const receipts = new ReceiptService();
const review = new OrderReviewService();
const em = () => db.orm.em.fork();
const ship = (shipmentId: string, lines?: { orderLineId: string; quantity: number }[]) =>
  shipping.ship(db.context(viewers.operator), { shipmentId, carrier: '顺丰', trackingNumber: 'SF1234567890', lines });
const confirm = (input: ConfirmReceiptInput, viewer = viewers.dealer) => receipts.confirm(db.context(viewer), input);

beforeAll(async () => {
  db = await openTestSubgraph(ordersSubgraph);
});
afterAll(async () => {
  useFulfilment(undefined);
  await db.close();
});
beforeEach(() => {
  fake = new FakeFulfilmentServices();
  useFulfilment(createFulfilment(fake, { stepTimeoutMs: 100, leaseMs: 5_000 }, 5_000));
});

describe('confirmReceipt', () => {
  it('confirms in full: DELIVERED, the order COMPLETED, goods into the dealer warehouse', async () => {
    const { order, shipment } = await approvedOrder(db, fake, [
      { productId: 'prd_r1', quantity: 2, lineTotalMinor: 200 },
    ]);
    await ship(shipment.id);
    const res = await confirm({ shipmentId: shipment.id, comment: '已收到' });
    expect(res.errors).toEqual([]);
    expect(res.shipment).toMatchObject({
      status: ShipmentStatus.DELIVERED,
      receiptComment: '已收到',
      receivedByUserId: 'usr_d1',
    });
    expect(res.order).toMatchObject({ status: OrderStatus.COMPLETED });
    expect(res.order!.completedAt).toBeInstanceOf(Date);
    expect(fake.receipts.get(`rcv:${shipment.id}`)).toMatchObject({
      kind: 'DEALER_RECEIPT',
      dealerId: 'dlr_nj',
      lines: [expect.objectContaining({ productId: 'prd_r1', quantity: 2, quarantined: false })],
    });
    expect(fake.codeReceipts.has(`receive:${shipment.id}`)).toBe(true);
    const task = await em().findOneOrFail(FulfilmentTask, { kind: FulfilmentTaskKind.RECEIPT, subjectId: shipment.id });
    expect(task.status).toBe(FulfilmentTaskStatus.DONE);
    expect((await confirm({ shipmentId: shipment.id })).errors[0]!.code).toBe('SHIPMENT_ALREADY_DELIVERED');
    expect(order.id).toBeTruthy();
  });

  it('records short and damaged units per line and lot (good first FEFO, damaged, short last), reported', async () => {
    const reports: DiscrepancyReport[] = [];
    useDiscrepancyClaims({ open: async (_tx, r) => (reports.push(r), null) });
    try {
      const { shipment, lines } = await approvedOrder(db, fake, [
        {
          productId: 'prd_r2',
          quantity: 5,
          lineTotalMinor: 500,
          lots: [
            ['lot_late', '2027-12-01T00:00:00.000Z', 2],
            ['lot_early', '2027-01-01T00:00:00.000Z', 3],
          ],
        },
      ]);
      await ship(shipment.id);
      const line = lines[0]!.id;
      const res = await confirm({
        shipmentId: shipment.id,
        lines: [{ orderLineId: line, receivedQuantity: 4, damagedQuantity: 1 }],
      });
      expect(res.errors).toEqual([]);
      expect(await em().findOne(ShipmentLine, { shipmentId: shipment.id })).toMatchObject({
        receivedQuantity: 4,
        damagedQuantity: 1,
      });
      const lots = await em().find(ShipmentLot, { shipmentId: shipment.id }, { orderBy: { lotId: 'asc' } });
      expect(lots.map((l) => [l.lotId, l.quantity, l.receivedQuantity, l.damagedQuantity])).toEqual([
        ['lot_early', 3, 3, 0],
        ['lot_late', 2, 1, 1],
      ]);
      expect(
        fake.receipts.get(`rcv:${shipment.id}`)!.lines.map((l) => [l.lotNumber, l.quantity, l.quarantined]),
      ).toEqual([
        ['LOT_EARLY', 3, false],
        ['LOT_LATE', 1, true],
      ]);
      expect(reports).toEqual([
        expect.objectContaining({
          shipmentId: shipment.id,
          lines: [{ orderLineId: line, productId: 'prd_r2', shortQuantity: 1, damagedQuantity: 1 }],
        }),
      ]);
    } finally {
      useDiscrepancyClaims(noDiscrepancyClaims);
    }
  });

  it('refuses every §11.1 receipt code writing nothing', async () => {
    const { shipment, lines } = await approvedOrder(db, fake, [
      { productId: 'prd_r3', quantity: 2, lineTotalMinor: 200 },
    ]);
    const picking = await approvedOrder(db, fake, [{ productId: 'prd_r4', quantity: 1, lineTotalMinor: 100 }]);
    await ship(shipment.id);
    const line = lines[0]!.id;
    const cases: [ConfirmReceiptInput, string][] = [
      [{ shipmentId: picking.shipment.id }, 'SHIPMENT_NOT_SHIPPED'],
      [{ shipmentId: shipment.id, comment: 'x'.repeat(501) }, 'COMMENT_TOO_LONG'],
      [
        { shipmentId: shipment.id, lines: [{ orderLineId: 'oln_x', receivedQuantity: 1, damagedQuantity: 0 }] },
        'LINE_NOT_IN_SHIPMENT',
      ],
      [
        { shipmentId: shipment.id, lines: [{ orderLineId: line, receivedQuantity: -1, damagedQuantity: 0 }] },
        'QUANTITY_INVALID',
      ],
      [
        { shipmentId: shipment.id, lines: [{ orderLineId: line, receivedQuantity: 3, damagedQuantity: 0 }] },
        'RECEIPT_EXCEEDS_SHIPPED',
      ],
      [
        { shipmentId: shipment.id, lines: [{ orderLineId: line, receivedQuantity: 1, damagedQuantity: 2 }] },
        'DAMAGED_EXCEEDS_RECEIVED',
      ],
    ];
    const before = await writeCounts(db);
    for (const [input, code] of cases)
      expect(
        (await confirm(input)).errors.map((e) => e.code),
        code,
      ).toEqual([code]);
    await expect(confirm({ shipmentId: shipment.id }, viewers.otherDealer)).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
    });
    expect(await writeCounts(db)).toEqual(before);
  });
});

describe('cancelOrder on a PARTIALLY_SHIPPED order: the rest', () => {
  it('cancels the PICKING rest: order SHIPPED, remainders released after the SHIP task', async () => {
    const { order, shipment, lines } = await approvedOrder(db, fake, [
      { productId: 'prd_c1', quantity: 4, lineTotalMinor: 400 },
    ]);
    const part = await ship(shipment.id, [{ orderLineId: lines[0]!.id, quantity: 1 }]);
    expect(part.order!.status).toBe(OrderStatus.PARTIALLY_SHIPPED);
    const res = await review.cancel(db.context(viewers.hq), order.id, '余货不要了');
    expect(res.errors).toEqual([]);
    expect(res.order!.status).toBe(OrderStatus.SHIPPED);
    expect(await em().findOne(Shipment, { id: part.remainder!.id })).toMatchObject({
      status: ShipmentStatus.CANCELLED,
      cancelReason: '余货不要了',
    });
    expect(fake.committed(order.id)).toBe(1);
    expect(fake.remainder(order.id)).toBe(0);
    expect(fake.holds.get(order.id)).toMatchObject({ capturedMinor: 100, released: true });
    // Shipping the cancelled rest is refused; cancelling again has nothing left.
    expect((await ship(part.remainder!.id)).errors[0]!.code).toBe('SHIPMENT_CANCELLED');
    expect((await review.cancel(db.context(viewers.hq), order.id)).errors[0]!.code).toBe('INVALID_TRANSITION');
    const done = await confirm({ shipmentId: shipment.id });
    expect(done.order!.status).toBe(OrderStatus.COMPLETED);
  });

  it('completes at once when every shipped part is delivered; a cancel racing the last part loses', async () => {
    const { order, shipment, lines } = await approvedOrder(db, fake, [
      { productId: 'prd_c2', quantity: 2, lineTotalMinor: 200 },
    ]);
    const part = await ship(shipment.id, [{ orderLineId: lines[0]!.id, quantity: 1 }]);
    await confirm({ shipmentId: shipment.id });
    const res = await review.cancel(db.context(viewers.hq), order.id);
    expect(res.order!.status).toBe(OrderStatus.COMPLETED);

    const other = await approvedOrder(db, fake, [{ productId: 'prd_c3', quantity: 2, lineTotalMinor: 200 }]);
    const first = await ship(other.shipment.id, [{ orderLineId: other.lines[0]!.id, quantity: 1 }]);
    const [shipped, cancelled] = await Promise.all([
      ship(first.remainder!.id),
      review.cancel(db.context(viewers.hq), other.order.id),
    ]);
    const wins = [shipped.errors.length === 0, cancelled.errors.length === 0];
    expect(wins.filter(Boolean)).toHaveLength(1);
    if (!wins[0]) expect(shipped.errors[0]!.code).toBe('SHIPMENT_CANCELLED');
    else expect(cancelled.errors[0]!.code).toBe('INVALID_TRANSITION');
    expect(part.remainder).not.toBeNull();
  });
});

describe('the fulfilment scan', () => {
  const DAY = 86_400_000;

  it('raises UNSHIPPED_OVERDUE once per order PICKING past the threshold; clears it once shipped', async () => {
    const alerts = new OrderAlertService();
    const { order, shipment } = await approvedOrder(db, fake, [
      { productId: 'prd_s1', quantity: 1, lineTotalMinor: 100 },
    ]);
    const later = new Date(Date.now() + 8 * DAY);
    expect(await alerts.scanUnshipped(db.orm.em, 7, new Date(Date.now() + DAY))).toBe(0);
    expect(await alerts.scanUnshipped(db.orm.em, 7, later)).toBeGreaterThanOrEqual(1);
    expect(await alerts.scanUnshipped(db.orm.em, 7, later)).toBe(0);
    const raised = await em().findOneOrFail(OrderAlert, { orderId: order.id, kind: OrderAlertKind.UNSHIPPED_OVERDUE });
    expect(raised.openKey).toBe(`UNSHIPPED_OVERDUE:${order.id}`);
    await ship(shipment.id);
    await alerts.scanUnshipped(db.orm.em, 7, later);
    expect((await em().findOneOrFail(OrderAlert, { id: raised.id })).openKey).toBeNull();
  });

  it('confirms shipments SHIPPED longer than AUTO_RECEIPT_DAYS as 自动签收 (0 = never)', async () => {
    const { order, shipment } = await approvedOrder(db, fake, [
      { productId: 'prd_s2', quantity: 1, lineTotalMinor: 100 },
    ]);
    await ship(shipment.id);
    expect(await receipts.autoConfirm(db.orm.em, 0, new Date(Date.now() + 30 * DAY))).toBe(0);
    expect(await receipts.autoConfirm(db.orm.em, 15, new Date(Date.now() + 14 * DAY))).toBe(0);
    expect(await receipts.autoConfirm(db.orm.em, 15, new Date(Date.now() + 16 * DAY))).toBeGreaterThanOrEqual(1);
    expect(await em().findOne(Shipment, { id: shipment.id })).toMatchObject({
      status: ShipmentStatus.DELIVERED,
      receivedByUserId: null,
    });
    const last = await em().find(OrderEvent, { orderId: order.id }, { orderBy: { at: 'desc' }, limit: 1 });
    expect(last[0]).toMatchObject({ actorName: '自动签收', toStatus: OrderStatus.COMPLETED });
  });
});
