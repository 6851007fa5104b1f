import type { CombinedError } from '@urql/vue';
import { computed, ref, type ComputedRef, type Ref } from 'vue';

/**
 * Forward cursors of a Relay connection as a stack: `next` pushes the page's endCursor, `previous`
 * pops it, so every page is the server's own page. `reset` starts again at page one.
 */
export function useCursorStack(pageSize: number) {
  const cursors = ref<(string | null)[]>([null]);
  const page = computed(() => cursors.value.length - 1);
  return {
    after: computed(() => cursors.value[cursors.value.length - 1]),
    offset: computed(() => page.value * pageSize),
    hasPrevious: computed(() => page.value > 0),
    next(endCursor: string | null | undefined) {
      if (endCursor) cursors.value = [...cursors.value, endCursor];
    },
    previous() {
      if (cursors.value.length > 1) cursors.value = cursors.value.slice(0, -1);
    },
    reset() {
      cursors.value = [null];
    },
  };
}

/** The part of a Relay connection the pager reads. */
interface ConnectionShape<N> {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  edges: { node: N }[];
}

/** The urql query state the pager reads. */
interface QueryShape {
  data: Ref<unknown>;
  fetching: Ref<boolean>;
  error: Ref<CombinedError | undefined>;
  executeQuery(opts: { requestPolicy: 'network-only' }): unknown;
}

/**
 * Page state of one connection for the list pages and `CursorPager`: rows, total, loading and
 * error state, and next/previous over the cursor stack. Every paginated list uses this one shape.
 */
export function pagedConnection<N>(
  cursors: ReturnType<typeof useCursorStack>,
  connection: ComputedRef<ConnectionShape<N> | null | undefined>,
  query: QueryShape,
) {
  return {
    rows: computed(() => connection.value?.edges.map((e) => e.node) ?? []),
    totalCount: computed(() => connection.value?.totalCount ?? 0),
    hasNext: computed(() => connection.value?.pageInfo.hasNextPage ?? false),
    hasPrevious: cursors.hasPrevious,
    offset: cursors.offset,
    loaded: computed(() => query.data.value !== undefined),
    fetching: query.fetching,
    error: query.error,
    next: () => connection.value?.pageInfo.hasNextPage && cursors.next(connection.value.pageInfo.endCursor),
    previous: () => cursors.previous(),
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** Field errors of a mutation payload (`errors[].field`), keyed by the field path. */
export interface PayloadError {
  code: string;
  message: string;
  field?: string | null;
}

export function errorsByField(errors: readonly PayloadError[]): Record<string, PayloadError[]> {
  const out: Record<string, PayloadError[]> = {};
  for (const e of errors) (out[e.field ?? ''] ??= []).push(e);
  return out;
}
