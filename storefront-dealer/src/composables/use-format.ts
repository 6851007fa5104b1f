import { businessTimeZone } from '@dnp/web-kit';
import { useI18n } from 'vue-i18n';
import type { Money } from '@/lib/money';

const numberFormats = new Map<string, Intl.NumberFormat>();
function cached(key: string, make: () => Intl.NumberFormat): Intl.NumberFormat {
  let f = numberFormats.get(key);
  if (!f) numberFormats.set(key, (f = make()));
  return f;
}

/**
 * Locale-aware formatting. Money amounts are decimal strings and are handed to Intl as strings
 * (exact decimal formatting), never parsed into floats.
 */
export function useFormat() {
  const { locale } = useI18n();

  function money(m: Money | null | undefined): string {
    if (!m) return '—';
    const f = cached(
      `money:${locale.value}:${m.currency}`,
      () =>
        new Intl.NumberFormat(locale.value, {
          style: 'currency',
          currency: m.currency,
          currencyDisplay: 'narrowSymbol',
        }),
    );
    return f.format(m.amount as Intl.StringNumericLiteral);
  }
  function number(n: number): string {
    return cached(`number:${locale.value}`, () => new Intl.NumberFormat(locale.value)).format(n);
  }
  function percent(ratio: number, digits = 0): string {
    return cached(
      `percent:${locale.value}:${digits}`,
      () =>
        new Intl.NumberFormat(locale.value, {
          style: 'percent',
          maximumFractionDigits: digits,
          minimumFractionDigits: digits,
        }),
    ).format(ratio);
  }
  // Instants show in the brand's business time zone, so a day agrees with the API's periods.
  function dateTime(iso: string): string {
    return new Intl.DateTimeFormat(locale.value, {
      dateStyle: 'medium',
      timeStyle: 'short',
      timeZone: businessTimeZone(),
    }).format(new Date(iso));
  }
  /** A day (a licence's expiry, from its date-time) in the reader's locale, the brand's zone. */
  function date(iso: string): string {
    return new Intl.DateTimeFormat(locale.value, { dateStyle: 'medium', timeZone: businessTimeZone() }).format(
      new Date(iso),
    );
  }
  /** The Chinese or English name of anything that has both, by the current language. */
  function localName(x: { name: string; nameEn: string } | null | undefined): string {
    if (!x) return '';
    return locale.value === 'en' ? x.nameEn || x.name : x.name;
  }
  return { money, number, percent, dateTime, date, localName, locale };
}
