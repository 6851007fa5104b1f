import { useQuery } from '@urql/vue';
import { computed, type Ref } from 'vue';
import type { OrderStatus } from '@/generated/graphql';
import { OrdersQuery } from '@/graphql/orders';
import { useConnection } from './use-connection';

export const ORDER_STATUSES: readonly OrderStatus[] = ['PENDING_REVIEW', 'APPROVED', 'SHIPPED', 'COMPLETED', 'REJECTED', 'CANCELLED'];

/** The newest `count` orders of the dealer (home page). */
export function useRecentOrders(count: number) {
  const q = useQuery({ query: OrdersQuery, variables: { first: count } });
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
    variables: () => ({ first: 20, filter: status.value ? { status: [status.value] } : undefined }),
    select: (d) => d.orders,
  });
}
