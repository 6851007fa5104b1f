// Subpath imports on purpose (see business-time.ts): the package root costs a second of every start.
import { addMonths as addCalendarMonths } from 'date-fns/addMonths';
import { addWeeks } from 'date-fns/addWeeks';
import { getISOWeek } from 'date-fns/getISOWeek';
import { getISOWeeksInYear } from 'date-fns/getISOWeeksInYear';
import { getISOWeekYear } from 'date-fns/getISOWeekYear';
import { setISOWeek } from 'date-fns/setISOWeek';
import { startOfISOWeek } from 'date-fns/startOfISOWeek';
import { TZDate } from '@date-fns/tz';
import { addDays, businessDate, isBusinessDate, startOfBusinessDay } from './business-time.js';

/**
 * Business periods: the brand's days, ISO weeks, months, quarters and years as keys that sort,
 * compare and group in SQL on both dialects, and their instants in the brand's zone. Reports, trends,
 * rebate periods and comparisons (year on year, month on month) all go through these, so a sale at
 * 00:30 Beijing time on 1 March is in March (and in Q1, and in its ISO week) everywhere.
 *
 * | granularity | key          | example      |
 * |-------------|--------------|--------------|
 * | DAY         | `YYYY-MM-DD` | `2026-03-01` |
 * | WEEK        | `YYYY-Www`   | `2026-W09`   |
 * | MONTH       | `YYYY-MM`    | `2026-03`    |
 * | QUARTER     | `YYYY-Qn`    | `2026-Q1`    |
 * | YEAR        | `YYYY`       | `2026`       |
 *
 * Weeks are ISO 8601: they start on Monday, and week 1 holds the year's first Thursday.
 */
export type PeriodGranularity = 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR';

/** Every granularity, finest first. */
export const PERIOD_GRANULARITIES: readonly PeriodGranularity[] = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'];

/** A parsed period key: its granularity and the business dates `[first, end)` it covers. */
export interface BusinessPeriod {
  key: string;
  granularity: PeriodGranularity;
  /** The period's first business date (`YYYY-MM-DD`). */
  first: string;
  /** The business date after its last one (`YYYY-MM-DD`): periods are half-open. */
  end: string;
}

const KEY_PATTERNS: [PeriodGranularity, RegExp][] = [
  ['DAY', /^\d{4}-\d{2}-\d{2}$/],
  ['WEEK', /^(\d{4})-W(\d{2})$/],
  ['MONTH', /^(\d{4})-(\d{2})$/],
  ['QUARTER', /^(\d{4})-Q([1-4])$/],
  ['YEAR', /^(\d{4})$/],
];

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A zone-free calendar day for arithmetic (the zone never matters between two dates). */
const calendarDay = (y: number, m: number, d: number) => new TZDate(y, m - 1, d, 'UTC');
const dateOf = (day: Date) => `${day.getFullYear()}-${pad(day.getMonth() + 1)}-${pad(day.getDate())}`;

function monthKey(y: number, m: number): string {
  return `${y}-${pad(m)}`;
}

/** The first date of ISO week `week` of ISO year `year`. */
function isoWeekStart(year: number, week: number): Date {
  // January 4th is always in week 1; set its week, then go back to Monday.
  return startOfISOWeek(setISOWeek(calendarDay(year, 1, 4), week));
}

/** Parses a period key; a RangeError for anything that is not one (no 2026-13, no 2026-W54). */
export function parsePeriodKey(key: string): BusinessPeriod {
  for (const [granularity, pattern] of KEY_PATTERNS) {
    const m = pattern.exec(key);
    if (!m) continue;
    const period = spanOf(granularity, key, m);
    if (period) return period;
    break;
  }
  throw new RangeError(`"${key}" is not a period key (YYYY-MM-DD, YYYY-Www, YYYY-MM, YYYY-Qn or YYYY)`);
}

/** True when `key` is a valid period key of any granularity (or of `granularity` when given). */
export function isPeriodKey(key: string, granularity?: PeriodGranularity): boolean {
  try {
    const period = parsePeriodKey(key);
    return !granularity || period.granularity === granularity;
  } catch {
    return false;
  }
}

function spanOf(granularity: PeriodGranularity, key: string, m: RegExpExecArray): BusinessPeriod | null {
  const year = Number(key.slice(0, 4));
  if (year < 1000) return null;
  const span = (first: string, end: string): BusinessPeriod => ({ key, granularity, first, end });
  switch (granularity) {
    case 'DAY':
      return isBusinessDate(key) ? span(key, addDays(key, 1)) : null;
    case 'WEEK': {
      const week = Number(m[2]);
      if (week < 1 || week > getISOWeeksInYear(calendarDay(year, 7, 1))) return null;
      const start = isoWeekStart(year, week);
      return span(dateOf(start), dateOf(addWeeks(start, 1)));
    }
    case 'MONTH': {
      const month = Number(m[2]);
      if (month < 1 || month > 12) return null;
      return span(`${key}-01`, `${monthKey(month === 12 ? year + 1 : year, (month % 12) + 1)}-01`);
    }
    case 'QUARTER': {
      const q = Number(m[2]);
      const firstMonth = (q - 1) * 3 + 1;
      const end = dateOf(addCalendarMonths(calendarDay(year, firstMonth, 1), 3));
      return span(`${monthKey(year, firstMonth)}-01`, end);
    }
    case 'YEAR':
      return span(`${year}-01-01`, `${year + 1}-01-01`);
  }
}

/** The key of the `granularity` period that holds business date `date` (`YYYY-MM-DD`). */
export function periodOfDate(date: string, granularity: PeriodGranularity): string {
  if (!isBusinessDate(date)) throw new RangeError(`"${date}" is not a date (YYYY-MM-DD)`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  switch (granularity) {
    case 'DAY':
      return date;
    case 'WEEK': {
      const day = calendarDay(y, m, d);
      return `${getISOWeekYear(day)}-W${pad(getISOWeek(day))}`;
    }
    case 'MONTH':
      return date.slice(0, 7);
    case 'QUARTER':
      return `${y}-Q${Math.floor((m - 1) / 3) + 1}`;
    case 'YEAR':
      return String(y);
  }
}

/** The key of the `granularity` period that holds `instant` in `timeZone`. */
export function periodOf(instant: Date, granularity: PeriodGranularity, timeZone: string): string {
  return periodOfDate(businessDate(instant, timeZone), granularity);
}

/** The instants `[start, end)` of a period in `timeZone`. */
export function periodRange(key: string, timeZone: string): [Date, Date] {
  const { first, end } = parsePeriodKey(key);
  return [startOfBusinessDay(first, timeZone), startOfBusinessDay(end, timeZone)];
}

/** The period `n` periods after `key` (before, when negative), of the same granularity. */
export function shiftPeriod(key: string, n: number): string {
  if (!Number.isInteger(n)) throw new RangeError(`${n} is not a whole number of periods`);
  const { granularity, first } = parsePeriodKey(key);
  const [y, m, d] = first.split('-').map(Number) as [number, number, number];
  const start = calendarDay(y, m, d);
  switch (granularity) {
    case 'DAY':
      return addDays(key, n);
    case 'WEEK':
      return periodOfDate(dateOf(addWeeks(start, n)), 'WEEK');
    case 'MONTH':
      return periodOfDate(dateOf(addCalendarMonths(start, n)), 'MONTH');
    case 'QUARTER':
      return periodOfDate(dateOf(addCalendarMonths(start, 3 * n)), 'QUARTER');
    case 'YEAR':
      return String(y + n);
  }
}

/** The period before `key`: the month-on-month (or week-on-week…) comparison. */
export function previousPeriod(key: string): string {
  return shiftPeriod(key, -1);
}

/**
 * The same period a year earlier: the year-on-year comparison. 29 February compares with
 * 28 February, and ISO week 53 with week 52 of a year that has none.
 */
export function samePeriodLastYear(key: string): string {
  const { granularity } = parsePeriodKey(key);
  switch (granularity) {
    case 'DAY': {
      const [y, m, d] = key.split('-').map(Number) as [number, number, number];
      return dateOf(addCalendarMonths(calendarDay(y, m, d), -12));
    }
    case 'WEEK': {
      const year = Number(key.slice(0, 4)) - 1;
      const week = Math.min(Number(key.slice(6)), getISOWeeksInYear(calendarDay(year, 7, 1)));
      return `${year}-W${pad(week)}`;
    }
    case 'MONTH':
      return shiftPeriod(key, -12);
    case 'QUARTER':
      return shiftPeriod(key, -4);
    case 'YEAR':
      return shiftPeriod(key, -1);
  }
}

/**
 * The keys from `from` to `to` inclusive, both of one granularity; a RangeError when they differ,
 * `to` is earlier, or the run would pass `max` keys (a report's bound, never an unbounded loop).
 */
export function periodsBetween(from: string, to: string, max = 1000): string[] {
  const a = parsePeriodKey(from);
  const b = parsePeriodKey(to);
  if (a.granularity !== b.granularity) throw new RangeError(`"${from}" and "${to}" are of different granularities`);
  if (a.first > b.first) throw new RangeError(`"${to}" is before "${from}"`);
  const keys = [from];
  while (keys[keys.length - 1] !== to) {
    if (keys.length >= max) throw new RangeError(`more than ${max} periods from "${from}" to "${to}"`);
    keys.push(shiftPeriod(keys[keys.length - 1]!, 1));
  }
  return keys;
}
