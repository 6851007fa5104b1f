import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { AnyVariables } from '@urql/core';
import { computed, ref, shallowRef, watch, type Ref } from 'vue';
import { urqlClient } from '@/lib/urql-client';

/** The part of a Relay connection the lists use. */
export interface Connection<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: N }[];
}

/** The state a "load more" list shows (PagedList reads it): rows, total (null: unknown), paging and errors. */
export function pagedListState<N>() {
  return {
    items: shallowRef<N[]>([]),
    totalCount: ref<number | null>(null),
    hasNextPage: ref(false),
    loading: ref(true),
    loadingMore: ref(false),
    error: ref<Error | null>(null),
  };
}

/**
 * A "load more" list over a Relay connection: the first page whenever the variables change,
 * then `loadMore()` appends the next page (`first`/`after`). Answers of superseded requests are
 * dropped, so typing fast never shows an older search's results.
 */
export function useConnection<D, V extends AnyVariables & { after?: string | null }, N>(opts: {
  query: TypedDocumentNode<D, V>;
  /** Variables without `after`; re-read reactively. */
  variables: () => Omit<V, 'after'>;
  select: (data: D) => Connection<N>;
}) {
  const { items, totalCount, hasNextPage, loading, loadingMore, error } = pagedListState<N>();
  let endCursor: string | null = null;
  let seq = 0;

  async function fetchPage(reset: boolean, requestPolicy: 'cache-first' | 'network-only' = 'cache-first') {
    const mine = ++seq;
    // A reload from the server keeps the rows on screen until the answer replaces them.
    if (reset) loading.value = requestPolicy === 'cache-first' || items.value.length === 0;
    else loadingMore.value = true;
    error.value = null;
    const variables = { ...opts.variables(), after: reset ? null : endCursor } as unknown as V;
    const result = await urqlClient.value.query(opts.query, variables, { requestPolicy }).toPromise();
    if (mine !== seq) return;
    loading.value = false;
    loadingMore.value = false;
    if (result.error || !result.data) {
      error.value = result.error ?? new Error('no data');
      return;
    }
    const conn = opts.select(result.data);
    items.value = reset ? conn.edges.map((e) => e.node) : [...items.value, ...conn.edges.map((e) => e.node)];
    totalCount.value = conn.totalCount;
    hasNextPage.value = conn.pageInfo.hasNextPage;
    endCursor = conn.pageInfo.endCursor;
  }

  const key = computed(() => JSON.stringify(opts.variables()));
  watch([key, urqlClient], () => void fetchPage(true), { immediate: true });

  return {
    items: items as Readonly<Ref<N[]>>,
    totalCount,
    hasNextPage,
    loading,
    loadingMore,
    error,
    loadMore: () => (hasNextPage.value && !loadingMore.value ? fetchPage(false) : Promise.resolve()),
    retry: () => fetchPage(items.value.length === 0),
    /** The first page again from the server (after a change the list's rows may no longer match). */
    reload: () => fetchPage(true, 'network-only'),
  };
}
