import { UserError } from '@dnp/subgraph-kit';
import { Field, ObjectType } from 'type-graphql';
import { Brand } from '../entities/brand.entity.js';
import { Category } from '../entities/category.entity.js';

@ObjectType({ description: 'What a category change did: the category as stored, or why nothing was written.' })
export class CategoryPayload {
  @Field(() => Category, { nullable: true, description: 'The category after the change; null when refused.' })
  category!: Category | null;

  @Field(() => [UserError], { description: 'Business refusals, each with its code; when any, nothing was written.' })
  errors!: UserError[];
}

@ObjectType({ description: 'What a brand change did: the brand as stored, or why nothing was written.' })
export class BrandPayload {
  @Field(() => Brand, { nullable: true, description: 'The brand after the change; null when refused.' })
  brand!: Brand | null;

  @Field(() => [UserError], { description: 'Business refusals, each with its code; when any, nothing was written.' })
  errors!: UserError[];
}
