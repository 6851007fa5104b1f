import type { Money } from '@dnp/subgraph-kit';
import type { DealerGrade } from '../entities/price-list.entity.js';
import type { Promotion, PromotionType } from '../entities/promotion.entity.js';
import type { NotAppliedReason } from './promotion-engine.service.js';

// Plain results of the quote service; the resolvers answer them as the schema's Quote, QuoteLine,
// LineDiscount, AppliedPromotion and NotAppliedPromotion (same fields, plus the *Minor integers the
// order saga and the specs read). Types only.

/** A promotion's share of the discount on one line. */
export interface LineDiscountResult {
  promotion: Promotion;
  promotionId: string;
  promotionName: string;
  promotionType: PromotionType;
  amount: Money;
  amountMinor: number;
}

/** One priced line of a quote (an input line, or a gift line a promotion added). */
export interface QuoteLineResult {
  /** Key-only reference to the product (the gateway resolves the rest). */
  product: { id: string };
  productId: string;
  quantity: number;
  unitPrice: Money;
  unitPriceMinor: number;
  listUnitPrice: Money | null;
  lineSubtotal: Money;
  lineSubtotalMinor: number;
  discounts: LineDiscountResult[];
  discountTotal: Money;
  discountTotalMinor: number;
  lineTotal: Money;
  lineTotalMinor: number;
  isGift: boolean;
  giftOf: Promotion | null;
  giftValue: Money | null;
  priceListId: string;
  priceListName: string;
  appliedTierMinQuantity: number | null;
}

/** A promotion the quote applied, with what it gave. */
export interface AppliedPromotionResult {
  promotion: Promotion;
  discount: Money;
  discountMinor: number;
  giftValue: Money;
  giftValueMinor: number;
  benefit: Money;
  description: string;
  times: number;
  eligibleAmount: Money;
  percentOff: number | null;
  threshold: Money | null;
  thresholdQuantity: number | null;
  budgetCapped: boolean;
  affectedLineIndexes: number[];
  affectedLines: QuoteLineResult[];
}

/** A promotion the quote did not apply, and why. */
export interface NotAppliedPromotionResult {
  promotion: Promotion;
  reason: NotAppliedReason;
  message: string;
  shortfall: Money | null;
  quantityShortfall: number | null;
  potentialDiscount: Money | null;
  lostTo: Promotion | null;
}

/** The part of a quote a rebate balance pays (`quote-rebate.service.ts`), in Money and minor units. */
export interface QuoteRebateResult {
  cap: Money;
  capMinor: number;
  requested: Money;
  requestedMinor: number;
  applied: Money;
  appliedMinor: number;
  payable: Money;
  payableMinor: number;
  /** The dealer's available balance when finance was asked; null when it was not. */
  balance: Money | null;
  /** Why applied is below requested (REBATE_NOT_ALLOWED, REBATE_OVER_CAP, REBATE_OVER_BALANCE); null when not. */
  code: string | null;
}

/** A priced quote. */
export interface QuoteResult {
  lines: QuoteLineResult[];
  subtotal: Money;
  subtotalMinor: number;
  discountTotal: Money;
  discountTotalMinor: number;
  total: Money;
  totalMinor: number;
  appliedPromotions: AppliedPromotionResult[];
  notAppliedPromotions: NotAppliedPromotionResult[];
  currency: string;
  pricedAt: Date;
  dealerGrade: DealerGrade | null;
  regionId: string | null;
  rebate: QuoteRebateResult;
}
