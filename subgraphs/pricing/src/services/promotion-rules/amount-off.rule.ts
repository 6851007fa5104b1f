import { PromotionType } from '../../entities/promotion.entity.js';
import { yuan, type PromotionRule } from './promotion-rule.js';

/** AMOUNT_OFF: a fixed amount off the eligible lines (at most their running amount). */
export const amountOffRule: PromotionRule = {
  type: PromotionType.AMOUNT_OFF,
  allowed: ['amountOffMinor'],
  required: ['amountOffMinor'],
  columns: (params) => ({ amountOffMinor: params.amountOffMinor }),
  potentialDiscountMinor: (p) => p.amountOffMinor,
  evaluate({ p, eligible, discount }) {
    const off = p.amountOffMinor ?? 0;
    return discount(off, eligible, `${yuan(off)} off eligible goods`);
  },
};
