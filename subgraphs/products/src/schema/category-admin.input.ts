import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'A category of the tree (HQ): its code, names and place.' })
export class CategoryInput {
  @Field(() => String, { description: 'Short code, stored upper-case: A–Z, 0–9 and "-", 2 to 32; unique.' })
  code!: string;

  @Field(() => String, { description: 'Chinese name, 1 to 120 characters.' })
  name!: string;

  @Field(() => String, { description: 'English name, 1 to 120 characters.' })
  nameEn!: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'createCategory: the parent (null: a top-level category); it may hold no products. updateCategory: ' +
      'omit it or give the current parent (moveCategory moves; otherwise CATEGORY_MOVE_REQUIRED).',
  })
  parentId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Display order among siblings; default after the last.' })
  position?: number | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'False switches the category off (no new products filed in it); default true, omitted keeps it.',
  })
  active?: boolean | null;
}

@InputType({ description: 'A brand (HQ): its code, names and switch.' })
export class BrandInput {
  @Field(() => String, { description: 'Short code, stored upper-case: A–Z, 0–9 and "-", 2 to 32; unique.' })
  code!: string;

  @Field(() => String, { description: 'Chinese name, 1 to 120 characters.' })
  name!: string;

  @Field(() => String, { description: 'English name, 1 to 120 characters.' })
  nameEn!: string;

  @Field(() => Boolean, {
    nullable: true,
    description: 'False switches the brand off (no new products under it); default true, omitted keeps it.',
  })
  active?: boolean | null;
}
