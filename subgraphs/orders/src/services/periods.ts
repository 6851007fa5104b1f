import { TrendGranularity } from '../schema/sales.type.js';

const DAY_MS = 86_400_000;

/** UTC midnight of the day of `d`. */
export function startOfDay(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
}

/** `d` moved by whole UTC days. */
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

/** Start of the period (UTC day, ISO week from Monday, or calendar month) that contains `d`. */
export function periodStart(granularity: TrendGranularity, d: Date): Date {
  const day = startOfDay(d);
  if (granularity === TrendGranularity.DAY) return day;
  if (granularity === TrendGranularity.WEEK) return addDays(day, -((day.getUTCDay() + 6) % 7));
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}

/** Start of the period after the one starting at `start`. */
export function nextPeriod(granularity: TrendGranularity, start: Date): Date {
  if (granularity === TrendGranularity.DAY) return addDays(start, 1);
  if (granularity === TrendGranularity.WEEK) return addDays(start, 7);
  return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Label of the period starting at `start`: "2026-11-21", "2026-W47" (ISO week-year) or "2026-11". */
export function periodLabel(granularity: TrendGranularity, start: Date): string {
  if (granularity === TrendGranularity.DAY) return start.toISOString().slice(0, 10);
  if (granularity === TrendGranularity.MONTH) return `${start.getUTCFullYear()}-${pad(start.getUTCMonth() + 1)}`;
  // The ISO week belongs to the year of its Thursday.
  const thursday = addDays(start, 3);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / (7 * DAY_MS)) + 1;
  return `${year}-W${pad(week)}`;
}

/** Default start of a trend ending at `to`: 30 days, 26 weeks or 12 months including the current period. */
export function defaultTrendStart(granularity: TrendGranularity, to: Date): Date {
  const current = periodStart(granularity, to);
  if (granularity === TrendGranularity.DAY) return addDays(current, -29);
  if (granularity === TrendGranularity.WEEK) return addDays(current, -25 * 7);
  return new Date(Date.UTC(current.getUTCFullYear(), current.getUTCMonth() - 11, 1));
}
