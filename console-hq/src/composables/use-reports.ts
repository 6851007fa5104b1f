import { useQuery } from '@urql/vue';
import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { DistributionFlowQuery, ReportRegionFieldsFragment } from '@/generated/graphql';
import { DistributionFlowDocument, ReportRegionsDocument } from '@/graphql/reports';
import { sumMoney } from '@/lib/format';
import { session } from '@/lib/session';
import { businessMonth } from '@dnp/web-kit';

/** The seller level the API gives the brand's own sales (sell-in). */
export const BRAND_SELLER = 'BRAND';

/** Top of the network first: the order of sellers in the chart and of rows in the table. */
export const LEVEL_ORDER = ['BRAND', 'NATIONAL_AGENT', 'PROVINCIAL_AGENT', 'REGIONAL_DEALER', 'RETAILER', 'UNKNOWN'];

/** Sell-in: the brand sells to a level; sell-through: a level sells on to a lower one. */
export type FlowKind = 'SELL_IN' | 'SELL_THROUGH';

/** One cell of the month's flow, with its kind. */
export type FlowRow = DistributionFlowQuery['distributionFlow'][number] & { kind: FlowKind };

/** Where a level sorts in LEVEL_ORDER (a level the console does not know yet goes last). */
export function levelRank(level: string): number {
  const i = LEVEL_ORDER.indexOf(level);
  return i < 0 ? LEVEL_ORDER.length : i;
}

/** A level's name in the current language; the API's text itself for a level the console does not know. */
export function useLevelName(): (level: string) => string {
  const { t, te } = useI18n();
  return (level) => (te(`reports.levels.${level}`) ? t(`reports.levels.${level}`) : level);
}

/** A `YYYY-MM` month the API accepts (the URL may carry anything). */
export function isYearMonth(value: unknown): value is string {
  return typeof value === 'string' && /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
}

/** The current month in the brand's business time zone, as `YYYY-MM`. */
export function currentMonth(now = new Date()): string {
  return businessMonth(now);
}

/**
 * `distributionFlow` of a month (and region): rows ordered seller level then buyer level, top of the
 * network first, and the month's sell-in and sell-through totals summed exactly from the same rows.
 */
export function useDistributionFlow(period: Ref<string>, regionId: Ref<string | null>) {
  const query = useQuery({
    query: DistributionFlowDocument,
    variables: computed(() => ({ period: period.value, regionId: regionId.value })),
    requestPolicy: 'cache-and-network',
  });
  const rows = computed<FlowRow[]>(() =>
    [...(query.data.value?.distributionFlow ?? [])]
      .map((r) => ({ ...r, kind: (r.sellerLevel === BRAND_SELLER ? 'SELL_IN' : 'SELL_THROUGH') as FlowKind }))
      .sort(
        (a, b) =>
          levelRank(a.sellerLevel) - levelRank(b.sellerLevel) || levelRank(a.buyerLevel) - levelRank(b.buyerLevel),
      ),
  );
  const totalOf = (kind: FlowKind) => {
    const of = rows.value.filter((r) => r.kind === kind);
    return {
      orders: of.reduce((n, r) => n + r.orders, 0),
      units: of.reduce((n, r) => n + r.units, 0),
      value: sumMoney(of.map((r) => r.value)),
    };
  };
  return {
    rows,
    totals: computed(() => ({ SELL_IN: totalOf('SELL_IN'), SELL_THROUGH: totalOf('SELL_THROUGH') })),
    /** The month the rows shown are for (the previous month's rows stay until the new ones arrive). */
    shownPeriod: computed(() => (query.data.value ? String(query.operation.value?.variables.period ?? '') : '')),
    loaded: computed(() => query.data.value !== undefined),
    fetching: query.fetching,
    error: query.error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

type RegionNode = ReportRegionFieldsFragment & { children?: readonly RegionNode[] };

/**
 * Regions the report can narrow to, depth-first: every region below the country for HQ, a region
 * manager's own region and what lies under it (the API keeps it to that subtree anyway).
 */
export function useReportRegions() {
  const query = useQuery({ query: ReportRegionsDocument, requestPolicy: 'cache-first' });
  const regions = computed(() => {
    const own = session.value?.user.role === 'REGION_MANAGER' ? (session.value.user.region?.id ?? null) : null;
    const out: ReportRegionFieldsFragment[] = [];
    const walk = (nodes: readonly RegionNode[], inside: boolean) => {
      for (const { children, ...region } of nodes) {
        const take = inside || own === null || region.id === own;
        if (take) out.push(region);
        walk(children ?? [], take);
      }
    };
    walk((query.data.value?.regions ?? []).flatMap((country) => country.children) as RegionNode[], false);
    return out;
  });
  return { regions, error: query.error };
}
