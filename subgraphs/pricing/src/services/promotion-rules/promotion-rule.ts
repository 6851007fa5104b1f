import { inProductScope } from '@dnp/subgraph-kit';
import type {
  BundleItemData,
  Promotion,
  PromotionType,
  QuantityTierData,
  SpendTierData,
} from '../../entities/promotion.entity.js';

// The contract every promotion type implements (one `*.rule.ts` file per type, listed in
// `promotion-rules.ts`), with the types and arithmetic the engine and the rules share. Kept apart
// from the engine so the rules never import it (the engine imports the rules).

/** Why a relevant promotion did not apply to a quote. */
export enum NotAppliedReason {
  OUTSIDE_WINDOW = 'OUTSIDE_WINDOW',
  NOT_ELIGIBLE = 'NOT_ELIGIBLE',
  USAGE_LIMIT_REACHED = 'USAGE_LIMIT_REACHED',
  BUDGET_EXHAUSTED = 'BUDGET_EXHAUSTED',
  MIN_AMOUNT_NOT_MET = 'MIN_AMOUNT_NOT_MET',
  MIN_QUANTITY_NOT_MET = 'MIN_QUANTITY_NOT_MET',
  BUNDLE_INCOMPLETE = 'BUNDLE_INCOMPLETE',
  REWARD_NOT_IN_CART = 'REWARD_NOT_IN_CART',
  GIFT_UNAVAILABLE = 'GIFT_UNAVAILABLE',
  NO_BENEFIT = 'NO_BENEFIT',
  LOST_TO_BETTER_EXCLUSIVE = 'LOST_TO_BETTER_EXCLUSIVE',
}

/** The promotion fields the engine reads. */
export type EnginePromotion = Pick<
  Promotion,
  | 'id'
  | 'name'
  | 'nameEn'
  | 'type'
  | 'stacking'
  | 'priority'
  | 'active'
  | 'validFrom'
  | 'validTo'
  | 'productIds'
  | 'categoryIds'
  | 'brandIds'
  | 'dealerGrades'
  | 'regionIds'
  | 'minAmountMinor'
  | 'minQuantity'
  | 'percentOffBp'
  | 'amountOffMinor'
  | 'spendTiers'
  | 'repeating'
  | 'buyQuantity'
  | 'rewardQuantity'
  | 'rewardProductId'
  | 'bundleItems'
  | 'bundlePriceMinor'
  | 'quantityTiers'
  | 'budgetMinor'
  | 'budgetUsedMinor'
  | 'perDealerOrderLimit'
>;

/** One priced cart line as the engine sees it. */
export interface EngineLine {
  productId: string;
  quantity: number;
  unitPriceMinor: number;
  /** unitPriceMinor × quantity. */
  subtotalMinor: number;
  /** "/cat_dairy/cat_mlk/"; null when the product is not in the read model. */
  categoryPath: string | null;
  brandId: string | null;
}

/** The unit value of a gift product (the dealer's price), with the list that priced it. */
export interface GiftPrice {
  unitPriceMinor: number;
  priceListId: string;
  priceListName: string;
}

/** A promotion's share of one line's discount. */
export interface LineShare {
  lineIndex: number;
  amountMinor: number;
}

/** A gift line a promotion adds. */
export interface GiftGrant {
  productId: string;
  quantity: number;
  unitValueMinor: number;
  price: GiftPrice;
}

/** A promotion that applied. */
export interface AppliedResult<P extends EnginePromotion = EnginePromotion> {
  promotion: P;
  discountMinor: number;
  giftValueMinor: number;
  shares: LineShare[];
  gift: GiftGrant | null;
  /** Lines that qualified for or were discounted by the promotion (indexes into the input lines). */
  lineIndexes: number[];
  /** How many times the rule fired (thresholds reached, bundles, reward groups); 1 for percentages. */
  times: number;
  /** The eligible running amount the promotion was computed on. */
  eligibleAmountMinor: number;
  /** Percent off applied, in basis points, when the rule is a percentage; else null. */
  percentOffBp: number | null;
  /** Threshold reached (spend tier or quantity break) when the rule has one; else null. */
  thresholdMinor: number | null;
  thresholdQuantity: number | null;
  /** True when the remaining budget capped the benefit. */
  budgetCapped: boolean;
  description: string;
}

/** A relevant promotion that did not apply, with why. */
export interface NotAppliedResult<P extends EnginePromotion = EnginePromotion> {
  promotion: P;
  reason: NotAppliedReason;
  message: string;
  /** MIN_AMOUNT_NOT_MET: how much more eligible amount is needed (fen). */
  shortfallMinor: number | null;
  /** MIN_QUANTITY_NOT_MET / BUNDLE_INCOMPLETE / REWARD_NOT_IN_CART: how many more units are needed. */
  quantityShortfall: number | null;
  /** MIN_AMOUNT_NOT_MET: what reaching the threshold would save, when known (fen). */
  potentialDiscountMinor: number | null;
  /** LOST_TO_BETTER_EXCLUSIVE: the promotion that won instead. */
  lostToId: string | null;
}

/** What evaluating one promotion gives: applied, or not applied with the reason. */
export type Outcome<P extends EnginePromotion> =
  { ok: true; result: AppliedResult<P> } | { ok: false; result: NotAppliedResult<P> };

/** 100 % in basis points. */
export const BP = 10_000;

/** round(n / d) half up, for n ≥ 0 and d > 0, exact for any integer size (BigInt). */
export function divRoundHalfUp(n: number | bigint, d: number | bigint): number {
  const N = BigInt(n);
  const D = BigInt(d);
  return Number((2n * N + D) / (2n * D));
}

/** `amount × bp / 10000` rounded half up to the fen. */
export function percentOf(amountMinor: number, bp: number): number {
  return divRoundHalfUp(BigInt(amountMinor) * BigInt(bp), BP);
}

/** Formats fen as "¥1,000.00"-free plain "¥1000.00" (locale-agnostic). */
export function yuan(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  return `${sign}¥${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/** Basis points as a percentage text ("5%", "12.5%"). */
export function pct(bp: number): string {
  return `${(bp / 100).toString()}%`;
}

/**
 * Splits `total` fen over `indexes` proportionally to `amounts` (floor), then gives the leftover
 * fen to the largest line (ties: lower index), spilling to the next largest if that line would
 * go below zero. `total` is capped at the sum of the amounts, so no line ever goes negative.
 */
export function allocate(total: number, indexes: readonly number[], amounts: readonly number[]): LineShare[] {
  const pool = indexes.reduce((s, i) => s + amounts[i]!, 0);
  const capped = Math.min(total, pool);
  if (capped <= 0 || pool <= 0) return [];
  const shares = new Map<number, number>();
  let given = 0;
  for (const i of indexes) {
    const s = Number((BigInt(capped) * BigInt(amounts[i]!)) / BigInt(pool));
    shares.set(i, s);
    given += s;
  }
  let rest = capped - given;
  const bySize = [...indexes].sort((a, b) => amounts[b]! - amounts[a]! || a - b);
  for (const i of bySize) {
    if (rest <= 0) break;
    const add = Math.min(rest, amounts[i]! - shares.get(i)!);
    shares.set(i, shares.get(i)! + add);
    rest -= add;
  }
  return indexes.filter((i) => shares.get(i)! > 0).map((i) => ({ lineIndex: i, amountMinor: shares.get(i)! }));
}

/** True when a line is in the promotion's product scope (the kit's reading, shared with rebate policies). */
export function inScope(
  p: Pick<EnginePromotion, 'productIds' | 'categoryIds' | 'brandIds'>,
  line: Pick<EngineLine, 'productId' | 'categoryPath' | 'brandId'>,
): boolean {
  return inProductScope(p, line);
}

/** A not-applied outcome with the optional figures left null unless given. */
export function notApplied<P extends EnginePromotion>(
  promotion: P,
  reason: NotAppliedReason,
  message: string,
  extra: Partial<NotAppliedResult<P>> = {},
): { ok: false; result: NotAppliedResult<P> } {
  return {
    ok: false,
    result: {
      promotion,
      reason,
      message,
      shortfallMinor: null,
      quantityShortfall: null,
      potentialDiscountMinor: null,
      lostToId: null,
      ...extra,
    },
  };
}

/** What a rule's `evaluate` receives: the promotion on the cart's running amounts, past the shared gates. */
export interface Evaluation<P extends EnginePromotion> {
  p: P;
  lines: readonly EngineLine[];
  /** Running line amounts (after the promotions applied before in the plan); read only. */
  amounts: readonly number[];
  giftPrices: ReadonlyMap<string, GiftPrice>;
  /** Indexes of the lines the promotion looks at (`PromotionRule.matches`). */
  eligible: number[];
  /** Running amount and units of the eligible lines. */
  amount: number;
  quantity: number;
  /** Remaining budget in fen, or null when unlimited. */
  remaining: number | null;
  /** The applied result's defaults (no gift, one time, no thresholds), to spread into a custom result. */
  base: Omit<AppliedResult<P>, 'discountMinor' | 'shares' | 'description'>;
  /** Caps a discount by the lines' amounts and the budget, allocates it over `over` and builds the outcome. */
  discount: (
    raw: number,
    over: readonly number[],
    description: string,
    extra?: Partial<AppliedResult<P>>,
  ) => Outcome<P>;
}

/** The type parameters of a promotion definition (input field names). */
export type PromotionParam =
  | 'percentOff'
  | 'amountOffMinor'
  | 'spendTiers'
  | 'repeating'
  | 'buyQuantity'
  | 'rewardQuantity'
  | 'rewardProductId'
  | 'bundleItems'
  | 'bundlePriceMinor'
  | 'quantityTiers';

/** Every type parameter, in the order validation reports them. */
export const PROMOTION_PARAMS: readonly PromotionParam[] = [
  'percentOff',
  'amountOffMinor',
  'spendTiers',
  'repeating',
  'buyQuantity',
  'rewardQuantity',
  'rewardProductId',
  'bundleItems',
  'bundlePriceMinor',
  'quantityTiers',
];

/** A definition's type parameters after parsing (fen and basis points; absent ones null or empty). */
export interface ParsedParams {
  percentOffBp: number | null;
  amountOffMinor: number | null;
  spendTiers: SpendTierData[];
  repeating: boolean;
  buyQuantity: number | null;
  rewardQuantity: number | null;
  rewardProductId: string | null;
  bundleItems: BundleItemData[];
  bundlePriceMinor: number | null;
  quantityTiers: QuantityTierData[];
}

/** The stored columns of the type parameters (a promotion row keeps only its own type's). */
export type TypeColumns = Pick<
  Promotion,
  | 'percentOffBp'
  | 'amountOffMinor'
  | 'spendTiers'
  | 'repeating'
  | 'buyQuantity'
  | 'rewardQuantity'
  | 'rewardProductId'
  | 'bundleItems'
  | 'bundlePriceMinor'
  | 'quantityTiers'
>;

/** Adds one validation error (code, message, input field path). */
export type ReportError = (code: string, message: string, field: string) => void;

/**
 * One promotion type: which parameters its definition takes (validate), which of them its row
 * keeps, which lines it looks at, and how it prices a cart (evaluate).
 */
export interface PromotionRule {
  type: PromotionType;
  /** Parameters the definition may give; any other given one is UNEXPECTED_PARAMETER. */
  allowed: readonly PromotionParam[];
  /** Parameters the definition must give (MISSING_PARAMETER otherwise), in report order. */
  required: readonly PromotionParam[];
  /** Percent off (basis points) when the definition gives none. */
  defaultPercentOffBp?: number;
  /** Type-specific checks of the parsed parameters, beyond the shared ones. */
  validate?(params: ParsedParams, report: ReportError): void;
  /** The type's parameter columns of the row (the others stay empty). */
  columns(params: ParsedParams): Partial<TypeColumns>;
  /** True when the promotion looks at the line (default: the product scope). */
  matches?(p: EnginePromotion, line: EngineLine): boolean;
  /** MIN_AMOUNT_NOT_MET: what reaching the minimum amount would save, when the type knows (fen). */
  potentialDiscountMinor?(p: EnginePromotion): number | null;
  /** Prices the promotion on the cart's running amounts, without changing them. */
  evaluate<P extends EnginePromotion>(ev: Evaluation<P>): Outcome<P>;
}
