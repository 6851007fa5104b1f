import { PromotionType } from '../../entities/promotion.entity.js';
import { notApplied, NotAppliedReason, yuan, type PromotionRule } from './promotion-rule.js';

/** GIFT_WITH_PURCHASE: m free units of a gift product per n eligible units bought (a gift line, no discount). */
export const giftWithPurchaseRule: PromotionRule = {
  type: PromotionType.GIFT_WITH_PURCHASE,
  allowed: ['buyQuantity', 'rewardQuantity', 'rewardProductId'],
  required: ['buyQuantity', 'rewardQuantity', 'rewardProductId'],
  columns: (params) => ({
    buyQuantity: params.buyQuantity,
    rewardQuantity: params.rewardQuantity,
    rewardProductId: params.rewardProductId,
  }),
  evaluate({ p, quantity, remaining, giftPrices, base }) {
    const n = p.buyQuantity ?? 0;
    const m = p.rewardQuantity ?? 0;
    if (n < 1 || m < 1 || !p.rewardProductId)
      return notApplied(p, NotAppliedReason.NO_BENEFIT, 'The promotion has no gift');
    const groups = Math.floor(quantity / n);
    if (!groups) {
      return notApplied(
        p,
        NotAppliedReason.MIN_QUANTITY_NOT_MET,
        `Buy ${n - quantity} more eligible units to get ${m} × ${p.rewardProductId} free`,
        {
          quantityShortfall: n - quantity,
        },
      );
    }
    const price = giftPrices.get(p.rewardProductId);
    if (!price)
      return notApplied(
        p,
        NotAppliedReason.GIFT_UNAVAILABLE,
        `The gift ${p.rewardProductId} has no price for you, so it cannot be given`,
      );
    let units = groups * m;
    let budgetCapped = false;
    if (remaining != null && price.unitPriceMinor > 0 && units * price.unitPriceMinor > remaining) {
      units = Math.floor(remaining / price.unitPriceMinor);
      budgetCapped = true;
      if (!units)
        return notApplied(p, NotAppliedReason.BUDGET_EXHAUSTED, 'The remaining budget does not cover one gift');
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
        description:
          `Buy ${n} get ${m} × ${p.rewardProductId} free: ${quantity} eligible units earn ${units} ` +
          `gift units worth ${yuan(units * price.unitPriceMinor)}` +
          (budgetCapped ? ' (capped by the remaining budget)' : ''),
      },
    };
  },
};
