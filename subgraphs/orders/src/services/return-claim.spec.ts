import { OutboxEvent, EventType } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FulfilmentTask, FulfilmentTaskKind, FulfilmentTaskStatus } from '../entities/fulfilment-task.entity.js';
import { ReturnDisposition, ReturnLine, ReturnLineKind } from '../entities/return-line.entity.js';
import { ReturnRequest, ReturnSource, ReturnStatus } from '../entities/return-request.entity.js';
import { ShipmentLine } from '../entities/shipment-line.entity.js';
import { FakeFulfilmentServices } from '../fulfilment/fake-fulfilment-services.js';
import { approvedOrder, viewers } from '../fulfilment/fake-fulfilment-fixture.js';
import { createFulfilment, useFulfilment } from '../fulfilment/fulfilment-context.js';
import { FakeReturnServices } from '../fulfilment/tasks/return-fake-services.js';
import { useReturnServices } from '../fulfilment/tasks/return-services.js';
import type { TakeBackPayload } from '../fulfilment/tasks/return-tasks.js';
import type { OrdersLoaders } from '../orders-context.js';
import { ReviewDecision } from '../schema/place-order.input.js';
import { ordersSubgraph } from '../subgraph.js';
import { ReceiptService } from './receipt.service.js';
import { ReturnReceiveService } from './return-receive.service.js';
import { ReturnReviewService } from './return-review.service.js';
import { ShipmentService } from './shipment.service.js';

let db: TestSubgraph<OrdersLoaders>;
let fulfilmentFake: FakeFulfilmentServices;
let fake: FakeReturnServices;

beforeAll(async () => {
  db = await openTestSubgraph(ordersSubgraph);
});
afterAll(async () => {
  useFulfilment(undefined);
  useReturnServices(undefined);
  await db.close();
});
beforeEach(() => {
  fulfilmentFake = new FakeFulfilmentServices();
  useFulfilment(createFulfilment(fulfilmentFake, { stepTimeoutMs: 100, leaseMs: 5_000 }, 5_000));
  fake = new FakeReturnServices();
  fake.warehouses.set('wh_hq', { id: 'wh_hq', kind: 'HQ', dealerId: null });
  useReturnServices(fake);
});

describe('discrepancy claims', () => {
  it('confirmReceipt with damaged and short units opens a claim that HQ approves, receives and credits', async () => {
    const { shipment, lines } = await approvedOrder(db, fulfilmentFake, [
      { productId: 'prd_m', quantity: 3, lineTotalMinor: 9989 },
      { productId: 'prd_z', quantity: 2, lineTotalMinor: 2000 },
    ]);
    const [m, z] = lines;
    const shipped = await new ShipmentService().ship(db.context(viewers.hq), {
      shipmentId: shipment.id,
      carrier: '顺丰',
      trackingNumber: 'SF1234567890',
    });
    expect(shipped.errors).toEqual([]);
    const receipt = await new ReceiptService().confirm(db.context(viewers.dealer), {
      shipmentId: shipment.id,
      lines: [
        { orderLineId: m!.id, receivedQuantity: 3, damagedQuantity: 1 },
        { orderLineId: z!.id, receivedQuantity: 1, damagedQuantity: 0 },
      ],
    });
    expect(receipt.errors).toEqual([]);
    const em = db.orm.em.fork();
    const claim = await em.findOneOrFail(ReturnRequest, { orderId: shipment.orderId });
    expect(claim).toMatchObject({ source: ReturnSource.RECEIPT_DISCREPANCY, status: ReturnStatus.REQUESTED });
    const claimLines = await em.find(ReturnLine, { returnId: claim.id }, { orderBy: { lineNo: 'asc' } });
    expect(claimLines.map((l) => [l.productId, l.kind, l.requestedQuantity, l.damaged])).toEqual([
      ['prd_m', ReturnLineKind.GOODS, 1, true],
      ['prd_z', ReturnLineKind.SHORT, 1, false],
    ]);
    const claimed = await em.find(ShipmentLine, { shipmentId: shipment.id }, { orderBy: { orderLineId: 'asc' } });
    expect(claimed.map((l) => [l.orderLineId, l.claimedQuantity, l.returnedQuantity])).toEqual(
      [
        [m!.id, 1, 0],
        [z!.id, 1, 0],
      ].sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    );
    expect(await em.count(OutboxEvent, { type: EventType.RETURN_STATUS_CHANGED, subjectId: claim.id })).toBe(1);

    fake.stock('dlr_nj', 'prd_m', 1);
    const approved = await new ReturnReviewService().review(db.context(viewers.hq), {
      returnId: claim.id,
      decision: ReviewDecision.APPROVE,
      warehouseId: 'wh_hq',
    });
    expect(approved.returnRequest).toMatchObject({ status: ReturnStatus.APPROVED, warehouseId: 'wh_hq' });
    // The damaged unit leaves the dealer's quarantine.
    const takeBack = await em.fork().findOneOrFail(FulfilmentTask, {
      kind: FulfilmentTaskKind.RETURN_TAKE_BACK,
      subjectId: claim.id,
    });
    expect((JSON.parse(takeBack.payload) as TakeBackPayload).lines).toMatchObject([
      { productId: 'prd_m', quantity: 1, quarantined: true },
    ]);
    expect(takeBack.status).toBe(FulfilmentTaskStatus.DONE);
    expect(fake.units('dlr_nj', 'prd_m')).toBe(0);

    const goods = claimLines[0]!;
    const received = await new ReturnReceiveService().receive(db.context(viewers.hq), {
      returnId: claim.id,
      lines: [{ returnLineId: goods.id, quantity: 1, disposition: ReturnDisposition.QUARANTINE }],
    });
    // One unit of ¥99.89 / 3 (¥33.30) and one short unit of ¥20.00 / 2.
    expect(received.returnRequest).toMatchObject({ status: ReturnStatus.CREDITED, creditedGrossMinor: 3330 + 1000 });
    expect(fake.creditNotes.get(`return:${claim.id}`)!.lines.map((l) => [l.productId, l.grossMinor])).toEqual([
      ['prd_m', '3330'],
      ['prd_z', '1000'],
    ]);
  });
});
