import { Money } from '@dnp/subgraph-kit';
import { Directive, Field, Float, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { PriceListEntry } from '../entities/price-list-entry.entity.js';
import { PriceList } from '../entities/price-list.entity.js';
import { PromotionRedemption } from '../entities/promotion-redemption.entity.js';
import { Promotion, PromotionType } from '../entities/promotion.entity.js';
import { NotAppliedReason } from '../services/promotion-engine.service.js';
import { ProductRef } from './product-ref.type.js';
import { UserError } from '@dnp/subgraph-kit';

/** The kit's shared payload error, re-exported for this subgraph's payload types. */
export { UserError };

registerEnumType(NotAppliedReason, {
  name: 'PromotionNotAppliedReason',
  description: 'Why a promotion relevant to a quote did not apply.',
  valuesConfig: {
    OUTSIDE_WINDOW: { description: 'The promotion has not started yet or has ended.' },
    NOT_ELIGIBLE: {
      description: 'The dealer grade or region is not in the audience (reported to HQ, managers and services only).',
    },
    USAGE_LIMIT_REACHED: { description: 'The dealer has used the promotion on as many orders as it allows.' },
    BUDGET_EXHAUSTED: { description: 'The promotion budget is used up.' },
    MIN_AMOUNT_NOT_MET: {
      description: 'The eligible amount is below the threshold; see shortfall and potentialDiscount.',
    },
    MIN_QUANTITY_NOT_MET: { description: 'Too few eligible units; see quantityShortfall.' },
    BUNDLE_INCOMPLETE: {
      description: 'Not every bundle component is in the cart in the required quantity; see quantityShortfall.',
    },
    REWARD_NOT_IN_CART: {
      description: 'BUY_X_GET_Y: the reward product is not in the cart; add quantityShortfall units of it.',
    },
    GIFT_UNAVAILABLE: {
      description: 'GIFT_WITH_PURCHASE: the gift product has no price for the dealer, so it cannot be given.',
    },
    NO_BENEFIT: {
      description:
        'The promotion would take nothing off (e.g. the lines are already fully discounted, or the ' +
        'bundle price is not lower).',
    },
    LOST_TO_BETTER_EXCLUSIVE: {
      description:
        'A better choice won: an exclusive promotion, or the stackable set, saves the dealer more; see lostTo.',
    },
  },
});

@ObjectType({ description: 'A spend-and-save (满减) tier: spend the threshold on eligible goods, save the discount.' })
export class SpendTier {
  @Field(() => Money, { description: 'Eligible running amount to reach.' })
  threshold!: Money;

  @Field(() => Money, {
    description: 'Amount saved once the threshold is reached (each time, when the promotion repeats).',
  })
  discount!: Money;
}

@ObjectType({ description: 'A quantity break of a TIERED_QUANTITY promotion.' })
export class QuantityTier {
  @Field(() => Int, { description: 'Eligible units (summed over the quote) from which the break applies.' })
  minQuantity!: number;

  @Field(() => Float, { description: 'Percent off from this break on, e.g. 5 for 5 %.' })
  percentOff!: number;
}

@ObjectType({ description: 'One component of a bundle (组合套餐).' })
export class BundleItem {
  @Field(() => ProductRef, { description: 'The component product.' })
  product!: ProductRef;

  @Field(() => Int, { description: 'Units of the product in one bundle.' })
  quantity!: number;
}

@ObjectType({ description: "One promotion's discount on one quote line." })
export class LineDiscount {
  @Field(() => Promotion, { description: 'The promotion that gave the discount.' })
  promotion!: Promotion;

  @Field(() => ID, { description: 'Its id.' })
  promotionId!: string;

  @Field(() => String, { description: 'Its Chinese name.' })
  promotionName!: string;

  @Field(() => PromotionType, { description: 'Its type.' })
  promotionType!: PromotionType;

  @Field(() => Money, { description: 'Amount taken off this line (its share of the promotion discount).' })
  amount!: Money;

  amountMinor!: number;
}

@ObjectType({
  description:
    'Result of createPromotion, updatePromotion or setPromotionActive: the promotion, or the ' +
    'errors (then nothing was written).',
})
export class PromotionPayload {
  @Field(() => Promotion, { nullable: true, description: 'The promotion as saved; null when refused.' })
  promotion!: Promotion | null;

  @Field(() => [UserError], { description: 'Why the change was refused; empty on success.' })
  errors!: UserError[];
}

@ObjectType({
  description: 'Result of createPriceList or updatePriceList: the list, or the errors (then nothing was written).',
})
export class PriceListPayload {
  @Field(() => PriceList, { nullable: true, description: 'The price list as saved; null when refused.' })
  priceList!: PriceList | null;

  @Field(() => [UserError], { description: 'Why the change was refused; empty on success.' })
  errors!: UserError[];
}

@ObjectType({
  description: 'Result of setPriceListEntries: the saved entries, or the errors (then nothing was written).',
})
export class SetPriceListEntriesPayload {
  @Field(() => PriceList, { nullable: true, description: 'The price list; null when refused.' })
  priceList!: PriceList | null;

  @Field(() => [PriceListEntry], {
    description: 'The entries inserted or updated, in input order; empty when refused.',
  })
  entries!: PriceListEntry[];

  @Field(() => [UserError], { description: 'Why the change was refused; empty on success.' })
  errors!: UserError[];
}

@ObjectType({
  description:
    'Result of consumePromotionBudget: the redemptions recorded (or found, on a replay), or the ' +
    'errors (then nothing was consumed).',
})
@Directive('@inaccessible')
export class ConsumePromotionBudgetPayload {
  @Field(() => [PromotionRedemption], {
    description: 'One redemption per promotion consumed; the same rows when the key was already used.',
  })
  redemptions!: PromotionRedemption[];

  @Field(() => Boolean, {
    description: 'True when the idempotency key had already been consumed and nothing changed now.',
  })
  replayed!: boolean;

  @Field(() => [UserError], {
    description:
      'BUDGET_EXHAUSTED, USAGE_LIMIT_REACHED, NOT_FOUND, PROMOTION_BUDGET_RELEASED (the key was ' +
      'released before: a late call is refused) or BAD_USER_INPUT; empty on success.',
  })
  errors!: UserError[];
}

@ObjectType({
  description: 'Result of releasePromotionBudget: the redemptions released (compensation of the order saga).',
})
@Directive('@inaccessible')
export class ReleasePromotionBudgetPayload {
  @Field(() => [PromotionRedemption], {
    description: 'The redemptions of the key, now released; empty when the key was never consumed.',
  })
  redemptions!: PromotionRedemption[];

  @Field(() => [UserError], { description: 'Input errors; empty on success.' })
  errors!: UserError[];
}
