import { PromotionType } from '../../entities/promotion.entity.js';
import { pct, percentOf, yuan, type PromotionRule } from './promotion-rule.js';

/** PERCENT_OFF: a percentage off the eligible lines' running amount. */
export const percentOffRule: PromotionRule = {
  type: PromotionType.PERCENT_OFF,
  allowed: ['percentOff'],
  required: ['percentOff'],
  columns: (params) => ({ percentOffBp: params.percentOffBp }),
  evaluate({ p, amount, eligible, discount }) {
    const bp = p.percentOffBp ?? 0;
    return discount(percentOf(amount, bp), eligible, `${pct(bp)} off ${yuan(amount)} of eligible goods`, {
      percentOffBp: bp,
    });
  },
};
