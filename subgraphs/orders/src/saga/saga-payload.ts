import type { OrderErrorData } from './order-error.js';
import type { QuoteData, ReservationData, ReservationLine } from './saga-services.js';

/** One order line as the saga carries it (ids fixed at the start, so every retry writes the same rows). */
export interface SagaLine {
  orderLineId: string;
  lineNo: number;
  productId: string;
  sku: string;
  name: string;
  quantity: number;
  /** True for a free gift line added by the quote (GIFT_WITH_PURCHASE); absent on input lines. */
  isGift?: boolean;
  /** For a gift line, the promotion that gave it. */
  promotionId?: string | null;
  /** The product's VAT class when placed (absent in payloads persisted before it existed: STANDARD). */
  taxClass?: string | null;
}

/** Who receives the goods, as the dealer read says at placement (the shipments' consignee snapshot). */
export interface SagaConsignee {
  name: string | null;
  contact: string | null;
  phone: string | null;
}

/** Who placed the order: the dealer user's verified claims, replayed when acting for the dealer. */
export interface SagaClaims {
  userId: string;
  displayName: string;
  dealerId: string;
  dealerGrade: string | null;
  regionId: string | null;
  /** Region ids from the root down to the dealer's home region. */
  regionPath: string[];
}

/** How a compensation ends: the final status, why, and who caused it. */
export interface SagaOutcome {
  status: 'REJECTED' | 'CANCELLED';
  reasons: OrderErrorData[];
  actorUserId: string | null;
  actorName: string;
  comment: string | null;
  /** True when the order's status was already set (review/cancel); placement sets it at the end. */
  statusApplied: boolean;
}

/** How the seller reviews (its `seller_review_rule` at placement; null: the brand's threshold applies). */
export interface SagaSellerReview {
  autoApprove: boolean;
  /** With autoApprove, totals at or above this wait for review; null: none do. */
  thresholdMinor: number | null;
}

/** The seller of a two-tier order (`seller: PARENT`), fixed when the order is placed. */
export interface SagaSeller {
  /** The buyer's parent at placement; null when it has none (ELIGIBLE refuses NO_PARENT_DEALER). */
  dealerId: string | null;
  review: SagaSellerReview | null;
}

/** Everything a resumed saga needs, stored as JSON in `order_saga.payload`. */
export interface SagaPayload {
  fingerprint: string;
  claims: SagaClaims;
  lines: SagaLine[];
  /** Eligibility snapshot of each product, taken while validating. */
  products: Record<string, { status: string; salesRegionIds: string[] | null }>;
  /** True once the order lines are written (at PRICED, or with a rejection). */
  linesWritten?: boolean;
  quote?: QuoteData;
  /** Gift lines of the quote, fixed (with their ids) when the order is priced; they follow `lines`. */
  giftLines?: SagaLine[];
  /** True once pricing's consumePromotionBudget succeeded (the compensation gives the budgets back). */
  promotionsConsumed?: boolean;
  reservation?: ReservationData;
  holdId?: string | null;
  /** The part of the total to pay with the rebate balance (input.rebateAmount), minor units; absent or 0: none. */
  rebateMinor?: number;
  /** True once finance's holdRebate succeeded (the compensation releases it). */
  rebateHeld?: boolean;
  /** Two-tier: the parent dealer sells; absent when the brand sells. */
  seller?: SagaSeller;
  /** The buyer's grade from the dealer read (a seller's lists price by it; the token's may be stale). */
  dealerGrade?: string | null;
  /** The consignee, from the dealer read of the eligibility step. */
  consignee?: SagaConsignee;
  outcome?: SagaOutcome;
}

/** Every order line: the input lines, then the quote's gift lines (the order of `quote.lines`). */
export function allLines(payload: Pick<SagaPayload, 'lines' | 'giftLines'>): SagaLine[] {
  return [...payload.lines, ...(payload.giftLines ?? [])];
}

/** Lines of the same product summed, in first-appearance order (what reserveStock is sent). */
export function mergeLines(
  lines: Pick<SagaLine, 'productId' | 'quantity'>[],
): { productId: string; quantity: number }[] {
  const merged = new Map<string, number>();
  for (const l of lines) merged.set(l.productId, (merged.get(l.productId) ?? 0) + l.quantity);
  return [...merged].map(([productId, quantity]) => ({ productId, quantity }));
}

/** One planned shipment: a warehouse and how many units of which order lines it carries. */
export interface ShipmentPlan {
  warehouseId: string;
  lines: { orderLineId: string; quantity: number }[];
}

/**
 * Splits an order into shipments, one per warehouse of the reservation (智能分单). Reserved units of
 * a product are handed to that product's order lines in line order, so two lines of one product
 * both get their share. Warehouses keep the reservation's order (nearest first).
 */
export function planShipments(
  lines: Pick<SagaLine, 'orderLineId' | 'productId' | 'quantity'>[],
  reservation: ReservationLine[],
): ShipmentPlan[] {
  const open = new Map<string, { orderLineId: string; left: number }[]>();
  for (const l of lines) {
    const list = open.get(l.productId) ?? [];
    list.push({ orderLineId: l.orderLineId, left: l.quantity });
    open.set(l.productId, list);
  }
  const plans = new Map<string, Map<string, number>>();
  for (const r of reservation) {
    let units = r.quantity;
    for (const line of open.get(r.productId) ?? []) {
      if (units <= 0) break;
      const take = Math.min(units, line.left);
      if (take <= 0) continue;
      line.left -= take;
      units -= take;
      const plan = plans.get(r.warehouseId) ?? new Map<string, number>();
      plan.set(line.orderLineId, (plan.get(line.orderLineId) ?? 0) + take);
      plans.set(r.warehouseId, plan);
    }
  }
  return [...plans].map(([warehouseId, m]) => ({
    warehouseId,
    lines: [...m].map(([orderLineId, quantity]) => ({ orderLineId, quantity })),
  }));
}

/**
 * REGION_NOT_AUTHORIZED rule: a product restricted to some regions may be sold by a dealer only
 * when one of the dealer's authorized regions lies inside one of them (its path contains the
 * product region's id). A dealer without authorized regions is judged by its home region.
 * Unrestricted products (null or empty list) sell everywhere.
 */
export function regionAuthorized(productRegionIds: string[] | null, dealerRegionPaths: string[]): boolean {
  if (!productRegionIds?.length) return true;
  return dealerRegionPaths.some((path) => productRegionIds.some((id) => path.includes(`/${id}/`)));
}
