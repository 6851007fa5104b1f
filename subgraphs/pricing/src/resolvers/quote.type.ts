import { Money } from '@dnp/subgraph-kit';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DealerGrade } from '../entities/price-list.entity.js';
import { ProductRef } from './product-ref.type.js';

@ObjectType({ description: 'One priced line of a quote, in the order of the input lines.' })
export class QuoteLine {
  @Field(() => ProductRef, { description: 'The product priced.' })
  product!: ProductRef;

  @Field(() => Int, { description: 'Quantity of this line.' })
  quantity!: number;

  @Field(() => Money, { description: "The viewer's unit price, after volume tiers (selected on the product's quantity summed over all lines)." })
  unitPrice!: Money;

  @Field(() => Money, { nullable: true, description: 'The base list unit price for comparison; null when the base list does not price the product.' })
  listUnitPrice!: Money | null;

  @Field(() => Money, { description: 'unitPrice × quantity.' })
  lineTotal!: Money;

  @Field(() => ID, { description: 'The price list that priced the line.' })
  priceListId!: string;

  @Field(() => String, { description: 'Chinese name of that price list.' })
  priceListName!: string;

  @Field(() => Int, { nullable: true, description: 'minQuantity of the volume tier applied; null when the base price applies.' })
  appliedTierMinQuantity!: number | null;

  /** Product id, unit price and line total in minor units, for server-side callers. */
  productId!: string;
  unitPriceMinor!: number;
  lineTotalMinor!: number;
}

@ObjectType({ description: 'A server-side price quote for the viewer: lines, totals and what they were priced by.' })
export class Quote {
  @Field(() => [QuoteLine], { description: 'The priced lines, in input order.' })
  lines!: QuoteLine[];

  @Field(() => Money, { description: 'Sum of the line totals.' })
  subtotal!: Money;

  @Field(() => Money, { description: 'Total of promotion discounts (always 0 until promotions exist).' })
  discountTotal!: Money;

  @Field(() => Money, { description: 'subtotal − discountTotal: what the order would cost.' })
  total!: Money;

  @Field(() => String, { description: 'ISO 4217 currency of every amount (CNY).' })
  currency!: string;

  @Field(() => Date, { description: 'The instant the prices were resolved at.' })
  pricedAt!: Date;

  @Field(() => DealerGrade, { nullable: true, description: 'The dealer grade priced for; null for viewers without a dealer (base list prices).' })
  dealerGrade!: DealerGrade | null;

  @Field(() => ID, { nullable: true, description: "The dealer's region priced for; null for viewers without a dealer." })
  regionId!: string | null;

  /** Totals in minor units, for server-side callers. */
  subtotalMinor!: number;
  discountTotalMinor!: number;
  totalMinor!: number;
}
