import {
  addDays,
  businessDate,
  decodeCursor,
  isBusinessDate,
  pageSize,
  scopeSql,
  startOfBusinessDay,
  toPage,
  UserInputError,
  type Page,
} from '@dnp/subgraph-kit';
import type { FinanceContext } from '../finance-context.js';
import { brandAccountScope, financeScope } from './scope.service.js';

/** How aging rows are grouped. */
export type AgingGrouping = 'DEALER' | 'REGION';

/** Open receivables by days past due (账龄), in fen. */
export interface AgingBucketsMinor {
  current: number;
  d1to30: number;
  d31to60: number;
  d61to90: number;
  over90: number;
  total: number;
  /** Unallocated payments and unapplied credit notes: shown beside the buckets, never netted. */
  unappliedCredit: number;
}

/** One row of the report: a dealer, or a region one level below the report's region. */
export interface AgingRowResult {
  /** The dealer id (DEALER) or the region id (REGION). */
  key: string;
  dealerId: string | null;
  regionId: string | null;
  buckets: AgingBucketsMinor;
  oldestDueDate: string | null;
  /** True when some invoice is more than the threshold past due (a dealer, or any dealer of the region). */
  blocked: boolean;
}

/** The report: its date, the ordering-block threshold, the totals and one page of rows. */
export interface AgingReportResult {
  asOf: string;
  thresholdDays: number;
  totals: AgingBucketsMinor;
  rows: Page<AgingRowResult>;
}

const BUCKETS = ['current', 'd1to30', 'd31to60', 'd61to90', 'over90'] as const;

function emptyBuckets(): AgingBucketsMinor {
  return { current: 0, d1to30: 0, d31to60: 0, d61to90: 0, over90: 0, total: 0, unappliedCredit: 0 };
}

function addInto(into: AgingBucketsMinor, from: AgingBucketsMinor): void {
  for (const key of [...BUCKETS, 'total', 'unappliedCredit'] as const) into[key] += from[key];
}

type Row = {
  dealer_id: string;
  dealer_region_path: string;
  unapplied: number | string | null;
  oldest: string | null;
} & Record<(typeof BUCKETS)[number], number | string | null>;

/**
 * Open invoices as of a past date: the amount less what was allocated to them (payments and
 * credit notes) by the end of that day, for invoices issued by then.
 */
const PAST_INVOICES =
  '(select inv.dealer_id, inv.due_date, inv.amount_minor - coalesce((select sum(r.amount_minor) ' +
  'from receivable_allocation r where r.invoice_id = inv.id and r.allocated_at < ?), 0) as outstanding_minor ' +
  'from invoice inv where inv.issued_on <= ?)';
/** What a dealer had paid or been credited and not yet allocated, as of a past date. */
const PAST_UNAPPLIED =
  '(select coalesce(sum(p.amount_minor), 0) from payment p where p.dealer_id = a.dealer_id and p.received_on <= ?) + ' +
  '(select coalesce(sum(c.amount_minor), 0) from credit_note c ' +
  'where c.dealer_id = a.dealer_id and c.issued_on <= ?) - ' +
  '(select coalesce(sum(r.amount_minor), 0) from receivable_allocation r where r.dealer_id = a.dealer_id ' +
  'and r.allocated_at < ?)';

/**
 * The one aggregate of the report: per dealer in scope, the outstanding amounts summed into
 * buckets by due-date ranges computed beforehand as business dates (no per-row date function, so
 * the same SQL runs on both dialects), the oldest open due date and the unapplied credit. `end`
 * (the instant the day after a past `asOf` begins, as the platform stores instants) reads the
 * figures as they stood then; null reads them now.
 */
function agingSql(asOf: string, end: unknown, where: string[], params: unknown[]): [string, unknown[]] {
  const past = end !== null;
  const edges = [addDays(asOf, -30), addDays(asOf, -60), addDays(asOf, -90)];
  const bucket = (condition: string) => `sum(case when ${condition} then i.outstanding_minor else 0 end)`;
  const select =
    `select a.dealer_id, a.dealer_region_path, ${past ? PAST_UNAPPLIED : 'a.balance_minor'} as unapplied, ` +
    `${bucket('i.due_date >= ?')} as current, ` +
    `${bucket('i.due_date < ? and i.due_date >= ?')} as d1to30, ` +
    `${bucket('i.due_date < ? and i.due_date >= ?')} as d31to60, ` +
    `${bucket('i.due_date < ? and i.due_date >= ?')} as d61to90, ` +
    `${bucket('i.due_date < ?')} as over90, min(i.due_date) as oldest`;
  const selectParams = [...(past ? [asOf, asOf, end] : []), asOf, asOf, edges[0], edges[0], edges[1]];
  selectParams.push(edges[1], edges[2], edges[2]);
  const from = ` from credit_account a left join ${past ? PAST_INVOICES : 'invoice'} i on i.dealer_id = a.dealer_id`;
  const fromParams = past ? [end, asOf] : [];
  const condition = ` where ${[brandAccountScope.sql('a'), ...where].join(' and ')}`;
  const sql =
    `${select}${from} and i.outstanding_minor > 0${condition} ` +
    'group by a.dealer_id, a.dealer_region_path' +
    (past ? '' : ', a.balance_minor');
  return [sql, [...selectParams, ...fromParams, ...params]];
}

/** The region one level below `regionId` on `path` (`regionId` itself for a dealer registered there). */
function childRegion(path: string, regionId: string): string {
  const ids = path.split('/').filter(Boolean);
  const at = ids.indexOf(regionId);
  return ids[at + 1] ?? regionId;
}

/**
 * Receivables aging (§15): one SQL over the open invoices in the viewer's scope, grouped by dealer
 * or folded into the regions one level below `regionId`. Rows sort by over-90 descending, total
 * descending, then key, with a keyset cursor.
 */
export class AgingService {
  // Long because: argument checks, the query and the fold read best as one straight pass.
  async report(
    ctx: FinanceContext,
    args: {
      asOf?: string | null;
      groupBy?: AgingGrouping | null;
      regionId?: string | null;
      first?: number | null;
      after?: string | null;
    },
    thresholdDays: number,
    timeZone: string,
  ): Promise<AgingReportResult> {
    const viewer = ctx.requireViewer();
    const limit = pageSize(args.first);
    const today = businessDate(new Date(), timeZone);
    const asOf = args.asOf ?? today;
    if (!isBusinessDate(asOf) || asOf > today) throw new UserInputError(`"${asOf}" is not a date up to today`, 'asOf');
    const groupBy = args.groupBy ?? 'DEALER';
    const regionId = args.regionId ?? viewer.regionId ?? (viewer.regionPath?.[0] || null);
    const where: string[] = [];
    const params: unknown[] = [];
    const scoped = scopeSql(financeScope(viewer), { dealerId: 'a.dealer_id', regionPath: 'a.dealer_region_path' });
    if (scoped) {
      where.push(scoped.text);
      params.push(...scoped.params);
    }
    if (args.regionId) {
      where.push('a.dealer_region_path like ?');
      params.push(`%/${args.regionId}/%`);
    }
    // A past date reads allocations made before the end of that business day.
    const end =
      asOf < today ? ctx.em.getPlatform().processDateProperty(startOfBusinessDay(addDays(asOf, 1), timeZone)) : null;
    const [sql, all] = agingSql(asOf, end, where, params);
    const rows = (await ctx.em.getConnection().execute(sql, all, 'all')) as Row[];
    const blockBefore = thresholdDays > 0 ? addDays(asOf, -thresholdDays) : null;
    const grouped = new Map<string, AgingRowResult>();
    const totals = emptyBuckets();
    for (const row of rows) {
      const buckets = bucketsOf(row);
      if (buckets.total === 0 && buckets.unappliedCredit === 0) continue;
      addInto(totals, buckets);
      const key = groupBy === 'REGION' && regionId ? childRegion(row.dealer_region_path, regionId) : row.dealer_id;
      const entry = grouped.get(key) ?? {
        key,
        dealerId: groupBy === 'DEALER' ? row.dealer_id : null,
        regionId: groupBy === 'DEALER' ? null : key,
        buckets: emptyBuckets(),
        oldestDueDate: null,
        blocked: false,
      };
      addInto(entry.buckets, buckets);
      if (row.oldest && (!entry.oldestDueDate || row.oldest < entry.oldestDueDate)) entry.oldestDueDate = row.oldest;
      entry.blocked = Boolean(blockBefore && entry.oldestDueDate && entry.oldestDueDate < blockBefore);
      grouped.set(key, entry);
    }
    return { asOf, thresholdDays, totals, rows: pageOf([...grouped.values()], limit, args.after) };
  }
}

function bucketsOf(row: Row): AgingBucketsMinor {
  const b = emptyBuckets();
  for (const key of BUCKETS) b[key] = Number(row[key] ?? 0);
  b.total = BUCKETS.reduce((sum, key) => sum + b[key], 0);
  b.unappliedCredit = Number(row.unapplied ?? 0);
  return b;
}

function compare(a: AgingRowResult, b: AgingRowResult): number {
  return b.buckets.over90 - a.buckets.over90 || b.buckets.total - a.buckets.total || a.key.localeCompare(b.key);
}

function pageOf(rows: AgingRowResult[], limit: number, after?: string | null): Page<AgingRowResult> {
  rows.sort(compare);
  let start = 0;
  if (after) {
    const [over90, total, key] = decodeCursor(after, 3) as [number, number, string];
    const cursor = { key, buckets: { ...emptyBuckets(), over90, total } } as AgingRowResult;
    start = rows.findIndex((r) => compare(r, cursor) > 0);
    if (start < 0) start = rows.length;
  }
  return toPage(rows.slice(start, start + limit + 1), limit, Boolean(after), rows.length, (r) => [
    r.buckets.over90,
    r.buckets.total,
    r.key,
  ]);
}

/** One dealer's open receivables at the end of a past business day (the month-end snapshot's row). */
export interface DealerAgingAsOf {
  dealerId: string;
  dealerRegionPath: string;
  buckets: AgingBucketsMinor;
}

/**
 * Every brand account's aging as it stood at the end of the past business day `asOf` (unscoped: the
 * month-end snapshot job's read, rr §9), by the same SQL as the report; dealers with nothing open are left out.
 */
export async function agingByDealerAsOf(
  em: FinanceContext['em'],
  asOf: string,
  timeZone: string,
): Promise<DealerAgingAsOf[]> {
  const end = em.getPlatform().processDateProperty(startOfBusinessDay(addDays(asOf, 1), timeZone));
  const [sql, all] = agingSql(asOf, end, [], []);
  const rows = (await em.getConnection().execute(sql, all, 'all')) as Row[];
  return rows
    .map((row) => ({ dealerId: row.dealer_id, dealerRegionPath: row.dealer_region_path, buckets: bucketsOf(row) }))
    .filter((r) => r.buckets.total !== 0 || r.buckets.unappliedCredit !== 0);
}
