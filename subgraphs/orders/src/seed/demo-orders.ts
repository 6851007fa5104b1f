import { demoOrderBook, type DemoOrderBook } from '@dnp/demo-data';
import type { TaxClass } from '@dnp/subgraph-kit';
import type { OrderEventType } from '../entities/order-event.entity.js';
import type { OrderStatus } from '../entities/order.entity.js';
import type { Shipment, ShipmentStatus } from '../entities/shipment.entity.js';
import { newShipment } from '../saga/saga-rows.js';

export { dealerUnitPrice, GRADE_PERCENT } from '@dnp/demo-data';

type Book = DemoOrderBook;

/** The demo order book (`@dnp/demo-data`) as rows of the orders subgraph's tables. */
export interface DemoOrderRows {
  orders: (Omit<Book['orders'][number], 'status'> & { status: OrderStatus })[];
  lines: (Omit<Book['lines'][number], 'taxClass'> & { taxClass: TaxClass })[];
  shipments: Shipment[];
  shipmentLines: Book['shipmentLines'];
  events: (Omit<Book['events'][number], 'type' | 'fromStatus' | 'toStatus'> & {
    type: OrderEventType;
    fromStatus: OrderStatus | null;
    toStatus: OrderStatus | null;
  })[];
}

/**
 * The demo order history (about `target` orders over the year before `asOf`, deterministic for a
 * given UTC date) as rows: the book lives in `@dnp/demo-data` so inventory and finance seed the
 * reservations and credit holds of its approved orders; the enums share the book's values.
 */
export function demoOrders(asOf: Date, target = 3000): DemoOrderRows {
  const book = demoOrderBook(asOf, target);
  return {
    orders: book.orders as DemoOrderRows['orders'],
    lines: book.lines as DemoOrderRows['lines'],
    shipments: book.shipments.map((s) => ({
      ...newShipment({ ...s, at: s.createdAt }),
      id: s.id,
      number: s.number,
      status: s.status as ShipmentStatus,
      shippedAt: s.shippedAt,
      deliveredAt: s.deliveredAt,
      trackingNumber: s.trackingNumber,
    })),
    shipmentLines: book.shipmentLines,
    events: book.events as DemoOrderRows['events'],
  };
}
