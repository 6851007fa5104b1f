import { EventType, recordEvent } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import type { Order, OrderStatus } from '../entities/order.entity.js';

/** The order facts an event needs: its dealer and the dealer's region path (ids, root first, or "/a/b/"). */
export interface OrderFacts {
  id: string;
  dealerId: string;
  regionPath: string[] | string;
  /** The selling dealer of a two-tier order; null or absent when the brand sells. */
  sellerDealerId?: string | null;
}

/** An order row's event facts. */
export function orderFacts(
  order: Pick<Order, 'id' | 'dealerId' | 'dealerRegionPath'> & { sellerDealerId?: string | null },
): OrderFacts {
  return {
    id: order.id,
    dealerId: order.dealerId,
    regionPath: order.dealerRegionPath,
    sellerDealerId: order.sellerDealerId ?? null,
  };
}

/**
 * Scope of an order's events: its dealer's users, the selling dealer's (a parent sees its
 * sub-dealers' orders to it live), and region managers above the dealer.
 */
export function orderScope(order: OrderFacts): { dealerIds: string[]; regionPath: string[] } {
  const regionPath =
    typeof order.regionPath === 'string' ? order.regionPath.split('/').filter(Boolean) : order.regionPath;
  const dealerIds = order.sellerDealerId ? [order.dealerId, order.sellerDealerId] : [order.dealerId];
  return { dealerIds, regionPath };
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
    payload: {
      orderId: order.id,
      dealerId: order.dealerId,
      fromStatus: from,
      toStatus: to,
      ...(order.sellerDealerId ? { sellerDealerId: order.sellerDealerId } : {}),
    },
  });
}
