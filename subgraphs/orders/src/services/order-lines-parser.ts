import { AppError, Role, ServiceCallError, UserInputError } from '@dnp/subgraph-kit';
import type { OrdersContext } from '../orders-context.js';
import { PLACE_ORDER_LIMITS } from '../saga/place-order-validation.js';
import { sagaRunner } from '../saga/saga-context.js';

/** Bounds of a pasted batch: rows (blank ones not counted) and characters. */
export const PARSE_LIMITS = { maxRows: 500, maxChars: 100_000 } as const;

/** Codes of a rejected or merged row. */
export const ParseRowCode = {
  MALFORMED_ROW: 'MALFORMED_ROW',
  UNKNOWN_SKU: 'UNKNOWN_SKU',
  BAD_QUANTITY: 'BAD_QUANTITY',
  DUPLICATE_SKU: 'DUPLICATE_SKU',
} as const;

/** One problem of one row (1-based, as the user sees it in the pasted text). */
export interface ParseRowErrorData {
  row: number;
  code: string;
  message: string;
}

/** One line ready for placeOrder. */
export interface ParsedLineData {
  sku: string;
  quantity: number;
  productId: string | null;
  productName: string | null;
  /** Row the line was first seen on. */
  row: number;
}

const HEADER_SKU = /^(sku|item|product|商品编码|编码|货号|sku编码)$/i;
const HEADER_QTY = /^(qty|quantity|数量|订购数量)$/i;
const SKU_SHAPE = /^[A-Z0-9][A-Z0-9._-]*$/;

/** Splits one row into cells: by comma, else tab, else runs of spaces; quotes and blanks trimmed. */
function cellsOf(text: string): string[] {
  const sep = text.includes(',') ? ',' : text.includes('\t') ? '\t' : /\s+/;
  const cells = text.split(sep).map((c) =>
    c
      .trim()
      .replace(/^"(.*)"$/, '$1')
      .trim(),
  );
  while (cells.length && cells.at(-1) === '') cells.pop();
  return cells;
}

/**
 * Parses pasted order lines without asking anyone (the syntax part of parseOrderLines):
 * `sku,quantity`, `sku<TAB>quantity` or `sku quantity` per row, an optional header row, blank
 * rows skipped. Duplicate SKUs are merged into the first row with a DUPLICATE_SKU warning.
 * BAD_USER_INPUT when the text has more than 500 rows or 100,000 characters.
 */
export function parseOrderLinesText(text: string): { lines: ParsedLineData[]; errors: ParseRowErrorData[] } {
  if (text.length > PARSE_LIMITS.maxChars)
    throw new UserInputError(`The text is at most ${PARSE_LIMITS.maxChars} characters`, 'text');
  const rows = text
    .split(/\r\n|\n|\r/)
    .map((t, i) => ({ row: i + 1, text: t.trim() }))
    .filter((r) => r.text !== '');
  if (rows.length > PARSE_LIMITS.maxRows)
    throw new UserInputError(`At most ${PARSE_LIMITS.maxRows} rows at a time`, 'text');
  const errors: ParseRowErrorData[] = [];
  const bySku = new Map<string, ParsedLineData>();
  rows.forEach(({ row, text: rowText }, index) => {
    const cells = cellsOf(rowText);
    if (index === 0 && cells.length === 2 && (HEADER_SKU.test(cells[0]!) || HEADER_QTY.test(cells[1]!))) return;
    if (cells.length !== 2 || !cells[0]) {
      errors.push({
        row,
        code: ParseRowCode.MALFORMED_ROW,
        message: 'Expected a SKU and a quantity, e.g. "JH-MLK-0001,12"',
      });
      return;
    }
    const sku = cells[0].toUpperCase();
    if (sku.length > PLACE_ORDER_LIMITS.maxSku || !SKU_SHAPE.test(sku)) {
      errors.push({ row, code: ParseRowCode.MALFORMED_ROW, message: `"${cells[0]}" is not a SKU` });
      return;
    }
    const quantity = /^\d{1,9}$/.test(cells[1]!) ? Number(cells[1]) : NaN;
    if (!Number.isInteger(quantity) || quantity < 1 || quantity > PLACE_ORDER_LIMITS.maxQuantity) {
      errors.push({
        row,
        code: ParseRowCode.BAD_QUANTITY,
        message: `Quantity must be a whole number from 1 to ${PLACE_ORDER_LIMITS.maxQuantity}`,
      });
      return;
    }
    const first = bySku.get(sku);
    if (!first) {
      bySku.set(sku, { sku, quantity, productId: null, productName: null, row });
    } else if (first.quantity + quantity > PLACE_ORDER_LIMITS.maxQuantity) {
      errors.push({
        row,
        code: ParseRowCode.BAD_QUANTITY,
        message: `Merged with row ${first.row}, the quantity would exceed ${PLACE_ORDER_LIMITS.maxQuantity}`,
      });
    } else {
      first.quantity += quantity;
      errors.push({
        row,
        code: ParseRowCode.DUPLICATE_SKU,
        message: `${sku} also on row ${first.row}: merged into it (now ${first.quantity})`,
      });
    }
  });
  return { lines: [...bySku.values()], errors };
}

/** parseOrderLines: parses pasted lines or CSV and resolves each SKU with the products service; nothing is placed. */
export class OrderLinesParser {
  async parse(ctx: OrdersContext, text: string): Promise<{ lines: ParsedLineData[]; errors: ParseRowErrorData[] }> {
    ctx.requireRole(Role.DEALER_ADMIN, Role.DEALER_STAFF);
    const parsed = parseOrderLinesText(text);
    if (!parsed.lines.length) return parsed;
    let bySku;
    try {
      ({ bySku } = await sagaRunner().services.products(
        [],
        parsed.lines.map((l) => l.sku),
      ));
    } catch (err) {
      if (err instanceof ServiceCallError)
        throw new AppError('SERVICE_UNAVAILABLE', `SKUs could not be checked: ${err.message}`);
      throw err;
    }
    const lines: ParsedLineData[] = [];
    const errors = [...parsed.errors];
    for (const line of parsed.lines) {
      const p = bySku.get(line.sku);
      if (!p)
        errors.push({ row: line.row, code: ParseRowCode.UNKNOWN_SKU, message: `No product has SKU "${line.sku}"` });
      else lines.push({ ...line, productId: p.id, productName: p.name });
    }
    errors.sort((a, b) => a.row - b.row);
    return { lines, errors };
  }
}
