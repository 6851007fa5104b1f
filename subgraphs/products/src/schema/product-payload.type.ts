import { UserError } from '@dnp/subgraph-kit';
import { Field, ObjectType } from 'type-graphql';
import { Product } from '../entities/product.entity.js';

@ObjectType({ description: 'What a product change did: the product as stored, or why nothing was written.' })
export class ProductPayload {
  @Field(() => Product, { nullable: true, description: 'The product after the change; null when refused.' })
  product!: Product | null;

  @Field(() => [UserError], { description: 'Business refusals, each with its code; when any, nothing was written.' })
  errors!: UserError[];
}
