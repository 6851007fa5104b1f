/** Codes of the placement saga's expected failures (payload `errors` and `Order.rejectionReasons`). */
export const OrderErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNKNOWN_PRODUCT: 'UNKNOWN_PRODUCT',
  WAREHOUSE_NOT_ALLOWED: 'WAREHOUSE_NOT_ALLOWED',
  IDEMPOTENCY_KEY_REUSED: 'IDEMPOTENCY_KEY_REUSED',
  DEALER_NOT_ACTIVE: 'DEALER_NOT_ACTIVE',
  /** A required licence of the dealer expired without an approved renewal (dealers' `orderingBlock`). */
  QUALIFICATION_EXPIRED: 'QUALIFICATION_EXPIRED',
  /** Two-tier (seller PARENT): the dealer has no parent to buy from. */
  NO_PARENT_DEALER: 'NO_PARENT_DEALER',
  /** Two-tier: the parent is not ACTIVE or may not trade (its ordering block). */
  SELLER_NOT_ACTIVE: 'SELLER_NOT_ACTIVE',
  /** Two-tier: the parent runs no active warehouse to ship from. */
  SELLER_HAS_NO_WAREHOUSE: 'SELLER_HAS_NO_WAREHOUSE',
  /** Two-tier: finance's holdCredit found no credit line of the dealer with its parent. */
  NO_CREDIT_LINE: 'NO_CREDIT_LINE',
  PRODUCT_DISCONTINUED: 'PRODUCT_DISCONTINUED',
  REGION_NOT_AUTHORIZED: 'REGION_NOT_AUTHORIZED',
  PRICE_NOT_FOUND: 'PRICE_NOT_FOUND',
  INSUFFICIENT_STOCK: 'INSUFFICIENT_STOCK',
  CREDIT_LIMIT_EXCEEDED: 'CREDIT_LIMIT_EXCEEDED',
  /** finance's holdCredit refused: the dealer has receivables overdue past OVERDUE_BLOCK_DAYS (rejects like credit). */
  OVERDUE_RECEIVABLES: 'OVERDUE_RECEIVABLES',
  /** A promotion of the quote ran out of budget before the order consumed it (docs/order-saga.md). */
  PROMOTION_BUDGET_EXHAUSTED: 'PROMOTION_BUDGET_EXHAUSTED',
  /** The dealer reached a promotion's per-dealer order limit before the order consumed it. */
  PROMOTION_USAGE_LIMIT_REACHED: 'PROMOTION_USAGE_LIMIT_REACHED',
  /** finance's holdRebate: the rebate asked for is more than the dealer's available rebate balance. */
  REBATE_OVER_BALANCE: 'REBATE_OVER_BALANCE',
  /** finance's holdRebate: the rebate is more than REBATE_MAX_ORDER_SHARE_BP of the order total. */
  REBATE_OVER_CAP: 'REBATE_OVER_CAP',
  /** A rebate may not pay this order (buying from a parent dealer: the brand's rebate is not the parent's money). */
  REBATE_NOT_ALLOWED: 'REBATE_NOT_ALLOWED',
  SAGA_DEADLINE_EXCEEDED: 'SAGA_DEADLINE_EXCEEDED',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  // shipShipment and confirmReceipt (docs/design/order-to-cash.md §11.1): each writes nothing.
  NOT_FOUND: 'NOT_FOUND',
  SHIPMENT_ALREADY_SHIPPED: 'SHIPMENT_ALREADY_SHIPPED',
  SHIPMENT_CANCELLED: 'SHIPMENT_CANCELLED',
  ORDER_NOT_SHIPPABLE: 'ORDER_NOT_SHIPPABLE',
  LINES_EMPTY: 'LINES_EMPTY',
  LINE_NOT_IN_SHIPMENT: 'LINE_NOT_IN_SHIPMENT',
  QUANTITY_INVALID: 'QUANTITY_INVALID',
  QUANTITY_EXCEEDS_RESERVED: 'QUANTITY_EXCEEDS_RESERVED',
  LOT_NOT_RESERVED: 'LOT_NOT_RESERVED',
  CARRIER_INVALID: 'CARRIER_INVALID',
  TRACKING_NUMBER_INVALID: 'TRACKING_NUMBER_INVALID',
  TOO_MANY_SERIAL_CODES: 'TOO_MANY_SERIAL_CODES',
  SERIAL_CODE_DUPLICATE: 'SERIAL_CODE_DUPLICATE',
  SHIPMENT_NOT_SHIPPED: 'SHIPMENT_NOT_SHIPPED',
  SHIPMENT_ALREADY_DELIVERED: 'SHIPMENT_ALREADY_DELIVERED',
  RECEIPT_EXCEEDS_SHIPPED: 'RECEIPT_EXCEEDS_SHIPPED',
  DAMAGED_EXCEEDS_RECEIVED: 'DAMAGED_EXCEEDS_RECEIVED',
  COMMENT_TOO_LONG: 'COMMENT_TOO_LONG',
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
