import { connectionType, UserError } from '@dnp/subgraph-kit';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { PriceViolation } from '../entities/price-violation.entity.js';
import { ResaleFloor } from '../entities/resale-floor.entity.js';
import { RetailPriceReport } from '../entities/retail-price-report.entity.js';

/** A page of minimum resale prices (Query.minimumResalePrices). */
export const MinimumResalePriceConnection = connectionType(ResaleFloor, 'MinimumResalePrice', 'minimum resale price');

/** A page of price violations (Query.priceViolations). */
export const PriceViolationConnection = connectionType(PriceViolation, 'PriceViolation', 'price violation');

@ObjectType({ description: 'What setMinimumResalePrice or removeMinimumResalePrice did.' })
export class MinimumResalePricePayload {
  @Field(() => ResaleFloor, {
    nullable: true,
    description: 'The minimum as set (as it was, for a removal); null when refused or nothing was there.',
  })
  minimumResalePrice!: ResaleFloor | null;

  @Field(() => [UserError], {
    description: 'Why nothing was written: PRICE_NOT_POSITIVE, PRODUCT_UNKNOWN, REGION_UNKNOWN, INVALID_VALIDITY.',
  })
  errors!: UserError[];
}

@ObjectType({ description: 'What reportRetailPrice did.' })
export class RetailPriceReportPayload {
  @Field(() => RetailPriceReport, { nullable: true, description: 'The report filed; null when refused.' })
  report!: RetailPriceReport | null;

  @Field(() => PriceViolation, {
    nullable: true,
    description: "The violation the price raised or joined (that day's open one); null when not below the minimum.",
  })
  violation!: PriceViolation | null;

  @Field(() => [UserError], {
    description:
      'Why nothing was written: PRICE_NOT_POSITIVE, PRODUCT_UNKNOWN, REGION_UNKNOWN, OBSERVED_IN_FUTURE, ' +
      'DEALER_REQUIRED, DEALER_UNKNOWN, NOTE_TOO_LONG.',
  })
  errors!: UserError[];
}

@ObjectType({ description: 'Price violations of one region or dealer (priceViolationSummary).' })
export class PriceViolationGroup {
  @Field(() => ID, { description: 'The region id or dealer id the group is about.' })
  key!: string;

  @Field(() => Int, { description: 'Violations in the group.' })
  count!: number;

  @Field(() => Int, { description: 'Of those, the ones not yet resolved.' })
  unresolved!: number;
}
