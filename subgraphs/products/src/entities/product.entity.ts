import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { TaxClass } from '@dnp/subgraph-kit';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Whether a product can be ordered. */
export enum ProductStatus {
  ACTIVE = 'ACTIVE',
  DISCONTINUED = 'DISCONTINUED',
}
registerEnumType(ProductStatus, {
  name: 'ProductStatus',
  description: 'Whether a product can be ordered.',
  valuesConfig: {
    ACTIVE: { description: 'On sale.' },
    DISCONTINUED: { description: 'No longer sold; kept for history and tracing.' },
  },
});

@Entity({ tableName: 'product' })
@Index({ properties: ['name', 'id'] })
@Index({ properties: ['createdAt', 'id'] })
@ObjectType({ description: 'A sellable item (SKU) of the catalogue.' })
@Directive('@key(fields: "id")')
@Directive('@key(fields: "sku")')
export class Product {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable product id.' })
  id!: string;

  @Property({ type: 'string', length: 32, unique: true })
  @Field(() => String, { description: 'Stock keeping unit code, e.g. "JH-MLK-0001".' })
  sku!: string;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'Chinese product name.' })
  name!: string;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'English product name.' })
  nameEn!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  brandId!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  categoryId!: string;

  /** Copy of the category's path, so "products in this subtree" needs no join. */
  @Property({ type: 'string', length: 400 })
  @Index()
  @Field(() => String, {
    description:
      "Internal (service callers: pricing's read-through): materialized path of the category, e.g. " +
      '"/cat_dairy/cat_mlk/"; not exposed by the gateway.',
  })
  @Directive('@inaccessible')
  categoryPath!: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => String, { description: 'Selling unit in Chinese, e.g. "箱".' })
  unit!: string;

  @Property({ type: 'string', length: 16 })
  @Field(() => String, { description: 'Selling unit in English, e.g. "case".' })
  unitEn!: string;

  /** Indexed: a new or changed barcode is checked against the ACTIVE products under a row lock. */
  @Property({ type: 'string', length: 32 })
  @Index()
  @Field(() => String, { description: 'GTIN/EAN-13 barcode of the selling unit.' })
  barcode!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Shelf life in days from production.' })
  shelfLifeDays!: number;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, { description: 'True when every unit carries a serial code (一物一码).' })
  traceable!: boolean;

  @Enum({ items: () => ProductStatus, nativeEnumName: undefined })
  @Field(() => ProductStatus, { description: 'Whether the product can be ordered.' })
  status!: ProductStatus;

  /** Rows made before tax classes existed read STANDARD until HQ classes them. */
  @Enum({ items: () => TaxClass, default: TaxClass.STANDARD })
  @Field(() => TaxClass, {
    description:
      'VAT class of the product (增值税税率类别): STANDARD 13 %, REDUCED 9 % (e.g. plain milk), ZERO 0 %. Prices ' +
      'include VAT at this rate.',
  })
  taxClass!: TaxClass;

  /**
   * Region ids the product may be sold in, comma-separated ("reg_south"); null sells nationwide.
   * Order placement refuses a restricted product to a dealer none of whose authorized regions lies
   * inside one of these regions (REGION_NOT_AUTHORIZED).
   */
  @Property({ type: 'string', length: 400, nullable: true })
  salesRegions!: string | null;

  /** Lower-cased name, English name, SKU and barcode, for case-insensitive search. */
  @Property({ type: 'string', length: 600 })
  searchText!: string;

  /** Optimistic concurrency: every change adds one; updateProduct names the version it saw. */
  @Property({ type: 'integer', default: 1 })
  @Field(() => Int, {
    description: 'Version of the product row, raised by every change; updateProduct must name the current one.',
  })
  version: Opt<number> = 1;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the product was retired (停售); null while on sale.' })
  retiredAt: Date | null = null;

  /** Who retired it (a user id), for the record beside the audit entry. */
  @Property({ type: 'string', length: 60, nullable: true })
  retiredByUserId: string | null = null;

  /** The first image by position (a `product_image` id), so a catalogue page needs no image query. */
  @Property({ type: 'string', length: 40, nullable: true })
  primaryImageId: string | null = null;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the product was created.' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the product last changed.' })
  updatedAt!: Date;
}
