import { useQuery } from '@urql/vue';
import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { useRoute, useRouter, type LocationQueryRaw } from 'vue-router';
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

/** A filter read from the URL: its value when the text is one the API accepts, else its default. */
export interface UrlFilter {
  fallback: () => string;
  valid: (text: string) => boolean;
}

/** One of `values` (an enum the URL may carry). */
export const oneOf = (values: readonly string[]) => (text: string) => values.includes(text);
/** A `YYYY-MM-DD` business date. */
export const isDate = (text: string) => /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(text);
/** An id (or nothing: the filter is left out). */
export const isIdOrEmpty = (text: string) => text === '' || /^[A-Za-z0-9_-]{1,40}$/.test(text);

/**
 * A report's filters kept in the URL query (`?dimension=REGION&from=…`): a link or a reload shows the same
 * report and back/forward step through what was looked at. Values the URL carries that the API would refuse
 * fall back to the defaults; `set` replaces some and pushes the new URL (defaults are written out too, so the
 * URL always says what is shown).
 */
export function useUrlFilters<K extends string>(spec: Record<K, UrlFilter>) {
  const route = useRoute();
  const router = useRouter();
  const filters = computed(() => {
    const out = {} as Record<K, string>;
    for (const key of Object.keys(spec) as K[]) {
      const raw = route.query[key];
      out[key] = typeof raw === 'string' && spec[key].valid(raw) ? raw : spec[key].fallback();
    }
    return out;
  });
  function set(patch: Partial<Record<K, string>>): void {
    const query: LocationQueryRaw = { ...route.query, ...filters.value, ...patch };
    for (const [key, value] of Object.entries(query)) if (value === '') delete query[key];
    void router.push({ query });
  }
  return { filters, set };
}

/** The first day of the business year of `day` (`YYYY-01-01`). */
export const yearStart = (day: string) => `${day.slice(0, 4)}-01-01`;
/** The day `days` before `day` (both `YYYY-MM-DD`, calendar arithmetic in UTC). */
export function daysBefore(day: string, days: number): string {
  const at = new Date(`${day}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() - days);
  return at.toISOString().slice(0, 10);
}

/** One column of a report table: its key (the cells' and the export's), its heading, numeric or not. */
export interface ReportColumn {
  key: string;
  label: string;
  num?: boolean;
}

/** One row of a report table: shown text per column, and the plain value (amounts as decimals) for tests. */
export interface ReportRow {
  id: string;
  cells: Record<string, string>;
  values: Record<string, string>;
}

/** A change in basis points as a signed percentage ("+12.5%"); "—" without a base. */
export function formatChangeBp(bp: number | null | undefined, locale: string): string {
  if (bp == null) return '—';
  const text = new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  });
  return text.format(bp / 10_000);
}
