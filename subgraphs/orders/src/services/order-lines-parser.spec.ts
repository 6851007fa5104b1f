import { describe, expect, it } from 'vitest';
import { parseOrderLinesText, PARSE_LIMITS } from './order-lines-parser.js';

describe('parseOrderLinesText', () => {
  it('reads comma, tab and space separated rows with a header, skipping blank rows', () => {
    const { lines, errors } = parseOrderLinesText(
      'sku,quantity\nJH-MLK-0001,12\n\njh-tea-0002\t3\r\n  JH-OIL-0003   7  \n"JH-RCE-0004","1"',
    );
    expect(errors).toEqual([]);
    expect(lines.map((l) => [l.sku, l.quantity, l.row])).toEqual([
      ['JH-MLK-0001', 12, 2],
      ['JH-TEA-0002', 3, 4],
      ['JH-OIL-0003', 7, 5],
      ['JH-RCE-0004', 1, 6],
    ]);
  });

  it('accepts a Chinese header and no header at all', () => {
    expect(parseOrderLinesText('商品编码,数量\nJH-MLK-0001,1').lines).toHaveLength(1);
    expect(parseOrderLinesText('JH-MLK-0001 1').lines).toHaveLength(1);
  });

  it('reports malformed rows and bad quantities by row', () => {
    const { lines, errors } = parseOrderLinesText(
      [
        'JH-MLK-0001',
        'JH-MLK-0002,1,2',
        'JH-MLK-0003,0',
        'JH-MLK-0004,-2',
        'JH-MLK-0005,1.5',
        'JH-MLK-0006,100001',
        'JH-MLK-0007,abc',
        '???,3',
        'JH-MLK-0008,4',
      ].join('\n'),
    );
    expect(errors.map((e) => [e.row, e.code])).toEqual([
      [1, 'MALFORMED_ROW'],
      [2, 'MALFORMED_ROW'],
      [3, 'BAD_QUANTITY'],
      [4, 'BAD_QUANTITY'],
      [5, 'BAD_QUANTITY'],
      [6, 'BAD_QUANTITY'],
      [7, 'BAD_QUANTITY'],
      [8, 'MALFORMED_ROW'],
    ]);
    expect(lines.map((l) => l.sku)).toEqual(['JH-MLK-0008']);
  });

  it('merges duplicate SKUs into the first row with a DUPLICATE_SKU warning, never past the quantity limit', () => {
    const { lines, errors } = parseOrderLinesText('JH-MLK-0001,2\njh-mlk-0001,3\nJH-MLK-0001,99999');
    expect(lines).toEqual([expect.objectContaining({ sku: 'JH-MLK-0001', quantity: 5, row: 1 })]);
    expect(errors.map((e) => [e.row, e.code])).toEqual([
      [2, 'DUPLICATE_SKU'],
      [3, 'BAD_QUANTITY'],
    ]);
  });

  it(`refuses more than ${PARSE_LIMITS.maxRows} rows`, () => {
    const text = Array.from(
      { length: PARSE_LIMITS.maxRows + 1 },
      (_, i) => `JH-MLK-${String(i).padStart(4, '0')},1`,
    ).join('\n');
    expect(() => parseOrderLinesText(text)).toThrow(/500/);
    expect(parseOrderLinesText(text.split('\n').slice(0, PARSE_LIMITS.maxRows).join('\n')).lines).toHaveLength(
      PARSE_LIMITS.maxRows,
    );
  });
});
