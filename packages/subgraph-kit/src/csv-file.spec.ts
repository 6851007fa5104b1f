import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  CsvEncoding,
  CsvFileCode,
  decodeCsvBytes,
  readCsvFile,
  resolveCsvColumns,
  toCsvLineErrors,
} from './csv-file.js';

const COLUMNS = {
  warehouse: ['仓库编码', 'warehouse', 'warehouseCode'],
  sku: ['SKU', '商品编码'],
  safetyStock: ['安全库存', 'safetyStock'],
  note: ['备注'],
} as const;
type Field = keyof typeof COLUMNS;

function read(bytes: Uint8Array | string, encoding: `${CsvEncoding}` = 'AUTO', maxLines = 100) {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return readCsvFile<Field>(data, {
    encoding,
    columns: COLUMNS,
    required: ['warehouse', 'sku', 'safetyStock'],
    maxBytes: 1024 * 1024,
    maxLines,
  });
}

describe('readCsvFile', () => {
  it('numbers lines physically in a GBK file with quoted newlines and blank lines', () => {
    const text = [
      '仓库编码,SKU,安全库存（元）,备注',
      'WH-EAST,SKU-1,10,"第一行\n第二行\n第三行"',
      '',
      'WH-EAST,SKU-2,20,普通',
      'WH-WEST,"SKU\n-3",30,',
      'WH-WEST,SKU-4',
    ].join('\r\n');
    const table = read(iconv.encode(text, 'gbk'));
    expect(table.encoding).toBe('GB18030');
    expect(table.rows.map((r) => [r.lineNo, r.cells.sku, r.cells.note])).toEqual([
      [2, 'SKU-1', '第一行\n第二行\n第三行'],
      [6, 'SKU-2', '普通'],
      [7, 'SKU\n-3', ''],
    ]);
    expect(table.errors).toEqual([
      { code: CsvFileCode.CSV_LINE_MALFORMED, message: 'Line 9 has 2 columns where the header has 4', line: 9 },
    ]);
    expect(table.columns.safetyStock).toEqual({ index: 2, name: '安全库存（元）' });
  });

  it('reads UTF-8 with a BOM and English aliases in any case', () => {
    const bytes = new Uint8Array([
      0xef,
      0xbb,
      0xbf,
      ...new TextEncoder().encode('WarehouseCode,sku,SAFETYSTOCK\nA,B,1\n'),
    ]);
    const table = read(bytes);
    expect(table.encoding).toBe('UTF8');
    expect(table.errors).toEqual([]);
    expect(table.rows).toEqual([{ lineNo: 2, cells: { warehouse: 'A', sku: 'B', safetyStock: '1', note: '' } }]);
  });

  it('reports an unbalanced quote at its line', () => {
    const table = read('仓库编码,SKU,安全库存\nA,B,1\nA,"B,2\n');
    expect(table.rows.map((r) => r.lineNo)).toEqual([2]);
    expect(table.errors.map((e) => [e.code, e.line])).toEqual([[CsvFileCode.CSV_LINE_MALFORMED, 3]]);
  });

  it('refuses bytes that are not text in the chosen encoding', () => {
    const gbk = iconv.encode('仓库编码,SKU,安全库存\n', 'gbk');
    expect(read(gbk, 'UTF8').errors.map((e) => e.code)).toEqual([CsvFileCode.ENCODING_INVALID]);
    const bomThenGarbage = new Uint8Array([0xef, 0xbb, 0xbf, 0xc3, 0x28]);
    expect(read(bomThenGarbage).errors.map((e) => e.code)).toEqual([CsvFileCode.ENCODING_INVALID]);
    expect(decodeCsvBytes(new Uint8Array([0x81, 0x20]), CsvEncoding.GBK)).toBeUndefined();
  });

  it('refuses a header without a required column, an empty file and too many lines', () => {
    const missing = read('仓库编码,商品名称,安全库存\nA,B,1\n');
    expect(missing.errors).toEqual([
      { code: CsvFileCode.CSV_HEADER_MISSING, message: 'The header lacks the columns SKU / 商品编码' },
    ]);
    expect(missing.rows).toEqual([]);
    expect(read(' \n\n').errors.map((e) => e.code)).toEqual([CsvFileCode.FILE_EMPTY]);
    expect(read('仓库编码,SKU,安全库存\nA,B,1\nA,C,2\nA,D,3\n', 'AUTO', 2).errors.map((e) => e.code)).toEqual([
      CsvFileCode.FILE_TOO_LARGE,
    ]);
  });

  it('finds the first matching cell per field and translates problems to GraphQL errors', () => {
    expect(resolveCsvColumns(['sku', ' SKU ', '商品编码'], { sku: ['SKU', '商品编码'] })).toEqual({
      sku: { index: 0, name: 'sku' },
    });
    const [error] = toCsvLineErrors([{ code: 'X', message: 'm', line: 3 }]);
    expect(error).toMatchObject({ code: 'X', message: 'm', line: 3, column: null });
  });
});
