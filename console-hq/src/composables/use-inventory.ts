import { useQuery } from '@urql/vue';
import { computed, ref, watch, type Ref } from 'vue';
import { StockLevelsDocument, WarehousesDocument } from '@/graphql/inventory';
import type { StockLevelSort } from '@/generated/graphql';

export const STOCK_PAGE_SIZE = 20;

/** The warehouses the viewer may see. */
export function useWarehouses() {
  const query = useQuery({ query: WarehousesDocument });
  return {
    warehouses: computed(() => query.data.value?.warehouses ?? []),
    loaded: computed(() => query.data.value !== undefined),
    fetching: query.fetching,
    error: query.error,
  };
}

export interface StockFilterState {
  warehouseId: Ref<string | null>;
  belowOnly: Ref<boolean>;
  sort: Ref<StockLevelSort>;
}

/**
 * `stockLevels` with forward cursors; going back pops the cursor stack, so every page is the
 * server's own keyset page. Changing a filter starts again at page one.
 */
export function useStockLevels(state: StockFilterState) {
  const cursors = ref<(string | null)[]>([null]);
  const page = computed(() => cursors.value.length - 1);
  const variables = computed(() => ({
    first: STOCK_PAGE_SIZE,
    after: cursors.value[cursors.value.length - 1],
    sort: state.sort.value,
    filter: {
      ...(state.warehouseId.value ? { warehouseId: state.warehouseId.value } : {}),
      ...(state.belowOnly.value ? { belowSafetyStock: true } : {}),
    },
  }));
  watch([state.warehouseId, state.belowOnly, state.sort], () => {
    cursors.value = [null];
  });
  const query = useQuery({ query: StockLevelsDocument, variables });
  const connection = computed(() => query.data.value?.stockLevels);
  const rows = computed(() => connection.value?.edges.map((e) => e.node) ?? []);
  return {
    rows,
    totalCount: computed(() => connection.value?.totalCount ?? 0),
    hasNext: computed(() => connection.value?.pageInfo.hasNextPage ?? false),
    hasPrevious: computed(() => page.value > 0),
    offset: computed(() => page.value * STOCK_PAGE_SIZE),
    loaded: computed(() => query.data.value !== undefined),
    fetching: query.fetching,
    error: query.error,
    next() {
      const end = connection.value?.pageInfo.endCursor;
      if (end && connection.value?.pageInfo.hasNextPage) cursors.value = [...cursors.value, end];
    },
    previous() {
      if (cursors.value.length > 1) cursors.value = cursors.value.slice(0, -1);
    },
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}
