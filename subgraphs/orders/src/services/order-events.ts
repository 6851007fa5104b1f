import { EventType, recordEvent } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import type { OrderStatus } from '../entities/order.entity.js';

/** The order facts an event needs: its dealer and the dealer's region path (ids, root first, or "/a/b/"). */
export interface OrderFacts {
  id: string;
  dealerId: string;
  regionPath: string[] | string;
}

/** Scope of an order's events: its dealer's users, and region managers above the dealer. */
export function orderScope(order: OrderFacts): { dealerIds: string[]; regionPath: string[] } {
  const regionPath =
    typeof order.regionPath === 'string' ? order.regionPath.split('/').filter(Boolean) : order.regionPath;
  return { dealerIds: [order.dealerId], regionPath };
}

/**
 * Records `orders.order_status_changed` in the transaction that moves the order (one small
 * outbox insert, flushed with the transition).
 */
export function recordOrderStatusChanged(
  tx: EntityManager,
  order: OrderFacts,
  from: OrderStatus | null,
  to: OrderStatus,
  at = new Date(),
): void {
  recordEvent(tx, {
    type: EventType.ORDER_STATUS_CHANGED,
    subjectId: order.id,
    scope: orderScope(order),
    occurredAt: at,
    payload: { orderId: order.id, dealerId: order.dealerId, fromStatus: from, toStatus: to },
  });
}
