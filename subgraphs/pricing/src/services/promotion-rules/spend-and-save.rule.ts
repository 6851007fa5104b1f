import { PromotionType } from '../../entities/promotion.entity.js';
import { notApplied, NotAppliedReason, yuan, type PromotionRule } from './promotion-rule.js';

/** SPEND_AND_SAVE: the highest spend tier reached, or one tier repeated per threshold reached. */
export const spendAndSaveRule: PromotionRule = {
  type: PromotionType.SPEND_AND_SAVE,
  allowed: ['spendTiers', 'repeating'],
  required: ['spendTiers'],
  columns: (params) => ({ spendTiers: params.spendTiers, repeating: params.repeating }),
  potentialDiscountMinor: (p) => p.spendTiers[0]?.discountMinor ?? null,
  evaluate({ p, amount, eligible, discount }) {
    const tiers = [...p.spendTiers].sort((a, b) => a.thresholdMinor - b.thresholdMinor);
    const first = tiers[0];
    if (!first) return notApplied(p, NotAppliedReason.NO_BENEFIT, 'The promotion has no spend tiers');
    if (amount < first.thresholdMinor) {
      return notApplied(
        p,
        NotAppliedReason.MIN_AMOUNT_NOT_MET,
        `Spend ${yuan(first.thresholdMinor - amount)} more on eligible goods to save ${yuan(first.discountMinor)}`,
        {
          shortfallMinor: first.thresholdMinor - amount,
          potentialDiscountMinor: first.discountMinor,
        },
      );
    }
    if (p.repeating) {
      const times = Math.floor(amount / first.thresholdMinor);
      return discount(
        times * first.discountMinor,
        eligible,
        `${yuan(first.discountMinor)} off every ${yuan(first.thresholdMinor)} of eligible goods: ` +
          `${yuan(amount)} qualifies ${times}×`,
        {
          times,
          thresholdMinor: first.thresholdMinor,
        },
      );
    }
    const tier = tiers.filter((t) => t.thresholdMinor <= amount).at(-1)!;
    return discount(
      tier.discountMinor,
      eligible,
      `Spend ${yuan(tier.thresholdMinor)}, save ${yuan(tier.discountMinor)} (eligible goods ${yuan(amount)})`,
      {
        thresholdMinor: tier.thresholdMinor,
      },
    );
  },
};
