import {
  AppError,
  domainError,
  formatMinor,
  Grant,
  Grants,
  type DomainError,
  type ExportRegistry,
  type ReportPager,
} from '@dnp/subgraph-kit';
import type { OrdersContext } from '../../orders-context.js';
import { createOrdersLoaders } from '../../orders.loader.js';
import {
  DealerRankingLevel,
  DealerRankingMetric,
  SalesReportCompare,
  SalesReportDimension,
  SalesReportGranularity,
  SalesReportSort,
  type DealerRankingInput,
  type SalesReportInput,
} from '../../schema/sales-report.input.js';
import { checkRankingInput, checkReportInput, SalesReportCode } from './sales-report.rules.js';
import { SalesReportService, type DealerRankingData, type SalesReportRowData } from './sales-report.service.js';

/** Who reads the sales reports (and exports them): HQ, region managers, dealer admins, each in their scope. */
export const SALES_REPORT_GRANTS = [...Grants.MANAGERS, Grant.DEALER_ADMIN];

const service = new SalesReportService();

/** A sales report's export filters: the query's input, and the row order the table showed. */
type SalesExportFilter = SalesReportInput & { sort?: SalesReportSort | null };

/** The value of an enum filter; undefined when it holds none of the values (null when left out and optional). */
function enumValue<T extends string>(raw: unknown, values: Record<string, T>, optional: boolean): T | null | undefined {
  if (raw == null) return optional ? null : undefined;
  return Object.values(values).includes(raw as T) ? (raw as T) : undefined;
}

/** The filters of `fields` as they came when each is a string or left out; else the first field that is not. */
function optionalStrings<K extends string>(
  raw: Record<string, unknown>,
  fields: readonly K[],
): Record<K, string | null> | DomainError {
  const out = {} as Record<K, string | null>;
  for (const field of fields) {
    const value = raw[field] ?? null;
    if (value !== null && typeof value !== 'string') {
      return domainError(SalesReportCode.FILTER_INVALID, `${field}: a string`, field);
    }
    out[field] = value;
  }
  return out;
}

/** Reads the enum filters `specs` off `raw`; a FILTER_INVALID naming the first that holds none of its values. */
function enums(
  raw: Record<string, unknown>,
  specs: Record<string, { values: Record<string, string>; optional: boolean }>,
): Record<string, string | null> | DomainError {
  const out: Record<string, string | null> = {};
  for (const [field, spec] of Object.entries(specs)) {
    const value = enumValue(raw[field], spec.values, spec.optional);
    if (value === undefined) {
      const text = `${field}: one of ${Object.values(spec.values).join(', ')}`;
      return domainError(SalesReportCode.FILTER_INVALID, text, field);
    }
    out[field] = value;
  }
  return out;
}

/** Runs a check that refuses by throwing (the queries' own rules) and answers its refusal as a DomainError. */
function refusalOf(check: () => void): DomainError | null {
  try {
    check();
    return null;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    const field = err.extensions.field;
    return domainError(err.code, err.message, typeof field === 'string' ? field : null);
  }
}

const isError = (value: object): value is DomainError => 'code' in value && 'message' in value;

/** Checks `salesReport`'s filters as the query would (same codes); the viewer's scope applies when it runs. */
export function parseSalesFilters(raw: Record<string, unknown>): SalesExportFilter | DomainError {
  const picked = enums(raw, {
    dimension: { values: SalesReportDimension, optional: false },
    granularity: { values: SalesReportGranularity, optional: false },
    compare: { values: SalesReportCompare, optional: true },
    sort: { values: SalesReportSort, optional: true },
  });
  if (isError(picked)) return picked;
  const strings = optionalStrings(raw, [
    'from',
    'to',
    'regionId',
    'dealerId',
    'productId',
    'categoryId',
    'sellerDealerId',
  ]);
  if (isError(strings)) return strings;
  const input = { ...strings, ...picked } as SalesExportFilter;
  return refusalOf(() => checkReportInput(input)) ?? input;
}

/** Checks `dealerRanking`'s filters as the query would (same codes). */
export function parseRankingFilters(raw: Record<string, unknown>): DealerRankingInput | DomainError {
  const picked = enums(raw, {
    metric: { values: DealerRankingMetric, optional: true },
    level: { values: DealerRankingLevel, optional: true },
  });
  if (isError(picked)) return picked;
  const strings = optionalStrings(raw, ['period', 'regionId']);
  if (isError(strings)) return strings;
  const input = { ...strings, ...picked } as DealerRankingInput;
  return refusalOf(() => checkRankingInput(input)) ?? input;
}

const money = (minor: number | null) => (minor == null ? null : formatMinor(minor));
/** Basis points as a percentage with two decimals ("12.50"), exactly. */
const percent = (bp: number | null) => (bp == null ? null : formatMinor(bp));

/** `salesReport` as an export (`startOrdersReportExport`): filters as the query's input, plus `sort`. */
export const salesReportPager: ReportPager<SalesExportFilter, SalesReportRowData> = {
  name: 'salesReport',
  columns: [
    { header: 'key', value: (r) => r.key },
    { header: 'label', value: (r) => r.label },
    { header: 'orders', value: (r) => r.orders },
    { header: 'units', value: (r) => r.units },
    { header: 'gross', value: (r) => money(r.grossMinor) },
    { header: 'net', value: (r) => money(r.netMinor) },
    { header: 'compareNet', value: (r) => money(r.compareNetMinor) },
    { header: 'changePercent', value: (r) => percent(r.changeBp) },
  ],
  parse: async (_ctx, raw) => parseSalesFilters(raw as Record<string, unknown>),
  count: async (ctx, f) => (await service.report(ctx as OrdersContext, f, { offset: 0, limit: 0 }, f.sort)).total,
  page: async (ctx, f, offset, limit) =>
    (await service.report(ctx as OrdersContext, f, { offset, limit }, f.sort)).rows,
};

/** `dealerRanking` as an export: every dealer of the period in rank order (the query shows the first 100). */
export const dealerRankingPager: ReportPager<DealerRankingInput, DealerRankingData> = {
  name: 'dealerRanking',
  columns: [
    { header: 'rank', value: (r) => r.rank },
    { header: 'dealerId', value: (r) => r.dealerId },
    { header: 'orders', value: (r) => r.orders },
    { header: 'units', value: (r) => r.units },
    { header: 'net', value: (r) => money(r.netMinor) },
    { header: 'lastYearNet', value: (r) => money(r.lastYearNetMinor) },
    { header: 'growthPercent', value: (r) => percent(r.growthBp) },
  ],
  parse: async (_ctx, raw) => parseRankingFilters(raw as Record<string, unknown>),
  count: async (ctx, f) => (await service.ranking(ctx as OrdersContext, f)).length,
  page: async (ctx, f, offset, limit) => (await service.ranking(ctx as OrdersContext, f)).slice(offset, offset + limit),
};

/** The orders reports the kit export job runs (`startOrdersReportExport`, `GET /exports/:id`). */
export const ordersExports: ExportRegistry = {
  owner: 'orders',
  pagers: [salesReportPager, dealerRankingPager],
  createLoaders: createOrdersLoaders,
  grants: SALES_REPORT_GRANTS,
};
