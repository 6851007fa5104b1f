import {
  csvShapeProblem,
  decodeCsvBytes,
  isBusinessDate,
  parseAmount,
  resolveCsvColumns,
  stepCsvRows,
  type CsvColumns,
  type CsvEncodingName,
  type CsvProblem as KitCsvProblem,
} from '@dnp/subgraph-kit';
import { createHash } from 'node:crypto';

/**
 * The bank's 交易明细 CSV export (ICBC, CCB, BOC, ABC and CMB name the columns alike), read whole in
 * memory: decoded, its preamble skipped, its columns found by name, every data row checked and
 * fingerprinted. Nothing here touches the database; the import service decides what to write.
 */

/** How the file's bytes are decoded: `AUTO` guesses (UTF-8 BOM, strict UTF-8, else GB18030). */
export type CsvEncoding = CsvEncodingName;

/** The refusal codes of a bank file (design §11.1): the first five refuse the file, the rest one line. */
export const BankCsvCode = {
  FILE_EMPTY: 'FILE_EMPTY',
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  ENCODING_INVALID: 'ENCODING_INVALID',
  CSV_HEADER_MISSING: 'CSV_HEADER_MISSING',
  BANK_ACCOUNT_UNKNOWN: 'BANK_ACCOUNT_UNKNOWN',
  CSV_LINE_MALFORMED: 'CSV_LINE_MALFORMED',
  CSV_DATE_INVALID: 'CSV_DATE_INVALID',
  CSV_AMOUNT_INVALID: 'CSV_AMOUNT_INVALID',
  CSV_PAYER_MISSING: 'CSV_PAYER_MISSING',
} as const;
export type BankCsvCode = (typeof BankCsvCode)[keyof typeof BankCsvCode];

/** One problem of a file (no `line`) or of one of its lines (the physical line an editor shows, 1-based). */
export type CsvProblem = KitCsvProblem<BankCsvCode>;

/** A good credit line of the file, amounts in fen. */
export interface BankCsvLine {
  /** The physical line number where the row starts (preamble and header counted). */
  lineNo: number;
  valueDate: string;
  time: string;
  amountMinor: number;
  payerName: string;
  payerAccount: string;
  payerBank: string;
  summary: string;
  remark: string;
  bankSerial: string;
  /** SHA-256 fingerprint (design §13): the same transfer in two overlapping exports has the same hash. */
  rowHash: string;
}

/** What a file parses to: its good lines, every problem found, and the lines skipped on purpose. */
export interface ParsedBankCsv {
  encoding: 'UTF8' | 'GB18030';
  lines: BankCsvLine[];
  errors: CsvProblem[];
  /** Debit-only lines (money going out): skipped and counted. */
  debitLines: number;
}

/** Limits of one file (design §11.1: 3 MB or 20,000 lines). */
export const BANK_CSV_MAX_BYTES = 3 * 1024 * 1024;
export const BANK_CSV_MAX_LINES = 20_000;
const MAX_PREAMBLE_LINES = 20;

type Field = 'date' | 'time' | 'credit' | 'debit' | 'payerName' | 'payerAccount' | 'payerBank' | 'summary' | 'remark';
type SerialField = Field | 'serial';

/** Column names by field, aliases after the first; matched without spaces and with brackets folded. */
const COLUMNS: Record<SerialField, string[]> = {
  date: ['交易日期', '记账日期', '日期'],
  time: ['交易时间'],
  credit: ['贷方发生额', '收入金额', '贷方金额'],
  debit: ['借方发生额', '支出金额'],
  payerName: ['对方户名', '付款人名称', '对方账户名称'],
  payerAccount: ['对方账号', '付款人账号', '对方账户'],
  payerBank: ['对方开户行'],
  summary: ['摘要'],
  remark: ['附言', '用途', '备注'],
  serial: ['交易流水号', '凭证号', '流水号'],
};
const REQUIRED: SerialField[] = ['date', 'credit', 'payerName', 'payerAccount'];

type Columns = CsvColumns<SerialField>;

/**
 * Parses a bank file. `bankAccount` is the receiving account the clerk named; it must be one of
 * `bankAccounts` and goes into every row hash. File problems answer alone (no lines); line
 * problems are all collected, so the clerk sees every bad line at once.
 */
export function parseBankCsv(
  bytes: Uint8Array,
  options: { bankAccount: string; bankAccounts: ReadonlySet<string>; encoding: CsvEncoding },
): ParsedBankCsv {
  const empty = (code: BankCsvCode, message: string, encoding: ParsedBankCsv['encoding'] = 'UTF8') => ({
    encoding,
    lines: [],
    errors: [{ code, message }],
    debitLines: 0,
  });
  if (!options.bankAccounts.has(options.bankAccount)) {
    return empty(BankCsvCode.BANK_ACCOUNT_UNKNOWN, `Bank account "${options.bankAccount}" is not one of ours`);
  }
  if (bytes.length > BANK_CSV_MAX_BYTES) {
    return empty(BankCsvCode.FILE_TOO_LARGE, `The file is larger than ${BANK_CSV_MAX_BYTES} bytes`);
  }
  const decoded = decodeCsvBytes(bytes, options.encoding);
  if (!decoded) return empty(BankCsvCode.ENCODING_INVALID, `The file is not valid ${options.encoding} text`);
  if (decoded.text.trim() === '') return empty(BankCsvCode.FILE_EMPTY, 'The file has no lines', decoded.encoding);
  const result = readRows(decoded.text, options.bankAccount);
  return { encoding: decoded.encoding, ...result };
}

/** What `readRows` collects while papaparse steps through the text. */
interface RowState {
  rows: number;
  columns?: Columns;
  headerWidth: number;
  lines: BankCsvLine[];
  errors: CsvProblem[];
  debitLines: number;
  tooLarge: boolean;
  seen: Map<string, number>;
}

/** Steps through the rows with their physical line numbers (kit `stepCsvRows`). */
function readRows(text: string, bankAccount: string): Omit<ParsedBankCsv, 'encoding'> {
  const state: RowState = {
    rows: 0,
    headerWidth: 0,
    lines: [],
    errors: [],
    debitLines: 0,
    tooLarge: false,
    seen: new Map(),
  };
  stepCsvRows(text, (row, lineNo, quoteError) => stepRow(state, row, lineNo, quoteError, bankAccount));
  if (state.tooLarge) {
    return fileProblem(BankCsvCode.FILE_TOO_LARGE, `The file has more than ${BANK_CSV_MAX_LINES} lines`);
  }
  if (!state.columns) {
    return fileProblem(
      BankCsvCode.CSV_HEADER_MISSING,
      `No header within the first ${MAX_PREAMBLE_LINES + 1} lines names the columns ` +
        REQUIRED.map((f) => COLUMNS[f][0]).join(', '),
    );
  }
  const missing = REQUIRED.filter((f) => !state.columns![f]);
  if (missing.length > 0) {
    const names = missing.map((f) => COLUMNS[f].join(' / ')).join(', ');
    return fileProblem(BankCsvCode.CSV_HEADER_MISSING, `The header lacks the columns ${names}`);
  }
  return { lines: state.lines, errors: state.errors, debitLines: state.debitLines };
}

function fileProblem(code: BankCsvCode, message: string): Omit<ParsedBankCsv, 'encoding'> {
  return { lines: [], errors: [{ code, message }], debitLines: 0 };
}

/** Handles one row; false stops the parse (no header in the preamble's reach, or too many lines). */
function stepRow(state: RowState, row: string[], lineNo: number, quoteError: boolean, account: string): boolean {
  state.rows += 1;
  if (!state.columns) {
    const columns = resolveCsvColumns(row, COLUMNS);
    if (columns.date && columns.credit) {
      state.columns = columns;
      state.headerWidth = row.length;
    }
    return state.columns !== undefined || state.rows <= MAX_PREAMBLE_LINES;
  }
  if (REQUIRED.some((f) => !state.columns![f])) return false;
  if (isTotalRow(row)) return true;
  if (state.lines.length + state.errors.length + state.debitLines >= BANK_CSV_MAX_LINES) {
    state.tooLarge = true;
    return false;
  }
  const malformed = csvShapeProblem(row, state.headerWidth, quoteError, lineNo);
  if (malformed) {
    state.errors.push(malformed);
    return true;
  }
  const checked = readLine(state.columns, row, lineNo);
  if (checked === 'DEBIT') state.debitLines += 1;
  else if ('code' in checked) state.errors.push(checked);
  else state.lines.push(withHash(checked, account, state.seen));
  return true;
}

/** 合计 / 总计 rows sum the lines above them: not transfers. */
function isTotalRow(row: string[]): boolean {
  const first = row.find((cell) => cell.trim() !== '') ?? '';
  return /^(合计|总计)/.test(first.replace(/\s+/g, ''));
}

type Unhashed = Omit<BankCsvLine, 'rowHash'>;

/** Checks one data row's cells in column order; the first bad cell names the problem. */
function readLine(columns: Columns, row: string[], lineNo: number): Unhashed | CsvProblem | 'DEBIT' {
  const cell = (field: SerialField) => {
    const column = columns[field];
    return column ? (row[column.index] ?? '').trim() : '';
  };
  const problem = (code: BankCsvCode, field: SerialField, message: string): CsvProblem => ({
    code,
    message: `Line ${lineNo}: ${message}`,
    line: lineNo,
    column: columns[field]!.name,
  });
  const valueDate = parseDate(cell('date'));
  if (!valueDate) return problem(BankCsvCode.CSV_DATE_INVALID, 'date', `"${cell('date')}" is not a date`);
  const credit = cell('credit');
  const amountMinor = credit === '' ? 0 : toMinor(credit);
  if (amountMinor === undefined) {
    return problem(BankCsvCode.CSV_AMOUNT_INVALID, 'credit', `"${credit}" is not an amount`);
  }
  if (amountMinor === 0) {
    const debit = cell('debit');
    if (debit !== '' && (toMinor(debit) ?? 0) > 0) return 'DEBIT';
    return problem(BankCsvCode.CSV_AMOUNT_INVALID, 'credit', 'the line credits no amount');
  }
  const payerName = cell('payerName');
  if (payerName === '') return problem(BankCsvCode.CSV_PAYER_MISSING, 'payerName', 'the payer name is empty');
  return {
    lineNo,
    valueDate,
    time: cell('time'),
    amountMinor,
    payerName,
    payerAccount: cell('payerAccount').replace(/\s+/g, ''),
    payerBank: cell('payerBank'),
    summary: cell('summary'),
    remark: cell('remark'),
    bankSerial: cell('serial'),
  };
}

/** `YYYY-MM-DD`, `YYYY/MM/DD` or `YYYYMMDD` (one-digit months and days padded); a time part is ignored. */
export function parseDate(text: string): string | undefined {
  const datePart = text.trim().split(/[\sT]/)[0] ?? '';
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(datePart) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(datePart);
  if (!m) return undefined;
  const date = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return isBusinessDate(date) ? date : undefined;
}

/**
 * A bank amount in fen, by integers only: full-width digits and punctuation folded, ¥ and spaces
 * dropped, thousands separators accepted only where they group three digits; 0 for a zero amount,
 * undefined when the text is no amount ("12,3x", "1e3", "-5").
 */
export function toMinor(text: string): number | undefined {
  const folded = text
    .normalize('NFKC')
    .replace(/[¥￥\s]/g, '')
    .replace(/^(RMB|CNY)/i, '');
  if (!/^\+?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$/.test(folded)) return undefined;
  const plain = folded.replace(/[+,]/g, '');
  if (/^0+(\.0+)?$/.test(plain)) return 0;
  const parsed = parseAmount(plain);
  return parsed.code ? undefined : parsed.minor;
}

/** Reference text as fingerprinted and searched: width folded, spaces removed. */
export function normaliseReference(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

/**
 * The row hash of design §13. `n` counts identical earlier tuples in this file, so two genuine
 * identical transfers stay two while one transfer in two overlapping exports stays one.
 */
function withHash(line: Unhashed, bankAccount: string, seen: Map<string, number>): BankCsvLine {
  const tuple = [
    bankAccount,
    line.valueDate,
    String(line.amountMinor),
    normaliseReference(line.summary + line.remark),
    line.payerAccount,
    line.payerName,
    line.bankSerial,
    line.time,
  ].join('|');
  const n = seen.get(tuple) ?? 0;
  seen.set(tuple, n + 1);
  const rowHash = createHash('sha256').update(`${tuple}|${n}`).digest('hex');
  return { ...line, rowHash };
}
