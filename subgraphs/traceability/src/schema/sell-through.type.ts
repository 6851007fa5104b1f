import { Money } from '@dnp/subgraph-kit';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Period sizes of a report, in the brand's business time zone (kit business-period.ts). */
export enum PeriodGranularity {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}
registerEnumType(PeriodGranularity, {
  name: 'PeriodGranularity',
  description: "Size of a report's periods, in the brand's business time zone.",
  valuesConfig: {
    DAY: { description: 'Business days, keyed "2026-03-01".' },
    WEEK: { description: 'ISO weeks from Monday, keyed "2026-W09".' },
    MONTH: { description: 'Calendar months, keyed "2026-03".' },
    QUARTER: { description: 'Quarters, keyed "2026-Q1".' },
    YEAR: { description: 'Years, keyed "2026".' },
  },
});

@ObjectType({ description: 'Retail sell-through (SELL scans) of one period.' })
export class SellThroughPeriod {
  @Field(() => String, { description: 'The period key, e.g. "2026-03" for MONTH.' })
  period!: string;

  @Field(() => Int, { description: 'Units scanned as sold to consumers.' })
  soldUnits!: number;

  @Field(() => Int, { description: 'Of those, units sold with a retail price entered.' })
  pricedUnits!: number;

  @Field(() => Money, { description: 'Sum of the entered retail prices.' })
  revenue!: Money;

  @Field(() => Money, { nullable: true, description: 'Revenue over priced units; null when no sale had a price.' })
  averagePrice!: Money | null;
}
