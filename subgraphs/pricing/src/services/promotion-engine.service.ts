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
import { inDealerAudience } from '@dnp/subgraph-kit';
import type { BundleItemData, QuantityTierData, SpendTierData } from '../entities/promotion.entity.js';
import { PromotionStacking } from '../entities/promotion.entity.js';
import {
  notApplied,
  NotAppliedReason,
  inScope,
  allocate,
  yuan,
  type AppliedResult,
  type EngineLine,
  type EnginePromotion,
  type Evaluation,
  type GiftPrice,
  type NotAppliedResult,
  type Outcome,
} from './promotion-rules/promotion-rule.js';
import { ruleOf } from './promotion-rules/promotion-rules.js';

// The shared types and arithmetic live with the rules' contract; re-exported here for the callers.
export {
  allocate,
  divRoundHalfUp,
  inScope,
  NotAppliedReason,
  percentOf,
  yuan,
} from './promotion-rules/promotion-rule.js';
export type {
  AppliedResult,
  EngineLine,
  EnginePromotion,
  GiftGrant,
  GiftPrice,
  LineShare,
  NotAppliedResult,
} from './promotion-rules/promotion-rule.js';

/** Who the cart is priced for. */
export interface EngineSubject {
  dealerId: string | null;
  dealerGrade: string | null;
  regionPath: readonly string[];
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

export interface EngineResult<P extends EnginePromotion = EnginePromotion> {
  applied: AppliedResult<P>[];
  notApplied: NotAppliedResult<P>[];
  /** Discount per input line (sum of every applied promotion's share). */
  lineDiscountMinor: number[];
}

/** True when `now` lies in [validFrom, validTo). */
export function inWindow(p: Pick<EnginePromotion, 'validFrom' | 'validTo'>, now: Date): boolean {
  const t = now.getTime();
  return p.validFrom.getTime() <= t && (p.validTo == null || t < p.validTo.getTime());
}

/** True when the subject is in the promotion's audience (dealer grades and regions). */
export function inAudience(
  p: Pick<EnginePromotion, 'dealerGrades' | 'regionIds'>,
  subject: Pick<EngineSubject, 'dealerGrade' | 'regionPath'>,
): boolean {
  return inDealerAudience(p, subject);
}

/** Remaining budget in fen, or null when unlimited. */
export function budgetRemaining(p: Pick<EnginePromotion, 'budgetMinor' | 'budgetUsedMinor'>): number | null {
  return p.budgetMinor == null ? null : Math.max(0, p.budgetMinor - p.budgetUsedMinor);
}

/** Sort comparator: higher priority first, then id. */
export function comparePromotions(
  a: Pick<EnginePromotion, 'priority' | 'id'>,
  b: Pick<EnginePromotion, 'priority' | 'id'>,
): number {
  return b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The lines a promotion looks at: its product scope, unless its rule says otherwise (BUNDLE: the components). */
function relevantLines(p: EnginePromotion, lines: readonly EngineLine[]): number[] {
  const matches = ruleOf(p.type)?.matches ?? inScope;
  const out: number[] = [];
  lines.forEach((l, i) => {
    if (matches(p, l)) out.push(i);
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
  const rule = ruleOf(p.type);
  const unmet = unmetMinimum(p, amount, quantity);
  if (unmet) return unmet;

  const base: Evaluation<P>['base'] = {
    promotion: p,
    giftValueMinor: 0,
    gift: null,
    lineIndexes: eligible,
    times: 1,
    eligibleAmountMinor: amount,
    percentOffBp: null,
    thresholdMinor: null,
    thresholdQuantity: null,
    budgetCapped: false,
  };
  if (!rule) return notApplied(p, NotAppliedReason.NO_BENEFIT, 'Unknown promotion type');
  return rule.evaluate({
    p,
    lines,
    amounts,
    giftPrices: sim.giftPrices,
    eligible,
    amount,
    quantity,
    remaining,
    base,
    discount: discounter(base, amounts, remaining),
  });
}

/** MIN_QUANTITY_NOT_MET or MIN_AMOUNT_NOT_MET (with what reaching it would save) when a minimum is missed. */
function unmetMinimum<P extends EnginePromotion>(p: P, amount: number, quantity: number): Outcome<P> | null {
  if (p.minQuantity != null && quantity < p.minQuantity) {
    return notApplied(
      p,
      NotAppliedReason.MIN_QUANTITY_NOT_MET,
      `Add ${p.minQuantity - quantity} more eligible units (minimum ${p.minQuantity})`,
      {
        quantityShortfall: p.minQuantity - quantity,
      },
    );
  }
  if (p.minAmountMinor != null && amount < p.minAmountMinor) {
    const potential = ruleOf(p.type)?.potentialDiscountMinor?.(p) ?? null;
    return notApplied(
      p,
      NotAppliedReason.MIN_AMOUNT_NOT_MET,
      `Spend ${yuan(p.minAmountMinor - amount)} more on eligible goods (minimum ${yuan(p.minAmountMinor)})`,
      {
        shortfallMinor: p.minAmountMinor - amount,
        potentialDiscountMinor: potential,
      },
    );
  }
  return null;
}

/**
 * The rules' `discount`: caps a discount by the lines' running amounts and the remaining budget,
 * allocates it over `over` and builds the outcome (NO_BENEFIT when nothing is left to take).
 */
function discounter<P extends EnginePromotion>(
  base: Evaluation<P>['base'],
  amounts: readonly number[],
  remaining: number | null,
): Evaluation<P>['discount'] {
  const p = base.promotion;
  return (raw, over, description, extra = {}) => {
    const pool = over.reduce((s, i) => s + amounts[i]!, 0);
    let d = Math.min(raw, pool);
    let budgetCapped = false;
    if (remaining != null && d > remaining) {
      d = remaining;
      budgetCapped = true;
    }
    if (d <= 0) return notApplied(p, NotAppliedReason.NO_BENEFIT, 'The promotion would take nothing off these lines');
    const shares = allocate(d, over, amounts);
    const lineIndexes = [...new Set([...base.lineIndexes, ...over])].sort((a, b) => a - b);
    return {
      ok: true,
      result: {
        ...base,
        ...extra,
        lineIndexes,
        discountMinor: d,
        shares,
        budgetCapped,
        description: budgetCapped ? `${description} (capped by the remaining budget ${yuan(d)})` : description,
      },
    };
  };
}

interface PlanRun<P extends EnginePromotion> {
  lead: P;
  promotions: P[];
  outcomes: Outcome<P>[];
  benefit: number;
}

/** Applies a plan's promotions in order on a copy of the running amounts. */
function runPlan<P extends EnginePromotion>(
  plan: P[],
  lines: readonly EngineLine[],
  giftPrices: ReadonlyMap<string, GiftPrice>,
): PlanRun<P> {
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
  const { lines } = input;
  const notAppliedOut: NotAppliedResult<P>[] = [];
  const candidates: P[] = [];
  for (const p of [...input.promotions].sort(comparePromotions)) {
    if (!p.active || relevantLines(p, lines).length === 0) continue;
    const refusal = gateRefusal(p, input);
    if (refusal === undefined) candidates.push(p);
    else if (refusal) notAppliedOut.push(refusal);
  }

  const stackable = candidates.filter((p) => p.stacking === PromotionStacking.STACKABLE);
  const plans: P[][] = [];
  if (stackable.length) plans.push(stackable);
  for (const p of candidates) if (p.stacking === PromotionStacking.EXCLUSIVE) plans.push([p]);
  const runs = plans.map((plan) => runPlan(plan, lines, input.giftPrices));
  const best = bestRun(runs);

  const applied: AppliedResult<P>[] = [];
  const outcomeOf = new Map<string, Outcome<P>>();
  for (const run of runs) run.promotions.forEach((p, i) => outcomeOf.set(p.id, run.outcomes[i]!));
  for (const p of candidates) {
    const inBest = best?.promotions.includes(p) ?? false;
    const outcome = inBest ? best!.outcomes[best!.promotions.indexOf(p)]! : outcomeOf.get(p.id)!;
    if (inBest && outcome.ok) applied.push(outcome.result);
    else if (!outcome.ok) notAppliedOut.push(outcome.result);
    else notAppliedOut.push(notChosen(p, best));
  }

  const lineDiscountMinor = lines.map(() => 0);
  for (const a of applied) for (const s of a.shares) lineDiscountMinor[s.lineIndex]! += s.amountMinor;
  notAppliedOut.sort((a, b) => comparePromotions(a.promotion, b.promotion));
  return { applied, notApplied: notAppliedOut, lineDiscountMinor };
}

/**
 * The gates, in order: the window, the audience, the dealer's usage limit, the budget. Undefined
 * when the promotion passes them all; null when it fails only the audience and that stays hidden.
 */
function gateRefusal<P extends EnginePromotion>(p: P, input: EngineInput<P>): NotAppliedResult<P> | null | undefined {
  const { subject, now } = input;
  if (!inWindow(p, now)) {
    const msg =
      p.validFrom.getTime() > now.getTime()
        ? `Starts ${p.validFrom.toISOString()}`
        : `Ended ${p.validTo!.toISOString()}`;
    return notApplied(p, NotAppliedReason.OUTSIDE_WINDOW, msg).result;
  }
  if (!inAudience(p, subject)) {
    if (!input.revealAudience) return null;
    return notApplied(p, NotAppliedReason.NOT_ELIGIBLE, 'Not offered to this dealer grade or region').result;
  }
  if (
    p.perDealerOrderLimit != null &&
    subject.dealerId != null &&
    (input.dealerUsage.get(p.id) ?? 0) >= p.perDealerOrderLimit
  ) {
    return notApplied(
      p,
      NotAppliedReason.USAGE_LIMIT_REACHED,
      `Already used on ${p.perDealerOrderLimit} order(s), the limit per dealer`,
    ).result;
  }
  const remaining = budgetRemaining(p);
  if (remaining != null && remaining <= 0)
    return notApplied(p, NotAppliedReason.BUDGET_EXHAUSTED, 'The promotion budget is used up').result;
  return undefined;
}

/** The plan with the largest benefit; ties go to the plan whose lead ranks first. None without benefit. */
function bestRun<P extends EnginePromotion>(runs: PlanRun<P>[]): PlanRun<P> | null {
  let best: PlanRun<P> | null = null;
  for (const run of runs) {
    if (run.benefit <= 0) continue;
    if (
      !best ||
      run.benefit > best.benefit ||
      (run.benefit === best.benefit && comparePromotions(run.lead, best.lead) < 0)
    )
      best = run;
  }
  return best;
}

/** Why a promotion that would apply on its own is not in the winning plan (or there is none). */
function notChosen<P extends EnginePromotion>(p: P, best: PlanRun<P> | null): NotAppliedResult<P> {
  if (!best) return notApplied(p, NotAppliedReason.NO_BENEFIT, 'The promotion gives nothing on this quote').result;
  const winner = best.lead;
  return notApplied(
    p,
    NotAppliedReason.LOST_TO_BETTER_EXCLUSIVE,
    (winner.stacking === PromotionStacking.EXCLUSIVE
      ? `Exclusive promotion "${winner.name}"`
      : 'The stackable promotions') + ' save more on this quote',
    {
      lostToId: winner.id,
    },
  ).result;
}

/** Validation helpers shared with the promotion service. */
export type { BundleItemData, QuantityTierData, SpendTierData };
