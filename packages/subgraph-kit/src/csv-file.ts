import 'reflect-metadata';
import iconv from 'iconv-lite';
import Papa from 'papaparse';
import { Directive, Field, Int, ObjectType, registerEnumType } from 'type-graphql';

/**
 * CSV files uploaded as mutation arguments (finance's bank statements, inventory's safety stock), read
 * whole in memory: decoded (BOM, strict UTF-8, else GB18030), stepped through with papaparse while
 * every row keeps the physical line an editor shows, columns found by header aliases, and problems
 * reported per line with its column. Nothing here touches the database.
 */

/** How a file's bytes are decoded (GraphQL enum shared by every subgraph that takes CSV files). */
export enum CsvEncoding {
  AUTO = 'AUTO',
  GBK = 'GBK',
  UTF8 = 'UTF8',
}
// The SDL is finance's as it was before the move (composition needs every declaring subgraph to agree).
registerEnumType(CsvEncoding, {
  name: 'CsvEncoding',
  description: "How a bank file's bytes are decoded.",
  valuesConfig: {
    AUTO: { description: 'A UTF-8 BOM or valid UTF-8 as UTF-8, anything else as GB18030 (a superset of GBK).' },
    GBK: { description: 'GBK (read as GB18030), as the Chinese banks export.' },
    UTF8: { description: 'UTF-8.' },
  },
});

/** A `CsvEncoding` as its plain string, so callers may pass `'AUTO'` as well as `CsvEncoding.AUTO`. */
export type CsvEncodingName = `${CsvEncoding}`;

/** A problem of a CSV file, or of one of its lines, as GraphQL answers it (`@shareable`: same in every subgraph). */
@ObjectType({ description: 'A problem of a bank file, or of one of its lines.' })
@Directive('@shareable')
export class CsvLineError {
  @Field(() => String, {
    description:
      'FILE_EMPTY, FILE_TOO_LARGE, ENCODING_INVALID, CSV_HEADER_MISSING, BANK_ACCOUNT_UNKNOWN (the file); ' +
      'CSV_LINE_MALFORMED, CSV_DATE_INVALID, CSV_AMOUNT_INVALID, CSV_PAYER_MISSING (a line).',
  })
  code!: string;

  @Field(() => String, { description: 'Human-readable explanation.' })
  message!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The physical line (1-based, as an editor shows it); null for the file.',
  })
  line!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The column header as in the file; null for the file or the line.',
  })
  column!: string | null;
}

/** The codes this file raises itself: the first four refuse the file, the last one line. */
export const CsvFileCode = {
  FILE_EMPTY: 'FILE_EMPTY',
  FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  ENCODING_INVALID: 'ENCODING_INVALID',
  CSV_HEADER_MISSING: 'CSV_HEADER_MISSING',
  CSV_LINE_MALFORMED: 'CSV_LINE_MALFORMED',
} as const;
/** One of `CsvFileCode`. */
export type CsvFileCode = (typeof CsvFileCode)[keyof typeof CsvFileCode];

/** One problem of a file (no `line`) or of one of its lines (the physical line, 1-based), as services return it. */
export interface CsvProblem<C extends string = string> {
  code: C;
  message: string;
  line?: number;
  column?: string;
}

/** The GraphQL `CsvLineError`s of a payload, from a service's problems. */
export function toCsvLineErrors(problems: readonly CsvProblem[]): CsvLineError[] {
  return problems.map((p) =>
    Object.assign(new CsvLineError(), {
      code: p.code,
      message: p.message,
      line: p.line ?? null,
      column: p.column ?? null,
    }),
  );
}

/** Text decoded from a file, with the encoding it was read in. */
export interface DecodedCsv {
  text: string;
  encoding: 'UTF8' | 'GB18030';
}

/** Decodes by the chosen encoding; undefined when the bytes are not text in it. */
export function decodeCsvBytes(bytes: Uint8Array, encoding: CsvEncodingName): DecodedCsv | undefined {
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (encoding !== 'GBK') {
    try {
      const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
      return { text, encoding: 'UTF8' };
    } catch {
      if (encoding === 'UTF8' || bom) return undefined;
    }
  }
  // GB18030 is a superset of GBK; bytes it cannot map come back as U+FFFD, which no exporter writes.
  const text = iconv.decode(Buffer.from(bytes), 'gb18030');
  return text.includes('\uFFFD') ? undefined : { text, encoding: 'GB18030' };
}

/**
 * Calls `step` for every non-blank row with the physical line (1-based) where the row starts, and
 * whether papaparse found a quote problem in it; `step` answering false stops the parse. The line
 * comes from the cursor papaparse reports after the previous row: quoted fields may hold newlines,
 * so the row index is not the line.
 */
export function stepCsvRows(text: string, step: (row: string[], lineNo: number, quoteError: boolean) => boolean): void {
  const lineBreak = text.includes('\n') ? '\n' : '\r';
  let cursor = 0;
  let breaksBefore = 0;
  Papa.parse<string[]>(text, {
    header: false,
    delimiter: ',',
    quoteChar: '"',
    skipEmptyLines: 'greedy',
    step(result, parser) {
      let start = cursor;
      // Skipped blank lines lie between the previous row's end and this row's first character.
      while (start < text.length && /\s/.test(text[start]!)) start += 1;
      for (let i = cursor; i < start; i += 1) if (text[i] === lineBreak) breaksBefore += 1;
      const lineNo = breaksBefore + 1;
      const end = result.meta.cursor;
      for (let i = start; i < end; i += 1) if (text[i] === lineBreak) breaksBefore += 1;
      cursor = end;
      if (!step(result.data, lineNo, result.errors.length > 0)) parser.abort();
    },
  });
}

/** Header text as compared: no spaces, full-width brackets folded, a unit suffix such as (元) dropped, lower case. */
export function csvHeaderKey(cell: string): string {
  return cell
    .replace(/\s+/g, '')
    .replace(/（/g, '(')
    .replace(/）/g, ')')
    .replace(/\((元|人民币|RMB|CNY)\)$/i, '')
    .toLowerCase();
}

/** Where each field's column is in a header row, and its header as the file spells it. */
export type CsvColumns<F extends string> = Partial<Record<F, { index: number; name: string }>>;

/** Finds each field's column by its names (the first name, then aliases); the first matching cell wins. */
export function resolveCsvColumns<F extends string>(
  row: string[],
  aliases: Record<F, readonly string[]>,
): CsvColumns<F> {
  const columns: CsvColumns<F> = {};
  const entries = Object.entries(aliases) as [F, readonly string[]][];
  const keys = entries.map(([field, names]) => [field, names.map(csvHeaderKey)] as const);
  row.forEach((cell, index) => {
    const key = csvHeaderKey(cell);
    for (const [field, names] of keys) {
      if (!columns[field] && names.includes(key)) columns[field] = { index, name: cell.trim() };
    }
  });
  return columns;
}

/** The `CSV_LINE_MALFORMED` problem of a row with a bad quote or a width other than the header's. */
export function csvShapeProblem(
  row: string[],
  headerWidth: number,
  quoteError: boolean,
  lineNo: number,
): CsvProblem<typeof CsvFileCode.CSV_LINE_MALFORMED> | undefined {
  const extraFilled = row.slice(headerWidth).some((cell) => cell.trim() !== '');
  if (!quoteError && row.length >= headerWidth && !extraFilled) return undefined;
  const why = quoteError ? 'an unbalanced quote' : `${row.length} columns where the header has ${headerWidth}`;
  return { code: CsvFileCode.CSV_LINE_MALFORMED, message: `Line ${lineNo} has ${why}`, line: lineNo };
}

/** One well-formed data row of a `readCsvFile` table: its physical line and its trimmed cells by field. */
export interface CsvRow<F extends string> {
  lineNo: number;
  cells: Record<F, string>;
}

/** A file read by `readCsvFile`: file problems come alone (no rows); line problems beside the good rows. */
export interface CsvTable<F extends string> {
  encoding: DecodedCsv['encoding'];
  columns: CsvColumns<F>;
  rows: CsvRow<F>[];
  errors: CsvProblem[];
}

/** What `readCsvFile` needs: the columns by field with aliases, the required ones, and the file's limits. */
export interface CsvFileOptions<F extends string> {
  encoding: CsvEncodingName;
  columns: Record<F, readonly string[]>;
  required: readonly F[];
  maxBytes: number;
  maxLines: number;
}

/**
 * Reads a file whose first non-blank row is its header: `FILE_TOO_LARGE` (bytes or data lines),
 * `ENCODING_INVALID`, `FILE_EMPTY`, `CSV_HEADER_MISSING` refuse the file; a row of the wrong shape is
 * `CSV_LINE_MALFORMED` at its line. The caller checks the cells' meaning.
 */
export function readCsvFile<F extends string>(bytes: Uint8Array, options: CsvFileOptions<F>): CsvTable<F> {
  const refuse = (code: CsvFileCode, message: string, encoding: DecodedCsv['encoding'] = 'UTF8'): CsvTable<F> => ({
    encoding,
    columns: {},
    rows: [],
    errors: [{ code, message }],
  });
  if (bytes.length > options.maxBytes) {
    return refuse(CsvFileCode.FILE_TOO_LARGE, `The file is larger than ${options.maxBytes} bytes`);
  }
  const decoded = decodeCsvBytes(bytes, options.encoding);
  if (!decoded) return refuse(CsvFileCode.ENCODING_INVALID, `The file is not valid ${options.encoding} text`);
  const table: CsvTable<F> = { encoding: decoded.encoding, columns: {}, rows: [], errors: [] };
  let headerWidth = -1;
  let tooLarge = false;
  stepCsvRows(decoded.text, (row, lineNo, quoteError) => {
    if (headerWidth < 0) {
      table.columns = resolveCsvColumns(row, options.columns);
      headerWidth = row.length;
      return options.required.every((f) => table.columns[f]);
    }
    if (table.rows.length + table.errors.length >= options.maxLines) {
      tooLarge = true;
      return false;
    }
    const problem = csvShapeProblem(row, headerWidth, quoteError, lineNo);
    if (problem) table.errors.push(problem);
    else table.rows.push({ lineNo, cells: cellsOf(row, table.columns, options.columns) });
    return true;
  });
  if (headerWidth < 0) return refuse(CsvFileCode.FILE_EMPTY, 'The file has no lines', decoded.encoding);
  const missing = options.required.filter((f) => !table.columns[f]);
  if (missing.length > 0) {
    const names = missing.map((f) => options.columns[f].join(' / ')).join(', ');
    return refuse(CsvFileCode.CSV_HEADER_MISSING, `The header lacks the columns ${names}`, decoded.encoding);
  }
  if (tooLarge) {
    return refuse(CsvFileCode.FILE_TOO_LARGE, `The file has more than ${options.maxLines} lines`, decoded.encoding);
  }
  return table;
}

function cellsOf<F extends string>(
  row: string[],
  columns: CsvColumns<F>,
  fields: Record<F, readonly string[]>,
): Record<F, string> {
  const cells = {} as Record<F, string>;
  for (const field of Object.keys(fields) as F[]) {
    const column = columns[field];
    cells[field] = column ? (row[column.index] ?? '').trim() : '';
  }
  return cells;
}
