import { EventType, recordEvent } from '@dnp/subgraph-kit';
import type { DealerChangedPayload } from '@dnp/event-bus';
import type { EntityManager } from '@mikro-orm/core';
import type { Dealer } from '../entities/dealer.entity.js';
import type { OrderingBlock } from './ordering-block.rule.js';

/** Region ids of a materialized path ("/reg_cn/reg_east/" → ["reg_cn", "reg_east"]), for event scopes. */
export function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/**
 * Records `dealers.dealer_changed` for `dealer` as it is after the change, in the caller's
 * transaction: the dealer's and its parent's users and the region's managers see it; orders drops
 * its cached dealer on it, finance rewrites its path copies.
 */
export function recordDealerChanged(
  tx: EntityManager,
  dealer: Dealer,
  change: DealerChangedPayload['change'],
  block: OrderingBlock | null,
  extra: Pick<DealerChangedPayload, 'fromStatus' | 'reason' | 'fromGrade'> = {},
  occurredAt = new Date(),
): void {
  recordEvent(tx, {
    type: EventType.DEALER_CHANGED,
    subjectId: dealer.id,
    scope: { dealerIds: pathIds(dealer.dealerPath).slice(-2).reverse(), regionPath: pathIds(dealer.regionPath) },
    occurredAt,
    payload: {
      dealerId: dealer.id,
      change,
      status: dealer.status,
      grade: dealer.grade,
      level: dealer.level,
      parentId: dealer.parentId,
      regionPath: dealer.regionPath,
      dealerPath: dealer.dealerPath,
      ...extra,
      orderingBlocked: block != null,
      blockCode: block?.code ?? null,
    },
  });
}
