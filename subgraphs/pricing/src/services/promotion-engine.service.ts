/**
 * The promotion engine: which promotions apply to a priced cart, how much each takes off which
 * line, and why the others did not apply. Pure functions over plain rows (no database, no
 * context); `quote.service.ts` feeds them. The rules (also in PRICING.md):
 *
 * 1. **Relevance.** A promotion is looked at when its product scope matches at least one line
 *    (BUNDLE: when a bundle component is in the cart). The scope is AND across the non-empty
 *    condition dimensions (products, categories incl. subtree, brands) and OR within one; no
 *    conditions = every line. Promotions that match no line are not mentioned.
 * 2. **Gates**, in this order, each giving a not-applied reason: OUTSIDE_WINDOW, NOT_ELIGIBLE
 *    (dealer grade / region audience; only reported to HQ, managers and services, so a dealer or
 *    an anonymous caller never learns another grade's terms), USAGE_LIMIT_REACHED, BUDGET_EXHAUSTED.
 * 3. **Plans.** All stackable candidates together (in priority order, higher first, id breaks
 *    ties) form one plan; each exclusive candidate alone forms another. Every plan is simulated
 *    on the running line amounts; the plan with the largest benefit (discount + gift value) wins,
 *    ties going to the plan whose lead (highest-priority) promotion ranks first by (priority
 *    desc, id asc). A plan with no benefit never wins.
 * 4. **Amounts.** Thresholds and percentages use the eligible lines' running amount, i.e. after
 *    the stackable promotions applied before (higher priority). Percentages round half up to
 *    the fen once per promotion (per product for BUY_X_GET_Y); no promotion takes more than the
 *    running amount of its lines, nor more than its remaining budget.
 * 5. **Allocation.** A promotion's discount is split over its lines proportionally to their
 *    running amounts (rounded down), and the leftover fen go to the largest line (then the next
 *    largest, never below zero), so line totals always add up to the quote total.
 */
import type { BundleItemData, Promotion, QuantityTierData, SpendTierData } from '../entities/promotion.entity.js';
import { PromotionStacking, PromotionType } from '../entities/promotion.entity.js';

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
  | 'id' | 'name' | 'nameEn' | 'type' | 'stacking' | 'priority' | 'active' | 'validFrom' | 'validTo'
  | 'productIds' | 'categoryIds' | 'brandIds' | 'dealerGrades' | 'regionIds' | 'minAmountMinor' | 'minQuantity'
  | 'percentOffBp' | 'amountOffMinor' | 'spendTiers' | 'repeating' | 'buyQuantity' | 'rewardQuantity' | 'rewardProductId'
  | 'bundleItems' | 'bundlePriceMinor' | 'quantityTiers' | 'budgetMinor' | 'budgetUsedMinor' | 'perDealerOrderLimit'
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

/** Who the cart is priced for. */
export interface EngineSubject {
  dealerId: string | null;
  dealerGrade: string | null;
  regionPath: readonly string[];
}

/** The unit value of a gift product (the dealer's price), with the list that priced it. */
export interface GiftPrice {
  unitPriceMinor: number;
  priceListId: string;
  priceListName: string;
}

export interface EngineInput<P extends EnginePromotion = EnginePromotion> {
  lines: readonly EngineLine[];
  promotions: readonly P[];
  subject: EngineSubject;
  now: Date;
  /** Orders the subject's dealer already placed with each promotion (by promotion id). */
  dealerUsage: ReadonlyMap<string, number>;
  /** Dealer unit prices of gift products; a missing product makes its gift unavailable. */
  giftPrices: ReadonlyMap<string, GiftPrice>;
  /** Report audience mismatches (NOT_ELIGIBLE); true only for HQ, managers and services. */
  revealAudience: boolean;
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

export interface EngineResult<P extends EnginePromotion = EnginePromotion> {
  applied: AppliedResult<P>[];
  notApplied: NotAppliedResult<P>[];
  /** Discount per input line (sum of every applied promotion's share). */
  lineDiscountMinor: number[];
}

const BP = 10_000;

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

function pct(bp: number): string {
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

/** True when `now` lies in [validFrom, validTo). */
export function inWindow(p: Pick<EnginePromotion, 'validFrom' | 'validTo'>, now: Date): boolean {
  const t = now.getTime();
  return p.validFrom.getTime() <= t && (p.validTo == null || t < p.validTo.getTime());
}

/** True when the subject is in the promotion's audience (dealer grades and regions). */
export function inAudience(p: Pick<EnginePromotion, 'dealerGrades' | 'regionIds'>, subject: Pick<EngineSubject, 'dealerGrade' | 'regionPath'>): boolean {
  return (
    (p.dealerGrades.length === 0 || (subject.dealerGrade != null && p.dealerGrades.includes(subject.dealerGrade))) &&
    (p.regionIds.length === 0 || p.regionIds.some((r) => subject.regionPath.includes(r)))
  );
}

/** True when a line is in the promotion's product scope (AND across dimensions, OR within). */
export function inScope(p: Pick<EnginePromotion, 'productIds' | 'categoryIds' | 'brandIds'>, line: Pick<EngineLine, 'productId' | 'categoryPath' | 'brandId'>): boolean {
  if (p.productIds.length && !p.productIds.includes(line.productId)) return false;
  if (p.categoryIds.length && !(line.categoryPath != null && p.categoryIds.some((c) => line.categoryPath!.includes(`/${c}/`)))) return false;
  if (p.brandIds.length && !(line.brandId != null && p.brandIds.includes(line.brandId))) return false;
  return true;
}

/** Remaining budget in fen, or null when unlimited. */
export function budgetRemaining(p: Pick<EnginePromotion, 'budgetMinor' | 'budgetUsedMinor'>): number | null {
  return p.budgetMinor == null ? null : Math.max(0, p.budgetMinor - p.budgetUsedMinor);
}

/** Sort comparator: higher priority first, then id. */
export function comparePromotions(a: Pick<EnginePromotion, 'priority' | 'id'>, b: Pick<EnginePromotion, 'priority' | 'id'>): number {
  return b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

type Outcome<P extends EnginePromotion> = { ok: true; result: AppliedResult<P> } | { ok: false; result: NotAppliedResult<P> };

function notApplied<P extends EnginePromotion>(promotion: P, reason: NotAppliedReason, message: string, extra: Partial<NotAppliedResult<P>> = {}): { ok: false; result: NotAppliedResult<P> } {
  return {
    ok: false,
    result: { promotion, reason, message, shortfallMinor: null, quantityShortfall: null, potentialDiscountMinor: null, lostToId: null, ...extra },
  };
}

/** The lines a promotion looks at: its scope for most types, the components for BUNDLE. */
function relevantLines(p: EnginePromotion, lines: readonly EngineLine[]): number[] {
  const out: number[] = [];
  lines.forEach((l, i) => {
    if (p.type === PromotionType.BUNDLE ? p.bundleItems.some((b) => b.productId === l.productId) : inScope(p, l)) out.push(i);
  });
  return out;
}

interface SimContext {
  lines: readonly EngineLine[];
  amounts: number[];
  giftPrices: ReadonlyMap<string, GiftPrice>;
}

/** Computes one promotion on the running amounts, without changing them. */
function evaluate<P extends EnginePromotion>(p: P, sim: SimContext): Outcome<P> {
  const { lines, amounts } = sim;
  const eligible = relevantLines(p, lines);
  const amount = eligible.reduce((s, i) => s + amounts[i]!, 0);
  const quantity = eligible.reduce((s, i) => s + lines[i]!.quantity, 0);
  const remaining = budgetRemaining(p);

  if (p.minQuantity != null && quantity < p.minQuantity) {
    return notApplied(p, NotAppliedReason.MIN_QUANTITY_NOT_MET, `Add ${p.minQuantity - quantity} more eligible units (minimum ${p.minQuantity})`, {
      quantityShortfall: p.minQuantity - quantity,
    });
  }
  if (p.minAmountMinor != null && amount < p.minAmountMinor) {
    const potential = p.type === PromotionType.AMOUNT_OFF ? p.amountOffMinor : p.type === PromotionType.SPEND_AND_SAVE ? (p.spendTiers[0]?.discountMinor ?? null) : null;
    return notApplied(p, NotAppliedReason.MIN_AMOUNT_NOT_MET, `Spend ${yuan(p.minAmountMinor - amount)} more on eligible goods (minimum ${yuan(p.minAmountMinor)})`, {
      shortfallMinor: p.minAmountMinor - amount,
      potentialDiscountMinor: potential,
    });
  }

  const base = {
    promotion: p,
    giftValueMinor: 0,
    gift: null as GiftGrant | null,
    lineIndexes: eligible,
    times: 1,
    eligibleAmountMinor: amount,
    percentOffBp: null as number | null,
    thresholdMinor: null as number | null,
    thresholdQuantity: null as number | null,
    budgetCapped: false,
  };
  /** Caps a discount by the budget, allocates it and builds the outcome. */
  const discount = (raw: number, over: readonly number[], description: string, extra: Partial<AppliedResult<P>> = {}): Outcome<P> => {
    const pool = over.reduce((s, i) => s + amounts[i]!, 0);
    let d = Math.min(raw, pool);
    let budgetCapped = false;
    if (remaining != null && d > remaining) {
      d = remaining;
      budgetCapped = true;
    }
    if (d <= 0) return notApplied(p, NotAppliedReason.NO_BENEFIT, 'The promotion would take nothing off these lines');
    const shares = allocate(d, over, amounts);
    const lineIndexes = [...new Set([...eligible, ...over])].sort((a, b) => a - b);
    return {
      ok: true,
      result: { ...base, ...extra, lineIndexes, discountMinor: d, shares, budgetCapped, description: budgetCapped ? `${description} (capped by the remaining budget ${yuan(d)})` : description },
    };
  };

  switch (p.type) {
    case PromotionType.PERCENT_OFF: {
      const bp = p.percentOffBp ?? 0;
      return discount(percentOf(amount, bp), eligible, `${pct(bp)} off ${yuan(amount)} of eligible goods`, { percentOffBp: bp });
    }
    case PromotionType.AMOUNT_OFF: {
      const off = p.amountOffMinor ?? 0;
      return discount(off, eligible, `${yuan(off)} off eligible goods`);
    }
    case PromotionType.SPEND_AND_SAVE: {
      const tiers = [...p.spendTiers].sort((a, b) => a.thresholdMinor - b.thresholdMinor);
      const first = tiers[0];
      if (!first) return notApplied(p, NotAppliedReason.NO_BENEFIT, 'The promotion has no spend tiers');
      if (amount < first.thresholdMinor) {
        return notApplied(p, NotAppliedReason.MIN_AMOUNT_NOT_MET, `Spend ${yuan(first.thresholdMinor - amount)} more on eligible goods to save ${yuan(first.discountMinor)}`, {
          shortfallMinor: first.thresholdMinor - amount,
          potentialDiscountMinor: first.discountMinor,
        });
      }
      if (p.repeating) {
        const times = Math.floor(amount / first.thresholdMinor);
        return discount(times * first.discountMinor, eligible, `${yuan(first.discountMinor)} off every ${yuan(first.thresholdMinor)} of eligible goods: ${yuan(amount)} qualifies ${times}×`, {
          times,
          thresholdMinor: first.thresholdMinor,
        });
      }
      const tier = tiers.filter((t) => t.thresholdMinor <= amount).at(-1)!;
      return discount(tier.discountMinor, eligible, `Spend ${yuan(tier.thresholdMinor)}, save ${yuan(tier.discountMinor)} (eligible goods ${yuan(amount)})`, {
        thresholdMinor: tier.thresholdMinor,
      });
    }
    case PromotionType.TIERED_QUANTITY: {
      const tiers = [...p.quantityTiers].sort((a, b) => a.minQuantity - b.minQuantity);
      const first = tiers[0];
      if (!first) return notApplied(p, NotAppliedReason.NO_BENEFIT, 'The promotion has no quantity tiers');
      if (quantity < first.minQuantity) {
        return notApplied(p, NotAppliedReason.MIN_QUANTITY_NOT_MET, `Add ${first.minQuantity - quantity} more eligible units for ${pct(first.percentOffBp)} off`, {
          quantityShortfall: first.minQuantity - quantity,
        });
      }
      const tier = tiers.filter((t) => t.minQuantity <= quantity).at(-1)!;
      return discount(percentOf(amount, tier.percentOffBp), eligible, `${quantity} eligible units reach the ${tier.minQuantity}+ break: ${pct(tier.percentOffBp)} off ${yuan(amount)}`, {
        percentOffBp: tier.percentOffBp,
        thresholdQuantity: tier.minQuantity,
      });
    }
    case PromotionType.BUY_X_GET_Y: {
      const n = p.buyQuantity ?? 0;
      const m = p.rewardQuantity ?? 0;
      const bp = p.percentOffBp ?? BP;
      if (n < 1 || m < 1) return notApplied(p, NotAppliedReason.NO_BENEFIT, 'The promotion has no buy/reward quantities');
      if (p.rewardProductId == null) {
        // Same product: in every group of n + m units of one product, m units are discounted.
        const byProduct = groupByProduct(eligible, lines);
        let times = 0;
        const perProduct: { idx: number[]; d: number }[] = [];
        let best = 0;
        for (const idx of byProduct.values()) {
          const q = idx.reduce((s, i) => s + lines[i]!.quantity, 0);
          best = Math.max(best, q);
          const groups = Math.floor(q / (n + m));
          if (!groups) continue;
          const a = idx.reduce((s, i) => s + amounts[i]!, 0);
          const d = divRoundHalfUp(BigInt(a) * BigInt(groups * m) * BigInt(bp), BigInt(q) * BigInt(BP));
          perProduct.push({ idx, d });
          times += groups;
        }
        if (!times) {
          return notApplied(p, NotAppliedReason.MIN_QUANTITY_NOT_MET, `Buy ${n + m} units of one eligible product to get ${m} of them ${bp === BP ? 'free' : `${pct(bp)} off`}`, {
            quantityShortfall: n + m - best,
          });
        }
        // Each product's discount is allocated to that product's lines (then capped by the budget).
        const all = perProduct.flatMap((x) => x.idx);
        let shares = perProduct.flatMap((x) => allocate(x.d, x.idx, amounts));
        let d = shares.reduce((s, x) => s + x.amountMinor, 0);
        let budgetCapped = false;
        if (remaining != null && d > remaining) {
          shares = allocate(remaining, all, amounts);
          d = remaining;
          budgetCapped = true;
        }
        if (d <= 0) return notApplied(p, NotAppliedReason.NO_BENEFIT, 'The promotion would take nothing off these lines');
        const text = `Buy ${n} get ${m} ${bp === BP ? 'free' : `${pct(bp)} off`} on the same product: ${times}×`;
        return {
          ok: true,
          result: { ...base, discountMinor: d, shares, times, percentOffBp: bp, budgetCapped, description: budgetCapped ? `${text} (capped by the remaining budget ${yuan(d)})` : text },
        };
      }
      const buyLines = eligible.filter((i) => lines[i]!.productId !== p.rewardProductId);
      const bought = buyLines.reduce((s, i) => s + lines[i]!.quantity, 0);
      const groups = Math.floor(bought / n);
      if (!groups) {
        return notApplied(p, NotAppliedReason.MIN_QUANTITY_NOT_MET, `Buy ${n - bought} more eligible units to get ${m} of ${p.rewardProductId} ${bp === BP ? 'free' : `${pct(bp)} off`}`, {
          quantityShortfall: n - bought,
        });
      }
      const rewardLines = lines.map((l, i) => (l.productId === p.rewardProductId ? i : -1)).filter((i) => i >= 0);
      const inCart = rewardLines.reduce((s, i) => s + lines[i]!.quantity, 0);
      const units = Math.min(groups * m, inCart);
      if (!units) {
        return notApplied(p, NotAppliedReason.REWARD_NOT_IN_CART, `Add ${groups * m} units of ${p.rewardProductId} to get them ${bp === BP ? 'free' : `${pct(bp)} off`}`, {
          quantityShortfall: groups * m,
        });
      }
      const a = rewardLines.reduce((s, i) => s + amounts[i]!, 0);
      const d = divRoundHalfUp(BigInt(a) * BigInt(units) * BigInt(bp), BigInt(inCart) * BigInt(BP));
      const outcome = discount(d, rewardLines, `Buy ${n} get ${m} of ${p.rewardProductId} ${bp === BP ? 'free' : `${pct(bp)} off`}: ${units} units discounted`, { times: groups, percentOffBp: bp });
      if (outcome.ok) outcome.result.lineIndexes = [...new Set([...buyLines, ...rewardLines])].sort((x, y) => x - y);
      return outcome;
    }
    case PromotionType.GIFT_WITH_PURCHASE: {
      const n = p.buyQuantity ?? 0;
      const m = p.rewardQuantity ?? 0;
      if (n < 1 || m < 1 || !p.rewardProductId) return notApplied(p, NotAppliedReason.NO_BENEFIT, 'The promotion has no gift');
      const groups = Math.floor(quantity / n);
      if (!groups) {
        return notApplied(p, NotAppliedReason.MIN_QUANTITY_NOT_MET, `Buy ${n - quantity} more eligible units to get ${m} × ${p.rewardProductId} free`, {
          quantityShortfall: n - quantity,
        });
      }
      const price = sim.giftPrices.get(p.rewardProductId);
      if (!price) return notApplied(p, NotAppliedReason.GIFT_UNAVAILABLE, `The gift ${p.rewardProductId} has no price for you, so it cannot be given`);
      let units = groups * m;
      let budgetCapped = false;
      if (remaining != null && price.unitPriceMinor > 0 && units * price.unitPriceMinor > remaining) {
        units = Math.floor(remaining / price.unitPriceMinor);
        budgetCapped = true;
        if (!units) return notApplied(p, NotAppliedReason.BUDGET_EXHAUSTED, 'The remaining budget does not cover one gift');
      }
      return {
        ok: true,
        result: {
          ...base,
          discountMinor: 0,
          shares: [],
          giftValueMinor: units * price.unitPriceMinor,
          gift: { productId: p.rewardProductId, quantity: units, unitValueMinor: price.unitPriceMinor, price },
          times: groups,
          thresholdQuantity: n,
          budgetCapped,
          description: `Buy ${n} get ${m} × ${p.rewardProductId} free: ${quantity} eligible units earn ${units} gift units worth ${yuan(units * price.unitPriceMinor)}${budgetCapped ? ' (capped by the remaining budget)' : ''}`,
        },
      };
    }
    case PromotionType.BUNDLE: {
      const items = p.bundleItems;
      const qty = (productId: string) => lines.reduce((s, l) => s + (l.productId === productId ? l.quantity : 0), 0);
      const times = Math.min(...items.map((b) => Math.floor(qty(b.productId) / b.quantity)));
      if (!times || !Number.isFinite(times)) {
        const missing = items.map((b) => `${Math.max(0, b.quantity - qty(b.productId))} × ${b.productId}`).filter((s) => !s.startsWith('0 '));
        return notApplied(p, NotAppliedReason.BUNDLE_INCOMPLETE, `Add ${missing.join(', ')} to complete the bundle`, {
          quantityShortfall: items.reduce((s, b) => s + Math.max(0, b.quantity - qty(b.productId)), 0),
        });
      }
      // Value of the consumed units at the running unit price of each component.
      let value = 0;
      for (const b of items) {
        const idx = eligible.filter((i) => lines[i]!.productId === b.productId);
        const a = idx.reduce((s, i) => s + amounts[i]!, 0);
        value += divRoundHalfUp(BigInt(a) * BigInt(times * b.quantity), qty(b.productId));
      }
      const price = times * (p.bundlePriceMinor ?? 0);
      if (value <= price) return notApplied(p, NotAppliedReason.NO_BENEFIT, `The bundle price ${yuan(p.bundlePriceMinor ?? 0)} is not below the components' price`);
      return discount(value - price, eligible, `${times} bundle(s) at ${yuan(p.bundlePriceMinor ?? 0)} each instead of ${yuan(value)} in total`, { times, eligibleAmountMinor: value });
    }
  }
  return notApplied(p, NotAppliedReason.NO_BENEFIT, 'Unknown promotion type');
}

function groupByProduct(indexes: readonly number[], lines: readonly EngineLine[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const i of indexes) {
    const id = lines[i]!.productId;
    const list = out.get(id);
    if (list) list.push(i);
    else out.set(id, [i]);
  }
  return out;
}

interface PlanRun<P extends EnginePromotion> {
  lead: P;
  promotions: P[];
  outcomes: Outcome<P>[];
  benefit: number;
}

/** Applies a plan's promotions in order on a copy of the running amounts. */
function runPlan<P extends EnginePromotion>(plan: P[], lines: readonly EngineLine[], giftPrices: ReadonlyMap<string, GiftPrice>): PlanRun<P> {
  const amounts = lines.map((l) => l.subtotalMinor);
  const outcomes: Outcome<P>[] = [];
  let benefit = 0;
  for (const p of plan) {
    const outcome = evaluate(p, { lines, amounts, giftPrices });
    outcomes.push(outcome);
    if (!outcome.ok) continue;
    for (const s of outcome.result.shares) amounts[s.lineIndex]! -= s.amountMinor;
    benefit += outcome.result.discountMinor + outcome.result.giftValueMinor;
  }
  return { lead: plan[0]!, promotions: plan, outcomes, benefit };
}

/**
 * Runs the engine on a priced cart: relevance, gates, plan choice, amounts and allocation, as
 * described at the top of this file. Deterministic for the same input.
 */
export function applyPromotions<P extends EnginePromotion>(input: EngineInput<P>): EngineResult<P> {
  const { lines, subject, now } = input;
  const notAppliedOut: NotAppliedResult<P>[] = [];
  const candidates: P[] = [];
  for (const p of [...input.promotions].sort(comparePromotions)) {
    if (!p.active || relevantLines(p, lines).length === 0) continue;
    if (!inWindow(p, now)) {
      const msg = p.validFrom.getTime() > now.getTime() ? `Starts ${p.validFrom.toISOString()}` : `Ended ${p.validTo!.toISOString()}`;
      notAppliedOut.push(notApplied(p, NotAppliedReason.OUTSIDE_WINDOW, msg).result);
      continue;
    }
    if (!inAudience(p, subject)) {
      if (input.revealAudience) notAppliedOut.push(notApplied(p, NotAppliedReason.NOT_ELIGIBLE, 'Not offered to this dealer grade or region').result);
      continue;
    }
    if (p.perDealerOrderLimit != null && subject.dealerId != null && (input.dealerUsage.get(p.id) ?? 0) >= p.perDealerOrderLimit) {
      notAppliedOut.push(notApplied(p, NotAppliedReason.USAGE_LIMIT_REACHED, `Already used on ${p.perDealerOrderLimit} order(s), the limit per dealer`).result);
      continue;
    }
    const remaining = budgetRemaining(p);
    if (remaining != null && remaining <= 0) {
      notAppliedOut.push(notApplied(p, NotAppliedReason.BUDGET_EXHAUSTED, 'The promotion budget is used up').result);
      continue;
    }
    candidates.push(p);
  }

  const stackable = candidates.filter((p) => p.stacking === PromotionStacking.STACKABLE);
  const plans: P[][] = [];
  if (stackable.length) plans.push(stackable);
  for (const p of candidates) if (p.stacking === PromotionStacking.EXCLUSIVE) plans.push([p]);
  const runs = plans.map((plan) => runPlan(plan, lines, input.giftPrices));
  let best: PlanRun<P> | null = null;
  for (const run of runs) {
    if (run.benefit <= 0) continue;
    if (!best || run.benefit > best.benefit || (run.benefit === best.benefit && comparePromotions(run.lead, best.lead) < 0)) best = run;
  }

  const applied: AppliedResult<P>[] = [];
  const outcomeOf = new Map<string, Outcome<P>>();
  for (const run of runs) run.promotions.forEach((p, i) => outcomeOf.set(p.id, run.outcomes[i]!));
  for (const p of candidates) {
    const inBest = best?.promotions.includes(p) ?? false;
    const outcome = inBest ? best!.outcomes[best!.promotions.indexOf(p)]! : outcomeOf.get(p.id)!;
    if (inBest && outcome.ok) applied.push(outcome.result);
    else if (!outcome.ok) notAppliedOut.push(outcome.result);
    else if (!best) notAppliedOut.push(notApplied(p, NotAppliedReason.NO_BENEFIT, 'The promotion gives nothing on this quote').result);
    else {
      const winner = best!.lead;
      notAppliedOut.push(
        notApplied(p, NotAppliedReason.LOST_TO_BETTER_EXCLUSIVE, `${winner.stacking === PromotionStacking.EXCLUSIVE ? `Exclusive promotion "${winner.name}"` : 'The stackable promotions'} save more on this quote`, {
          lostToId: winner.id,
        }).result,
      );
    }
  }

  const lineDiscountMinor = lines.map(() => 0);
  for (const a of applied) for (const s of a.shares) lineDiscountMinor[s.lineIndex]! += s.amountMinor;
  notAppliedOut.sort((a, b) => comparePromotions(a.promotion, b.promotion));
  return { applied, notApplied: notAppliedOut, lineDiscountMinor };
}

/** Validation helpers shared with the promotion service. */
export type { BundleItemData, QuantityTierData, SpendTierData };
