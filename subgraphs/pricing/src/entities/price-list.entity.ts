import type { Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** A dealer's pricing tier (经销商分级); grade-specific price lists apply to one grade. */
export enum DealerGrade {
  A = 'A',
  B = 'B',
  C = 'C',
  D = 'D',
}
registerEnumType(DealerGrade, {
  name: 'DealerGrade',
  description: 'Pricing tier of a dealer (经销商分级); A is the best-priced tier.',
  valuesConfig: {
    A: { description: 'Grade A: key partners, best prices.' },
    B: { description: 'Grade B.' },
    C: { description: 'Grade C.' },
    D: { description: 'Grade D: smallest outlets, prices closest to the list price.' },
  },
});

/** What a price list's prices are: prices to sell at, or the lowest prices a parent dealer may sell at. */
export enum PriceListKind {
  SALE = 'SALE',
  FLOOR = 'FLOOR',
}
registerEnumType(PriceListKind, {
  name: 'PriceListKind',
  description: 'What the prices of a price list are.',
  valuesConfig: {
    SALE: { description: "Prices to sell at (the brand's lists, and a parent dealer's list for its sub-dealers)." },
    FLOOR: {
      description:
        "The brand's floor prices (价格管控): the lowest unit prices a parent dealer may charge its sub-dealers; " +
        'never used to sell.',
    },
  },
});

/**
 * A price list (价格体系): unit prices per product, for one dealer grade and/or one region (or
 * for everyone), valid from `validFrom` until just before `validTo`. Which list prices a product
 * for a viewer is decided in `services/price-resolution.service.ts` (see PRICING.md).
 */
@Entity({ tableName: 'price_list' })
@ObjectType({
  description:
    'A price list (价格体系): unit prices per product for a dealer grade and/or a region, with a validity period.',
})
export class PriceList {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable price list id ("pl_…").' })
  id!: string;

  @Property({ type: 'string', length: 40, unique: true })
  @Field(() => String, { description: 'Short unique upper-case code, e.g. "GRADE-A".' })
  code!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'Chinese name.' })
  name!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'English name.' })
  nameEn!: string;

  @Property({ type: 'string', length: 3 })
  @Field(() => String, { description: 'ISO 4217 currency of every price in the list (CNY).' })
  currency!: string;

  @Enum({ items: () => DealerGrade, nullable: true })
  @Field(() => DealerGrade, {
    nullable: true,
    description: 'The dealer grade the list applies to; null when it applies to every grade.',
  })
  dealerGrade!: DealerGrade | null;

  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  @Field(() => ID, {
    nullable: true,
    description: 'The region (and its whole subtree) the list applies to; null when it applies everywhere.',
  })
  regionId!: string | null;

  /** Materialized path of the region ("/reg_cn/reg_south/"), so a manager's subtree is one LIKE query. */
  @Property({ type: 'string', length: 400, nullable: true })
  regionPath!: string | null;

  /**
   * Depth of `regionId` in the region tree, counted from the root: reg_cn = 1, a sales region = 2,
   * a province = 3, a city = 4; 0 when the list has no region. Deeper (more specific) lists win.
   */
  @Property({ type: 'integer' })
  @Field(() => Int, {
    description:
      'Depth of the region in the region tree (country = 1, sales region = 2, province = 3, city = ' +
      '4); 0 when the list has no region. Deeper lists win.',
  })
  regionDepth!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, {
    description: 'Tie-breaker between lists of the same region depth and grade specificity: higher wins.',
  })
  priority!: number;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'First instant the list is valid.' })
  validFrom!: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: 'First instant the list is no longer valid; null when open-ended.',
  })
  validTo!: Date | null;

  @Enum({ items: () => PriceListKind, default: PriceListKind.SALE })
  @Field(() => PriceListKind, {
    description: "SALE (prices to sell at) or FLOOR (the brand's lowest prices for parent dealers' sales).",
  })
  kind: Opt<PriceListKind> = PriceListKind.SALE;

  /**
   * The parent dealer selling at this list to its sub-dealers (二级分销); null for the brand's lists.
   * A seller's list prices only quotes that name that seller; the brand's ranking never sees it.
   */
  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  @Field(() => ID, {
    nullable: true,
    description:
      "The parent dealer whose list for its sub-dealers this is; null for the brand's lists. A seller's " +
      'list prices only quotes that name that seller.',
  })
  sellerDealerId: Opt<string> | null = null;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, {
    description: 'False when the list has been switched off; inactive lists never price anything.',
  })
  active!: boolean;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the list was created.' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the list last changed.' })
  updatedAt!: Date;
}
