/** Codes of the placement saga's expected failures (payload `errors` and `Order.rejectionReasons`). */
export const OrderErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNKNOWN_PRODUCT: 'UNKNOWN_PRODUCT',
  WAREHOUSE_NOT_ALLOWED: 'WAREHOUSE_NOT_ALLOWED',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  DEALER_NOT_ACTIVE: 'DEALER_NOT_ACTIVE',
  PRODUCT_DISCONTINUED: 'PRODUCT_DISCONTINUED',
  REGION_NOT_AUTHORIZED: 'REGION_NOT_AUTHORIZED',
  PRICE_NOT_FOUND: 'PRICE_NOT_FOUND',
  INSUFFICIENT_STOCK: 'INSUFFICIENT_STOCK',
  CREDIT_LIMIT_EXCEEDED: 'CREDIT_LIMIT_EXCEEDED',
  /** A promotion of the quote ran out of budget before the order consumed it (docs/order-saga.md). */
  PROMOTION_BUDGET_EXHAUSTED: 'PROMOTION_BUDGET_EXHAUSTED',
  /** The dealer reached a promotion's per-dealer order limit before the order consumed it. */
  PROMOTION_USAGE_LIMIT_REACHED: 'PROMOTION_USAGE_LIMIT_REACHED',
  SAGA_DEADLINE_EXCEEDED: 'SAGA_DEADLINE_EXCEEDED',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
} as const;

/** One expected failure, as stored (JSON) and returned (`OrderError`). */
export interface OrderErrorData {
  code: string;
  message: string;
  /** Input field, e.g. "lines[2].quantity"; null when it concerns the whole order. */
  field?: string | null;
  /** Index of the input line (from 0); null when not about one line. */
  lineIndex?: number | null;
  productId?: string | null;
}

/** A failure about one input line. */
export function lineError(
  code: string,
  message: string,
  lineIndex: number,
  extra: { field?: string; productId?: string | null } = {},
): OrderErrorData {
  return { code, message, field: extra.field ?? `lines[${lineIndex}]`, lineIndex, productId: extra.productId ?? null };
}

/** A failure about the whole order or one top-level field. */
export function orderError(code: string, message: string, field: string | null = null): OrderErrorData {
  return { code, message, field, lineIndex: null, productId: null };
}
