import { TaxClass } from '@dnp/subgraph-kit';
import { Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'A new product (HQ): every field of the catalogue record.' })
export class CreateProductInput {
  @Field(() => String, {
    description: 'Stock keeping unit, stored upper-case: A–Z, 0–9 and "-", 3 to 32 characters; never reused.',
  })
  sku!: string;

  @Field(() => String, { description: 'Chinese product name, 1 to 200 characters.' })
  name!: string;

  @Field(() => String, { description: 'English product name, 1 to 200 characters.' })
  nameEn!: string;

  @Field(() => ID, { description: 'The brand (must exist and be active).' })
  brandId!: string;

  @Field(() => ID, { description: 'The category: an active leaf of the tree.' })
  categoryId!: string;

  @Field(() => String, { description: 'Selling unit in Chinese, 1 to 16 characters, e.g. "箱".' })
  unit!: string;

  @Field(() => String, { description: 'Selling unit in English, 1 to 16 characters, e.g. "case".' })
  unitEn!: string;

  @Field(() => String, {
    description: 'GS1 barcode (8, 12, 13 or 14 digits with a valid check digit), unique among products on sale.',
  })
  barcode!: string;

  @Field(() => TaxClass, { description: 'VAT class of the product.' })
  taxClass!: TaxClass;

  @Field(() => Int, { description: 'Shelf life in days from production, 1 to 3650.' })
  shelfLifeDays!: number;

  @Field(() => Boolean, { description: 'True when every unit carries a serial code (一物一码).' })
  traceable!: boolean;

  @Field(() => [ID], {
    nullable: true,
    description: 'Region ids the product may be sold in (known to the dealers subgraph); null or empty: nationwide.',
  })
  salesRegionIds?: string[] | null;

  @Field(() => [ID], {
    nullable: true,
    description:
      "The caller's PRODUCT_IMAGE uploads (POST /uploads) to attach as the product's images, in gallery order, " +
      'at most IMAGE_MAX_PER_PRODUCT; all or none, with the refusals of attachProductImages.',
  })
  uploadIds?: string[] | null;

  @Field(() => [String], {
    nullable: 'itemsAndList',
    description: 'Alt text of each upload, parallel to `uploadIds` (null or blank: none), at most 200 characters.',
  })
  imageAlts?: (string | null)[] | null;
}

@InputType({
  description: 'A change to a product (HQ): the fields to change; omitted (or null) fields keep their value.',
})
export class UpdateProductInput {
  @Field(() => ID, { description: 'Product id.' })
  id!: string;

  @Field(() => Int, { description: 'The version the change is based on; a stale one is refused (VERSION_CONFLICT).' })
  expectedVersion!: number;

  @Field(() => String, {
    nullable: true,
    description: 'The SKU can never change: only the current one is accepted (otherwise SKU_IMMUTABLE).',
  })
  sku?: string | null;

  @Field(() => String, { nullable: true, description: 'Chinese product name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'English product name.' })
  nameEn?: string | null;

  @Field(() => ID, { nullable: true, description: 'The brand (must exist and be active).' })
  brandId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The category (an active leaf); moves the product there.' })
  categoryId?: string | null;

  @Field(() => String, { nullable: true, description: 'Selling unit in Chinese.' })
  unit?: string | null;

  @Field(() => String, { nullable: true, description: 'Selling unit in English.' })
  unitEn?: string | null;

  @Field(() => String, { nullable: true, description: 'GS1 barcode, unique among products on sale.' })
  barcode?: string | null;

  @Field(() => TaxClass, { nullable: true, description: 'VAT class of the product.' })
  taxClass?: TaxClass | null;

  @Field(() => Int, { nullable: true, description: 'Shelf life in days from production, 1 to 3650.' })
  shelfLifeDays?: number | null;

  @Field(() => Boolean, { nullable: true, description: 'True when every unit carries a serial code.' })
  traceable?: boolean | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'Region ids the product may be sold in; an empty list sells it nationwide; omitted keeps them.',
  })
  salesRegionIds?: string[] | null;
}
