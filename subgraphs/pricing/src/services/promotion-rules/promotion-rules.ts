import { PromotionType } from '../../entities/promotion.entity.js';
import { amountOffRule } from './amount-off.rule.js';
import { bundleRule } from './bundle.rule.js';
import { buyXGetYRule } from './buy-x-get-y.rule.js';
import { giftWithPurchaseRule } from './gift-with-purchase.rule.js';
import { percentOffRule } from './percent-off.rule.js';
import type { PromotionRule } from './promotion-rule.js';
import { spendAndSaveRule } from './spend-and-save.rule.js';
import { tieredQuantityRule } from './tiered-quantity.rule.js';

/**
 * Every promotion type's rule. A new type is its `*.rule.ts` file plus one line here (and its
 * enum value): the engine and the definition checks look the type up, they never switch on it.
 */
export const PROMOTION_RULES: Readonly<Record<PromotionType, PromotionRule>> = {
  [PromotionType.PERCENT_OFF]: percentOffRule,
  [PromotionType.AMOUNT_OFF]: amountOffRule,
  [PromotionType.SPEND_AND_SAVE]: spendAndSaveRule,
  [PromotionType.GIFT_WITH_PURCHASE]: giftWithPurchaseRule,
  [PromotionType.BUNDLE]: bundleRule,
  [PromotionType.BUY_X_GET_Y]: buyXGetYRule,
  [PromotionType.TIERED_QUANTITY]: tieredQuantityRule,
};

/** The rule of a promotion type; undefined for a value outside the enum (stored rows are checked on write). */
export function ruleOf(type: PromotionType): PromotionRule | undefined {
  return PROMOTION_RULES[type];
}
