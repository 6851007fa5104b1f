import { PromotionType } from '../../entities/promotion.entity.js';
import { notApplied, NotAppliedReason, pct, percentOf, yuan, type PromotionRule } from './promotion-rule.js';

/** TIERED_QUANTITY: the percentage of the highest quantity break the eligible units reach. */
export const tieredQuantityRule: PromotionRule = {
  type: PromotionType.TIERED_QUANTITY,
  allowed: ['quantityTiers'],
  required: ['quantityTiers'],
  columns: (params) => ({ quantityTiers: params.quantityTiers }),
  evaluate({ p, amount, quantity, eligible, discount }) {
    const tiers = [...p.quantityTiers].sort((a, b) => a.minQuantity - b.minQuantity);
    const first = tiers[0];
    if (!first) return notApplied(p, NotAppliedReason.NO_BENEFIT, 'The promotion has no quantity tiers');
    if (quantity < first.minQuantity) {
      return notApplied(
        p,
        NotAppliedReason.MIN_QUANTITY_NOT_MET,
        `Add ${first.minQuantity - quantity} more eligible units for ${pct(first.percentOffBp)} off`,
        {
          quantityShortfall: first.minQuantity - quantity,
        },
      );
    }
    const tier = tiers.filter((t) => t.minQuantity <= quantity).at(-1)!;
    return discount(
      percentOf(amount, tier.percentOffBp),
      eligible,
      `${quantity} eligible units reach the ${tier.minQuantity}+ break: ${pct(tier.percentOffBp)} off ${yuan(amount)}`,
      {
        percentOffBp: tier.percentOffBp,
        thresholdQuantity: tier.minQuantity,
      },
    );
  },
};
