import {
  addDays,
  AppError,
  isBusinessDate,
  isPeriodKey,
  parsePeriodKey,
  periodOfDate,
  periodsBetween,
  samePeriodLastYear,
  shiftPeriod,
  type PeriodGranularity,
} from '@dnp/subgraph-kit';
import {
  SalesReportCompare,
  SalesReportGranularity,
  type DealerRankingInput,
  type SalesReportInput,
} from '../../schema/sales-report.input.js';

/** The refusal codes of the sales reports (each answered as the error's `extensions.code`). */
export const SalesReportCode = {
  DATE_INVALID: 'DATE_INVALID',
  FROM_AFTER_TO: 'FROM_AFTER_TO',
  RANGE_TOO_LONG: 'RANGE_TOO_LONG',
  FILTER_INVALID: 'FILTER_INVALID',
  PERIOD_INVALID: 'PERIOD_INVALID',
} as const;

/** Most periods one report covers per granularity (a day-grain report over years is refused). */
export const MAX_PERIODS: Record<SalesReportGranularity, number> = {
  DAY: 400,
  WEEK: 260,
  MONTH: 120,
  QUARTER: 40,
  YEAR: 10,
};

/** A refusal of a report's input. */
export function refuseReport(code: string, message: string, field: string): never {
  throw new AppError(code, message, { field });
}

/** A run of business periods and where its rows live: the table and its first and last period keys there. */
export interface FactRange {
  /** Report period keys, in order. */
  keys: string[];
  table: 'sales_fact_day' | 'sales_fact_month';
  /** Table period keys `[low, high]`, both inclusive (days or months sort as text in both dialects). */
  low: string;
  high: string;
}

/** The table that holds a granularity's facts. */
export function tableOf(granularity: PeriodGranularity): FactRange['table'] {
  return granularity === 'DAY' || granularity === 'WEEK' ? 'sales_fact_day' : 'sales_fact_month';
}

/** The range of the report periods `first`..`last` (keys of one granularity). */
export function factRange(first: string, last: string, max = 1000): FactRange {
  const { granularity, first: firstDate } = parsePeriodKey(first);
  const lastDate = addDays(parsePeriodKey(last).end, -1);
  const table = tableOf(granularity);
  const cut = (date: string) => (table === 'sales_fact_day' ? date : date.slice(0, 7));
  return { keys: periodsBetween(first, last, max), table, low: cut(firstDate), high: cut(lastDate) };
}

/** The report period key a table period key (a day or a month) belongs to. */
export function reportKeyOf(tableKey: string, granularity: PeriodGranularity): string {
  return periodOfDate(tableKey.length === 7 ? `${tableKey}-01` : tableKey, granularity);
}

const ID = /^[A-Za-z0-9_-]{1,40}$/;

/** Checks the report's dates and ids; answers the range it covers (whole periods). */
export function checkReportInput(input: SalesReportInput): FactRange {
  for (const field of ['from', 'to'] as const) {
    if (!isBusinessDate(input[field]))
      refuseReport(SalesReportCode.DATE_INVALID, `${field} is not a YYYY-MM-DD date`, field);
  }
  if (input.from > input.to) refuseReport(SalesReportCode.FROM_AFTER_TO, 'from must not be after to', 'from');
  for (const field of ['regionId', 'dealerId', 'productId', 'categoryId', 'sellerDealerId'] as const) {
    const id = input[field];
    if (id != null && !ID.test(id)) refuseReport(SalesReportCode.FILTER_INVALID, `${field} is not an id`, field);
  }
  const g = input.granularity;
  const first = periodOfDate(input.from, g);
  const last = periodOfDate(input.to, g);
  try {
    return factRange(first, last, MAX_PERIODS[g]);
  } catch {
    const text = `A ${g.toLowerCase()} report covers at most ${MAX_PERIODS[g]} periods`;
    return refuseReport(SalesReportCode.RANGE_TOO_LONG, text, 'from');
  }
}

/** Checks a ranking's period key and region id (PERIOD_INVALID, FILTER_INVALID). */
export function checkRankingInput(input: DealerRankingInput): void {
  if (!isPeriodKey(input.period)) refuseReport(SalesReportCode.PERIOD_INVALID, 'Not a period key', 'period');
  if (input.regionId != null && !ID.test(input.regionId)) {
    refuseReport(SalesReportCode.FILTER_INVALID, 'regionId is not an id', 'regionId');
  }
}

/** The comparison range of a report range: a year earlier (YOY) or the equally long run just before (MOM). */
export function compareRange(range: FactRange, compare: SalesReportCompare): FactRange | null {
  if (compare === SalesReportCompare.NONE) return null;
  const first = range.keys[0]!;
  const last = range.keys.at(-1)!;
  if (compare === SalesReportCompare.YOY) return factRange(samePeriodLastYear(first), samePeriodLastYear(last));
  const n = range.keys.length;
  return factRange(shiftPeriod(first, -n), shiftPeriod(last, -n));
}

/** The key a PERIOD row compares with. */
export function comparedKey(key: string, compare: SalesReportCompare): string {
  return compare === SalesReportCompare.YOY ? samePeriodLastYear(key) : shiftPeriod(key, -1);
}

/** Change in basis points, rounded half away from zero; null without a non-zero base. */
export function changeBp(value: number, base: number | null): number | null {
  if (base == null || base === 0) return null;
  const bp = ((value - base) * 10_000) / Math.abs(base);
  return Math.sign(bp) * Math.round(Math.abs(bp));
}
