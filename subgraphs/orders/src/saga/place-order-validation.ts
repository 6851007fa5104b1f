import { createHash } from 'node:crypto';
import { parseOptionalAmount } from '@dnp/subgraph-kit';
import { lineError, orderError, OrderErrorCode, type OrderErrorData } from './order-error.js';

/** Limits of one order (docs/order-saga.md step 1); larger input is refused, never truncated. */
export const PLACE_ORDER_LIMITS = {
  minLines: 1,
  maxLines: 200,
  maxQuantity: 100_000,
  maxNote: 500,
  maxSku: 32,
  maxId: 40,
} as const;
/** Idempotency keys: 8 to 64 of A–Z, a–z, 0–9, "_" and "-". */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_-]{8,64}$/;

/** One input line as the resolver hands it over. */
export interface PlaceOrderLineData {
  sku?: string | null;
  productId?: string | null;
  quantity: number;
}

/** The placeOrder input as the resolver hands it over. */
export interface PlaceOrderData {
  lines: PlaceOrderLineData[];
  idempotencyKey: string;
  note?: string | null;
  deliveryWarehouseId?: string | null;
  /** Who sells: the brand (default) or the dealer's parent (two-tier). */
  seller?: 'BRAND' | 'PARENT' | null;
  /** The part of the total to pay with the rebate balance, a decimal amount; null or 0: none. */
  rebateAmount?: string | null;
}

/** The rebate the input asks to pay with, in minor units (0 when none or malformed: validation refuses that). */
export function requestedRebateMinor(input: PlaceOrderData): number {
  return parseOptionalAmount(input.rebateAmount).minor ?? 0;
}

/**
 * The rebate amount's refusal, if any: its AMOUNT_* code, or REBATE_NOT_ALLOWED when buying from the
 * parent (the brand's rebate is not the parent's money).
 */
function rebateError(input: PlaceOrderData): OrderErrorData | null {
  const parsed = parseOptionalAmount(input.rebateAmount);
  if (parsed.code) return orderError(parsed.code, parsed.message, 'rebateAmount');
  if (parsed.minor > 0 && input.seller === 'PARENT')
    return orderError(
      OrderErrorCode.REBATE_NOT_ALLOWED,
      "A rebate balance pays only the brand's orders, not a parent dealer's",
      'rebateAmount',
    );
  return null;
}

/** The SKU of a line as looked up (trimmed, upper-case), or null when the line names a product id. */
export function normalizedSku(line: PlaceOrderLineData): string | null {
  return line.sku != null && line.sku.trim() ? line.sku.trim().toUpperCase() : null;
}

/**
 * The local checks of step 1, all reported at once: line count, exactly one of sku/productId per
 * line, integer quantity 1–100000, idempotency key shape, note length, the rebate amount (its AMOUNT_*
 * code, REBATE_NOT_ALLOWED from a parent). Empty when valid.
 */
export function validatePlaceOrderInput(input: PlaceOrderData): OrderErrorData[] {
  const errors: OrderErrorData[] = [];
  const lines = Array.isArray(input.lines) ? input.lines : [];
  if (lines.length < PLACE_ORDER_LIMITS.minLines || lines.length > PLACE_ORDER_LIMITS.maxLines) {
    errors.push(
      orderError(
        OrderErrorCode.BAD_USER_INPUT,
        `An order has ${PLACE_ORDER_LIMITS.minLines} to ${PLACE_ORDER_LIMITS.maxLines} lines`,
        'lines',
      ),
    );
  }
  lines.slice(0, PLACE_ORDER_LIMITS.maxLines).forEach((line, i) => {
    const hasSku = line.sku != null && line.sku.trim() !== '';
    const hasId = line.productId != null && line.productId.trim() !== '';
    if (hasSku === hasId) {
      errors.push(
        lineError(OrderErrorCode.BAD_USER_INPUT, 'Give exactly one of sku and productId', i, { field: `lines[${i}]` }),
      );
    } else if (hasSku && line.sku!.trim().length > PLACE_ORDER_LIMITS.maxSku) {
      errors.push(
        lineError(OrderErrorCode.BAD_USER_INPUT, `sku is at most ${PLACE_ORDER_LIMITS.maxSku} characters`, i, {
          field: `lines[${i}].sku`,
        }),
      );
    } else if (hasId && line.productId!.trim().length > PLACE_ORDER_LIMITS.maxId) {
      errors.push(
        lineError(OrderErrorCode.BAD_USER_INPUT, `productId is at most ${PLACE_ORDER_LIMITS.maxId} characters`, i, {
          field: `lines[${i}].productId`,
        }),
      );
    }
    if (!Number.isInteger(line.quantity) || line.quantity < 1 || line.quantity > PLACE_ORDER_LIMITS.maxQuantity) {
      errors.push(
        lineError(
          OrderErrorCode.BAD_USER_INPUT,
          `quantity must be a whole number from 1 to ${PLACE_ORDER_LIMITS.maxQuantity}`,
          i,
          { field: `lines[${i}].quantity` },
        ),
      );
    }
  });
  if (typeof input.idempotencyKey !== 'string' || !IDEMPOTENCY_KEY_PATTERN.test(input.idempotencyKey)) {
    errors.push(
      orderError(
        OrderErrorCode.BAD_USER_INPUT,
        'idempotencyKey is 8 to 64 letters, digits, "_" or "-"',
        'idempotencyKey',
      ),
    );
  }
  if (input.note != null && input.note.length > PLACE_ORDER_LIMITS.maxNote) {
    errors.push(
      orderError(OrderErrorCode.BAD_USER_INPUT, `note is at most ${PLACE_ORDER_LIMITS.maxNote} characters`, 'note'),
    );
  }
  if (
    input.deliveryWarehouseId != null &&
    (!input.deliveryWarehouseId.trim() || input.deliveryWarehouseId.length > PLACE_ORDER_LIMITS.maxId)
  ) {
    errors.push(
      orderError(OrderErrorCode.BAD_USER_INPUT, 'deliveryWarehouseId must be a warehouse id', 'deliveryWarehouseId'),
    );
  }
  const rebate = rebateError(input);
  if (rebate) errors.push(rebate);
  return errors;
}

/**
 * What makes two submissions "the same order" for idempotency: the lines as given (SKU
 * upper-cased, or product id, and quantity, in order), hashed. Note and warehouse do not count.
 */
export function requestFingerprint(input: PlaceOrderData): string {
  const lines = input.lines.map((l) => {
    const sku = normalizedSku(l);
    return sku ? `s:${sku}:${l.quantity}` : `p:${(l.productId ?? '').trim()}:${l.quantity}`;
  });
  // Buying from the parent is another order; brand orders keep the fingerprint they always had.
  if (input.seller === 'PARENT') lines.push('seller:PARENT');
  // Paying part with the rebate balance is another order too; orders without one keep their fingerprint.
  const rebateMinor = requestedRebateMinor(input);
  if (rebateMinor > 0) lines.push(`rebate:${rebateMinor}`);
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}
