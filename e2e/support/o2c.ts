import iconv from 'iconv-lite';
import type { TestPlatform } from './platform.js';

/**
 * The acceptance suites' own arithmetic of order to cash (docs/design/order-to-cash.md §10),
 * written apart from the code under test so an expectation never repeats the implementation's
 * mistake: integer fen, BigInt products, half-up rounding, parts by cumulative rounding.
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

/** Fen from a decimal amount string ("1234.50"), without floats. */
export function fen(amount: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,2}))?$/.exec(amount);
  if (!m) throw new Error(`not an amount: ${amount}`);
  const v = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] ? -v : v;
}

/** "1234.50" from fen. */
export function yuan(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Today's business date ("2026-12-07") in the brand's time zone (Asia/Shanghai, §9). */
export function businessDate(at = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);
}

/** The business month ("2026-12") of an instant. */
export function businessMonth(at = new Date()): string {
  return businessDate(at).slice(0, 7);
}

/** The month before a `YYYY-MM` period. */
export function previousMonth(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number];
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}

/** One credit line of a bank export. */
export interface BankRow {
  date: string;
  amount: string;
  payerName: string;
  payerAccount: string;
  summary: string;
  serial: string;
}

/**
 * A bank export (交易明细) as the large Chinese banks write it: two preamble lines, the header,
 * one row per line, a 合计 row; encoded GBK unless told otherwise. Rows start at physical line 4.
 */
export function bankCsv(account: string, rows: BankRow[], encoding: 'gbk' | 'utf8' = 'gbk'): Buffer {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
  const lines = [
    `账号:,${account}`,
    '起止日期:,2026-01-01,2026-12-31',
    '交易日期,交易时间,贷方发生额,借方发生额,余额,对方户名,对方账号,摘要,交易流水号',
    ...rows.map((r) =>
      [r.date, '10:00:00', r.amount, '', '', r.payerName, r.payerAccount, r.summary, r.serial].map(quote).join(','),
    ),
    `合计,,${rows.length},,,,,,`,
  ];
  const text = lines.join('\r\n') + '\r\n';
  return encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text, 'utf8');
}

/**
 * Rows of a SQL query on the platform's MariaDB (root, any database named in the statement), each
 * cell as the client prints it ("NULL" for null). Only literals in the statement: test-made ids.
 */
export function sqlRows(t: TestPlatform, statement: string): string[][] {
  if (!t.mariadb) throw new Error('sqlRows needs a platform booted on MariaDB');
  return t.mariadb
    .sql(statement)
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => line.split('\t'));
}

/** A SQL string literal of a test-made value (ids, skus: no quotes in them). */
export function lit(value: string): string {
  if (!/^[\w.:-]*$/.test(value)) throw new Error(`not a plain id: ${value}`);
  return `'${value}'`;
}
