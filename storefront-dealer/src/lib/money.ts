/** Money as the API sends it: a decimal string and an ISO 4217 code. */
export interface Money {
  amount: string;
  currency: string;
}

/** "1234.5" / "-0.70" → integer minor units (fen) as a bigint; no binary floats involved. */
export function toMinor(amount: string): bigint {
  const m = /^(-)?(\d+)(?:\.(\d{0,2})\d*)?$/.exec(amount.trim());
  if (!m) throw new Error(`not a money amount: ${amount}`);
  const minor = BigInt(m[2]!) * 100n + BigInt((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -minor : minor;
}

/** True when `a` is strictly more than `b` (same currency assumed, as the API guarantees). */
export function isGreater(a: Money, b: Money): boolean {
  return toMinor(a.amount) > toMinor(b.amount);
}

/** Whole percent that `price` is below `reference`, rounded half up; 0 when not below. */
export function percentBelow(price: Money, reference: Money): number {
  const p = toMinor(price.amount);
  const r = toMinor(reference.amount);
  if (r <= 0n || p >= r) return 0;
  return Number(((r - p) * 200n + r) / (2n * r));
}

/** Orders at or above this total wait for a manager (the API's REVIEW_AMOUNT_THRESHOLD_MINOR, 5,000,000 fen). */
export const REVIEW_THRESHOLD: Money = { amount: '50000.00', currency: 'CNY' };

/** Integer minor units (fen, as the API's MinorUnits digits or a bigint) → Money; exact, no floats. */
export function fromMinor(minor: string | bigint, currency = 'CNY'): Money {
  const n = BigInt(minor);
  const abs = n < 0n ? -n : n;
  const amount = `${n < 0n ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
  return { amount, currency };
}

/** A decimal amount as typed ("120", "120.5", "120.50"): true when it has at most two decimals. */
export function isDecimalAmount(text: string): boolean {
  return /^\d{1,12}(\.\d{1,2})?$/.test(text.trim());
}
