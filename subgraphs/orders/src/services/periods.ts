import { periodOf, periodRange, shiftPeriod, type PeriodGranularity } from '@dnp/subgraph-kit';
import { TrendGranularity } from '../schema/sales.type.js';

const DAY_MS = 86_400_000;

// The dashboard's trends bucket by the brand's days, ISO weeks and months (BUSINESS_TIME_ZONE), never
// by UTC: an order placed at 00:30 Beijing time on the 1st belongs to the new month. The kit's
// business periods do the calendar work; these helpers only speak the trend's instants.

const GRANULARITY: Record<TrendGranularity, PeriodGranularity> = {
  [TrendGranularity.DAY]: 'DAY',
  [TrendGranularity.WEEK]: 'WEEK',
  [TrendGranularity.MONTH]: 'MONTH',
};

/** `d` moved by whole 24-hour days (rolling windows such as "the last 90 days"). */
export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * DAY_MS);
}

/** `d` moved by calendar months, clamped to the last day of a shorter month (Mar 31 − 1 month = Feb 28). */
export function addMonths(d: Date, months: number): Date {
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  target.setUTCHours(d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  return target;
}

/** Label of the business period holding `d`: "2026-11-21", "2026-W47" (ISO week-year) or "2026-11". */
export function periodLabel(granularity: TrendGranularity, d: Date, timeZone: string): string {
  return periodOf(d, GRANULARITY[granularity], timeZone);
}

/** The instant the business period holding `d` begins (a Monday for weeks, the 1st for months). */
export function periodStart(granularity: TrendGranularity, d: Date, timeZone: string): Date {
  return periodRange(periodLabel(granularity, d, timeZone), timeZone)[0];
}

/** The instant the period after the one holding `start` begins. */
export function nextPeriod(granularity: TrendGranularity, start: Date, timeZone: string): Date {
  return periodRange(periodLabel(granularity, start, timeZone), timeZone)[1];
}

/** Default start of a trend ending at `to`: 30 days, 26 weeks or 12 months including the current period. */
export function defaultTrendStart(granularity: TrendGranularity, to: Date, timeZone: string): Date {
  const back = { [TrendGranularity.DAY]: -29, [TrendGranularity.WEEK]: -25, [TrendGranularity.MONTH]: -11 };
  const first = shiftPeriod(periodLabel(granularity, to, timeZone), back[granularity]);
  return periodRange(first, timeZone)[0];
}
