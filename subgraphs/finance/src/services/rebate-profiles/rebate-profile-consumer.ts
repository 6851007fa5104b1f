import {
  EventType,
  isEventOfType,
  rewritePathPrefix,
  upsertIfNewer,
  type DomainEvent,
  type EventConsumer,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { DealerProfile, ProductProfile } from '../../entities/rebate-profile.entity.js';

/**
 * `finance:rebate-profiles` (docs/design/rebates-reports.md §5): keeps `dealer_profile` and
 * `product_profile` current from the owners' events, each applied once; an event older than the
 * copy (by version) changes nothing, and a category move rewrites the copied paths under it.
 */
export function rebateProfileConsumer(): EventConsumer {
  return {
    name: 'finance:rebate-profiles',
    types: [EventType.DEALER_CHANGED, EventType.PRODUCT_CHANGED, EventType.CATEGORY_CHANGED],
    delivery: 'once',
    handle: (tx, event) => applyProfileEvent(tx, event),
  };
}

/** Applies one dealer, product or category event to the read models. */
export async function applyProfileEvent(tx: EntityManager, event: DomainEvent): Promise<void> {
  const now = new Date();
  if (isEventOfType(event, EventType.DEALER_CHANGED)) {
    const p = event.payload;
    const facts = { grade: p.grade, level: p.level, regionPath: p.regionPath, status: p.status, updatedAt: now };
    // `parentId` is only in the payload of some changes: keep the copy's when absent.
    const parent = p.parentId === undefined ? {} : { parentId: p.parentId };
    const version = Date.parse(event.occurredAt);
    await upsertIfNewer(tx, DealerProfile, { dealerId: p.dealerId }, version, { ...facts, ...parent });
  } else if (isEventOfType(event, EventType.PRODUCT_CHANGED)) {
    const p = event.payload;
    const facts = { sku: p.sku, brandId: p.brandId, categoryPath: p.categoryPath, updatedAt: now };
    await upsertIfNewer(tx, ProductProfile, { productId: p.productId }, p.version, facts);
  } else if (isEventOfType(event, EventType.CATEGORY_CHANGED)) {
    const p = event.payload;
    if (p.change === 'MOVED' && p.previousPath) {
      await rewritePathPrefix(tx, 'product_profile', 'category_path', p.previousPath, p.path);
    }
  }
}
