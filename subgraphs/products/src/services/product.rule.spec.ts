import { describe, expect, it } from 'vitest';
import { isValidGtin, normalizeSku, productFieldErrors, salesRegionsColumn } from './product.rule.js';

describe('GS1 check digit', () => {
  it('accepts valid GTIN-8, UPC-A (GTIN-12), EAN-13 and GTIN-14 codes', () => {
    for (const code of ['96385074', '036000291452', '4006381333931', '6901234567892', '00012345600012'])
      expect(isValidGtin(code), code).toBe(true);
  });

  it('refuses a wrong check digit, other lengths and non-digits', () => {
    for (const code of [
      '4006381333932',
      '6901234567890',
      '1234567',
      '123456789',
      '40063813339a1',
      ' 4006381333931',
      '',
    ])
      expect(isValidGtin(code), code).toBe(false);
  });
});

describe('SKU rule', () => {
  it('upper-cases and trims, then checks the pattern', () => {
    expect(normalizeSku(' jh-new-01 ')).toBe('JH-NEW-01');
    expect(normalizeSku('AB')).toBeNull();
    expect(normalizeSku('-ABC')).toBeNull();
    expect(normalizeSku('AB_C')).toBeNull();
    expect(normalizeSku('A'.repeat(33))).toBeNull();
    expect(normalizeSku('A'.repeat(32))).toBe('A'.repeat(32));
  });
});

describe('product field rules', () => {
  it('checks only the fields given, each with its own code and field', () => {
    expect(productFieldErrors({})).toEqual([]);
    const errors = productFieldErrors({ name: ' ', unit: 'x'.repeat(17), barcode: '123', shelfLifeDays: 0 });
    expect(errors.map((e) => [e.code, e.field])).toEqual([
      ['NAME_REQUIRED', 'name'],
      ['UNIT_INVALID', 'unit'],
      ['BARCODE_INVALID', 'barcode'],
      ['SHELF_LIFE_INVALID', 'shelfLifeDays'],
    ]);
    expect(productFieldErrors({ shelfLifeDays: 3650, unitEn: 'case', nameEn: 'Milk' })).toEqual([]);
    expect(productFieldErrors({ shelfLifeDays: 3651 })[0]?.code).toBe('SHELF_LIFE_INVALID');
    expect(productFieldErrors({ shelfLifeDays: 1.5 })[0]?.code).toBe('SHELF_LIFE_INVALID');
  });

  it('stores sales regions comma-separated, null for none', () => {
    expect(salesRegionsColumn(['reg_south', ' reg_east ', 'reg_south'])).toBe('reg_south,reg_east');
    expect(salesRegionsColumn([])).toBeNull();
    expect(salesRegionsColumn(null)).toBeNull();
  });
});
