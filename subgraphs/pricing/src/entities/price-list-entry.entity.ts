import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';

/**
 * One price of a product in a price list. `minQuantity` 1 is the product's base price in the
 * list; a larger `minQuantity` is a volume tier break (阶梯价) that applies from that quantity on.
 */
@Entity({ tableName: 'price_list_entry' })
@Unique({ properties: ['priceListId', 'productId', 'minQuantity'] })
@Index({ properties: ['productId', 'priceListId'] })
@ObjectType({
  description:
    'One unit price of a product in a price list, from a minimum quantity on (1 = base price, more = volume tier).',
})
export class PriceListEntry {
  @PrimaryKey({ type: 'string', length: 60 })
  @Field(() => ID, { description: 'Stable entry id ("ple_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'The price list the entry belongs to.' })
  priceListId!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'The product priced.' })
  productId!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, {
    description:
      'Smallest order quantity (of the product, summed over an order) this price applies to; 1 is the base price.',
  })
  minQuantity!: number;

  /** Unit price in minor units (fen) of the list's currency. */
  @Property({ type: 'integer' })
  unitPriceMinor!: number;
}
