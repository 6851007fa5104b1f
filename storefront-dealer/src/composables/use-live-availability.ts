import { useSubscription } from '@urql/vue';
import { computed, shallowRef } from 'vue';
import { StockLiveSubscription } from '@/graphql/catalog';

/** Most products one page follows (the gateway serves up to 200 per subscription). */
export const MAX_LIVE_PRODUCTS = 200;

/** A product's availability as the pages query it (every field the pages select). */
export interface LiveAvailability {
  available: number;
  onHand: number;
  reserved: number;
  inStock: boolean;
  warehouseCount: number;
}

/**
 * Follows `stockChanged` for the products a page shows and keeps their latest availability. The
 * gateway re-reads each change as the viewer, so the figures are the ones the page's own query
 * would read now; the page keeps its query's data and overlays these with `withLive`. While no
 * product is on screen nothing is subscribed. The first MAX_LIVE_PRODUCTS products in screen
 * order are followed (a catalogue grown past that by "load more" keeps the rest as loaded).
 */
export function useLiveAvailability(productIds: () => readonly string[]) {
  const byProduct = shallowRef<ReadonlyMap<string, LiveAvailability>>(new Map());
  const byLevel = shallowRef<ReadonlyMap<string, number>>(new Map());
  // Sorted, so the same products in another order keep the same subscription.
  const ids = computed(() => [...new Set(productIds())].slice(0, MAX_LIVE_PRODUCTS).sort());
  const key = computed(() => ids.value.join(','));
  useSubscription(
    {
      query: StockLiveSubscription,
      variables: computed(() => ({ productIds: key.value ? key.value.split(',') : [] })),
      pause: computed(() => !key.value),
    },
    (_prev, data) => {
      const level = data.stockChanged;
      byProduct.value = new Map(byProduct.value).set(level.product.id, level.product.availability);
      byLevel.value = new Map(byLevel.value).set(level.id, level.available);
      return data;
    },
  );

  /** The product with its latest live availability (the product itself until a change arrives). */
  function withLive<P extends { id: string; availability: object }>(product: P): P {
    const live = byProduct.value.get(product.id);
    return live ? ({ ...product, availability: { ...product.availability, ...live } } as P) : product;
  }

  /** Stock levels with their latest live figure (the levels themselves until a change arrives). */
  function levelsWithLive<L extends { id: string; available: number }>(levels: readonly L[]): L[] {
    return levels.map((l) => {
      const available = byLevel.value.get(l.id);
      return available === undefined ? l : { ...l, available };
    });
  }

  return { withLive, levelsWithLive, followed: ids };
}
