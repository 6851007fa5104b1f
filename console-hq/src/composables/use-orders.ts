import { useMutation, useQuery } from '@urql/vue';
import { computed, type Ref } from 'vue';
import {
  PendingReviewCountDocument,
  ReviewOrderDetailDocument,
  ReviewOrderDocument,
  ReviewQueueDocument,
} from '@/graphql/orders';
import type { ReviewDecision } from '@/generated/graphql';
import { canOpen } from '@/lib/access';
import { pagedConnection, useCursorStack, type PayloadError } from '@/lib/cursor-stack';
import { session } from '@/lib/session';

export const REVIEW_PAGE_SIZE = 20;

/** `reviewQueue`: PENDING_REVIEW orders in the viewer's scope, oldest first, paginated. */
export function useReviewQueue() {
  const cursors = useCursorStack(REVIEW_PAGE_SIZE);
  const variables = computed(() => ({ first: REVIEW_PAGE_SIZE, after: cursors.after.value }));
  const query = useQuery({ query: ReviewQueueDocument, variables, requestPolicy: 'cache-and-network' });
  const connection = computed(() => query.data.value?.reviewQueue);
  return pagedConnection(cursors, connection, query);
}

/** How many orders wait for review (side-nav badge); not asked for roles without the review queue. */
export function usePendingReviewCount() {
  const query = useQuery({
    query: PendingReviewCountDocument,
    requestPolicy: 'cache-and-network',
    pause: computed(() => !canOpen(session.value?.user.role, 'reviews')),
  });
  return {
    count: computed(() => query.data.value?.reviewQueue.totalCount ?? 0),
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** One order with lines, totals and timeline, for the review detail page. */
export function useReviewOrderDetail(id: Ref<string>) {
  const query = useQuery({
    query: ReviewOrderDetailDocument,
    variables: computed(() => ({ id: id.value })),
    requestPolicy: 'cache-and-network',
  });
  const notFound = computed(
    () => query.error.value?.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND') ?? false,
  );
  return {
    order: computed(() => query.data.value?.order ?? null),
    notFound,
    fetching: query.fetching,
    error: computed(() => (notFound.value ? null : query.error.value)),
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** `reviewOrder`: approve or reject; payload errors (e.g. INVALID_TRANSITION) come back as a list. */
export function useReviewDecision() {
  const mutation = useMutation(ReviewOrderDocument);
  async function decide(
    id: string,
    decision: ReviewDecision,
    comment: string,
  ): Promise<{ ok: boolean; errors: PayloadError[] }> {
    const result = await mutation.executeMutation(
      { id, decision, comment: comment.trim() || null },
      { additionalTypenames: ['Order'] },
    );
    if (result.error) {
      const e = result.error.graphQLErrors[0];
      return {
        ok: false,
        errors: [{ code: String(e?.extensions?.code ?? 'NETWORK'), message: e?.message ?? result.error.message }],
      };
    }
    const payload = result.data?.reviewOrder;
    if (!payload) return { ok: false, errors: [{ code: 'UNKNOWN', message: '' }] };
    return { ok: payload.errors.length === 0 && payload.order !== null, errors: payload.errors };
  }
  return { decide, busy: mutation.fetching };
}
