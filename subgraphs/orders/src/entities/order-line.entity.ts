import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TaxClass } from '@dnp/subgraph-kit';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@Entity({ tableName: 'order_line' })
@Unique({ properties: ['orderId', 'lineNo'] })
@ObjectType({
  description:
    'One product line of an order, with the price agreed when it was placed; free gift lines of a promotion ' +
    '(isGift) are lines too, reserved and shipped like the others.',
})
export class OrderLine {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable order line id ("oln_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  orderId!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Position of the line in the order, from 1.' })
  lineNo!: number;

  @Property({ type: 'string', length: 40 })
  @Index()
  productId!: string;

  @Property({ type: 'string', length: 32 })
  @Field(() => String, { description: 'SKU of the product when the order was placed.' })
  sku!: string;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, {
    description: 'Product name when the order was placed (a snapshot; renames do not change history).',
  })
  productName!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Ordered quantity in selling units.' })
  quantity!: number;

  /** Copy of the order's currency, so line amounts need no lookup of the order. */
  @Property({ type: 'string', length: 3 })
  currency!: string;

  /** Unit price after volume tiers, before promotions; 0 for a gift line. */
  @Property({ type: 'integer' })
  unitPriceMinor!: number;

  /** unitPrice × quantity, as the quote returned it (0 for a gift line). */
  @Property({ type: 'integer', default: 0 })
  lineSubtotalMinor!: number;

  /** The line's share of the promotion discounts, as the quote returned it (0 when none). */
  @Property({ type: 'integer', default: 0 })
  discountMinor!: number;

  /** lineSubtotal − discount: what the line costs (the quote's lineTotal). */
  @Property({ type: 'integer' })
  lineTotalMinor!: number;

  @Property({ type: 'boolean', default: false })
  @Field(() => Boolean, {
    description:
      'True for a free gift line added by a gift-with-purchase promotion (unit price 0; reserved and shipped ' +
      'like the paid lines).',
  })
  isGift!: boolean;

  /** For a gift line: the promotion that gave it; null for paid lines. */
  @Property({ type: 'string', length: 40, nullable: true })
  @Field(() => ID, {
    nullable: true,
    description:
      'For a gift line, the id of the promotion that gave it (giftOf); null for paid lines, whose discounts ' +
      'may come from several promotions (see Order.appliedPromotions).',
  })
  promotionId!: string | null;

  /** The product's VAT class when the order was placed (a snapshot: the invoice uses it). */
  @Property({ type: 'string', length: 12, default: TaxClass.STANDARD })
  @Field(() => TaxClass, { description: "The product's VAT class when the order was placed." })
  taxClass!: TaxClass;

  /** Units shipped so far (cumulative: the parts rule values the next part from it). */
  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Units of the line shipped so far.' })
  shippedQuantity!: number;

  /** Gross value of the units shipped so far, in minor units (Σ of the parts). */
  @Property({ type: 'integer', default: 0 })
  shippedGrossMinor!: number;

  /** Units credited by returns so far. */
  @Property({ type: 'integer', default: 0 })
  creditedQuantity!: number;

  /** Gross value credited by returns so far, in minor units. */
  @Property({ type: 'integer', default: 0 })
  creditedGrossMinor!: number;
}
