import 'reflect-metadata';
import { Directive, Field, ObjectType } from 'type-graphql';

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
