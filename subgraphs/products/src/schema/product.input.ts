import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { ProductStatus } from '../entities/product.entity.js';

/** Orders a product list can be sorted in. */
export enum ProductSort {
  NAME_ASC = 'NAME_ASC',
  NAME_DESC = 'NAME_DESC',
  SKU_ASC = 'SKU_ASC',
  SKU_DESC = 'SKU_DESC',
  NEWEST = 'NEWEST',
  OLDEST = 'OLDEST',
}
registerEnumType(ProductSort, {
  name: 'ProductSort',
  description: 'Orders a product list can be sorted in; ties are broken by id.',
  valuesConfig: {
    NAME_ASC: { description: 'Chinese name, A to Z (Unicode order).' },
    NAME_DESC: { description: 'Chinese name, Z to A.' },
    SKU_ASC: { description: 'SKU ascending.' },
    SKU_DESC: { description: 'SKU descending.' },
    NEWEST: { description: 'Most recently created first.' },
    OLDEST: { description: 'Oldest first.' },
  },
});

@InputType({ description: 'Narrows a product list. All given conditions must hold.' })
export class ProductFilter {
  @Field(() => String, {
    nullable: true,
    description: 'Case-insensitive text in the name (Chinese or English), SKU or barcode; at most 100 characters.',
  })
  search?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only products in this category or any of its descendants.' })
  categoryId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Only products of these brands.' })
  brandIds?: string[] | null;

  @Field(() => [ID], { nullable: true, description: 'Only these products.' })
  ids?: string[] | null;

  @Field(() => ProductStatus, { nullable: true, description: 'Only products in this status.' })
  status?: ProductStatus | null;
}
