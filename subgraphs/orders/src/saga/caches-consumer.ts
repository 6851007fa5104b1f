import { EventType, isEventOfType, type DomainEvent, type EventConsumer } from '@dnp/subgraph-kit';
import type { SagaReferenceDrops } from './saga-reference.cache.js';

/** The events after which the saga's cached dealer or product may be stale. */
export const ORDERS_CACHE_EVENTS: EventType[] = [EventType.DEALER_CHANGED, EventType.PRODUCT_CHANGED];

/**
 * `orders:caches` (every instance): drops the placement saga's cached dealer on
 * `dealers.dealer_changed` and the cached product (by id and SKU) on `products.product_changed`, so
 * the next placement reads them again: a suspension, an expired or renewed licence, a grade or a
 * retirement applies at once instead of within `SAGA_REFERENCE_CACHE_MS`.
 */
export function ordersCachesConsumer(cache: () => SagaReferenceDrops): EventConsumer {
  return {
    name: 'orders:caches',
    delivery: 'every-instance',
    types: ORDERS_CACHE_EVENTS,
    async handle(_tx, event: DomainEvent) {
      // The subject is the row's id too: a payload without the field still drops the right entry.
      if (isEventOfType(event, EventType.DEALER_CHANGED)) {
        cache().dropDealer(event.payload.dealerId ?? event.subjectId);
      } else if (isEventOfType(event, EventType.PRODUCT_CHANGED)) {
        cache().dropProduct(event.payload.productId ?? event.subjectId, event.payload.sku);
      }
    },
  };
}
