import { useMutation, useQuery } from '@urql/vue';
import { computed, type Ref } from 'vue';
import type {
  OrderErrorFieldsFragment,
  OrderStatus,
  ReviewDecision,
  StoreSellerOrderFieldsFragment,
} from '@/generated/graphql';
import {
  SellerOrdersQuery,
  SellerReviewOrderMutation,
  SellerReviewQueueQuery,
  SetSubDealerReviewRulesMutation,
  SubDealerReviewRulesQuery,
} from '@/graphql/seller';
import { session } from '@/lib/session';
import { useConnection } from './use-connection';
import type { FieldError } from './use-network';
import { useOrderUpdates } from './use-orders';

export type SellerOrder = StoreSellerOrderFieldsFragment;

/** Orders of the review queue per page (a parent reviews a handful a day). */
const QUEUE_PAGE = 20;
/** Orders of the history per page. */
const HISTORY_PAGE = 20;

/** The signed-in user's dealer id (the seller of the orders these pages show). */
const ownDealerId = () => session.value?.user.dealer?.id ?? null;

/** Sub-dealers' orders waiting for the signed-in parent's review, oldest first, 20 at a time. */
export function useSellerReviewQueue() {
  return useConnection({
    query: SellerReviewQueueQuery,
    variables: () => ({ first: QUEUE_PAGE }),
    select: (d) => d.reviewQueue,
  });
}

/**
 * The orders the signed-in dealer sells to its sub-dealers (seller PARENT), newest first, optionally of
 * one status, 20 at a time with their total: the order list's seller filter names the parent itself.
 */
export function useSellerOrderHistory(status: Ref<OrderStatus | null>) {
  return useConnection({
    query: SellerOrdersQuery,
    variables: () => ({
      first: HISTORY_PAGE,
      filter: { sellerDealerId: ownDealerId(), ...(status.value ? { status: [status.value] } : {}) },
    }),
    select: (d) => d.orders,
  });
}

/** A refusal of reviewOrder as the row shows it. */
export type ReviewRefusal = Pick<OrderErrorFieldsFragment, 'code' | 'message'>;

/**
 * The seller orders page: the review queue, the history, approving or rejecting, and both lists
 * following `orderStatusChanged` (the parent's subscription also carries its sub-dealers' orders to it).
 */
export function useSellerOrders(status: Ref<OrderStatus | null>) {
  const queue = useSellerReviewQueue();
  const history = useSellerOrderHistory(status);
  const mutation = useMutation(SellerReviewOrderMutation);
  const refresh = () => Promise.all([queue.reload(), history.reload()]);
  const live = useOrderUpdates(() => void refresh());

  /** Decides one order; null when done (both lists reload), else the first refusal. */
  async function review(id: string, decision: ReviewDecision, comment: string): Promise<ReviewRefusal | null> {
    const r = await mutation.executeMutation({ id, decision, comment: comment.trim() || null });
    const payload = r.data?.reviewOrder;
    if (!payload) {
      const code = r.error?.graphQLErrors[0]?.extensions?.code;
      return { code: typeof code === 'string' ? code : 'NETWORK', message: r.error?.message ?? '' };
    }
    if (payload.errors.length) return payload.errors[0]!;
    await refresh();
    return null;
  }

  return { queue, history, review, reviewing: mutation.fetching, liveError: live.error };
}

/** The parent's automatic review rule for its sub-dealers' orders, and saving it. */
export function useSubDealerReviewRules() {
  const q = useQuery({ query: SubDealerReviewRulesQuery, requestPolicy: 'cache-and-network' });
  const mutation = useMutation(SetSubDealerReviewRulesMutation);

  /** Saves the rule; null when stored, else the refusals (each with the input field it concerns). */
  async function save(autoApprove: boolean, threshold: string): Promise<FieldError[] | null> {
    const reviewAmountThreshold = autoApprove && threshold.trim() ? threshold.trim() : null;
    const r = await mutation.executeMutation({ input: { autoApprove, reviewAmountThreshold } });
    const payload = r.data?.setSubDealerReviewRules;
    if (!payload) {
      const e = r.error?.graphQLErrors[0];
      const code = e?.extensions?.code;
      const field = e?.extensions?.field;
      return [
        {
          code: typeof code === 'string' ? code : 'UNKNOWN',
          message: e?.message ?? r.error?.message ?? '',
          field: typeof field === 'string' ? field : null,
        },
      ];
    }
    if (payload.errors.length) return payload.errors;
    await q.executeQuery({ requestPolicy: 'network-only' });
    return null;
  }

  return {
    rules: computed(() => q.data.value?.subDealerReviewRules ?? null),
    loaded: computed(() => q.data.value !== undefined),
    error: q.error,
    refetch: () => q.executeQuery({ requestPolicy: 'network-only' }),
    save,
    saving: mutation.fetching,
  };
}
