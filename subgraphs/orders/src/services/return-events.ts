import { EventType, recordEvent } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import type { ReturnRequest, ReturnStatus } from '../entities/return-request.entity.js';
import { orderScope } from './order-events.js';

/** The return facts its event needs. */
export type ReturnFacts = Pick<
  ReturnRequest,
  'id' | 'number' | 'orderId' | 'dealerId' | 'dealerRegionPath' | 'source' | 'warehouseId'
>;

/**
 * Records `orders.return_status_changed` in the transaction that moves the return: scoped to the
 * dealer, the dealer's region and, once approved, the target warehouse (its operators receive it).
 */
export function recordReturnStatusChanged(
  tx: EntityManager,
  ret: ReturnFacts,
  from: ReturnStatus | null,
  to: ReturnStatus,
  at = new Date(),
): void {
  const scope = orderScope({ id: ret.orderId, dealerId: ret.dealerId, regionPath: ret.dealerRegionPath });
  recordEvent(tx, {
    type: EventType.RETURN_STATUS_CHANGED,
    subjectId: ret.id,
    scope: ret.warehouseId ? { ...scope, warehouseIds: [ret.warehouseId] } : scope,
    occurredAt: at,
    payload: {
      returnId: ret.id,
      returnNumber: ret.number,
      orderId: ret.orderId,
      dealerId: ret.dealerId,
      source: ret.source,
      fromStatus: from,
      toStatus: to,
      warehouseId: ret.warehouseId,
    },
  });
}
