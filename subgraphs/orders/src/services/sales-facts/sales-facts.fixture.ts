import { EventType, handleOnce, newEventId, TaxClass, type DomainEvent } from '@dnp/subgraph-kit';
import type { MikroORM } from '@mikro-orm/core';
import { OrderLine } from '../../entities/order-line.entity.js';
import { Order, OrderStatus } from '../../entities/order.entity.js';
import { ReturnLine, ReturnLineKind } from '../../entities/return-line.entity.js';
import { ReturnReason, ReturnRequest, ReturnSource, ReturnStatus } from '../../entities/return-request.entity.js';
import { ShipmentLine } from '../../entities/shipment-line.entity.js';
import { Shipment, ShipmentStatus } from '../../entities/shipment.entity.js';
import { salesFactsConsumer } from './sales-facts-consumer.js';

/** The consumer the specs feed, in Beijing time. */
export const consumer = salesFactsConsumer(() => 'Asia/Shanghai');

/** Delivers one event to `orders:sales-facts` the way the kit does (once per event id). */
export const deliver = (orm: MikroORM, e: DomainEvent) =>
  handleOnce(orm.em, consumer.name, e.id, (tx) => consumer.handle(tx, e));

/** A domain event for the consumer. */
export const event = (type: EventType, payload: Record<string, unknown>, subjectId = 'x'): DomainEvent => ({
  ...{ id: newEventId(), type, source: 'test', occurredAt: new Date().toISOString(), subjectId },
  ...{ scope: { hqOnly: true }, payload },
});

/** `orders.shipment_status_changed` to SHIPPED. */
export const shipped = (shipmentId: string) =>
  event(EventType.SHIPMENT_STATUS_CHANGED, {
    ...{ shipmentId, shipmentNumber: shipmentId, orderId: 'o', dealerId: 'd', warehouseId: 'w' },
    ...{ fromStatus: 'PICKING', toStatus: 'SHIPPED', units: 1 },
  });

/** `orders.return_status_changed` to CREDITED. */
export const credited = (returnId: string) =>
  event(EventType.RETURN_STATUS_CHANGED, {
    ...{ returnId, returnNumber: returnId, orderId: 'o', dealerId: 'd', source: 'DEALER' },
    ...{ fromStatus: 'RECEIVED', toStatus: 'CREDITED' },
  });

/** `products.product_changed`. */
export const productChanged = (productId: string, version: number, categoryPath: string, brandId = 'brd_a') =>
  event(EventType.PRODUCT_CHANGED, {
    ...{ productId, sku: productId, name: 'n', nameEn: 'n', brandId, categoryId: 'c', categoryPath },
    ...{ status: 'ACTIVE', taxClass: 'STANDARD', traceable: false, shelfLifeDays: 1, unit: 'box' },
    ...{ salesRegionIds: null, version, change: 'UPDATED' },
  });

/** An order line of the fixture: id, product, units, total and VAT class. */
export interface FixtureLine {
  id: string;
  productId: string;
  quantity: number;
  totalMinor: number;
  taxClass?: TaxClass;
}

/** Writes an order and its lines (placed an hour before `at`). */
export async function makeOrder(
  orm: MikroORM,
  id: string,
  dealer: { id: string; regionPath: string; sellerDealerId?: string | null },
  lines: FixtureLine[],
  at: Date,
): Promise<void> {
  const em = orm.em.fork();
  const total = lines.reduce((a, l) => a + l.totalMinor, 0);
  em.create(Order, {
    ...{ id, orderNumber: id.toUpperCase().slice(0, 20), dealerId: dealer.id, dealerRegionId: 'reg_x' },
    ...{ dealerRegionPath: dealer.regionPath, status: OrderStatus.SHIPPED, currency: 'CNY', subtotalMinor: total },
    ...{ discountMinor: 0, totalMinor: total, itemCount: lines.reduce((a, l) => a + l.quantity, 0) },
    ...{ placedByUserId: 'usr_x', placedAt: new Date(at.getTime() - 3_600_000), updatedAt: at },
    sellerDealerId: dealer.sellerDealerId ?? null,
  } as never);
  lines.forEach((l, i) =>
    em.create(OrderLine, {
      ...{ id: l.id, orderId: id, lineNo: i + 1, productId: l.productId, sku: l.productId, productName: 'p' },
      ...{ quantity: l.quantity, currency: 'CNY', unitPriceMinor: 0, lineSubtotalMinor: l.totalMinor },
      ...{ discountMinor: 0, lineTotalMinor: l.totalMinor, isGift: false, promotionId: null },
      taxClass: l.taxClass ?? TaxClass.STANDARD,
    } as never),
  );
  await em.flush();
}

/** Writes a shipment of `orderId` shipped at `at` with its lines (order line id, units, gross). */
export async function makeShipment(
  orm: MikroORM,
  id: string,
  order: { id: string; dealerId: string; regionPath: string },
  lines: [string, number, number][],
  at: Date,
): Promise<void> {
  const em = orm.em.fork();
  em.create(Shipment, {
    ...{ id, number: id.toUpperCase(), orderId: order.id, warehouseId: 'wh_x', dealerId: order.dealerId },
    ...{ dealerRegionPath: order.regionPath, seq: 1, status: ShipmentStatus.SHIPPED, version: 1, shippedAt: at },
    ...{ createdAt: at, updatedAt: at },
  } as never);
  for (const [orderLineId, quantity, grossMinor] of lines) {
    em.create(ShipmentLine, { shipmentId: id, orderLineId, quantity, grossMinor } as never);
  }
  await em.flush();
}

/** Writes a return of received goods credited at `at` (order line id, product, units, gross). */
export async function makeCreditedReturn(
  orm: MikroORM,
  id: string,
  order: { id: string; dealerId: string; regionPath: string; shipmentId: string },
  lines: [string, string, number, number][],
  at: Date,
): Promise<void> {
  const em = orm.em.fork();
  em.create(ReturnRequest, {
    ...{ id, number: id.toUpperCase(), orderId: order.id, dealerId: order.dealerId },
    ...{ dealerRegionPath: order.regionPath, source: ReturnSource.DEALER, reason: ReturnReason.QUALITY },
    ...{ status: ReturnStatus.CREDITED, version: 1, idempotencyKey: id, requestedAt: at, creditedAt: at },
    updatedAt: at,
  } as never);
  lines.forEach(([orderLineId, productId, units, grossMinor], i) =>
    em.create(ReturnLine, {
      ...{ id: `${id}_${i}`, returnId: id, lineNo: i + 1, shipmentId: order.shipmentId, orderLineId, productId },
      ...{ kind: ReturnLineKind.GOODS, damaged: false, requestedQuantity: units, acceptedQuantity: units },
      ...{ receivedQuantity: units, grossMinor },
    } as never),
  );
  await em.flush();
}
