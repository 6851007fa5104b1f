import { describe, expect, it } from 'vitest';
import {
  AmountCode,
  formatMinor,
  MAX_AMOUNT_MINOR,
  Money,
  parseAmount,
  parseMinor,
  parseOptionalAmount,
  partValue,
  roundHalfUp,
  shareOfMinor,
  splitVat,
  TaxClass,
  VAT_RATE_BP,
} from './money.js';

describe('money in minor units', () => {
  it('formats without float rounding', () => {
    expect(formatMinor(0)).toBe('0.00');
    expect(formatMinor(5)).toBe('0.05');
    expect(formatMinor(123456789)).toBe('1234567.89');
    expect(formatMinor(-1999)).toBe('-19.99');
    expect(formatMinor(2n ** 62n)).toBe('46116860184273879.04');
    expect(Money.fromMinor(1010, 'CNY')).toMatchObject({ amount: '10.10', currency: 'CNY' });
  });

  it('parses decimal strings and refuses more than two fraction digits', () => {
    expect(parseMinor('12.5')).toBe(1250);
    expect(parseMinor('0.07')).toBe(7);
    expect(parseMinor('-3')).toBe(-300);
    expect(() => parseMinor('1.234')).toThrow(RangeError);
    expect(() => parseMinor('abc')).toThrow(RangeError);
  });
});

describe('parseOptionalAmount and shareOfMinor', () => {
  it('reads a left-out or zero amount as none and refuses the rest like parseAmount', () => {
    for (const none of [null, undefined, '', '  ', '0', '0.00', '+0', '.0'])
      expect(parseOptionalAmount(none)).toEqual({ minor: 0 });
    expect(parseOptionalAmount('12.30')).toEqual({ minor: 1230 });
    expect(parseOptionalAmount('-1').code).toBe(AmountCode.AMOUNT_NOT_POSITIVE);
    expect(parseOptionalAmount('0.001').code).toBe(AmountCode.AMOUNT_TOO_PRECISE);
    expect(parseOptionalAmount('.').code).toBe(AmountCode.AMOUNT_INVALID);
  });

  it('takes a share in basis points rounded down, exactly for large totals', () => {
    expect(shareOfMinor(10_001, 3000)).toBe(3000);
    expect(shareOfMinor(99, 3000)).toBe(29);
    expect(shareOfMinor(0, 3000)).toBe(0);
    expect(shareOfMinor(1000, 0)).toBe(0);
    expect(shareOfMinor(900_719_925_474_099, 10_000)).toBe(900_719_925_474_099);
  });
});

describe('parseAmount', () => {
  it('reads plain decimals into fen', () => {
    const cases: [string, number][] = [
      ['12', 1200],
      ['12.5', 1250],
      ['0.01', 1],
      [' 99.89 ', 9989],
      ['12.500', 1250],
      ['007.50', 750],
      ['+3', 300],
      ['10000000000', MAX_AMOUNT_MINOR],
      ['10000000000.00', MAX_AMOUNT_MINOR],
    ];
    for (const [text, minor] of cases) expect(parseAmount(text), text).toEqual({ minor });
  });

  it('answers one code per kind of bad amount, with a message', () => {
    const cases: [string, AmountCode][] = [
      ['abc', AmountCode.AMOUNT_INVALID],
      ['', AmountCode.AMOUNT_INVALID],
      ['12,3x', AmountCode.AMOUNT_INVALID],
      ['1,234.00', AmountCode.AMOUNT_INVALID],
      ['1e3', AmountCode.AMOUNT_INVALID],
      ['12.', AmountCode.AMOUNT_INVALID],
      ['.5', AmountCode.AMOUNT_INVALID],
      ['NaN', AmountCode.AMOUNT_INVALID],
      ['0x10', AmountCode.AMOUNT_INVALID],
      ['0.001', AmountCode.AMOUNT_TOO_PRECISE],
      ['1.234', AmountCode.AMOUNT_TOO_PRECISE],
      ['-0.001', AmountCode.AMOUNT_TOO_PRECISE],
      ['0', AmountCode.AMOUNT_NOT_POSITIVE],
      ['0.00', AmountCode.AMOUNT_NOT_POSITIVE],
      ['-1', AmountCode.AMOUNT_NOT_POSITIVE],
      ['-0', AmountCode.AMOUNT_NOT_POSITIVE],
      ['10000000000.01', AmountCode.AMOUNT_TOO_LARGE],
      ['99999999999999999999999', AmountCode.AMOUNT_TOO_LARGE],
    ];
    for (const [text, code] of cases) {
      const parsed = parseAmount(text);
      expect(parsed.code, text).toBe(code);
      expect(parsed.minor, text).toBeUndefined();
      expect(parsed.code && parsed.message.length).toBeGreaterThan(0);
    }
  });
});

describe('roundHalfUp', () => {
  it('rounds halves away from zero (四舍五入), not to even', () => {
    const cases: [bigint, bigint, bigint][] = [
      [5n, 2n, 3n], // banker's rounding would give 2
      [9n, 2n, 5n], // and 4 here
      [25n, 10n, 3n],
      [15n, 10n, 2n],
      [149n, 100n, 1n],
      [150n, 100n, 2n],
      [1n, 3n, 0n],
      [2n, 3n, 1n],
      [6n, 3n, 2n],
      [0n, 7n, 0n],
      [-5n, 2n, -3n],
      [-149n, 100n, -1n],
      [5n, -2n, -3n],
      [-5n, -2n, 3n],
    ];
    for (const [n, d, q] of cases) expect(roundHalfUp(n, d), `${n}/${d}`).toBe(q);
    expect(() => roundHalfUp(1n, 0n)).toThrow(RangeError);
  });
});

describe('partValue and splitVat: the worked example (docs/design/order-to-cash.md §10)', () => {
  it('values 3 × ¥33.33 less ¥0.10 shipped 1 then 2, with VAT at 13 % per part', () => {
    const line = 3 * 3333 - 10;
    expect(line).toBe(9989);
    const part1 = partValue(line, 3, 0, 1);
    const part2 = partValue(line, 3, 1, 2);
    expect([part1, part2]).toEqual([3330, 6659]);
    const vat1 = splitVat(part1, VAT_RATE_BP[TaxClass.STANDARD]);
    const vat2 = splitVat(part2, VAT_RATE_BP[TaxClass.STANDARD]);
    expect(vat1).toEqual({ net: 2947, tax: 383 });
    expect(vat2).toEqual({ net: 5893, tax: 766 });
    expect([part1 + part2, vat1.net + vat2.net, vat1.tax + vat2.tax].map(formatMinor)).toEqual([
      '99.89',
      '88.40',
      '11.49',
    ]);
    // The whole line split at once gives the same net: round(99.89 / 1.13) = 88.40.
    expect(splitVat(line, 1300)).toEqual({ net: 8840, tax: 1149 });
  });

  it('rounds each part half up and still adds up to the line, whichever part comes first', () => {
    expect([partValue(5, 2, 0, 1), partValue(5, 2, 1, 1)]).toEqual([3, 2]);
    expect([0, 1, 2].map((before) => partValue(1, 3, before, 1))).toEqual([0, 1, 0]);
    expect(partValue(9989, 3, 0, 2) + partValue(9989, 3, 2, 1)).toBe(9989);
    expect(partValue(9989, 3, 0, 3)).toBe(9989);
    expect(partValue(9989, 3, 1, 0)).toBe(0);
    expect(() => partValue(9989, 3, 2, 2)).toThrow(RangeError);
    expect(() => partValue(9989, 0, 0, 0)).toThrow(RangeError);
    expect(() => partValue(99.5, 3, 0, 1)).toThrow(RangeError);
  });

  it('splits VAT at each class rate and refuses a rate outside 0–100 %', () => {
    expect(splitVat(10900, VAT_RATE_BP[TaxClass.REDUCED])).toEqual({ net: 10000, tax: 900 });
    expect(splitVat(4321, VAT_RATE_BP[TaxClass.ZERO])).toEqual({ net: 4321, tax: 0 });
    expect(splitVat(0, 1300)).toEqual({ net: 0, tax: 0 });
    expect(splitVat(1, 1300)).toEqual({ net: 1, tax: 0 });
    expect(splitVat(-3330, 1300)).toEqual({ net: -2947, tax: -383 });
    expect(() => splitVat(100, -1)).toThrow(RangeError);
    expect(() => splitVat(100, 10_001)).toThrow(RangeError);
  });
});

/** A small seeded generator (xorshift32), so a failing case is the same on every run. */
function generator(seed: number): (min: number, max: number) => number {
  let x = seed >>> 0 || 1;
  return (min, max) => {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    return min + (x % (max - min + 1));
  };
}

/** True when `tax` is within half a fen of the exact VAT in `gross` at `rateBp`: |tax − gross·r/(1+r)| ≤ ½. */
function withinHalfFen(gross: number, tax: number, rateBp: number): boolean {
  const d = 10_000n + BigInt(rateBp);
  const diff = 2n * BigInt(tax) * d - 2n * BigInt(gross) * BigInt(rateBp);
  return (diff < 0n ? -diff : diff) <= d;
}

describe('money properties over random lines (seeded, bounded)', () => {
  it('parts always add up to the line, each is the quantity share ±1 fen, and every tax is within ½ fen', () => {
    const next = generator(20260514);
    const rates = Object.values(VAT_RATE_BP);
    for (let i = 0; i < 3000; i++) {
      const quantity = next(1, 60);
      const total = next(0, 4) === 0 ? next(0, 100) : next(0, 2_000_000_000);
      const rate = rates[next(0, rates.length - 1)]!;
      let before = 0;
      let sum = 0;
      while (before < quantity) {
        const part = next(1, quantity - before);
        const value = partValue(total, quantity, before, part);
        expect(Math.abs(value * quantity - total * part)).toBeLessThanOrEqual(quantity);
        const { net, tax } = splitVat(value, rate);
        expect(net + tax).toBe(value);
        expect(withinHalfFen(value, tax, rate)).toBe(true);
        sum += value;
        before += part;
      }
      expect(sum).toBe(total);
    }
  });

  it("an invoice's line taxes stay within ¥1.00 of the tax of its total (200 lines)", () => {
    const next = generator(1149);
    for (let invoice = 0; invoice < 50; invoice++) {
      const lines = Array.from({ length: 200 }, () => next(1, 50_000_000));
      const rate = VAT_RATE_BP[next(0, 1) ? TaxClass.STANDARD : TaxClass.REDUCED];
      const lineTax = lines.reduce((s, gross) => s + splitVat(gross, rate).tax, 0);
      const totalTax = splitVat(
        lines.reduce((s, gross) => s + gross, 0),
        rate,
      ).tax;
      expect(Math.abs(lineTax - totalTax)).toBeLessThanOrEqual(100);
    }
  });
});
