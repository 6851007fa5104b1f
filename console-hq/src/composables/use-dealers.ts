import { useClientHandle, useQuery } from '@urql/vue';
import { computed, reactive, ref, watch, type Ref } from 'vue';
import {
  DealerChildrenDocument,
  DealerProfileDocument,
  DealerSearchDocument,
  DealerTreeDocument,
} from '@/graphql/dealers';
import type { DealerNodeFieldsFragment, DealerSearchQuery } from '@/generated/graphql';

export type DealerNode = DealerNodeFieldsFragment;

interface TreeState {
  nodes: Record<string, DealerNode>;
  /** Child ids per dealer, once known. */
  children: Record<string, string[]>;
  /** Whether a dealer has children at all (known one level ahead of `children`). */
  hasChildren: Record<string, boolean>;
  expanded: Record<string, boolean>;
  loading: Record<string, boolean>;
  failed: Record<string, string>;
}

/**
 * The dealer network as a lazily expanded tree: `dealerTree` gives the top and one level below;
 * expanding a node whose children are not known yet asks `dealer(id) { children }`.
 */
export function useDealerTree() {
  const handle = useClientHandle();
  const query = useQuery({ query: DealerTreeDocument });
  const state = reactive<TreeState>({
    nodes: {},
    children: {},
    hasChildren: {},
    expanded: {},
    loading: {},
    failed: {},
  });
  const rootIds = ref<string[]>([]);

  function remember(node: DealerNode & { children: { id: string }[] }): void {
    const { children, ...rest } = node;
    state.nodes[node.id] = rest as DealerNode;
    state.hasChildren[node.id] = children.length > 0;
  }

  watch(
    () => query.data.value?.dealerTree,
    (roots) => {
      if (!roots) return;
      rootIds.value = roots.map((r) => r.id);
      for (const root of roots) {
        const { children, ...rest } = root;
        state.nodes[root.id] = rest as DealerNode;
        state.hasChildren[root.id] = children.length > 0;
        state.children[root.id] = children.map((c) => c.id);
        for (const child of children) remember(child);
      }
    },
    { immediate: true },
  );

  async function loadChildren(id: string): Promise<void> {
    state.loading[id] = true;
    delete state.failed[id];
    const result = await handle.client.query(DealerChildrenDocument, { id }).toPromise();
    state.loading[id] = false;
    const dealer = result.data?.dealer;
    if (!dealer) {
      state.failed[id] = result.error?.message ?? 'NOT_FOUND';
      return;
    }
    for (const child of dealer.children) remember(child);
    state.children[id] = dealer.children.map((c) => c.id);
  }

  async function toggle(id: string): Promise<void> {
    if (state.expanded[id]) {
      state.expanded[id] = false;
      return;
    }
    state.expanded[id] = true;
    if (!state.children[id]) await loadChildren(id);
  }

  function collapseAll(): void {
    for (const id of Object.keys(state.expanded)) state.expanded[id] = false;
  }

  return {
    state,
    rootIds,
    toggle,
    collapseAll,
    retry: loadChildren,
    loaded: computed(() => query.data.value !== undefined),
    fetching: query.fetching,
    error: query.error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

export const DEALER_SEARCH_PAGE = 20;

/** `dealers(filter: { search })` as a list, paged with "load more". Paused while the search is empty. */
export function useDealerSearch(search: Ref<string>) {
  type Page = DealerSearchQuery['dealers'];
  const after = ref<string | null>(null);
  /** Loaded pages keyed by the cursor they start after ('' for the first). */
  const pages = ref<{ after: string; conn: Page }[]>([]);
  const term = computed(() => search.value.trim());
  watch(term, () => {
    after.value = null;
    pages.value = [];
  });
  const query = useQuery({
    query: DealerSearchDocument,
    variables: computed(() => ({ search: term.value, first: DEALER_SEARCH_PAGE, after: after.value })),
    pause: computed(() => term.value.length === 0),
  });
  watch(
    () => query.data.value?.dealers,
    (conn) => {
      if (!conn || term.value.length === 0) return;
      const key = after.value ?? '';
      const kept = pages.value.filter((p) => p.after !== key);
      pages.value = key === '' ? [{ after: key, conn }] : [...kept, { after: key, conn }];
    },
  );
  const results = computed(() => {
    const seen = new Set<string>();
    return pages.value
      .flatMap((p) => p.conn.edges.map((e) => e.node))
      .filter((n) => (seen.has(n.id) ? false : (seen.add(n.id), true)));
  });
  const last = computed(() => pages.value[pages.value.length - 1]?.conn);
  return {
    active: computed(() => term.value.length > 0),
    results,
    totalCount: computed(() => last.value?.totalCount ?? 0),
    hasMore: computed(() => last.value?.pageInfo.hasNextPage ?? false),
    loadMore() {
      const end = last.value?.pageInfo.endCursor;
      if (end) after.value = end;
    },
    loaded: computed(() => pages.value.length > 0),
    fetching: query.fetching,
    error: query.error,
  };
}

/** One dealer's profile; `notFound` when the API says NOT_FOUND (unknown or out of scope). */
export function useDealerProfile(id: Ref<string>) {
  const query = useQuery({ query: DealerProfileDocument, variables: computed(() => ({ id: id.value })) });
  const dealer = computed(() => query.data.value?.dealer ?? null);
  const notFound = computed(
    () =>
      !query.fetching.value &&
      !dealer.value &&
      (query.error.value?.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND') ||
        (query.data.value !== undefined && query.data.value.dealer === null)),
  );
  return {
    dealer,
    notFound,
    fetching: query.fetching,
    error: computed(() => (notFound.value ? undefined : query.error.value)),
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}
