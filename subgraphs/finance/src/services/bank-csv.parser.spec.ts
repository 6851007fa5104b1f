import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  BANK_CSV_MAX_BYTES,
  BankCsvCode,
  parseBankCsv,
  parseDate,
  toMinor,
  type CsvEncoding,
} from './bank-csv.parser.js';

const ACCOUNT = '6222000012345678';
const HEADER = '交易日期,交易时间,贷方发生额,借方发生额,对方户名,对方账号,对方开户行,摘要,附言,交易流水号';

function parse(text: string | Uint8Array, encoding: CsvEncoding = 'AUTO', bankAccount = ACCOUNT) {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return parseBankCsv(bytes, { bankAccount, bankAccounts: new Set([ACCOUNT]), encoding });
}

function codes(result: ReturnType<typeof parse>) {
  return result.errors.map((e) => [e.code, e.line, e.column]);
}

describe('parseBankCsv', () => {
  it('reads a GBK export with a preamble, aliases, quoted commas and newlines, and a 合计 row', () => {
    const text = [
      '账号:6222000012345678',
      '户名:示例品牌有限公司',
      '起止日期:2026-11-01 至 2026-11-30',
      '记账日期 , 交易时间,收入金额（元）,支出金额,付款人名称,付款人账号,对方开户行,摘要,备注,流水号',
      '2026/11/03,10:15:00,"1,234.50",,江苏省代理有限公司,6217 0000 1111,工商银行南京分行,"货款,INV-2026-00000123",,S001',
      '20261104,,"￥１２３.4",,"浙江\n经销商",6217000022223333,,"第一行\n第二行",SO202611210001,S002',
      '2026-11-05,,,500.00,房租,6217000099998888,,,,S003',
      '合计,,"1,358.90",500.00,,,,,,',
    ].join('\r\n');
    const result = parse(iconv.encode(text, 'gbk'));
    expect(result.encoding).toBe('GB18030');
    expect(result.errors).toEqual([]);
    expect(result.debitLines).toBe(1);
    expect(result.lines.map((l) => [l.lineNo, l.valueDate, l.amountMinor, l.payerName, l.payerAccount])).toEqual([
      [5, '2026-11-03', 123_450, '江苏省代理有限公司', '621700001111'],
      [6, '2026-11-04', 12_340, '浙江\n经销商', '6217000022223333'],
    ]);
    expect(result.lines[0]).toMatchObject({ summary: '货款,INV-2026-00000123', time: '10:15:00', bankSerial: 'S001' });
    expect(result.lines[1]!.remark).toBe('SO202611210001');
    expect(result.lines[0]!.rowHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('names the physical line of a bad row after quoted newlines', () => {
    const text = [
      HEADER,
      '2026-11-03,,100.00,,甲,1,,"多行\n摘要\n文本",,',
      '2026-11-03,,"12,3x",,乙,2,,,,',
      '2026-13-40,,1.00,,丙,3,,,,',
      '2026-11-03,,1.00,,,4,,,,',
      '2026-11-03,,1.00,,丁',
      '2026-11-03,,0.001,,戊,5,,,,',
    ].join('\n');
    const result = parse(text);
    expect(codes(result)).toEqual([
      [BankCsvCode.CSV_AMOUNT_INVALID, 5, '贷方发生额'],
      [BankCsvCode.CSV_DATE_INVALID, 6, '交易日期'],
      [BankCsvCode.CSV_PAYER_MISSING, 7, '对方户名'],
      [BankCsvCode.CSV_LINE_MALFORMED, 8, undefined],
      [BankCsvCode.CSV_AMOUNT_INVALID, 9, '贷方发生额'],
    ]);
    expect(result.lines.map((l) => l.lineNo)).toEqual([2]);
  });

  it('refuses an unbalanced quote as a malformed line and skips blank lines in the count', () => {
    const text = `${HEADER}\n\n2026-11-03,,1.00,,甲,1,,,,\n\n2026-11-04,,"2.00,,乙,2,,,,\n`;
    const result = parse(text);
    expect(result.lines.map((l) => l.lineNo)).toEqual([3]);
    expect(codes(result)).toEqual([[BankCsvCode.CSV_LINE_MALFORMED, 5, undefined]]);
  });

  it('keeps two identical transfers as two rows with different hashes, the same across files', () => {
    const row = '2026-11-03,,100.00,,甲,1,,货款,,';
    const one = parse(`${HEADER}\n${row}\n${row}\n`);
    expect(one.lines).toHaveLength(2);
    expect(one.lines[0]!.rowHash).not.toBe(one.lines[1]!.rowHash);
    const overlap = parse(`前言\n${HEADER}\n${row}\n2026-11-04,,5.00,,乙,2,,,,\n`);
    expect(overlap.lines[0]!.rowHash).toBe(one.lines[0]!.rowHash);
    const otherAccount = parseBankCsv(new TextEncoder().encode(`${HEADER}\n${row}\n`), {
      bankAccount: 'X',
      bankAccounts: new Set(['X']),
      encoding: 'AUTO',
    });
    expect(otherAccount.lines[0]!.rowHash).not.toBe(one.lines[0]!.rowHash);
  });

  it('answers each file code alone', () => {
    expect(codes(parse(`${HEADER}\n`, 'AUTO', 'nope'))).toEqual([
      [BankCsvCode.BANK_ACCOUNT_UNKNOWN, undefined, undefined],
    ]);
    expect(codes(parse(' \r\n\r\n'))).toEqual([[BankCsvCode.FILE_EMPTY, undefined, undefined]]);
    expect(codes(parse(new Uint8Array(BANK_CSV_MAX_BYTES + 1)))[0]![0]).toBe(BankCsvCode.FILE_TOO_LARGE);
    const gbk = iconv.encode(`${HEADER}\n2026-11-03,,1.00,,甲,1,,,,\n`, 'gbk');
    expect(codes(parse(gbk, 'UTF8'))).toEqual([[BankCsvCode.ENCODING_INVALID, undefined, undefined]]);
    expect(parse(gbk, 'GBK').lines).toHaveLength(1);
    expect(codes(parse(new Uint8Array([0x81, 0x20, 0xff, 0xff]), 'GBK'))[0]![0]).toBe(BankCsvCode.ENCODING_INVALID);
    const preamble = Array.from({ length: 21 }, (_, i) => `说明${i}`).join('\n');
    expect(parse(`${preamble}\n${HEADER}\n`).errors[0]!.code).toBe(BankCsvCode.CSV_HEADER_MISSING);
    expect(parse(`${preamble.split('\n').slice(1).join('\n')}\n${HEADER}\n`).errors).toEqual([]);
    const noPayer = parse('交易日期,贷方发生额,摘要\n2026-11-03,1.00,x\n');
    expect(noPayer.errors).toEqual([
      { code: BankCsvCode.CSV_HEADER_MISSING, message: expect.stringContaining('对方户名') as string },
    ]);
    const many = `${HEADER}\n${'2026-11-03,,1.00,,甲,1,,,,\n'.repeat(20_001)}`;
    expect(codes(parse(many))).toEqual([[BankCsvCode.FILE_TOO_LARGE, undefined, undefined]]);
  });

  it('takes a UTF-8 BOM as UTF-8', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(`${HEADER}\n2026-11-03,,1,,甲,1,,,,`)]);
    const result = parse(bytes);
    expect(result.encoding).toBe('UTF8');
    expect(result.lines[0]!.amountMinor).toBe(100);
  });
});

describe('bank amounts and dates', () => {
  it('converts to fen by integers', () => {
    expect(toMinor('1,234.50')).toBe(123_450);
    expect(toMinor('¥1234.5')).toBe(123_450);
    expect(toMinor('１，２３４．５６')).toBe(123_456);
    expect(toMinor('0.10')).toBe(10);
    expect(toMinor('0.00')).toBe(0);
    expect(toMinor('99999999.99')).toBe(9_999_999_999);
    for (const bad of ['12,3x', '1,23.00', '1e3', '-5', '0.001', '']) expect(toMinor(bad)).toBeUndefined();
  });

  it('reads the three date forms and ignores a time part', () => {
    expect(parseDate('2026-11-03 10:15:00')).toBe('2026-11-03');
    expect(parseDate('2026/1/3')).toBe('2026-01-03');
    expect(parseDate('20261103')).toBe('2026-11-03');
    expect(parseDate('2026-02-30')).toBeUndefined();
    expect(parseDate('03/11/2026')).toBeUndefined();
  });
});
