import { TZDate } from '@date-fns/tz';
// Subpath imports on purpose: the package root pulls in all of date-fns, and Node's ESM resolver
// re-reads its 200 kB package.json for every file it loads (about a second of each process's start).
import { addDays as addCalendarDays } from 'date-fns/addDays';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { formatISO } from 'date-fns/formatISO';
import { isTimeZone } from './base-config.js';

/**
 * Business time: the brand's days, months and years, which begin and end in its time zone
 * (`BUSINESS_TIME_ZONE`, default Asia/Shanghai), while instants are stored in UTC. Every business
 * boundary (an invoice's year and number, due dates, days overdue, statement months) goes through
 * these functions, never through the server's zone or a fixed offset: zone rules, daylight saving
 * included, come from `@date-fns/tz` over Node's ICU data.
 *
 * Business dates are `YYYY-MM-DD` strings and months `YYYY-MM`: they sort right, compare in SQL on
 * both dialects and never pass through a driver's time-zone conversion.
 */

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;

function zone(timeZone: string): string {
  if (!isTimeZone(timeZone)) throw new RangeError(`"${timeZone}" is not an IANA time zone`);
  return timeZone;
}

function inZone(instant: Date, timeZone: string): TZDate {
  if (Number.isNaN(instant.getTime())) throw new RangeError('Invalid instant');
  return new TZDate(instant.getTime(), zone(timeZone));
}

/** `YYYY-MM-DD` of a date in its own zone. */
function isoDate(date: Date): string {
  return formatISO(date, { representation: 'date' });
}

/** The year, month (1–12) and day of a valid `YYYY-MM-DD`; a RangeError for anything else. */
function dateParts(date: string): [number, number, number] {
  if (!isBusinessDate(date)) throw new RangeError(`"${date}" is not a date (YYYY-MM-DD)`);
  return date.split('-').map(Number) as [number, number, number];
}

/** True when `text` is a calendar date written `YYYY-MM-DD` (no 2026-02-30), from the year 1000. */
export function isBusinessDate(text: string): boolean {
  const m = DATE_PATTERN.exec(text);
  // Built and written back: a day past the month's end rolls over and no longer reads the same.
  return !!m && isoDate(new TZDate(Number(m[1]), Number(m[2]) - 1, Number(m[3]), 'UTC')) === text;
}

/** True when `text` is a month written `YYYY-MM`, from the year 1000. */
export function isBusinessMonth(text: string): boolean {
  const m = MONTH_PATTERN.exec(text);
  return !!m && Number(m[1]) >= 1000 && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

/** The business date (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function businessDate(instant: Date, timeZone: string): string {
  return isoDate(inZone(instant, timeZone));
}

/** The business month (`YYYY-MM`) of an instant in `timeZone`: a document's statement period. */
export function businessMonth(instant: Date, timeZone: string): string {
  return isoDate(inZone(instant, timeZone)).slice(0, 7);
}

/** The business year of an instant in `timeZone`: the year of a document's number. */
export function businessYear(instant: Date, timeZone: string): number {
  return inZone(instant, timeZone).getFullYear();
}

/** The business hour (0–23) of an instant in `timeZone`: when a daily or monthly job is due. */
export function businessHour(instant: Date, timeZone: string): number {
  return inZone(instant, timeZone).getHours();
}

/** The instant (UTC) at which business day `date` (`YYYY-MM-DD`) begins in `timeZone`. */
export function startOfBusinessDay(date: string, timeZone: string): Date {
  const [y, m, d] = dateParts(date);
  return new Date(new TZDate(y, m - 1, d, zone(timeZone)).getTime());
}

/** The instants `[start, end)` of business month `month` (`YYYY-MM`) in `timeZone`. */
export function monthRange(month: string, timeZone: string): [Date, Date] {
  if (!isBusinessMonth(month)) throw new RangeError(`"${month}" is not a month (YYYY-MM)`);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const tz = zone(timeZone);
  // Month index m is the next month; Date arithmetic carries December into January.
  return [new Date(new TZDate(y, m - 1, 1, tz).getTime()), new Date(new TZDate(y, m, 1, tz).getTime())];
}

/** The date `days` calendar days after `date` (before, when negative); both `YYYY-MM-DD`. */
export function addDays(date: string, days: number): string {
  if (!Number.isInteger(days)) throw new RangeError(`${days} is not a whole number of days`);
  const [y, m, d] = dateParts(date);
  return isoDate(addCalendarDays(new TZDate(y, m - 1, d, 'UTC'), days));
}

/** Calendar days from `from` to `to` (negative when `to` is earlier); both `YYYY-MM-DD`. */
export function daysBetween(from: string, to: string): number {
  const [fy, fm, fd] = dateParts(from);
  const [ty, tm, td] = dateParts(to);
  return differenceInCalendarDays(new TZDate(ty, tm - 1, td, 'UTC'), new TZDate(fy, fm - 1, fd, 'UTC'));
}
