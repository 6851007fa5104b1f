import { Directive, Field, Float, ID, InputType, Int } from 'type-graphql';
import { DealerGrade } from '../entities/price-list.entity.js';
import { PromotionStacking, PromotionType } from '../entities/promotion.entity.js';

@InputType({ description: 'A spend-and-save tier, in integer fen.' })
export class SpendTierInput {
  @Field(() => Int, { description: 'Eligible amount to reach, in fen (> 0).' })
  thresholdMinor!: number;

  @Field(() => Int, { description: 'Amount saved, in fen (> 0, below the threshold).' })
  discountMinor!: number;
}

@InputType({ description: 'A quantity break of a TIERED_QUANTITY promotion.' })
export class QuantityTierInput {
  @Field(() => Int, { description: 'Eligible units from which the break applies (≥ 1).' })
  minQuantity!: number;

  @Field(() => Float, { description: 'Percent off, 0 < p ≤ 100, at most two decimals.' })
  percentOff!: number;
}

@InputType({ description: 'One component of a bundle.' })
export class BundleItemInput {
  @Field(() => ID, { description: 'The component product.' })
  productId!: string;

  @Field(() => Int, { description: 'Units in one bundle (≥ 1).' })
  quantity!: number;
}

@InputType({
  description:
    'The full definition of a promotion (createPromotion; updatePromotion replaces every setting ' +
    'with it). Parameters that do not belong to the type must be left out.',
})
export class PromotionInput {
  @Field(() => String, { description: 'Unique code: 2 to 40 of A-Z, 0-9 and "-".' })
  code!: string;

  @Field(() => String, { description: 'Chinese name, 1 to 120 characters.' })
  name!: string;

  @Field(() => String, { description: 'English name, 1 to 120 characters.' })
  nameEn!: string;

  @Field(() => String, { nullable: true, description: 'Terms for dealers, at most 500 characters.' })
  description?: string | null;

  @Field(() => PromotionType, { description: 'What the promotion does.' })
  type!: PromotionType;

  @Field(() => PromotionStacking, { description: 'Whether it combines with other promotions.' })
  stacking!: PromotionStacking;

  @Field(() => Int, { nullable: true, description: 'Priority, -1000 to 1000 (default 0); higher applies first.' })
  priority?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'Switched on (default true).' })
  active?: boolean | null;

  @Field(() => Date, { description: 'First instant the promotion applies.' })
  validFrom!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'First instant it no longer applies (after validFrom); null when open-ended.',
  })
  validTo?: Date | null;

  @Field(() => [ID], { nullable: true, description: 'Condition: eligible products (any of); known products only.' })
  productIds?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Condition: eligible categories with their subtrees (any of); known categories only.',
  })
  categoryIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Condition: eligible brands (any of); known brands only.' })
  brandIds?: string[] | null;

  @Field(() => [DealerGrade], { nullable: true, description: 'Audience: dealer grades (any of); empty = every grade.' })
  dealerGrades?: DealerGrade[] | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      'Audience: regions with their subtrees (any of); empty = nationwide. A region manager must ' +
      'name regions in their own subtree.',
  })
  regionIds?: string[] | null;

  @Field(() => Int, { nullable: true, description: 'Condition: minimum eligible amount in fen (> 0).' })
  minAmountMinor?: number | null;

  @Field(() => Int, { nullable: true, description: 'Condition: minimum eligible units (≥ 1).' })
  minQuantity?: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'PERCENT_OFF (required) and BUY_X_GET_Y (default 100 = free): percent off, 0 < p ≤ 100, at most two decimals.',
  })
  percentOff?: number | null;

  @Field(() => Int, { nullable: true, description: 'AMOUNT_OFF: amount off in fen (> 0).' })
  amountOffMinor?: number | null;

  @Field(() => [SpendTierInput], {
    nullable: true,
    description: 'SPEND_AND_SAVE: 1 to 10 tiers with increasing thresholds and discounts.',
  })
  spendTiers?: SpendTierInput[] | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'SPEND_AND_SAVE: the single tier repeats for every threshold reached (default false).',
  })
  repeating?: boolean | null;

  @Field(() => Int, { nullable: true, description: 'GIFT_WITH_PURCHASE / BUY_X_GET_Y: units to buy per reward (≥ 1).' })
  buyQuantity?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'GIFT_WITH_PURCHASE / BUY_X_GET_Y: units rewarded per buyQuantity (≥ 1).',
  })
  rewardQuantity?: number | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'GIFT_WITH_PURCHASE: the gift product (required); BUY_X_GET_Y: the discounted product (omit ' +
      'for the same product).',
  })
  rewardProductId?: string | null;

  @Field(() => [BundleItemInput], { nullable: true, description: 'BUNDLE: 2 to 20 distinct components.' })
  bundleItems?: BundleItemInput[] | null;

  @Field(() => Int, { nullable: true, description: 'BUNDLE: price of one complete bundle in fen (> 0).' })
  bundlePriceMinor?: number | null;

  @Field(() => [QuantityTierInput], {
    nullable: true,
    description: 'TIERED_QUANTITY: 1 to 10 breaks with increasing quantities.',
  })
  quantityTiers?: QuantityTierInput[] | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Total benefit budget in whole fen (> 0; a Float only so it may exceed 2^31); null = unlimited.',
  })
  budgetMinor?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Orders one dealer may place with the promotion (≥ 1); null = unlimited.',
  })
  perDealerOrderLimit?: number | null;
}

@InputType({ description: 'Narrows a promotion list. All given conditions must hold.' })
export class PromotionFilter {
  @Field(() => Boolean, { nullable: true, description: 'Only switched-on (true) or switched-off (false) promotions.' })
  active?: boolean | null;

  @Field(() => PromotionType, { nullable: true, description: 'Only promotions of this type.' })
  type?: PromotionType | null;

  @Field(() => Date, { nullable: true, description: 'Only promotions whose date window contains this instant.' })
  validAt?: Date | null;
}

@InputType({ description: 'The dealer to preview a quote as.' })
export class PreviewDealerInput {
  @Field(() => DealerGrade, { description: 'Dealer grade to price and promote for.' })
  dealerGrade!: DealerGrade;

  @Field(() => ID, {
    description: "The dealer's home region (its ancestors are looked up in pricing's region read model).",
  })
  regionId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'A dealer whose per-dealer promotion usage counts; omit to ignore usage limits.',
  })
  dealerId?: string | null;
}

@InputType({ description: "One promotion's benefit to consume, from the quote the order was placed on." })
@Directive('@inaccessible')
export class PromotionConsumptionInput {
  @Field(() => ID, { description: 'The promotion.' })
  promotionId!: string;

  @Field(() => Float, {
    description: "The promotion's benefit on the order in whole fen (AppliedPromotion.benefit), ≥ 0.",
  })
  amountMinor!: number;
}

@InputType({ description: 'Budget consumption for one placed order (order saga, SERVICE only).' })
@Directive('@inaccessible')
export class ConsumePromotionBudgetInput {
  @Field(() => String, {
    description:
      'Idempotency key (1 to 100 letters, digits and _ . : -): a second call with the same key ' +
      'changes nothing and returns the same redemptions.',
  })
  idempotencyKey!: string;

  @Field(() => ID, { description: 'The dealer the order is for (per-dealer limits).' })
  dealerId!: string;

  @Field(() => ID, { nullable: true, description: 'The order, when known.' })
  orderId?: string | null;

  @Field(() => [PromotionConsumptionInput], {
    description: 'The applied promotions of the order, 1 to 50, each promotion once.',
  })
  promotions!: PromotionConsumptionInput[];
}
