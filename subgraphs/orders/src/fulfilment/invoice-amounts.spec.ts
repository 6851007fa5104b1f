import { splitVat, VAT_RATE_BP, TaxClass } from '@dnp/subgraph-kit';
import { describe, expect, it } from 'vitest';
import { partGross, type LineValue } from './invoice-amounts.js';

describe('the parts rule on order lines', () => {
  it('values the §10 worked example: ¥99.89 for 3 units shipped 1 then 2', () => {
    const line: LineValue = { lineTotalMinor: 9989, quantity: 3, shippedQuantity: 0, shippedGrossMinor: 0 };
    const first = partGross(line, 1);
    expect(first).toBe(3330);
    expect(splitVat(first, VAT_RATE_BP[TaxClass.STANDARD])).toEqual({ net: 2947, tax: 383 });
    const second = partGross({ ...line, shippedQuantity: 1, shippedGrossMinor: first }, 2);
    expect(second).toBe(6659);
    expect(splitVat(second, VAT_RATE_BP[TaxClass.STANDARD])).toEqual({ net: 5893, tax: 766 });
    expect(first + second).toBe(9989);
  });

  it('adds up to the line total in any split', () => {
    for (let seed = 1; seed < 200; seed++) {
      const quantity = 1 + (seed % 17);
      const line: LineValue = { lineTotalMinor: 7 + seed * 131, quantity, shippedQuantity: 0, shippedGrossMinor: 0 };
      let left = quantity;
      while (left > 0) {
        const part = Math.max(1, (seed * 7 + left) % (left + 1));
        const gross = partGross(line, part);
        line.shippedQuantity += part;
        line.shippedGrossMinor += gross;
        left -= part;
      }
      expect(line.shippedGrossMinor).toBe(line.lineTotalMinor);
    }
  });

  it('refuses a part beyond the line', () => {
    expect(() => partGross({ lineTotalMinor: 100, quantity: 2, shippedQuantity: 1, shippedGrossMinor: 50 }, 2)).toThrow(
      RangeError,
    );
  });
});
