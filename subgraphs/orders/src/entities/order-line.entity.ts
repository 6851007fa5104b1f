import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';

@Entity({ tableName: 'order_line' })
@Unique({ properties: ['orderId', 'lineNo'] })
@ObjectType({ description: 'One product line of an order, with the price agreed when it was placed.' })
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
  @Field(() => String, { description: 'Product name when the order was placed (a snapshot; renames do not change history).' })
  productName!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Ordered quantity in selling units.' })
  quantity!: number;

  /** Copy of the order's currency, so line amounts need no lookup of the order. */
  @Property({ type: 'string', length: 3 })
  currency!: string;

  @Property({ type: 'integer' })
  unitPriceMinor!: number;

  @Property({ type: 'integer' })
  lineTotalMinor!: number;
}
