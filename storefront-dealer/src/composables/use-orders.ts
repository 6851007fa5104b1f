import type { CombinedError } from '@urql/core';
import { useMutation, useQuery, useSubscription } from '@urql/vue';
import { computed, ref, shallowRef, type Ref } from 'vue';
import type {
  OrderErrorFieldsFragment,
  OrderStatus,
  ReceiptLineInput,
  StoreParseOrderLinesQuery,
  StoreShipmentFieldsFragment,
} from '@/generated/graphql';
import {
  CancelOrderMutation,
  ConfirmReceiptMutation,
  OrderDetailQuery,
  OrdersQuery,
  OrderStatusLiveSubscription,
  ParseOrderLinesQuery,
  ShipmentStatusLiveSubscription,
} from '@/graphql/orders';
import { session } from '@/lib/session';
import { urqlClient } from '@/lib/urql-client';
import { useConnection } from './use-connection';

export const ORDER_STATUSES: readonly OrderStatus[] = [
  'PENDING_REVIEW',
  'APPROVED',
  'SHIPPED',
  'COMPLETED',
  'REJECTED',
  'CANCELLED',
];

/**
 * The signed-in user's own dealer. A parent dealer's API scope also holds its sub-dealers' orders
 * (read-only); the store lists only the dealer's own, the orders its users act on.
 */
function ownDealer(): { dealerId: string } | Record<string, never> {
  const id = session.value?.user.dealer?.id;
  return id ? { dealerId: id } : {};
}

/** True when the order belongs to the signed-in user's dealer (only those can be cancelled here). */
export function isOwnOrder(order: { dealer: { id: string } } | null | undefined): boolean {
  return !!order && order.dealer.id === session.value?.user.dealer?.id;
}

/** The newest `count` orders of the dealer (home page). */
export function useRecentOrders(count: number) {
  const q = useQuery({ query: OrdersQuery, variables: computed(() => ({ first: count, filter: ownDealer() })) });
  return {
    orders: computed(() => q.data.value?.orders.edges.map((e) => e.node) ?? []),
    totalCount: computed(() => q.data.value?.orders.totalCount ?? 0),
    fetching: q.fetching,
    error: q.error,
    loaded: computed(() => q.data.value !== undefined),
    refetch: () => q.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** All orders, newest first, optionally of one status, 20 at a time. */
export function useOrderList(status: Ref<OrderStatus | null>) {
  return useConnection({
    query: OrdersQuery,
    variables: () => ({ first: 20, filter: { ...ownDealer(), ...(status.value ? { status: [status.value] } : {}) } }),
    select: (d) => d.orders,
  });
}

/** Statuses a dealer may still cancel an order in. */
export const CANCELLABLE: readonly OrderStatus[] = ['PENDING_REVIEW', 'APPROVED'];

/** One order with lines, shipments and timeline; `notFound` on NOT_FOUND. */
export function useOrder(id: Ref<string>) {
  const q = useQuery({
    query: OrderDetailQuery,
    variables: computed(() => ({ id: id.value })),
    requestPolicy: 'cache-and-network',
  });
  const notFound = computed(
    () =>
      q.error.value?.graphQLErrors.some((e) => e.extensions?.code === 'NOT_FOUND') === true ||
      (q.data.value !== undefined && q.data.value.order === null && !q.error.value),
  );
  return {
    order: computed(() => q.data.value?.order ?? null),
    fetching: q.fetching,
    error: computed(() => (notFound.value ? null : (q.error.value ?? null))),
    notFound,
    refetch: () => q.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** The payload errors of a failed request: its GraphQL error code, or NETWORK. */
function requestErrors(error: CombinedError | undefined): OrderErrorFieldsFragment[] {
  const code = error?.graphQLErrors[0]?.extensions?.code;
  return [
    {
      __typename: 'OrderError',
      code: typeof code === 'string' ? code : 'NETWORK',
      message: error?.message ?? '',
      field: null,
      lineIndex: null,
      productId: null,
    },
  ];
}

/**
 * Confirms receipt of a shipment: in full when `lines` is omitted, else per order line with the
 * units received and how many of them arrived damaged. Returns the payload errors (empty on success).
 */
export function useConfirmReceipt() {
  const m = useMutation(ConfirmReceiptMutation);
  async function confirm(
    shipmentId: string,
    lines: ReceiptLineInput[] | null,
    comment: string,
  ): Promise<readonly OrderErrorFieldsFragment[]> {
    const result = await m.executeMutation({ input: { shipmentId, lines, comment: comment.trim() || null } });
    return result.data?.confirmReceipt.errors ?? requestErrors(result.error);
  }
  return { confirm, confirming: m.fetching };
}

/** `shipmentStatusChanged` for one order: `onUpdate` runs with each shipment as it changes. */
export function useShipmentUpdates(orderId: Ref<string>, onUpdate: (shipment: StoreShipmentFieldsFragment) => void) {
  const sub = useSubscription(
    { query: ShipmentStatusLiveSubscription, variables: computed(() => ({ orderId: orderId.value })) },
    (_prev, data) => {
      onUpdate(data.shipmentStatusChanged);
      return data;
    },
  );
  return { error: sub.error };
}

/** Cancels an order with a reason; returns the payload errors (empty on success). */
export function useCancelOrder() {
  const m = useMutation(CancelOrderMutation);
  async function cancel(id: string, reason: string): Promise<readonly OrderErrorFieldsFragment[]> {
    const result = await m.executeMutation({ id, reason: reason.trim() || null });
    const payload = result.data?.cancelOrder;
    return payload ? payload.errors : requestErrors(result.error);
  }
  return { cancel, cancelling: m.fetching };
}

export type ParsedLines = StoreParseOrderLinesQuery['parseOrderLines'];

/** Quick order: the server parses pasted text / CSV ("sku,quantity") into lines and row errors. */
export function useParseOrderLines() {
  const result = shallowRef<ParsedLines | null>(null);
  const parsing = ref(false);
  const error = ref<string | null>(null);
  let seq = 0;
  async function parse(text: string): Promise<void> {
    const mine = ++seq;
    if (!text.trim()) {
      result.value = null;
      error.value = null;
      return;
    }
    parsing.value = true;
    error.value = null;
    const r = await urqlClient.value
      .query(ParseOrderLinesQuery, { text }, { requestPolicy: 'network-only' })
      .toPromise();
    if (mine !== seq) return;
    parsing.value = false;
    if (r.data) result.value = r.data.parseOrderLines;
    else {
      const code = r.error?.graphQLErrors[0]?.extensions?.code;
      error.value = typeof code === 'string' ? code : 'NETWORK';
    }
  }
  return {
    result,
    parsing,
    error,
    parse,
    reset: () => {
      seq++;
      result.value = null;
      error.value = null;
      parsing.value = false;
    },
  };
}

/** One live status change of the dealer's orders. */
export interface OrderUpdate {
  id: string;
  orderNumber: string;
  status: OrderStatus;
  updatedAt: string;
}

/**
 * `orderStatusChanged` for the signed-in dealer: `onUpdate` runs for each change, and the
 * change is added to the header's unseen updates (newest first, one per order).
 */
export function useOrderUpdates(onUpdate?: (update: OrderUpdate) => void) {
  const sub = useSubscription({ query: OrderStatusLiveSubscription }, (_prev, data) => {
    onUpdate?.(data.orderStatusChanged);
    return data;
  });
  return { error: sub.error };
}

/**
 * The header's alert indicator: records live updates and clears them when opened (state per mount, so
 * nothing outlives a session).
 */
export function useOrderAlerts() {
  const unseen = ref<OrderUpdate[]>([]);
  useOrderUpdates((u) => {
    unseen.value = [u, ...unseen.value.filter((o) => o.id !== u.id)].slice(0, 20);
  });
  return {
    unseen: computed(() => unseen.value),
    latest: computed(() => unseen.value[0] ?? null),
    clear: () => (unseen.value = []),
  };
}
