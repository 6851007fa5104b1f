import { useQuery } from '@urql/vue';
import { computed, watch, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type {
  DealerRankingMetric,
  DealerRankingQuery,
  SalesReportCompare,
  SalesReportDimension,
  SalesReportGranularity,
  SalesReportQuery,
} from '@/generated/graphql';
import { DealerRankingDocument, SalesReportDocument } from '@/graphql/reports';
import { useLocale } from '@/composables/use-locale';
import { formatChangeBp, type ReportColumn, type ReportRow } from '@/composables/use-reports';
import { pagedConnection, useCursorStack } from '@/lib/cursor-stack';
import { formatInt, formatMoney } from '@/lib/format';

/** What a sales report's rows can be. */
export const SALES_DIMENSIONS: readonly SalesReportDimension[] = ['REGION', 'DEALER', 'PRODUCT', 'CATEGORY', 'PERIOD'];
/** Business period sizes. */
export const GRANULARITIES: readonly SalesReportGranularity[] = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'];
/** Comparisons: none, year on year (同比), with the periods before (环比). */
export const COMPARES: readonly SalesReportCompare[] = ['NONE', 'YOY', 'MOM'];
/** What a ranking ranks by. */
export const RANKING_METRICS: readonly DealerRankingMetric[] = ['NET', 'UNITS', 'ORDERS', 'GROWTH'];

/**
 * Rows per page of the sales table: each row names its region, dealer or product and four amounts, and the
 * gateway refuses an operation over 20 000 cost units (100 rows cost 38 000, 40 cost 15 300).
 */
export const SALES_PAGE_SIZE = 40;

/** The sales report's filters as the URL keeps them. */
export interface SalesFilters {
  dimension: string;
  granularity: string;
  from: string;
  to: string;
  compare: string;
  region: string;
}

type SalesRow = SalesReportQuery['salesReport']['rows']['edges'][number]['node'];

/** The report's input (and the export's filters) from the URL's filters. */
export function salesInput(f: SalesFilters) {
  return {
    dimension: f.dimension as SalesReportDimension,
    granularity: f.granularity as SalesReportGranularity,
    from: f.from,
    to: f.to,
    compare: f.compare as SalesReportCompare,
    regionId: f.region || null,
  };
}

/**
 * `salesReport` of the filters, a page of 100 rows at a time (a new filter starts at page one): the rows as
 * the table shows them (names of regions, dealers and products in the current language), the chart's series
 * (net, and the compared net when there is a comparison), and the totals over every row.
 */
export function useSalesReport(filters: Ref<SalesFilters>) {
  const { t } = useI18n();
  const { locale, ln } = useLocale();
  const cursors = useCursorStack(SALES_PAGE_SIZE);
  watch(filters, () => cursors.reset());
  const query = useQuery({
    query: SalesReportDocument,
    variables: computed(() => ({
      input: salesInput(filters.value),
      first: SALES_PAGE_SIZE,
      after: cursors.after.value,
    })),
    requestPolicy: 'cache-and-network',
  });
  const report = computed(() => query.data.value?.salesReport);
  const page = pagedConnection(
    cursors,
    computed(() => report.value?.rows),
    query,
  );
  const comparing = computed(() => filters.value.compare !== 'NONE');
  const nameOf = (r: SalesRow) => {
    const named = r.region ?? r.dealer ?? r.product;
    return named ? ln(named) : r.key === '' ? t('reports.sales.unknown') : r.label;
  };
  const columns = computed<ReportColumn[]>(() => [
    { key: 'label', label: t(`reports.sales.dimensions.${filters.value.dimension}`) },
    { key: 'orders', label: t('reports.sales.orders'), num: true },
    { key: 'units', label: t('reports.sales.units'), num: true },
    { key: 'gross', label: t('reports.sales.gross'), num: true },
    { key: 'net', label: t('reports.sales.net'), num: true },
    ...(comparing.value
      ? [
          { key: 'compareNet', label: t(`reports.sales.compareNet.${filters.value.compare}`), num: true },
          { key: 'change', label: t(`reports.sales.change.${filters.value.compare}`), num: true },
        ]
      : []),
  ]);
  const rows = computed<ReportRow[]>(() =>
    page.rows.value.map((r) => ({
      id: r.key,
      cells: {
        ...{ label: nameOf(r), orders: formatInt(r.orders, locale.value), units: formatInt(r.units, locale.value) },
        ...{ gross: formatMoney(r.gross, locale.value), net: formatMoney(r.net, locale.value) },
        ...{ compareNet: formatMoney(r.compareNet, locale.value), change: formatChangeBp(r.changeBp, locale.value) },
      },
      values: {
        ...{ key: r.key, label: r.label, orders: String(r.orders), units: String(r.units) },
        ...{ gross: r.gross.amount, net: r.net.amount, compareNet: r.compareNet?.amount ?? '' },
      },
    })),
  );
  const totals = computed(() => {
    const s = report.value?.totals;
    if (!s) return undefined;
    return {
      ...{ label: t('reports.sales.total'), orders: formatInt(s.orders, locale.value) },
      ...{ units: formatInt(s.units, locale.value), gross: formatMoney(s.gross, locale.value) },
      ...{ net: formatMoney(s.net, locale.value), compareNet: formatMoney(s.compareNet, locale.value) },
      change: formatChangeBp(s.changeBp, locale.value),
    };
  });
  const chart = computed(() => ({
    categories: page.rows.value.map(nameOf),
    series: [
      { name: t('reports.sales.net'), values: page.rows.value.map((r) => Number(r.net.amount)) },
      ...(comparing.value
        ? [
            {
              name: t(`reports.sales.compareNet.${filters.value.compare}`),
              values: page.rows.value.map((r) => (r.compareNet ? Number(r.compareNet.amount) : null)),
            },
          ]
        : []),
    ],
    line: filters.value.dimension === 'PERIOD',
  }));
  return { ...page, columns, rows, totals, chart, range: computed(() => report.value) };
}

/** The ranking's filters as the URL keeps them. */
export interface RankingFilters {
  period: string;
  metric: string;
  region: string;
}

type RankingRow = DealerRankingQuery['dealerRanking'][number];

/** The ranking's input (and the export's filters). */
export function rankingInput(f: RankingFilters) {
  return { period: f.period, metric: f.metric as DealerRankingMetric, regionId: f.region || null };
}

/** The first 100 dealers of a period by the metric (the export holds every dealer). */
export function useDealerRanking(filters: Ref<RankingFilters>) {
  const { t } = useI18n();
  const { locale, ln } = useLocale();
  const query = useQuery({
    query: DealerRankingDocument,
    variables: computed(() => ({ input: rankingInput(filters.value), first: 100 })),
    requestPolicy: 'cache-and-network',
  });
  const list = computed<readonly RankingRow[]>(() => query.data.value?.dealerRanking ?? []);
  const columns = computed<ReportColumn[]>(() =>
    (['rank', 'dealer', 'orders', 'units', 'net', 'lastYearNet', 'growth'] as const).map((key) => ({
      key,
      label: t(`reports.ranking.${key}`),
      num: key !== 'dealer',
    })),
  );
  const rows = computed<ReportRow[]>(() =>
    list.value.map((r) => ({
      id: r.dealerId,
      cells: {
        ...{ rank: formatInt(r.rank, locale.value), dealer: ln(r.dealer) || r.dealerId },
        ...{ orders: formatInt(r.orders, locale.value), units: formatInt(r.units, locale.value) },
        ...{ net: formatMoney(r.net, locale.value), lastYearNet: formatMoney(r.lastYearNet, locale.value) },
        growth: formatChangeBp(r.growthBp, locale.value),
      },
      values: { rank: String(r.rank), dealer: r.dealerId, net: r.net.amount },
    })),
  );
  const chart = computed(() => ({
    categories: list.value.slice(0, 20).map((r) => ln(r.dealer) || r.dealerId),
    series: [
      { name: t('reports.ranking.net'), values: list.value.slice(0, 20).map((r) => Number(r.net.amount)) },
      {
        name: t('reports.ranking.lastYearNet'),
        values: list.value.slice(0, 20).map((r) => Number(r.lastYearNet.amount)),
      },
    ],
    line: false,
  }));
  return {
    columns,
    rows,
    chart,
    loaded: computed(() => query.data.value !== undefined),
    fetching: query.fetching,
    error: query.error,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}
