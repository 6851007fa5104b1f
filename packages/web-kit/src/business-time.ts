/**
 * The brand's business time in the browser. The API counts days, months and years in the brand's
 * time zone (`platformSettings.businessTimeZone`); the apps show dates and pick "this month" in the
 * same zone, whatever the reader's computer says, so a figure and its period label always agree.
 */

/** The zone until the API answers (the platform's default). */
export const DEFAULT_BUSINESS_TIME_ZONE = 'Asia/Shanghai';

let zone = DEFAULT_BUSINESS_TIME_ZONE;
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Adopts the zone the API reports (once at start); an unknown zone name is ignored. */
export function setBusinessTimeZone(timeZone: string): void {
  try {
    new Intl.DateTimeFormat('en-CA', { timeZone });
    zone = timeZone;
  } catch {
    // A zone this browser does not know: keep the previous one rather than fail every date.
  }
}

/** The brand's IANA time zone as last set. */
export function businessTimeZone(): string {
  return zone;
}

/** The business day of `at` as `YYYY-MM-DD`. */
export function businessDay(at: Date = new Date()): string {
  let f = dayFormats.get(zone);
  if (!f) dayFormats.set(zone, (f = new Intl.DateTimeFormat('en-CA', { timeZone: zone })));
  return f.format(at);
}

/** The business month of `at` as `YYYY-MM`. */
export function businessMonth(at: Date = new Date()): string {
  return businessDay(at).slice(0, 7);
}
