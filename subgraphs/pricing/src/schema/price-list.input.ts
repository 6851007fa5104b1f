import { Field, ID, InputType, Int } from 'type-graphql';
import { DealerGrade, PriceListKind } from '../entities/price-list.entity.js';

@InputType({ description: 'Narrows a price list list. All given conditions must hold.' })
export class PriceListFilter {
  @Field(() => Boolean, {
    nullable: true,
    description: 'Only switched-on (true) or switched-off (false) lists; validity dates are not considered.',
  })
  active?: boolean | null;

  @Field(() => DealerGrade, { nullable: true, description: 'Only lists for exactly this dealer grade.' })
  dealerGrade?: DealerGrade | null;

  @Field(() => ID, { nullable: true, description: 'Only lists for exactly this region.' })
  regionId?: string | null;
}

@InputType({
  description: 'The settings of a price list (createPriceList; updatePriceList replaces every setting with it).',
})
export class PriceListInput {
  @Field(() => String, { description: 'Unique code: 2 to 40 of A-Z, 0-9 and "-".' })
  code!: string;

  @Field(() => String, { description: 'Chinese name, 1 to 120 characters.' })
  name!: string;

  @Field(() => String, { description: 'English name, 1 to 120 characters.' })
  nameEn!: string;

  @Field(() => String, {
    nullable: true,
    description: 'ISO 4217 currency (default and only accepted value for now: CNY).',
  })
  currency?: string | null;

  @Field(() => DealerGrade, {
    nullable: true,
    description: 'The dealer grade the list applies to; null for every grade.',
  })
  dealerGrade?: DealerGrade | null;

  @Field(() => ID, {
    nullable: true,
    description: 'The region (with its subtree) the list applies to; null for everywhere. Must be a known region.',
  })
  regionId?: string | null;

  @Field(() => Int, { nullable: true, description: 'Priority, -1000 to 1000 (default 0).' })
  priority?: number | null;

  @Field(() => Date, { description: 'First instant the list is valid.' })
  validFrom!: Date;

  @Field(() => Date, {
    nullable: true,
    description: 'First instant it is no longer valid (after validFrom); null when open-ended.',
  })
  validTo?: Date | null;

  @Field(() => Boolean, { nullable: true, description: 'Switched on (default true).' })
  active?: boolean | null;

  @Field(() => PriceListKind, {
    nullable: true,
    description:
      'SALE (default: prices to sell at) or FLOOR (the lowest prices parent dealers may charge sub-dealers).',
  })
  kind?: PriceListKind | null;
}

@InputType({ description: 'One price to insert or update in a list, keyed by product and minimum quantity.' })
export class PriceListEntryInput {
  @Field(() => ID, { description: 'A known product.' })
  productId!: string;

  @Field(() => Int, { description: 'Minimum quantity, ≥ 1 (1 = base price, more = volume tier).' })
  minQuantity!: number;

  @Field(() => Int, { description: 'Unit price in fen, a positive integer.' })
  unitPriceMinor!: number;
}
