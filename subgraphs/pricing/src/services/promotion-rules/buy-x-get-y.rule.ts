import { PromotionType } from '../../entities/promotion.entity.js';
import {
  allocate,
  BP,
  divRoundHalfUp,
  notApplied,
  NotAppliedReason,
  pct,
  yuan,
  type EngineLine,
  type EnginePromotion,
  type Evaluation,
  type Outcome,
  type PromotionRule,
} from './promotion-rule.js';

/** The input line indexes grouped by product, in first-seen order. */
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

/** "free" at 100 %, else "5% off". */
function offText(bp: number): string {
  return bp === BP ? 'free' : `${pct(bp)} off`;
}

/** The rule's quantities: buy n, get m at bp basis points off. */
interface Reward {
  n: number;
  m: number;
  bp: number;
}

/**
 * BUY_X_GET_Y: buy n, get m discounted (free by default). Without a reward product, m of every
 * n + m units of one product; with one, m units of the reward product per n eligible units bought.
 */
export const buyXGetYRule: PromotionRule = {
  type: PromotionType.BUY_X_GET_Y,
  allowed: ['buyQuantity', 'rewardQuantity', 'rewardProductId', 'percentOff'],
  required: ['buyQuantity', 'rewardQuantity'],
  defaultPercentOffBp: BP,
  columns: (params) => ({
    percentOffBp: params.percentOffBp,
    buyQuantity: params.buyQuantity,
    rewardQuantity: params.rewardQuantity,
    rewardProductId: params.rewardProductId,
  }),
  evaluate(ev) {
    const { p } = ev;
    const reward = { n: p.buyQuantity ?? 0, m: p.rewardQuantity ?? 0, bp: p.percentOffBp ?? BP };
    if (reward.n < 1 || reward.m < 1)
      return notApplied(p, NotAppliedReason.NO_BENEFIT, 'The promotion has no buy/reward quantities');
    return p.rewardProductId == null ? sameProductReward(ev, reward) : otherProductReward(ev, reward);
  },
};

/**
 * Same product: in every group of n + m units of one product, m units are discounted; each
 * product's discount goes to that product's lines, then the whole is capped by the budget.
 */
function sameProductReward<P extends EnginePromotion>(
  { p, lines, amounts, eligible, remaining, base }: Evaluation<P>,
  { n, m, bp }: Reward,
): Outcome<P> {
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
    return notApplied(
      p,
      NotAppliedReason.MIN_QUANTITY_NOT_MET,
      `Buy ${n + m} units of one eligible product to get ${m} of them ${offText(bp)}`,
      {
        quantityShortfall: n + m - best,
      },
    );
  }
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
  const text = `Buy ${n} get ${m} ${offText(bp)} on the same product: ${times}×`;
  return {
    ok: true,
    result: {
      ...base,
      discountMinor: d,
      shares,
      times,
      percentOffBp: bp,
      budgetCapped,
      description: budgetCapped ? `${text} (capped by the remaining budget ${yuan(d)})` : text,
    },
  };
}

/**
 * A reward product: m of its units (those in the cart) are discounted per n eligible units of
 * other products bought; both the bought and the rewarded lines are affected.
 */
function otherProductReward<P extends EnginePromotion>(
  { p, lines, amounts, eligible, discount }: Evaluation<P>,
  { n, m, bp }: Reward,
): Outcome<P> {
  const buyLines = eligible.filter((i) => lines[i]!.productId !== p.rewardProductId);
  const bought = buyLines.reduce((s, i) => s + lines[i]!.quantity, 0);
  const groups = Math.floor(bought / n);
  if (!groups) {
    return notApplied(
      p,
      NotAppliedReason.MIN_QUANTITY_NOT_MET,
      `Buy ${n - bought} more eligible units to get ${m} of ${p.rewardProductId} ${offText(bp)}`,
      {
        quantityShortfall: n - bought,
      },
    );
  }
  const rewardLines = lines.map((l, i) => (l.productId === p.rewardProductId ? i : -1)).filter((i) => i >= 0);
  const inCart = rewardLines.reduce((s, i) => s + lines[i]!.quantity, 0);
  const units = Math.min(groups * m, inCart);
  if (!units) {
    return notApplied(
      p,
      NotAppliedReason.REWARD_NOT_IN_CART,
      `Add ${groups * m} units of ${p.rewardProductId} to get them ${offText(bp)}`,
      {
        quantityShortfall: groups * m,
      },
    );
  }
  const a = rewardLines.reduce((s, i) => s + amounts[i]!, 0);
  const d = divRoundHalfUp(BigInt(a) * BigInt(units) * BigInt(bp), BigInt(inCart) * BigInt(BP));
  const outcome = discount(
    d,
    rewardLines,
    `Buy ${n} get ${m} of ${p.rewardProductId} ${offText(bp)}: ${units} units discounted`,
    { times: groups, percentOffBp: bp },
  );
  if (outcome.ok) outcome.result.lineIndexes = [...new Set([...buyLines, ...rewardLines])].sort((x, y) => x - y);
  return outcome;
}
