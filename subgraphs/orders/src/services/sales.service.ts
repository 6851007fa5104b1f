import { Money, UserInputError } from '@dnp/subgraph-kit';
import { config } from '../config.js';
import { NON_SALE_STATUSES, OrderStatus } from '../entities/order.entity.js';
import type { OrdersContext } from '../orders-context.js';
import { RegionLevelFilter, TrendGranularity } from '../schema/sales.type.js';
import {
  and,
  dashboardScope,
  dbDate,
  orderScope,
  placeholders,
  scopeSql,
  toDate,
  toNumber,
  type SqlPart,
} from './order-scope.js';
import { addDays, addMonths, defaultTrendStart, nextPeriod, periodLabel, periodStart } from './periods.js';
import type { DealerSalesFigures, RegionSalesFigures, SalesPeriod, StatusCount } from './sales.model.js';

/** All demo and current orders are in yuan; amounts across orders are summed in this currency. */
const CURRENCY = 'CNY';

/** Longest range per granularity; beyond it the answer would be too long to be useful. */
const MAX_RANGE: Record<TrendGranularity, { days: number; text: string }> = {
  [TrendGranularity.DAY]: { days: 400, text: '400 days' },
  [TrendGranularity.WEEK]: { days: 520 * 7, text: '520 weeks' },
  [TrendGranularity.MONTH]: { days: 3660, text: '120 months' },
};

/** Path segment index of each grouping level in "/reg_cn/<sales region>/<province>/<city>/". */
const LEVEL_SEGMENT: Record<RegionLevelFilter, number> = {
  [RegionLevelFilter.SALES_REGION]: 1,
  [RegionLevelFilter.PROVINCE]: 2,
};

const notSale = (): SqlPart => ({
  text: `status not in (${placeholders(NON_SALE_STATUSES.length)})`,
  params: [...NON_SALE_STATUSES],
});

/** Sales figures: dealer statistics and the HQ console's dashboards, always within the viewer's scope. */
export class SalesService {
  /** A dealer's sales statistics, batched across dealers through the request's loader. */
  dealerStats(ctx: OrdersContext, dealerId: string): Promise<DealerSalesFigures> {
    return ctx.loaders.salesStatsByDealer.load(dealerId);
  }

  /**
   * Sales statistics of several dealers in one grouped statement. Orders outside the viewer's
   * scope do not count, so a dealer user sees zeros for any dealer but its own.
   */
  async statsForDealers(
    ctx: OrdersContext,
    dealerIds: readonly string[],
    now = new Date(),
  ): Promise<DealerSalesFigures[]> {
    const scope = orderScope(ctx);
    const ids = [...new Set(dealerIds)];
    const since12m = dbDate(ctx.em, addMonths(now, -12));
    const since90d = dbDate(ctx.em, addDays(now, -90));
    const where = and([
      { text: `dealer_id in (${placeholders(ids.length)})`, params: ids },
      notSale(),
      scopeSql(scope),
    ]);
    const rows = await this.query(
      ctx,
      `select dealer_id,
              sum(case when placed_at >= ? then 1 else 0 end) as order_count,
              sum(case when placed_at >= ? then total_minor else 0 end) as total_minor,
              sum(case when placed_at >= ? then total_minor else 0 end) as last90_minor,
              max(placed_at) as last_order_at
         from sales_order where ${where.text} group by dealer_id`,
      [since12m, since12m, since90d, ...where.params],
    );
    const byDealer = new Map(rows.map((r) => [String(r.dealer_id), r]));
    return dealerIds.map((id) => {
      const row = byDealer.get(id);
      return {
        orderCount: toNumber(row?.order_count),
        totalAmount: Money.fromMinor(toNumber(row?.total_minor), CURRENCY),
        last90DaysAmount: Money.fromMinor(toNumber(row?.last90_minor), CURRENCY),
        lastOrderAt: toDate(row?.last_order_at),
      };
    });
  }

  /**
   * Orders and amounts per day, ISO week or month between `from` and `to` (both inclusive; the
   * first and last periods may be partial), with empty periods as zeros. One statement reads the
   * placing time and total of each order; bucketing happens here so SQLite and MySQL agree.
   */
  async salesTrend(
    ctx: OrdersContext,
    args: { granularity: TrendGranularity; from?: Date | null; to?: Date | null },
    now = new Date(),
  ): Promise<SalesPeriod[]> {
    const scope = dashboardScope(ctx);
    const { granularity } = args;
    const to = args.to ?? now;
    const tz = config.BUSINESS_TIME_ZONE;
    const from = args.from ?? defaultTrendStart(granularity, to, tz);
    this.checkRange(from, to);
    if (to.getTime() - from.getTime() > MAX_RANGE[granularity].days * 86_400_000) {
      throw new UserInputError(
        `A ${granularity.toLowerCase()} trend covers at most ${MAX_RANGE[granularity].text}`,
        'from',
      );
    }
    const where = and([this.between(ctx, from, to), notSale(), scopeSql(scope)]);
    const rows = await this.query(
      ctx,
      `select placed_at, total_minor from sales_order where ${where.text}`,
      where.params,
    );

    const points = new Map<number, SalesPeriod>();
    for (let start = periodStart(granularity, from, tz); start <= to; start = nextPeriod(granularity, start, tz)) {
      points.set(start.getTime(), {
        periodStart: start,
        label: periodLabel(granularity, start, tz),
        orderCount: 0,
        amount: Money.fromMinor(0, CURRENCY),
      });
    }
    const amounts = new Map<number, number>();
    for (const row of rows) {
      const key = periodStart(granularity, toDate(row.placed_at)!, tz).getTime();
      const point = points.get(key);
      if (!point) continue;
      point.orderCount++;
      amounts.set(key, (amounts.get(key) ?? 0) + toNumber(row.total_minor));
    }
    for (const [key, minor] of amounts) points.get(key)!.amount = Money.fromMinor(minor, CURRENCY);
    return [...points.values()];
  }

  /**
   * Sales per sales region or province between `from` and `to` (default: the last 12 months),
   * largest first. Grouped by the dealer's region path in SQL, then folded to the level here.
   */
  async salesByRegion(
    ctx: OrdersContext,
    args: { level?: RegionLevelFilter | null; from?: Date | null; to?: Date | null },
    now = new Date(),
  ): Promise<RegionSalesFigures[]> {
    const scope = dashboardScope(ctx);
    const to = args.to ?? now;
    const from = args.from ?? addMonths(to, -12);
    this.checkRange(from, to);
    const segment = LEVEL_SEGMENT[args.level ?? RegionLevelFilter.SALES_REGION];
    const where = and([this.between(ctx, from, to), notSale(), scopeSql(scope)]);
    const rows = await this.query(
      ctx,
      'select dealer_region_path, count(*) as order_count, sum(total_minor) as total_minor from sales_order ' +
        `where ${where.text} group by dealer_region_path`,
      where.params,
    );
    const byRegion = new Map<string, { count: number; minor: number }>();
    for (const row of rows) {
      const regionId = String(row.dealer_region_path).split('/').filter(Boolean)[segment];
      // A dealer registered above the level (e.g. a national agent for PROVINCE) has no region there.
      if (!regionId) continue;
      const agg = byRegion.get(regionId) ?? { count: 0, minor: 0 };
      agg.count += toNumber(row.order_count);
      agg.minor += toNumber(row.total_minor);
      byRegion.set(regionId, agg);
    }
    return [...byRegion.entries()]
      .sort(([a, x], [b, y]) => y.minor - x.minor || a.localeCompare(b))
      .map(([regionId, agg]) => ({
        regionId,
        region: { id: regionId },
        orderCount: agg.count,
        amount: Money.fromMinor(agg.minor, CURRENCY),
      }));
  }

  /** How many orders in the viewer's scope are in each status (every status listed, zeros included). */
  async orderStatusCounts(ctx: OrdersContext): Promise<StatusCount[]> {
    const where = and([scopeSql(dashboardScope(ctx))]);
    const rows = await this.query(
      ctx,
      `select status, count(*) as n from sales_order where ${where.text} group by status`,
      where.params,
    );
    const counts = new Map(rows.map((r) => [String(r.status), toNumber(r.n)]));
    return Object.values(OrderStatus).map((status) => ({ status, count: counts.get(status) ?? 0 }));
  }

  private checkRange(from: Date, to: Date): void {
    if (Number.isNaN(from.getTime())) throw new UserInputError('from is not a valid date', 'from');
    if (Number.isNaN(to.getTime())) throw new UserInputError('to is not a valid date', 'to');
    if (from > to) throw new UserInputError('from must not be after to', 'from');
  }

  private between(ctx: OrdersContext, from: Date, to: Date): SqlPart {
    return { text: 'placed_at >= ? and placed_at <= ?', params: [dbDate(ctx.em, from), dbDate(ctx.em, to)] };
  }

  private query(ctx: OrdersContext, sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    return ctx.em.getConnection().execute(sql, params, 'all');
  }
}
