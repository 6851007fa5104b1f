import {
  AppError,
  decodeCursor,
  ErrorCode,
  ForbiddenError,
  pageSize,
  samePeriodLastYear,
  scopeSql,
  toPage,
  type DataScope,
  type Page,
} from '@dnp/subgraph-kit';
import type { OrdersContext } from '../../orders-context.js';
import {
  DealerRankingLevel,
  DealerRankingMetric,
  SalesReportCompare,
  SalesReportDimension,
  SalesReportSort,
  type DealerRankingInput,
  type SalesReportInput,
} from '../../schema/sales-report.input.js';
import { and, toNumber, type SqlPart } from '../order-scope.js';
import { BRAND_SELLER } from '../sales-facts/sales-fact-sources.js';
import {
  changeBp,
  checkRankingInput,
  checkReportInput,
  compareRange,
  comparedKey,
  factRange,
  reportKeyOf,
  type FactRange,
} from './sales-report.rules.js';

/** Summed measures of one group of fact rows. */
interface Figures {
  orders: number;
  orderLines: number;
  units: number;
  grossMinor: number;
  netMinor: number;
}

/** One row of a sales report, in minor units (the export runner pages these too). */
export interface SalesReportRowData {
  key: string;
  label: string;
  orders: number;
  units: number;
  grossMinor: number;
  netMinor: number;
  compareNetMinor: number | null;
  changeBp: number | null;
}

/** A sales report's page of rows, its row count and its totals over every row. */
export interface SalesReportResult {
  firstPeriod: string;
  lastPeriod: string;
  rows: SalesReportRowData[];
  total: number;
  totals: Omit<SalesReportRowData, 'key' | 'label'>;
}

/** One dealer's place in a ranking, in minor units. */
export interface DealerRankingData {
  rank: number;
  dealerId: string;
  orders: number;
  units: number;
  netMinor: number;
  lastYearNetMinor: number;
  growthBp: number | null;
}

/** The column a dimension groups the fact rows by. */
const GROUP_COLUMN: Record<SalesReportDimension, string> = {
  REGION: 'region_path',
  DEALER: 'dealer_id',
  PRODUCT: 'product_id',
  CATEGORY: 'category_path',
  PERIOD: 'period',
};

const ZERO: Figures = { orders: 0, orderLines: 0, units: 0, grossMinor: 0, netMinor: 0 };
const LEVEL_SQL: Record<DealerRankingLevel, SqlPart> = {
  DIRECT: { text: 'seller_key = ?', params: [BRAND_SELLER] },
  SUB_DEALER: { text: 'seller_key <> ?', params: [BRAND_SELLER] },
};

/** The viewer's scope for reports: HQ, region managers and dealer users; FORBIDDEN for anyone else. */
function reportScope(ctx: OrdersContext): DataScope {
  ctx.requireViewer();
  const scope = ctx.scope;
  if (scope.kind === 'none' || scope.kind === 'warehouse') throw new ForbiddenError('Your role reads no sales reports');
  return scope;
}

const pathSegments = (path: string) => path.split('/').filter(Boolean);

/**
 * Sales reports and dealer rankings over `sales_fact_day` / `sales_fact_month` (docs/design/
 * rebates-reports.md §9), never over the orders: grouped in SQL, folded to the report's keys here
 * (bounded by the number of regions, dealers, products, categories or periods), within the viewer's
 * data scope (a dealer reads its own and its sub-dealers' purchases and its own sales).
 */
export class SalesReportService {
  /** One page of a sales report, by the kit's pagination (`first`, `after`). */
  async salesReport(
    ctx: OrdersContext,
    input: SalesReportInput,
    first?: number | null,
    after?: string | null,
    sort?: SalesReportSort | null,
  ): Promise<Omit<SalesReportResult, 'rows'> & { page: Page<SalesReportRowData> }> {
    const limit = pageSize(first);
    const offset = after ? Number(decodeCursor(after, 1)[0]) : 0;
    if (!Number.isSafeInteger(offset) || offset < 0) {
      throw new AppError(ErrorCode.INVALID_CURSOR, '"after" is not a cursor this list issued', { field: 'after' });
    }
    const result = await this.report(ctx, input, { offset, limit: limit + 1 }, sort);
    const page = toPage(result.rows, limit, offset > 0, result.total, (row) => [offset + result.rows.indexOf(row) + 1]);
    return { ...result, page };
  }

  /**
   * The report's rows `offset`..`offset + limit` (any limit: the export runner pages by thousands),
   * with the row count and the totals. Refusals: DATE_INVALID, FROM_AFTER_TO, RANGE_TOO_LONG, FILTER_INVALID.
   */
  async report(
    ctx: OrdersContext,
    input: SalesReportInput,
    page: { offset: number; limit: number },
    sort?: SalesReportSort | null,
  ): Promise<SalesReportResult> {
    const scope = reportScope(ctx);
    const range = checkReportInput(input);
    const compare = input.compare ?? SalesReportCompare.NONE;
    const isPeriod = input.dimension === SalesReportDimension.PERIOD;
    const where = this.filters(input, scope);
    const fold = this.folder(input, scope);
    const current = await this.grouped(ctx, range, GROUP_COLUMN[input.dimension], where, fold);
    if (isPeriod) for (const key of range.keys) if (!current.has(key)) current.set(key, { ...ZERO });
    const againstRange = isPeriod
      ? compare === SalesReportCompare.NONE
        ? null
        : factRange(comparedKey(range.keys[0]!, compare), comparedKey(range.keys.at(-1)!, compare))
      : compareRange(range, compare);
    const against = againstRange
      ? await this.grouped(ctx, againstRange, GROUP_COLUMN[input.dimension], where, fold)
      : null;
    const byLines =
      input.dimension === SalesReportDimension.PRODUCT || input.dimension === SalesReportDimension.CATEGORY;
    const rows = [...current].map(([key, f]): SalesReportRowData => {
      const base = against ? (against.get(isPeriod ? comparedKey(key, compare) : key)?.netMinor ?? 0) : null;
      return {
        ...{ key, label: key === '' ? '(unknown)' : key, orders: byLines ? f.orderLines : f.orders },
        ...{ units: f.units, grossMinor: f.grossMinor, netMinor: f.netMinor },
        ...{ compareNetMinor: base, changeBp: changeBp(f.netMinor, base) },
      };
    });
    rows.sort(this.comparator(sort ?? (isPeriod ? SalesReportSort.KEY_ASC : SalesReportSort.NET_DESC)));
    const sum = (m: Map<string, Figures>, pick: (f: Figures) => number) =>
      [...m.values()].reduce((a, f) => a + pick(f), 0);
    const compareNet = against ? sum(against, (f) => f.netMinor) : null;
    const net = sum(current, (f) => f.netMinor);
    return {
      firstPeriod: range.keys[0]!,
      lastPeriod: range.keys.at(-1)!,
      rows: rows.slice(page.offset, page.offset + page.limit),
      total: rows.length,
      totals: {
        ...{ orders: sum(current, (f) => f.orders), units: sum(current, (f) => f.units) },
        ...{ grossMinor: sum(current, (f) => f.grossMinor), netMinor: net },
        ...{ compareNetMinor: compareNet, changeBp: changeBp(net, compareNet) },
      },
    };
  }

  /**
   * The first `first` dealers of one business period by `metric` (growth: against the same period last
   * year). Refusals: PERIOD_INVALID, FILTER_INVALID.
   */
  async dealerRanking(
    ctx: OrdersContext,
    input: DealerRankingInput,
    first?: number | null,
  ): Promise<DealerRankingData[]> {
    const limit = pageSize(first);
    return (await this.ranking(ctx, input)).slice(0, limit);
  }

  /** Every dealer of the period in rank order (the export runner pages these). Refusals as `dealerRanking`. */
  async ranking(ctx: OrdersContext, input: DealerRankingInput): Promise<DealerRankingData[]> {
    const scope = reportScope(ctx);
    checkRankingInput(input);
    const where = and([
      this.scopePart(scope),
      input.regionId ? { text: 'region_path like ?', params: [`%/${input.regionId}/%`] } : null,
      input.level ? LEVEL_SQL[input.level] : null,
    ]);
    const id = (k: string) => k;
    const current = await this.grouped(ctx, factRange(input.period, input.period), 'dealer_id', where, id);
    const last = samePeriodLastYear(input.period);
    const before = await this.grouped(ctx, factRange(last, last), 'dealer_id', where, id);
    const rows = [...current].map(([dealerId, f]) => {
      const lastYearNetMinor = before.get(dealerId)?.netMinor ?? 0;
      const growthBp = changeBp(f.netMinor, lastYearNetMinor > 0 ? lastYearNetMinor : null);
      return { rank: 0, dealerId, orders: f.orders, units: f.units, netMinor: f.netMinor, lastYearNetMinor, growthBp };
    });
    const metric = input.metric ?? DealerRankingMetric.NET;
    const value = (r: DealerRankingData): number =>
      metric === DealerRankingMetric.GROWTH
        ? (r.growthBp ?? Number.NEGATIVE_INFINITY)
        : metric === DealerRankingMetric.UNITS
          ? r.units
          : metric === DealerRankingMetric.ORDERS
            ? r.orders
            : r.netMinor;
    rows.sort((a, b) => value(b) - value(a) || a.dealerId.localeCompare(b.dealerId));
    return rows.map((r, i) => ({ ...r, rank: i + 1 }));
  }

  private scopePart(scope: DataScope): SqlPart | null {
    return scopeSql(scope, { dealerId: 'dealer_id', regionPath: 'region_path', seller: 'seller_key' });
  }

  private filters(input: SalesReportInput, scope: DataScope): SqlPart {
    const like = (column: string, id: string | null | undefined): SqlPart | null =>
      id ? { text: `${column} like ?`, params: [`%/${id}/%`] } : null;
    const equals = (column: string, value: string | null | undefined): SqlPart | null =>
      value ? { text: `${column} = ?`, params: [value] } : null;
    return and([
      this.scopePart(scope),
      like('region_path', input.regionId),
      like('category_path', input.categoryId),
      equals('dealer_id', input.dealerId),
      equals('product_id', input.productId),
      equals('seller_key', input.sellerDealerId),
    ]);
  }

  /** Maps a grouped column value to the report's key (null: the row is left out). */
  private folder(input: SalesReportInput, scope: DataScope): (value: string) => string | null {
    switch (input.dimension) {
      case SalesReportDimension.PERIOD:
        return (period) => reportKeyOf(period, input.granularity);
      case SalesReportDimension.REGION: {
        const anchor = input.regionId ?? (scope.kind === 'region' ? scope.regionId : null);
        return (path) => {
          const segments = pathSegments(path);
          const at = anchor ? segments.indexOf(anchor) : 0;
          return at < 0 ? null : (segments[at + 1] ?? segments[at] ?? null);
        };
      }
      case SalesReportDimension.CATEGORY: {
        const anchor = input.categoryId ?? null;
        return (path) => {
          const segments = pathSegments(path);
          const at = anchor ? segments.indexOf(anchor) : -1;
          return segments[at + 1] ?? segments[at] ?? '';
        };
      }
      default:
        return (value) => value;
    }
  }

  private comparator(sort: SalesReportSort): (a: SalesReportRowData, b: SalesReportRowData) => number {
    const byKey = (a: SalesReportRowData, b: SalesReportRowData) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
    const by =
      (pick: (r: SalesReportRowData) => number, sign: number) => (a: SalesReportRowData, b: SalesReportRowData) =>
        sign * (pick(a) - pick(b)) || byKey(a, b);
    switch (sort) {
      case SalesReportSort.NET_ASC:
        return by((r) => r.netMinor, 1);
      case SalesReportSort.UNITS_DESC:
        return by((r) => r.units, -1);
      case SalesReportSort.ORDERS_DESC:
        return by((r) => r.orders, -1);
      case SalesReportSort.KEY_ASC:
        return byKey;
      default:
        return by((r) => r.netMinor, -1);
    }
  }

  /** Sums the fact rows of `range` matching `where`, grouped by `column`, folded by `fold`. */
  private async grouped(
    ctx: OrdersContext,
    range: FactRange,
    column: string,
    where: SqlPart,
    fold: (value: string) => string | null,
  ): Promise<Map<string, Figures>> {
    const rows: Record<string, unknown>[] = await ctx.em.getConnection().execute(
      `select ${column} as k, sum(orders) as orders, sum(order_lines) as order_lines, sum(units) as units,
              sum(gross_minor) as gross, sum(net_minor) as net
         from ${range.table} where period >= ? and period <= ? and ${where.text} group by ${column}`,
      [range.low, range.high, ...where.params],
      'all',
    );
    const groups = new Map<string, Figures>();
    for (const r of rows) {
      const key = fold(String(r.k));
      if (key == null) continue;
      const g = groups.get(key) ?? { ...ZERO };
      g.orders += toNumber(r.orders);
      g.orderLines += toNumber(r.order_lines);
      g.units += toNumber(r.units);
      g.grossMinor += toNumber(r.gross);
      g.netMinor += toNumber(r.net);
      groups.set(key, g);
    }
    return groups;
  }
}
