import {
  addDays,
  businessMonth,
  domainError,
  isBusinessMonth,
  periodsBetween,
  previousPeriod,
  scopeSql,
  shiftPeriod,
  UserInputError,
  type DomainError,
  type ReportPager,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { ReceivablesMonth, ReceivablesSnapshot } from '../entities/receivables-month.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { agingByDealerAsOf } from './aging.service.js';
import { financeScope } from './scope.service.js';

/** Most months one receivables report covers. */
export const RECEIVABLES_REPORT_MAX_MONTHS = 36;

/** The report's arguments once checked. */
export interface ReceivablesReportFilter {
  from: string;
  to: string;
}

/** One month-end of the trend, summed over the dealers in the viewer's scope. */
export interface ReceivablesMonthRow {
  month: string;
  /** False while the month is open or its snapshot has not run (the figures are then 0). */
  taken: boolean;
  openMinor: number;
  overdueMinor: number;
  over90Minor: number;
  unappliedMinor: number;
  /** Dealers with something open or unapplied. */
  dealers: number;
}

/** The last business day of a month `YYYY-MM`. */
const lastDayOf = (month: string) => addDays(`${shiftPeriod(month, 1)}-01`, -1);

/**
 * Takes the snapshot of the last closed business month if nobody has (rr §9): the aging as it stood at the end
 * of that month's last day, one row per dealer with something open, and the month's marker, in one
 * transaction (a second replica's attempt fails on the marker and writes nothing). Answers the rows written.
 */
export async function snapshotLastMonth(em: EntityManager, timeZone: string, now = new Date()): Promise<number> {
  const month = previousPeriod(businessMonth(now, timeZone));
  if (await em.fork().count(ReceivablesSnapshot, { month })) return 0;
  const dealers = await agingByDealerAsOf(em.fork(), lastDayOf(month), timeZone);
  try {
    await em.fork().transactional(async (tx) => {
      await tx.insert(ReceivablesSnapshot, { month, takenAt: now, dealers: dealers.length });
      if (!dealers.length) return;
      await tx.insertMany(
        ReceivablesMonth,
        dealers.map(({ dealerId, dealerRegionPath, buckets: b }) => ({
          ...{ month, dealerId, dealerRegionPath, openMinor: b.total, overdueMinor: b.total - b.current },
          ...{ over90Minor: b.over90, unappliedMinor: b.unappliedCredit },
        })),
      );
    });
  } catch (err) {
    // Taken meanwhile by another replica: its snapshot stands.
    if (await em.fork().count(ReceivablesSnapshot, { month })) return 0;
    throw err;
  }
  return dealers.length;
}

/**
 * The receivables trend (rr §9): open, overdue and over-90 receivables at each month's end from `from` to `to`,
 * summed over the dealers in the viewer's scope, read from the month-end snapshots only.
 */
export class ReceivablesReportService {
  /** Checks the months: a DomainError naming the field when they do not hold. */
  check(raw: Record<string, unknown>): ReceivablesReportFilter | DomainError {
    const { from, to } = raw;
    if (typeof from !== 'string' || !isBusinessMonth(from)) return domainError('MONTH_INVALID', 'YYYY-MM', 'from');
    if (typeof to !== 'string' || !isBusinessMonth(to)) return domainError('MONTH_INVALID', 'YYYY-MM', 'to');
    if (to < from) return domainError('PERIOD_INVALID', '"to" is before "from"', 'to');
    if (periodsBetween(from, to, 10_000).length > RECEIVABLES_REPORT_MAX_MONTHS) {
      return domainError('PERIOD_RANGE_TOO_LONG', `At most ${RECEIVABLES_REPORT_MAX_MONTHS} months`, 'to');
    }
    return { from, to };
  }

  /** The trend; BAD_USER_INPUT (with the field) for bad months. */
  async report(ctx: FinanceContext, raw: Record<string, unknown>): Promise<ReceivablesMonthRow[]> {
    const filter = this.check(raw);
    if ('code' in filter) throw new UserInputError(filter.message, filter.field ?? undefined);
    return this.rows(ctx, filter);
  }

  /** One row per month of the range, in order. */
  async rows(ctx: FinanceContext, f: ReceivablesReportFilter): Promise<ReceivablesMonthRow[]> {
    const viewer = ctx.requireViewer();
    const months = periodsBetween(f.from, f.to, RECEIVABLES_REPORT_MAX_MONTHS);
    const taken = new Set(
      (await ctx.em.find(ReceivablesSnapshot, { month: { $gte: f.from, $lte: f.to } })).map((s) => s.month),
    );
    const scoped = scopeSql(financeScope(viewer), { dealerId: 'dealer_id', regionPath: 'dealer_region_path' });
    // Null: no restriction (HQ, clerks); a scope holding nothing is a condition no row meets.
    const rows = (await ctx.em
      .getConnection()
      .execute(
        'select month, sum(open_minor) as o, sum(overdue_minor) as d, sum(over90_minor) as n, ' +
          'sum(unapplied_minor) as u, count(*) as c from receivables_month where month >= ? and month <= ?' +
          `${scoped ? ` and ${scoped.text}` : ''} group by month`,
        [f.from, f.to, ...(scoped?.params ?? [])],
      )) as Record<string, number | string>[];
    const sums = new Map(rows.map((r) => [String(r.month), r]));
    return months.map((month) => {
      const r = sums.get(month);
      return {
        ...{ month, taken: taken.has(month), openMinor: Number(r?.o ?? 0), overdueMinor: Number(r?.d ?? 0) },
        ...{ over90Minor: Number(r?.n ?? 0), unappliedMinor: Number(r?.u ?? 0), dealers: Number(r?.c ?? 0) },
      };
    });
  }
}

const service = new ReceivablesReportService();
const yuan = (minor: number) => (minor / 100).toFixed(2);

/** `receivablesReport` as an export (`startFinanceReportExport`): filters `{ from, to }` (months). */
export const receivablesPager: ReportPager<ReceivablesReportFilter, ReceivablesMonthRow> = {
  name: 'receivablesReport',
  columns: [
    { header: 'month', value: (r) => r.month },
    { header: 'taken', value: (r) => (r.taken ? 'yes' : 'no') },
    { header: 'open', value: (r) => yuan(r.openMinor) },
    { header: 'overdue', value: (r) => yuan(r.overdueMinor) },
    { header: 'over90', value: (r) => yuan(r.over90Minor) },
    { header: 'unapplied', value: (r) => yuan(r.unappliedMinor) },
    { header: 'dealers', value: (r) => r.dealers },
  ],
  parse: async (_ctx, raw) => service.check(raw as Record<string, unknown>),
  count: async (ctx, f) => (await service.rows(ctx as FinanceContext, f)).length,
  page: async (ctx, f, offset, limit) => (await service.rows(ctx as FinanceContext, f)).slice(offset, offset + limit),
};
