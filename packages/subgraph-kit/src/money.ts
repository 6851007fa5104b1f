import 'reflect-metadata';
import { Directive, Field, ObjectType, registerEnumType } from 'type-graphql';

/**
 * An amount of money. `amount` is a decimal string so no client ever sees binary-float
 * rounding; services compute in integer minor units (fen/cents).
 */
@ObjectType({ description: 'An amount of money as a decimal string with its ISO 4217 currency.' })
@Directive('@shareable')
export class Money {
  @Field(() => String, { description: 'Decimal amount with two fraction digits, e.g. "1299.00".' })
  amount!: string;

  @Field(() => String, { description: 'ISO 4217 currency code, e.g. "CNY".' })
  currency!: string;

  /** Builds Money from integer minor units (e.g. fen). */
  static fromMinor(minor: number | bigint, currency: string): Money {
    const m = new Money();
    m.amount = formatMinor(minor);
    m.currency = currency;
    return m;
  }
}

/** Formats integer minor units as a two-digit decimal string without float arithmetic. */
export function formatMinor(minor: number | bigint): string {
  const v = BigInt(minor);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const units = abs / 100n;
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${neg ? '-' : ''}${units}.${cents}`;
}

/** Parses a decimal string ("12.5", "12.50") into integer minor units; rejects more than 2 decimals. */
export function parseMinor(amount: string): number {
  const m = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/.exec(amount.trim());
  if (!m) throw new RangeError(`"${amount}" is not a decimal amount with at most two fraction digits`);
  const value = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -value : value;
}

/** Refusal codes of `parseAmount`, one per way an entered amount can be wrong. */
export const AmountCode = {
  /** Not a plain decimal number ("12,3x", "1e3", "", "1,234.00"). */
  AMOUNT_INVALID: 'AMOUNT_INVALID',
  /** A non-zero digit below the fen ("0.001"). */
  AMOUNT_TOO_PRECISE: 'AMOUNT_TOO_PRECISE',
  /** Zero or negative ("0", "-1"). */
  AMOUNT_NOT_POSITIVE: 'AMOUNT_NOT_POSITIVE',
  /** More than `MAX_AMOUNT_MINOR`. */
  AMOUNT_TOO_LARGE: 'AMOUNT_TOO_LARGE',
} as const;
export type AmountCode = (typeof AmountCode)[keyof typeof AmountCode];

/** The largest amount one entry may carry: ¥10 billion in fen (far below 2^53, so sums of many stay exact). */
export const MAX_AMOUNT_MINOR = 1_000_000_000_000;

/** What `parseAmount` answers: the amount in minor units, or why it was refused. */
export type ParsedAmount = { minor: number; code?: never } | { code: AmountCode; message: string; minor?: never };

const AMOUNT_PATTERN = /^([+-]?)(\d+)(?:\.(\d+))?$/;

/**
 * Parses an entered amount of money (a payment, a bank line): a plain decimal with at most two
 * significant fraction digits ("12", "12.5", "12.50", "12.500"), positive and at most
 * `MAX_AMOUNT_MINOR`. Answers `{ minor }`, or the first refusal in the order of `AmountCode`
 * with a message. No separators or exponents: a grouping comma is refused rather than guessed.
 */
export function parseAmount(text: string): ParsedAmount {
  const m = AMOUNT_PATTERN.exec(text.trim());
  if (!m) return refused(AmountCode.AMOUNT_INVALID, `"${text}" is not a decimal amount`);
  const [sign, whole, fraction] = [m[1], m[2]!, m[3] ?? ''];
  if (/[1-9]/.test(fraction.slice(2))) {
    return refused(AmountCode.AMOUNT_TOO_PRECISE, `${text.trim()} has more than two decimal places`);
  }
  const digits = whole.replace(/^0+(?=\d)/, '');
  const fen = Number(fraction.slice(0, 2).padEnd(2, '0'));
  // Eleven integer digits reach ¥10 billion; longer ones are too large without converting them.
  const minor = digits.length > 11 ? Infinity : Number(digits) * 100 + fen;
  if (minor === 0 || sign === '-') return refused(AmountCode.AMOUNT_NOT_POSITIVE, 'The amount must be above zero');
  if (minor > MAX_AMOUNT_MINOR) {
    return refused(AmountCode.AMOUNT_TOO_LARGE, `The amount may be at most ${formatMinor(MAX_AMOUNT_MINOR)}`);
  }
  return { minor };
}

/**
 * An amount a caller may leave out (a rebate to pay with): null, blank or zero answer `{ minor: 0 }`
 * (none); anything else is `parseAmount`'s answer, so "-1" is AMOUNT_NOT_POSITIVE and "0.001"
 * AMOUNT_TOO_PRECISE.
 */
export function parseOptionalAmount(text: string | null | undefined): { minor: number; code?: never } | ParsedAmount {
  if (text == null || /^\s*(?:\+?(?:0+(?:\.0*)?|\.0+))?\s*$/.test(text)) return { minor: 0 };
  return parseAmount(text);
}

/** The part `shareBp` basis points of `totalMinor` makes, rounded down (a cap is never exceeded by rounding). */
export function shareOfMinor(totalMinor: number, shareBp: number): number {
  if (totalMinor <= 0 || shareBp <= 0) return 0;
  return Number((BigInt(totalMinor) * BigInt(shareBp)) / 10_000n);
}

function refused(code: AmountCode, message: string): ParsedAmount {
  return { code, message };
}

/**
 * `numerator / denominator` rounded to an integer half up (四舍五入, as Chinese invoices and
 * dealers' books round; not banker's rounding): a remainder of half or more rounds away from
 * zero, so negating the numerator negates the result and a credit mirrors its invoice.
 */
export function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('roundHalfUp: division by zero');
  const negative = numerator < 0n !== denominator < 0n;
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  const q = n / d + (2n * (n % d) >= d ? 1n : 0n);
  return negative ? -q : q;
}

function safeInteger(name: string, value: number, min = Number.MIN_SAFE_INTEGER): bigint {
  if (!Number.isSafeInteger(value) || value < min) throw new RangeError(`${name} must be an integer ≥ ${min}`);
  return BigInt(value);
}

/**
 * The value of `part` units of a line worth `total` minor units for `quantity` units, after
 * `before` units were valued already (shipped, returned): by cumulative rounding,
 * `round(total × (before + part) / quantity) − round(total × before / quantity)`, so the parts
 * of a line add up to its total exactly, whatever the order and sizes of the parts.
 */
export function partValue(total: number, quantity: number, before: number, part: number): number {
  const t = safeInteger('total', total);
  const q = safeInteger('quantity', quantity, 1);
  const b = safeInteger('before', before, 0);
  const p = safeInteger('part', part, 0);
  if (b + p > q) throw new RangeError(`before (${before}) + part (${part}) exceed the quantity (${quantity})`);
  return Number(roundHalfUp(t * (b + p), q) - roundHalfUp(t * b, q));
}

/** A tax-inclusive amount split into its net amount (金额) and its VAT (税额); net + tax = gross. */
export interface VatSplit {
  net: number;
  tax: number;
}

/**
 * Splits a tax-inclusive line amount at `rateBp` basis points (1300 = 13 %): net =
 * round-half-up(gross / (1 + rate)), tax = gross − net. Gross is kept, never re-derived from net,
 * so invoices, captured credit and receivables equal the order's prices to the fen; the tax is
 * within half a fen of exact.
 */
export function splitVat(grossMinor: number, rateBp: number): VatSplit {
  const gross = safeInteger('grossMinor', grossMinor);
  const rate = safeInteger('rateBp', rateBp, 0);
  if (rate > 10_000n) throw new RangeError('rateBp must be at most 10000 (100 %)');
  const net = Number(roundHalfUp(gross * 10_000n, 10_000n + rate));
  return { net, tax: grossMinor - net };
}

/**
 * A product's VAT class. The rate of each is looked up by class and date where tax is computed
 * (finance's `vat_rate`), so a change of rate is data; `VAT_RATE_BP` holds the rates in force.
 */
export enum TaxClass {
  STANDARD = 'STANDARD',
  REDUCED = 'REDUCED',
  ZERO = 'ZERO',
}
registerEnumType(TaxClass, {
  name: 'TaxClass',
  description: 'The VAT class of a product (增值税税率类别); prices are quoted tax-inclusive.',
  valuesConfig: {
    STANDARD: { description: 'Standard rate, 13 %: most goods.' },
    REDUCED: {
      description:
        'Reduced rate, 9 %: agricultural products and food staples (e.g. plain sterilised or pasteurised milk), ' +
        'edible oils, books and the like.',
    },
    ZERO: { description: 'No output VAT (0 %): zero-rated or exempt goods.' },
  },
});

/** The VAT rates in force since 2019-04-01 in basis points per class (the seed of dated rate tables). */
export const VAT_RATE_BP: Readonly<Record<TaxClass, number>> = {
  [TaxClass.STANDARD]: 1300,
  [TaxClass.REDUCED]: 900,
  [TaxClass.ZERO]: 0,
};
