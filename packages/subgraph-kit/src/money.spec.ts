import { describe, expect, it } from 'vitest';
import { formatMinor, Money, parseMinor } from './money.js';

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
