import { useQuery } from '@urql/vue';
import { computed, type Ref } from 'vue';
import { useI18n } from 'vue-i18n';
import type { PeriodGranularity } from '@/generated/graphql';
import { InventoryReportDocument, ReceivablesReportDocument, SellThroughReportDocument } from '@/graphql/reports';
import { useLocale } from '@/composables/use-locale';
import type { ReportColumn, ReportRow } from '@/composables/use-reports';
import { formatInt, formatMoney } from '@/lib/format';

// The reports of stock, retail sell-through and receivables (rebates-reports §9): each owner's report as a
// table and a chart. The sales reports are in use-sales-reports.ts.

/** Products per page of the inventory table. */
export const INVENTORY_PAGE_SIZE = 100;

/** Columns of `keys`, headed by `reports.<section>.<key>`, numeric but for `text`. */
function columnsOf(t: (key: string) => string, section: string, keys: readonly string[], text: string[] = []) {
  return keys.map((key): ReportColumn => ({ key, label: t(`reports.${section}.${key}`), num: !text.includes(key) }));
}

/** Query state the pages read. */
function stateOf(query: {
  data: Ref<unknown>;
  fetching: Ref<boolean>;
  error: Ref<unknown>;
  executeQuery(o: { requestPolicy: 'network-only' }): unknown;
}) {
  return {
    loaded: computed(() => query.data.value !== undefined),
    fetching: query.fetching,
    refetch: () => query.executeQuery({ requestPolicy: 'network-only' }),
  };
}

/** The inventory report's filters as the URL keeps them. */
export interface InventoryFilters {
  warehouse: string;
  from: string;
  to: string;
}

const decimal = (n: number | null | undefined, locale: string) =>
  n == null ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(n);

/** Turnover and days of stock per product of one warehouse (paused until a warehouse is chosen). */
export function useInventoryReport(filters: Ref<InventoryFilters>, offset: Ref<number>) {
  const { t } = useI18n();
  const { locale, ln } = useLocale();
  const query = useQuery({
    query: InventoryReportDocument,
    variables: computed(() => ({
      ...{ warehouseId: filters.value.warehouse, from: filters.value.from, to: filters.value.to },
      ...{ first: INVENTORY_PAGE_SIZE, offset: offset.value },
    })),
    pause: computed(() => !filters.value.warehouse),
    requestPolicy: 'cache-and-network',
  });
  const report = computed(() => query.data.value?.inventoryReport);
  const list = computed(() => report.value?.rows ?? []);
  const keys = ['product', 'openingUnits', 'inUnits', 'outUnits', 'closingUnits', 'turnover', 'daysOfStock'];
  const rows = computed<ReportRow[]>(() =>
    list.value.map((r) => ({
      id: r.product.id,
      cells: {
        ...{ product: `${r.product.sku} ${ln(r.product)}`, openingUnits: formatInt(r.openingUnits, locale.value) },
        ...{ inUnits: formatInt(r.inUnits, locale.value), outUnits: formatInt(r.outUnits, locale.value) },
        ...{ closingUnits: formatInt(r.closingUnits, locale.value), turnover: decimal(r.turnover, locale.value) },
        daysOfStock: decimal(r.daysOfStock, locale.value),
      },
      values: { product: r.product.id, turnover: String(r.turnover ?? ''), daysOfStock: String(r.daysOfStock ?? '') },
    })),
  );
  const chart = computed(() => ({
    categories: list.value.map((r) => r.product.sku),
    series: [
      { name: t('reports.inventory.turnover'), values: list.value.map((r) => r.turnover ?? null) },
      { name: t('reports.inventory.daysOfStock'), values: list.value.map((r) => r.daysOfStock ?? null) },
    ],
    line: false,
  }));
  return {
    ...stateOf(query),
    error: query.error,
    columns: computed(() => columnsOf(t, 'inventory', keys, ['product'])),
    rows,
    chart,
    totalCount: computed(() => report.value?.totalCount ?? 0),
  };
}

/** The sell-through report's filters as the URL keeps them. */
export interface SellThroughFilters {
  from: string;
  to: string;
  granularity: string;
  region: string;
}

/** Retail units sold and revenue per business period (periods without sales are left out by the API). */
export function useSellThroughReport(filters: Ref<SellThroughFilters>) {
  const { t } = useI18n();
  const { locale } = useLocale();
  const query = useQuery({
    query: SellThroughReportDocument,
    variables: computed(() => ({
      ...{ from: filters.value.from, to: filters.value.to },
      ...{ granularity: filters.value.granularity as PeriodGranularity, regionId: filters.value.region || null },
    })),
    requestPolicy: 'cache-and-network',
  });
  const list = computed(() => query.data.value?.sellThroughReport ?? []);
  const keys = ['period', 'soldUnits', 'pricedUnits', 'revenue', 'averagePrice'];
  const rows = computed<ReportRow[]>(() =>
    list.value.map((r) => ({
      id: r.period,
      cells: {
        ...{ period: r.period, soldUnits: formatInt(r.soldUnits, locale.value) },
        ...{ pricedUnits: formatInt(r.pricedUnits, locale.value), revenue: formatMoney(r.revenue, locale.value) },
        averagePrice: formatMoney(r.averagePrice, locale.value),
      },
      values: { period: r.period, soldUnits: String(r.soldUnits), revenue: r.revenue.amount },
    })),
  );
  const chart = computed(() => ({
    categories: list.value.map((r) => r.period),
    series: [
      { name: t('reports.sellThrough.soldUnits'), values: list.value.map((r) => r.soldUnits) },
      { name: t('reports.sellThrough.pricedUnits'), values: list.value.map((r) => r.pricedUnits) },
    ],
    line: true,
  }));
  return {
    ...stateOf(query),
    error: query.error,
    columns: computed(() => columnsOf(t, 'sellThrough', keys, ['period'])),
    rows,
    chart,
  };
}

/** The receivables trend's filters (months) as the URL keeps them. */
export interface ReceivablesFilters {
  from: string;
  to: string;
}

/** Open, overdue and unapplied receivables at each month end (months not yet taken say so). */
export function useReceivablesReport(filters: Ref<ReceivablesFilters>) {
  const { t } = useI18n();
  const { locale } = useLocale();
  const query = useQuery({
    query: ReceivablesReportDocument,
    variables: computed(() => ({ from: filters.value.from, to: filters.value.to })),
    requestPolicy: 'cache-and-network',
  });
  const list = computed(() => query.data.value?.receivablesReport ?? []);
  const keys = ['month', 'open', 'overdue', 'unapplied', 'dealers'];
  const rows = computed<ReportRow[]>(() =>
    list.value.map((r) => ({
      id: r.month,
      cells: {
        month: r.taken ? r.month : `${r.month} (${t('reports.receivables.notTaken')})`,
        ...{ open: formatMoney(r.open, locale.value), overdue: formatMoney(r.overdue, locale.value) },
        ...{ unapplied: formatMoney(r.unapplied, locale.value), dealers: formatInt(r.dealers, locale.value) },
      },
      values: { month: r.month, open: r.open.amount, overdue: r.overdue.amount },
    })),
  );
  const chart = computed(() => ({
    categories: list.value.map((r) => r.month),
    series: [
      { name: t('reports.receivables.open'), values: list.value.map((r) => (r.taken ? Number(r.open.amount) : null)) },
      {
        name: t('reports.receivables.overdue'),
        values: list.value.map((r) => (r.taken ? Number(r.overdue.amount) : null)),
      },
    ],
    line: true,
  }));
  return {
    ...stateOf(query),
    error: query.error,
    columns: computed(() => columnsOf(t, 'receivables', keys, ['month'])),
    rows,
    chart,
  };
}
