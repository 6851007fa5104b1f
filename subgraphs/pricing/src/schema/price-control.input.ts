import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { PriceViolationStatus } from '../entities/price-violation.entity.js';

/** How priceViolationSummary groups violations. */
export enum PriceViolationGroupBy {
  REGION = 'REGION',
  DEALER = 'DEALER',
}
registerEnumType(PriceViolationGroupBy, {
  name: 'PriceViolationGroupBy',
  description: 'How price violations are grouped in a summary.',
  valuesConfig: {
    REGION: { description: 'By the region where the price was seen.' },
    DEALER: { description: 'By the dealer that sold below the minimum.' },
  },
});

@InputType({ description: 'A minimum resale price to set (setMinimumResalePrice): one per product and region.' })
export class MinimumResalePriceInput {
  @Field(() => ID, { description: 'A known product.' })
  productId!: string;

  @Field(() => ID, { description: 'A known region; the minimum covers its subtree unless a deeper region sets one.' })
  regionId!: string;

  @Field(() => Int, { description: 'The minimum retail price in fen (分), a positive integer.' })
  minPriceMinor!: number;

  @Field(() => Date, { nullable: true, description: 'First instant it applies (default: now).' })
  validFrom?: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'First instant it no longer applies (after validFrom); null: open.',
  })
  validTo?: Date | null;
}

@InputType({ description: 'Narrows a list of minimum resale prices. All given conditions must hold.' })
export class MinimumResalePriceFilter {
  @Field(() => ID, { nullable: true, description: 'Only minimums of this product.' })
  productId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only minimums set on exactly this region.' })
  regionId?: string | null;
}

@InputType({ description: 'A retail price seen at a dealer (reportRetailPrice).' })
export class RetailPriceReportInput {
  @Field(() => ID, { description: 'A known product.' })
  productId!: string;

  @Field(() => ID, { description: 'A known region (usually a city) where the price was seen.' })
  regionId!: string;

  @Field(() => Int, { description: 'The retail price in fen (分), a positive integer.' })
  priceMinor!: number;

  @Field(() => ID, {
    nullable: true,
    description:
      'The dealer selling at that price: HQ must name one; a dealer user may only name its own (the default).',
  })
  dealerId?: string | null;

  @Field(() => Date, { nullable: true, description: 'When the price was seen (default: now); not in the future.' })
  observedAt?: Date | null;

  @Field(() => String, { nullable: true, description: 'The serial code of the unit, when known.' })
  code?: string | null;

  @Field(() => String, { nullable: true, description: 'Free note, at most 500 characters.' })
  note?: string | null;
}

@InputType({ description: 'Narrows a list of price violations. All given conditions must hold.' })
export class PriceViolationFilter {
  @Field(() => ID, { nullable: true, description: 'Only violations seen in this region or its subtree.' })
  regionId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only violations of this dealer.' })
  dealerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only violations of this product.' })
  productId?: string | null;

  @Field(() => PriceViolationStatus, { nullable: true, description: 'Only violations in this work state.' })
  status?: PriceViolationStatus | null;

  @Field(() => Date, { nullable: true, description: 'Only violations raised at or after this instant.' })
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only violations raised before this instant.' })
  to?: Date | null;
}
