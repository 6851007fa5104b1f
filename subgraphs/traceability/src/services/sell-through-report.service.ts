import {
  daysBetween,
  domainError,
  isBusinessDate,
  PERIOD_GRANULARITIES,
  periodOfDate,
  UserInputError,
  type DataScope,
  type DomainError,
  type PeriodGranularity,
  type ReportPager,
} from '@dnp/subgraph-kit';
import type { TraceabilityContext } from '../traceability-context.js';

/** Longest range one sell-through report covers (three years and a day). */
export const SELL_THROUGH_MAX_DAYS = 3 * 366;

/** The report's arguments once checked. */
export interface SellThroughFilter {
  regionId: string | null;
  dealerId: string | null;
  productId: string | null;
  from: string;
  to: string;
  granularity: PeriodGranularity;
}

/** One period of sell-through. */
export interface SellThroughRow {
  /** The period key (`2026-03-01`, `2026-W09`, `2026-03`, `2026-Q1`, `2026`). */
  period: string;
  soldUnits: number;
  pricedUnits: number;
  revenueMinor: number;
  /** Revenue over priced units, in fen; null when no sale carried a price. */
  averagePriceMinor: number | null;
}

const ID = /^[A-Za-z0-9_-]{1,40}$/;

/** The viewer's scope as SQL over `sell_through_day`; null when it sees nothing (managers by the seller's region). */
function scopeSql(scope: DataScope): { sql: string; params: string[] } | null {
  switch (scope.kind) {
    case 'all':
      return { sql: '', params: [] };
    case 'region':
      return {
        sql: ' and dealer_region_path like ?',
        params: [scope.pathPrefix ? `${scope.pathPrefix}%` : `%/${scope.regionId}/%`],
      };
    case 'dealer':
      return {
        sql: ` and dealer_id in (${scope.readDealerIds.map(() => '?').join(', ')})`,
        params: [...scope.readDealerIds],
      };
    default:
      return null;
  }
}

/**
 * The sell-through report (rr §9): retail units sold (SELL scans), priced units and revenue per business
 * period, from `sell_through_day` only; narrowed by the region sold in (its subtree), the seller and the
 * product, and always by the viewer's scope (a manager the sellers of their regions, a dealer its own and its
 * sub-dealers' sales), as serial codes are.
 */
export class SellThroughReportService {
  /** Checks the arguments: a DomainError naming the field when they do not hold. */
  check(raw: Record<string, unknown>): SellThroughFilter | DomainError {
    const optional = (field: 'regionId' | 'dealerId' | 'productId') => {
      const value = raw[field] ?? null;
      return value === null || (typeof value === 'string' && ID.test(value)) ? (value as string | null) : undefined;
    };
    for (const field of ['regionId', 'dealerId', 'productId'] as const) {
      if (optional(field) === undefined) return domainError('BAD_USER_INPUT', `${field}: an id`, field);
    }
    const { from, to } = raw;
    if (typeof from !== 'string' || !isBusinessDate(from)) return domainError('DATE_INVALID', 'a date', 'from');
    if (typeof to !== 'string' || !isBusinessDate(to)) return domainError('DATE_INVALID', 'a date', 'to');
    const days = daysBetween(from, to) + 1;
    if (days < 1) return domainError('PERIOD_INVALID', '"to" is before "from"', 'to');
    if (days > SELL_THROUGH_MAX_DAYS) {
      return domainError('PERIOD_RANGE_TOO_LONG', `At most ${SELL_THROUGH_MAX_DAYS} days`, 'to');
    }
    const granularity = raw.granularity ?? 'DAY';
    if (!PERIOD_GRANULARITIES.includes(granularity as PeriodGranularity)) {
      return domainError('BAD_USER_INPUT', `granularity: one of ${PERIOD_GRANULARITIES.join(', ')}`, 'granularity');
    }
    return {
      ...{ regionId: optional('regionId')!, dealerId: optional('dealerId')!, productId: optional('productId')! },
      ...{ from, to, granularity: granularity as PeriodGranularity },
    };
  }

  /** The report's periods in order (only periods with sales); BAD_USER_INPUT with the field for bad arguments. */
  async report(ctx: TraceabilityContext, raw: Record<string, unknown>): Promise<SellThroughRow[]> {
    ctx.requireViewer();
    const filter = this.check(raw);
    if ('code' in filter) throw new UserInputError(filter.message, filter.field ?? undefined);
    return this.rows(ctx, filter);
  }

  /** Every period's row (a report has at most a few hundred periods: paging is for the export's sake). */
  async rows(ctx: TraceabilityContext, f: SellThroughFilter): Promise<SellThroughRow[]> {
    const scope = scopeSql(ctx.scope);
    if (!scope) return [];
    const narrow: [string, unknown][] = [
      ['day >= ?', f.from],
      ['day <= ?', f.to],
      ...(f.regionId ? [['region_path like ?', `%/${f.regionId}/%`] as [string, unknown]] : []),
      ...(f.dealerId ? [['dealer_id = ?', f.dealerId] as [string, unknown]] : []),
      ...(f.productId ? [['product_id = ?', f.productId] as [string, unknown]] : []),
    ];
    const where = narrow.map(([sql]) => sql);
    const params = narrow.map(([, value]) => value);
    const days = (await ctx.em
      .getConnection()
      .execute(
        'select day, sum(sold_units) as s, sum(priced_units) as p, sum(revenue_minor) as r from sell_through_day ' +
          `where ${where.join(' and ')}${scope.sql} group by day order by day`,
        [...params, ...scope.params],
      )) as { day: string; s: number | string; p: number | string; r: number | string }[];
    const periods = new Map<string, SellThroughRow>();
    for (const d of days) {
      const period = periodOfDate(d.day, f.granularity);
      const row = periods.get(period) ?? {
        period,
        soldUnits: 0,
        pricedUnits: 0,
        revenueMinor: 0,
        averagePriceMinor: null,
      };
      row.soldUnits += Number(d.s);
      row.pricedUnits += Number(d.p);
      row.revenueMinor += Number(d.r);
      periods.set(period, row);
    }
    return [...periods.values()].map((r) => ({
      ...r,
      averagePriceMinor: r.pricedUnits ? Math.round(r.revenueMinor / r.pricedUnits) : null,
    }));
  }
}

const service = new SellThroughReportService();

/** `sellThroughReport` as an export (`startTraceabilityReportExport`): filters as the query's arguments. */
export const sellThroughPager: ReportPager<SellThroughFilter, SellThroughRow> = {
  name: 'sellThroughReport',
  columns: [
    { header: 'period', value: (r) => r.period },
    { header: 'soldUnits', value: (r) => r.soldUnits },
    { header: 'pricedUnits', value: (r) => r.pricedUnits },
    { header: 'revenue', value: (r) => (r.revenueMinor / 100).toFixed(2) },
    {
      header: 'averagePrice',
      value: (r) => (r.averagePriceMinor == null ? null : (r.averagePriceMinor / 100).toFixed(2)),
    },
  ],
  parse: async (_ctx, raw) => service.check(raw as Record<string, unknown>),
  count: async (ctx, f) => (await service.rows(ctx as TraceabilityContext, f)).length,
  page: async (ctx, f, offset, limit) =>
    (await service.rows(ctx as TraceabilityContext, f)).slice(offset, offset + limit),
};
