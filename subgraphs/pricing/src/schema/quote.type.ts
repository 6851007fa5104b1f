import { Money } from '@dnp/subgraph-kit';
import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DealerGrade } from '../entities/price-list.entity.js';
import { Promotion } from '../entities/promotion.entity.js';
import { NotAppliedReason } from '../services/promotion-engine.service.js';
import { ProductRef } from './product-ref.type.js';
import { LineDiscount } from './promotion.type.js';

@ObjectType({ description: 'One priced line of a quote, in the order of the input lines.' })
export class QuoteLine {
  @Field(() => ProductRef, { description: 'The product priced.' })
  product!: ProductRef;

  @Field(() => Int, { description: 'Quantity of this line.' })
  quantity!: number;

  @Field(() => Money, {
    description:
      "The viewer's unit price, after volume tiers (selected on the product's quantity summed over all lines).",
  })
  unitPrice!: Money;

  @Field(() => Money, {
    nullable: true,
    description: 'The base list unit price for comparison; null when the base list does not price the product.',
  })
  listUnitPrice!: Money | null;

  @Field(() => Money, { description: 'unitPrice × quantity, before promotions (0 for a gift line).' })
  lineSubtotal!: Money;

  @Field(() => [LineDiscount], {
    description: 'Promotion discounts on this line (its shares of each applied promotion), in application order.',
  })
  discounts!: LineDiscount[];

  @Field(() => Money, { description: 'Sum of the discounts on this line.' })
  discountTotal!: Money;

  @Field(() => Money, {
    description:
      'lineSubtotal − discountTotal, never negative. Line totals add up to the quote total exactly ' +
      '(equals unitPrice × quantity when no promotion applies).',
  })
  lineTotal!: Money;

  @Field(() => Boolean, {
    description: 'True for a free gift line added by a GIFT_WITH_PURCHASE promotion (unit price 0).',
  })
  isGift!: boolean;

  @Field(() => Promotion, {
    nullable: true,
    description: 'For a gift line, the promotion that gave it; null otherwise.',
  })
  giftOf!: Promotion | null;

  @Field(() => Money, {
    nullable: true,
    description: "For a gift line, the gift's value at the dealer's price (not charged); null otherwise.",
  })
  giftValue!: Money | null;

  @Field(() => ID, { description: 'The price list that priced the line.' })
  priceListId!: string;

  @Field(() => String, { description: 'Chinese name of that price list.' })
  priceListName!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'minQuantity of the volume tier applied; null when the base price applies.',
  })
  appliedTierMinQuantity!: number | null;

  /** Product id, unit price and line total in minor units, for server-side callers. */
  productId!: string;
  unitPriceMinor!: number;
  lineSubtotalMinor!: number;
  discountTotalMinor!: number;
  lineTotalMinor!: number;
}

@ObjectType({ description: 'A promotion applied to a quote: what it saved, why, and on which lines.' })
export class AppliedPromotion {
  @Field(() => Promotion, { description: 'The promotion.' })
  promotion!: Promotion;

  @Field(() => Money, { description: 'Amount taken off the quote total (0 for a gift promotion).' })
  discount!: Money;

  @Field(() => Money, {
    description: 'Value of free gift units at the dealer price (GIFT_WITH_PURCHASE); 0 otherwise.',
  })
  giftValue!: Money;

  @Field(() => Money, {
    description:
      'discount + giftValue: what the promotion gives the dealer, and what an order consumes from its budget.',
  })
  benefit!: Money;

  @Field(() => String, {
    description:
      'Why and how it applied, in plain English with amounts (clients may build localized text ' +
      'from the structured fields).',
  })
  description!: string;

  @Field(() => Int, {
    description:
      'How many times the rule fired: repeated thresholds, complete bundles, reward groups; 1 for a percentage.',
  })
  times!: number;

  @Field(() => Money, {
    description: 'Eligible running amount the promotion was computed on (for BUNDLE: the value of the bundled units).',
  })
  eligibleAmount!: Money;

  @Field(() => Float, {
    nullable: true,
    description: 'Percent off applied, when the rule is a percentage; null otherwise.',
  })
  percentOff!: number | null;

  @Field(() => Money, {
    nullable: true,
    description: 'Spend threshold reached (SPEND_AND_SAVE), when there is one; null otherwise.',
  })
  threshold!: Money | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Quantity break or buy quantity reached, when there is one; null otherwise.',
  })
  thresholdQuantity!: number | null;

  @Field(() => Boolean, { description: 'True when the remaining promotion budget capped the benefit.' })
  budgetCapped!: boolean;

  @Field(() => [Int], {
    description:
      'Indexes (0-based) into Quote.lines of the lines that qualified for or were discounted by ' +
      'the promotion, plus its gift line.',
  })
  affectedLineIndexes!: number[];

  @Field(() => [QuoteLine], { description: 'The lines at affectedLineIndexes.' })
  affectedLines!: QuoteLine[];

  discountMinor!: number;
  giftValueMinor!: number;
}

@ObjectType({
  description: 'A promotion relevant to the quote (it matches a line) that did not apply, with the reason.',
})
export class NotAppliedPromotion {
  @Field(() => Promotion, { description: 'The promotion.' })
  promotion!: Promotion;

  @Field(() => NotAppliedReason, { description: 'Why it did not apply.' })
  reason!: NotAppliedReason;

  @Field(() => String, {
    description: 'The reason in plain English, e.g. "Spend ¥120.00 more on eligible goods to save ¥80.00".',
  })
  message!: string;

  @Field(() => Money, {
    nullable: true,
    description: 'MIN_AMOUNT_NOT_MET: how much more eligible goods to buy; null otherwise.',
  })
  shortfall!: Money | null;

  @Field(() => Int, {
    nullable: true,
    description: 'MIN_QUANTITY_NOT_MET, BUNDLE_INCOMPLETE, REWARD_NOT_IN_CART: how many more units; null otherwise.',
  })
  quantityShortfall!: number | null;

  @Field(() => Money, {
    nullable: true,
    description: 'MIN_AMOUNT_NOT_MET: what reaching the threshold would save, when known; null otherwise.',
  })
  potentialDiscount!: Money | null;

  @Field(() => Promotion, {
    nullable: true,
    description: 'LOST_TO_BETTER_EXCLUSIVE: the (lead) promotion of the choice that won; null otherwise.',
  })
  lostTo!: Promotion | null;
}

@ObjectType({
  description:
    'The part of a quote the rebate balance pays: cap = floor(total × REBATE_MAX_ORDER_SHARE_BP / 10000), ' +
    'applied = min(requested, cap, balance), payable = total − applied.',
})
export class QuoteRebate {
  @Field(() => Money, {
    description: 'The most of this total a rebate balance may pay (0 when buying from a parent dealer).',
  })
  cap!: Money;

  @Field(() => Money, { description: 'The rebate amount the input asked for (0 when none).' })
  requested!: Money;

  @Field(() => Money, { description: 'What the rebate balance would pay: min(requested, cap, balance).' })
  applied!: Money;

  @Field(() => Money, { description: 'total − applied: what the order leaves to credit.' })
  payable!: Money;

  @Field(() => Money, {
    nullable: true,
    description: "The dealer's available rebate balance, when a rebate was requested and allowed; null otherwise.",
  })
  balance!: Money | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Why applied is below requested: REBATE_NOT_ALLOWED (buying from a parent dealer, or no dealer), ' +
      'REBATE_OVER_CAP, REBATE_OVER_BALANCE; null when the whole request applies.',
  })
  code!: string | null;

  capMinor!: number;
  requestedMinor!: number;
  appliedMinor!: number;
  payableMinor!: number;
}

@ObjectType({ description: 'A server-side price quote for the viewer: lines, totals and what they were priced by.' })
export class Quote {
  @Field(() => [QuoteLine], {
    description:
      'The priced lines in input order, followed by the gift lines of applied GIFT_WITH_PURCHASE promotions.',
  })
  lines!: QuoteLine[];

  @Field(() => Money, { description: 'Sum of the line subtotals (before promotions).' })
  subtotal!: Money;

  @Field(() => Money, { description: 'Total of promotion discounts (the sum of every line discount).' })
  discountTotal!: Money;

  @Field(() => Money, {
    description: 'subtotal − discountTotal = the sum of the line totals: what the order would cost.',
  })
  total!: Money;

  @Field(() => [AppliedPromotion], { description: 'Promotions applied, in application order (priority, then id).' })
  appliedPromotions!: AppliedPromotion[];

  @Field(() => [NotAppliedPromotion], {
    description: 'Promotions that match a line of the quote but did not apply, with the reason (by priority, then id).',
  })
  notAppliedPromotions!: NotAppliedPromotion[];

  @Field(() => String, { description: 'ISO 4217 currency of every amount (CNY).' })
  currency!: string;

  @Field(() => Date, { description: 'The instant the prices were resolved at.' })
  pricedAt!: Date;

  @Field(() => DealerGrade, {
    nullable: true,
    description: 'The dealer grade priced for; null for viewers without a dealer (base list prices).',
  })
  dealerGrade!: DealerGrade | null;

  @Field(() => ID, {
    nullable: true,
    description: "The dealer's region priced for; null for viewers without a dealer.",
  })
  regionId!: string | null;

  @Field(() => QuoteRebate, {
    description: 'The part of the total the rebate balance pays (input.rebateAmount), within the cap and balance.',
  })
  rebate!: QuoteRebate;

  /** Totals in minor units, for server-side callers. */
  subtotalMinor!: number;
  discountTotalMinor!: number;
  totalMinor!: number;
}
