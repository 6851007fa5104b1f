import iconv from 'iconv-lite';
import type { TestPlatform } from './platform.js';

/**
 * The order-to-cash suites' own arithmetic and file making (docs/design/order-to-cash.md §10), written
 * apart from the code under test so an expectation never repeats the implementation's mistake: integer
 * fen, BigInt products, half-up rounding, parts by cumulative rounding, Beijing business dates, bank
 * exports byte for byte, and SQL reads of the subgraphs' databases. One helper per job for every suite.
 */

/** VAT rates in basis points by tax class (§2: 13 %, 9 %, 0 %). */
export const RATE_BP: Readonly<Record<string, number>> = { STANDARD: 1300, REDUCED: 900, ZERO: 0 };

/** Rounds numerator / denominator (both ≥ 0) half up (四舍五入) to an integer. */
export function halfUp(numerator: bigint, denominator: bigint): bigint {
  return (numerator * 2n + denominator) / (denominator * 2n);
}

/** The value of `part` units after `before` of a line of `quantity` units totalling `total` fen (parts rule). */
export function partFen(total: number, quantity: number, before: number, part: number): number {
  const t = BigInt(total);
  const q = BigInt(quantity);
  return Number(halfUp(t * BigInt(before + part), q) - halfUp(t * BigInt(before), q));
}

/** Net and tax of a tax-inclusive gross at a rate in basis points (1300 = 13 %), net rounded half up. */
export function vatOf(gross: number, rateBp: number): { net: number; tax: number } {
  const net = Number(halfUp(BigInt(gross) * 10000n, BigInt(10000 + rateBp)));
  return { net, tax: gross - net };
}

/** Fen from a decimal amount string ("1234.50", as Money amounts are written), without floats. */
export function fen(amount: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!m) throw new Error(`not an amount: ${amount}`);
  const v = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -v : v;
}

/** "1234.50" from fen: a Money input, or an amount as the API writes it. */
export function yuan(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * The business date ("2026-12-07") of an instant, today by default: finance's days and months are
 * Beijing's (Asia/Shanghai, §9), whatever the machine's zone; it is the latest value date a payment may carry.
 */
export function businessDate(at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** The business month ("2026-12") of an instant, this one by default. */
export function businessMonth(at = new Date()): string {
  return businessDate(at).slice(0, 7);
}

/** The month before a `YYYY-MM` period. */
export function previousMonth(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** Finance's receiving account in the demo (BANK_ACCOUNTS' default): a bank file must name it. */
export const DEMO_BANK_ACCOUNT = '6222020000000000001';

/** One credit line of a bank export. */
export interface BankRow {
  date: string;
  /** As the bank prints it: "1234.50", "1,234.50", or a bad amount on purpose. */
  amount: string;
  payerName: string;
  payerAccount: string;
  summary: string;
  /** 交易流水号: the payment's reference when given. */
  serial?: string;
}

/** A column of a 交易明细 export, by its header: finance's parser finds the columns by these names. */
export type BankColumn =
  '交易日期' | '交易时间' | '贷方发生额' | '借方发生额' | '余额' | '对方户名' | '对方账号' | '摘要' | '交易流水号';

// Columns a credit line leaves empty (debit, balance) or fixed (time) are there because real exports have them.
const CELL: Readonly<Record<BankColumn, (r: BankRow) => string>> = {
  交易日期: (r) => r.date,
  交易时间: () => '10:00:00',
  贷方发生额: (r) => r.amount,
  借方发生额: () => '',
  余额: () => '',
  对方户名: (r) => r.payerName,
  对方账号: (r) => r.payerAccount,
  摘要: (r) => r.summary,
  交易流水号: (r) => r.serial ?? '',
};

/**
 * The shape of a bank export. Banks differ in columns, preamble, quoting and the 合计 row, and the suites
 * assert error line numbers, so each suite keeps its own shape; the default is the large banks' full export.
 */
export interface BankCsvOptions {
  /** The receiving account the preamble names; DEMO_BANK_ACCOUNT by default. */
  account?: string;
  /** GBK (the default) as the Chinese banks export, or UTF-8. */
  encoding?: 'gbk' | 'utf8';
  /** The header's columns in order. */
  columns?: readonly BankColumn[];
  /** The lines above the header, given the account. */
  preamble?: (account: string) => readonly string[];
  /** The 合计 line after the rows, given how many lines they are; null for none. */
  total?: ((count: number) => string) | null;
  /** Quotes every field rather than only those holding a comma, a quote or a line break. */
  quoteAll?: boolean;
  /** Ends the last line with CRLF too (the default), as the banks' exports do. */
  finalNewline?: boolean;
}

/** The full export (two preamble lines, header on line 3, rows from line 4, a 合计 row counting them). */
const FULL_EXPORT: Required<BankCsvOptions> = {
  account: DEMO_BANK_ACCOUNT,
  encoding: 'gbk',
  columns: ['交易日期', '交易时间', '贷方发生额', '借方发生额', '余额', '对方户名', '对方账号', '摘要', '交易流水号'],
  preamble: (account) => [`账号:,${account}`, '起止日期:,2026-01-01,2026-12-31'],
  total: (count) => `合计,,${count},,,,,,`,
  quoteAll: false,
  finalNewline: true,
};

/**
 * A short export with every field quoted (amounts hold thousands commas): account and holder on lines 1-2,
 * the header on line 3, rows from line 4, and an empty 合计 row the parser ignores.
 */
export const QUOTED_EXPORT: BankCsvOptions = {
  columns: ['交易日期', '贷方发生额', '对方户名', '对方账号', '摘要', '交易流水号'],
  preamble: (account) => [`账号：${account}`, '户名：品牌总部基本户'],
  total: () => '合计,,,,,',
  quoteAll: true,
};

/** A bare UTF-8 export: one preamble line, the header on line 2, rows from line 3, no 合计, no final CRLF. */
export const BARE_UTF8_EXPORT: BankCsvOptions = {
  encoding: 'utf8',
  columns: ['交易日期', '贷方发生额', '借方发生额', '对方户名', '对方账号', '摘要', '交易流水号'],
  preamble: (account) => [`账号:${account}`],
  total: null,
  finalNewline: false,
};

/**
 * A bank export (交易明细) as bytes, the file a clerk uploads (base64 it where the API wants base64).
 * A string among `rows` is written as it is, in its place: a malformed line on purpose.
 */
export function bankCsv(rows: readonly (BankRow | string)[], options: BankCsvOptions = {}): Buffer {
  const o = { ...FULL_EXPORT, ...options };
  const quote = (s: string) => (o.quoteAll || /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [
    ...o.preamble(o.account),
    o.columns.join(','),
    ...rows.map((r) => (typeof r === 'string' ? r : o.columns.map((c) => quote(CELL[c](r))).join(','))),
    ...(o.total ? [o.total(rows.length)] : []),
  ];
  const text = lines.join('\r\n') + (o.finalNewline ? '\r\n' : '');
  return o.encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
}

/**
 * Rows of a SQL query on the platform's MariaDB (root, any database named in the statement), each
 * cell as the client prints it, null for NULL. Only literals in the statement: test-made ids.
 */
export function sqlRows(t: TestPlatform, statement: string): (string | null)[][] {
  if (!t.mariadb) throw new Error('sqlRows needs a platform booted on MariaDB');
  // Only the final newline goes: a trailing tab is an empty last cell, not whitespace to trim.
  const out = t.mariadb.sql(statement).replace(/\n$/, '');
  return out ? out.split('\n').map((line) => line.split('\t').map((c) => (c === 'NULL' ? null : c))) : [];
}

/** A SQL string literal of a test-made value (ids, skus: no quotes in them). */
export function lit(value: string): string {
  if (!/^[\w.:-]*$/.test(value)) throw new Error(`not a plain id: ${value}`);
  return `'${value}'`;
}
