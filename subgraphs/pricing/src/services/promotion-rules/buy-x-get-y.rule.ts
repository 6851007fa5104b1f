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
  evaluate({ p, lines, amounts, eligible, remaining, base, discount }) {
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
        return notApplied(
          p,
          NotAppliedReason.MIN_QUANTITY_NOT_MET,
          `Buy ${n + m} units of one eligible product to get ${m} of them ${bp === BP ? 'free' : `${pct(bp)} off`}`,
          {
            quantityShortfall: n + m - best,
          },
        );
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
    const buyLines = eligible.filter((i) => lines[i]!.productId !== p.rewardProductId);
    const bought = buyLines.reduce((s, i) => s + lines[i]!.quantity, 0);
    const groups = Math.floor(bought / n);
    if (!groups) {
      return notApplied(
        p,
        NotAppliedReason.MIN_QUANTITY_NOT_MET,
        `Buy ${n - bought} more eligible units to get ${m} of ${p.rewardProductId} ` +
          `${bp === BP ? 'free' : `${pct(bp)} off`}`,
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
        `Add ${groups * m} units of ${p.rewardProductId} to get them ${bp === BP ? 'free' : `${pct(bp)} off`}`,
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
      `Buy ${n} get ${m} of ${p.rewardProductId} ${bp === BP ? 'free' : `${pct(bp)} off`}: ${units} units discounted`,
      { times: groups, percentOffBp: bp },
    );
    if (outcome.ok) outcome.result.lineIndexes = [...new Set([...buyLines, ...rewardLines])].sort((x, y) => x - y);
    return outcome;
  },
};
