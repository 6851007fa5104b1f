import { businessTimeZone } from '@dnp/web-kit';

/** Money as the API sends it: a decimal string and an ISO currency. */
export interface MoneyValue {
  amount: string;
  currency: string;
}

/** Decimal string ("1234.5", "-0.07") → integer minor units (fen), exactly. */
export function toMinor(amount: string): bigint {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) throw new Error(`not a decimal amount: ${amount}`);
  const [, sign, whole, frac = ''] = m;
  const minor = BigInt(whole) * 100n + BigInt((frac + '00').slice(0, 2));
  return sign === '-' ? -minor : minor;
}

/** Integer minor units → decimal string with two places. */
export function fromMinor(minor: bigint): string {
  const neg = minor < 0n;
  const abs = neg ? -minor : minor;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/** Sums money values of one currency exactly (no binary floats). */
export function sumMoney(values: readonly MoneyValue[], currency = 'CNY'): MoneyValue {
  let total = 0n;
  for (const v of values) total += toMinor(v.amount);
  return { amount: fromMinor(total), currency: values[0]?.currency ?? currency };
}

const moneyFormats = new Map<string, Intl.NumberFormat>();

/** Formats money for a locale; the decimal string goes to Intl as is (no float conversion). */
export function formatMoney(
  value: MoneyValue | null | undefined,
  locale: string,
  opts: { compact?: boolean } = {},
): string {
  if (!value) return '—';
  const key = `${locale}|${value.currency}|${opts.compact ? 'c' : ''}`;
  let nf = moneyFormats.get(key);
  if (!nf) {
    nf = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency: value.currency,
      currencyDisplay: 'narrowSymbol',
      ...(opts.compact
        ? { notation: 'compact', maximumFractionDigits: 1 }
        : { minimumFractionDigits: 2, maximumFractionDigits: 2 }),
    });
    moneyFormats.set(key, nf);
  }
  return nf.format(value.amount as Intl.StringNumericLiteral);
}

export function formatInt(n: number, locale: string): string {
  return new Intl.NumberFormat(locale).format(n);
}

export function formatPercent(ratio: number, locale: string, digits = 1): string {
  return new Intl.NumberFormat(locale, {
    style: 'percent',
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(ratio);
}

export function formatDate(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone: businessTimeZone(),
  }).format(new Date(iso));
}

export function formatDateTime(iso: string | null | undefined, locale: string): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: businessTimeZone(),
  }).format(new Date(iso));
}

/** A yuan amount typed by a user ("1234.5", "1,000") → integer fen, or null when it is not one (no floats). */
export function parseYuan(text: string | number | null | undefined): number | null {
  const s = String(text ?? '').replace(/[,\s¥]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(s)) return null;
  const minor = toMinor(s);
  return minor > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(minor);
}

/** Waiting time from an instant until now, as whole days/hours/minutes. */
export function waitingParts(iso: string, now = Date.now()): { days: number; hours: number; minutes: number } {
  const ms = Math.max(0, now - new Date(iso).getTime());
  const minutes = Math.floor(ms / 60_000);
  return { days: Math.floor(minutes / 1440), hours: Math.floor((minutes % 1440) / 60), minutes: minutes % 60 };
}
