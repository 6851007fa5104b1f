import { EventType, type EventConsumer } from '@dnp/subgraph-kit';
import type { PricingReferenceCache } from './pricing-reference.cache.js';

/** The events after which a pricing process's reference data (lists, entries, attributes) may be stale. */
export const PRICING_CACHE_EVENTS: EventType[] = [
  EventType.PRODUCT_CHANGED,
  EventType.CATEGORY_CHANGED,
  EventType.SUB_DEALER_PRICE_CHANGED,
];

/**
 * `pricing:caches` (every instance): clears this process's `PricingReferenceCache` when a product
 * or category changes in products or a seller price changes on another pricing instance, so
 * prices follow those changes at once instead of within `PRICING_REFERENCE_CACHE_MS`. A flush in
 * this process already clears it; HQ's own price-list edits on another instance keep the TTL bound.
 */
export function pricingCachesConsumer(cache: () => PricingReferenceCache): EventConsumer {
  return {
    name: 'pricing:caches',
    delivery: 'every-instance',
    types: PRICING_CACHE_EVENTS,
    async handle() {
      cache().clear();
    },
  };
}
