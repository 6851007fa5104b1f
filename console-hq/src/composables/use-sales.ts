import { useQuery } from '@urql/vue';
import { computed, type Ref } from 'vue';
import { DashboardCountsDocument, SalesByRegionDocument, SalesTrendDocument } from '@/graphql/sales';
import type { TrendGranularity } from '@/generated/graphql';
import { sumMoney } from '@/lib/format';

/** `salesTrend` for a granularity, with the period totals computed exactly from the same series. */
export function useSalesTrend(granularity: Ref<TrendGranularity>) {
  const query = useQuery({
    query: SalesTrendDocument,
    variables: computed(() => ({ granularity: granularity.value })),
  });
  const points = computed(() => query.data.value?.salesTrend ?? []);
  const totals = computed(() => ({
    orders: points.value.reduce((n, p) => n + p.orderCount, 0),
    amount: sumMoney(points.value.map((p) => p.amount)),
  }));
  return {
    points,
    totals,
    loaded: computed(() => query.data.value !== undefined),
    fetching: query.fetching,
    error: query.error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** `salesByRegion(level: SALES_REGION)`: the viewer's sales regions, largest first. */
export function useSalesByRegion() {
  const query = useQuery({ query: SalesByRegionDocument });
  const rows = computed(() => query.data.value?.salesByRegion ?? []);
  const total = computed(() => sumMoney(rows.value.map((r) => r.amount)));
  return {
    rows,
    total,
    loaded: computed(() => query.data.value !== undefined),
    fetching: query.fetching,
    error: query.error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** Pending-review orders and stock levels below safety stock, for the KPI cards. */
export function useDashboardCounts() {
  const query = useQuery({ query: DashboardCountsDocument });
  const pendingReview = computed(
    () => query.data.value?.orderStatusCounts.find((c) => c.status === 'PENDING_REVIEW')?.count ?? 0,
  );
  const belowSafety = computed(() => query.data.value?.belowSafety.totalCount ?? 0);
  return {
    pendingReview,
    belowSafety,
    loaded: computed(() => query.data.value !== undefined),
    fetching: query.fetching,
    error: query.error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}
