import { Money } from '@dnp/subgraph-kit';
import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';

/** Stub of the products subgraph's Product: pricing only knows the key and adds price fields. */
@ObjectType('Product', { description: 'A sellable item (SKU) of the catalogue; pricing contributes its prices.' })
@Directive('@key(fields: "id")')
export class ProductRef {
  @Field(() => ID, { description: 'Stable product id.' })
  id!: string;
}

/** One volume tier break of a product's price for the viewer. */
@ObjectType({
  description: 'A volume tier (阶梯价): the unit price from a minimum quantity on, summed over one order.',
})
export class VolumeTier {
  @Field(() => Int, {
    description: 'Smallest quantity (of this product in one order) the tier applies to; always more than 1.',
  })
  minQuantity!: number;

  @Field(() => Money, { description: 'Unit price from that quantity on.' })
  unitPrice!: Money;
}
