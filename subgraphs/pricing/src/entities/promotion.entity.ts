import { BigIntType } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** What a promotion does to a quote (促销方式). See PRICING.md for each rule and a worked example. */
export enum PromotionType {
  PERCENT_OFF = 'PERCENT_OFF',
  AMOUNT_OFF = 'AMOUNT_OFF',
  SPEND_AND_SAVE = 'SPEND_AND_SAVE',
  GIFT_WITH_PURCHASE = 'GIFT_WITH_PURCHASE',
  BUNDLE = 'BUNDLE',
  BUY_X_GET_Y = 'BUY_X_GET_Y',
  TIERED_QUANTITY = 'TIERED_QUANTITY',
}
registerEnumType(PromotionType, {
  name: 'PromotionType',
  description: 'What a promotion does to a quote (促销方式).',
  valuesConfig: {
    PERCENT_OFF: { description: '折扣: percentOff % off the eligible lines.' },
    AMOUNT_OFF: { description: 'A fixed amountOff off the eligible lines, once per order (capped at their amount).' },
    SPEND_AND_SAVE: {
      description:
        '满减: spend a threshold on eligible lines, save an amount; tiered, or repeating ("every ¥1000 saves ¥80").',
    },
    GIFT_WITH_PURCHASE: {
      description:
        '搭赠: every buyQuantity eligible units earn rewardQuantity units of rewardProduct free, as ' +
        'a separate gift line.',
    },
    BUNDLE: {
      description:
        '组合套餐: the bundleItems sold together at bundlePrice, applied as many times as complete bundles fit.',
    },
    BUY_X_GET_Y: {
      description:
        'Buy buyQuantity, get rewardQuantity units in the cart (same product, or rewardProduct) ' +
        'percentOff % off (100 = free).',
    },
    TIERED_QUANTITY: {
      description: 'Quantity breaks: the eligible quantity (summed) selects a quantityTiers percent off.',
    },
  },
});

/** How a promotion combines with others. */
export enum PromotionStacking {
  EXCLUSIVE = 'EXCLUSIVE',
  STACKABLE = 'STACKABLE',
}
registerEnumType(PromotionStacking, {
  name: 'PromotionStacking',
  description: 'How a promotion combines with others in one quote.',
  valuesConfig: {
    EXCLUSIVE: { description: 'Applies alone: when it applies, no other promotion applies to the quote.' },
    STACKABLE: {
      description: 'Combines with the other stackable promotions, applied in priority order on the running amount.',
    },
  },
});

/** A spend-and-save tier: from `thresholdMinor` of eligible running amount, save `discountMinor`. */
export interface SpendTierData {
  thresholdMinor: number;
  discountMinor: number;
}
/** A quantity break: from `minQuantity` eligible units, `percentOffBp` basis points off. */
export interface QuantityTierData {
  minQuantity: number;
  percentOffBp: number;
}
/** One component of a bundle. */
export interface BundleItemData {
  productId: string;
  quantity: number;
}

/**
 * A promotion (促销): a discount rule with conditions (products, categories with their subtree,
 * brands, dealer grades, regions, date window, minimum amount or quantity), a stacking mode and
 * priority, and optionally a total discount budget and a per-dealer order limit. Rule parameters
 * that do not belong to its `type` are null / empty. Amounts are integer fen; percentages are
 * basis points (1 % = 100).
 */
@Entity({ tableName: 'promotion' })
@ObjectType({
  description:
    'A promotion (促销): a discount rule with conditions, stacking mode, priority, optional budget and per-dealer limit.',
})
export class Promotion {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable promotion id ("prm_…").' })
  id!: string;

  @Property({ type: 'string', length: 40, unique: true })
  @Field(() => String, { description: 'Short unique upper-case code, e.g. "DAIRY-1000-80".' })
  code!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'Chinese name, e.g. "乳品满1000减80".' })
  name!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'English name.' })
  nameEn!: string;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Free text for dealers (terms, notes); null when none.' })
  description!: string | null;

  @Enum({ items: () => PromotionType })
  @Field(() => PromotionType, { description: 'What the promotion does.' })
  type!: PromotionType;

  @Enum({ items: () => PromotionStacking })
  @Field(() => PromotionStacking, { description: 'Whether it combines with other promotions.' })
  stacking!: PromotionStacking;

  @Property({ type: 'integer' })
  @Field(() => Int, {
    description: 'Higher applies first among stackable promotions, and wins ties between equally good choices.',
  })
  priority!: number;

  @Property({ type: 'boolean' })
  @Index()
  @Field(() => Boolean, { description: 'False when switched off; inactive promotions never apply.' })
  active!: boolean;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'First instant the promotion applies.' })
  validFrom!: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'First instant it no longer applies; null when open-ended.' })
  validTo!: Date | null;

  /** Condition: eligible products (any of). Empty = no product condition. */
  @Property({ type: 'json' })
  productIds!: string[];

  /** Condition: eligible categories with their subtrees (any of). Empty = no category condition. */
  @Property({ type: 'json' })
  categoryIds!: string[];

  /** Condition: eligible brands (any of). Empty = no brand condition. */
  @Property({ type: 'json' })
  brandIds!: string[];

  /** Audience: dealer grades (any of). Empty = every grade. */
  @Property({ type: 'json' })
  dealerGrades!: string[];

  /** Audience: regions with their subtrees (any of). Empty = nationwide. */
  @Property({ type: 'json' })
  regionIds!: string[];

  /**
   * The region paths of `regionIds`, each wrapped in "|" ("|/reg_cn/reg_south/|"), empty when
   * nationwide: a manager's scope is then a few instr() checks in SQL.
   */
  @Property({ type: 'string', length: 2000 })
  regionPaths!: string;

  /** Condition: eligible running amount must reach this (fen); null = none. */
  @Property({ type: 'integer', nullable: true })
  minAmountMinor!: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'Condition: the eligible lines must hold at least this many units; null when none.',
  })
  minQuantity!: number | null;

  /** PERCENT_OFF / BUY_X_GET_Y: basis points off (1 % = 100; 10000 = free). */
  @Property({ type: 'integer', nullable: true })
  percentOffBp!: number | null;

  /** AMOUNT_OFF: fen off the eligible lines. */
  @Property({ type: 'integer', nullable: true })
  amountOffMinor!: number | null;

  /** SPEND_AND_SAVE: tiers, ascending by threshold. */
  @Property({ type: 'json' })
  spendTiers!: SpendTierData[];

  @Property({ type: 'boolean' })
  @Field(() => Boolean, {
    description: 'SPEND_AND_SAVE: true when the single tier repeats ("every ¥1000 saves ¥80"); false otherwise.',
  })
  repeating!: boolean;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'GIFT_WITH_PURCHASE / BUY_X_GET_Y: eligible units to buy per reward; null for other types.',
  })
  buyQuantity!: number | null;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'GIFT_WITH_PURCHASE / BUY_X_GET_Y: units rewarded per buyQuantity; null for other types.',
  })
  rewardQuantity!: number | null;

  /** GIFT_WITH_PURCHASE: the gift product (required); BUY_X_GET_Y: the discounted product (null = the same product). */
  @Property({ type: 'string', length: 40, nullable: true })
  rewardProductId!: string | null;

  /** BUNDLE: the components. */
  @Property({ type: 'json' })
  bundleItems!: BundleItemData[];

  /** BUNDLE: price of one complete bundle (fen). */
  @Property({ type: 'integer', nullable: true })
  bundlePriceMinor!: number | null;

  /** TIERED_QUANTITY: breaks, ascending by minQuantity. */
  @Property({ type: 'json' })
  quantityTiers!: QuantityTierData[];

  /** Total benefit (discounts plus gift value, fen) the promotion may give away; null = unlimited. */
  @Property({ type: new BigIntType('number'), nullable: true })
  budgetMinor!: number | null;

  /** Benefit consumed by placed orders so far (fen); only `consumePromotionBudget` changes it. */
  @Property({ type: new BigIntType('number') })
  budgetUsedMinor!: number;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, {
    nullable: true,
    description: 'How many orders one dealer may place with this promotion; null when unlimited.',
  })
  perDealerOrderLimit!: number | null;

  @Property({ type: 'string', length: 60 })
  @Field(() => String, { description: 'User id of whoever created the promotion.' })
  createdBy!: string;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the promotion was created.' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the promotion last changed.' })
  updatedAt!: Date;
}

/**
 * A promotion's terms with nothing set (no scope, thresholds, rewards, budget or limit), fresh on
 * every call: seeds and specs spread it and set only what their promotion uses.
 */
export function emptyPromotionTerms() {
  return {
    productIds: [],
    categoryIds: [],
    brandIds: [],
    dealerGrades: [],
    regionIds: [],
    minAmountMinor: null,
    minQuantity: null,
    percentOffBp: null,
    amountOffMinor: null,
    spendTiers: [],
    repeating: false,
    buyQuantity: null,
    rewardQuantity: null,
    rewardProductId: null,
    bundleItems: [],
    bundlePriceMinor: null,
    quantityTiers: [],
    budgetMinor: null,
    budgetUsedMinor: 0,
    perDealerOrderLimit: null,
  } satisfies Partial<Promotion>;
}
