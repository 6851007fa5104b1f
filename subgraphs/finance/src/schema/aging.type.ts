import { connectionType, LocalDateScalar, Money } from '@dnp/subgraph-kit';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DealerRef } from './references.type.js';

/** How the aging report groups its rows. */
export enum AgingGroup {
  DEALER = 'DEALER',
  REGION = 'REGION',
}
registerEnumType(AgingGroup, {
  name: 'AgingGroup',
  description: 'How the receivables aging report groups its rows.',
  valuesConfig: {
    DEALER: { description: 'One row per dealer.' },
    REGION: { description: 'One row per region one level below the report region.' },
  },
});

@ObjectType('Region', { description: 'A node of the sales region tree (owned by the dealers subgraph).' })
@Directive('@key(fields: "id")')
export class AgingRegionRef {
  @Field(() => ID, { description: 'Region id ("reg_…").' })
  id!: string;
}

@ObjectType({ description: 'Open receivables by days past due (账龄), with the unapplied credit beside them.' })
export class AgingBuckets {
  @Field(() => Money, { description: 'Not yet due.' })
  current!: Money;

  @Field(() => Money, { description: '1 to 30 days past due.' })
  d1to30!: Money;

  @Field(() => Money, { description: '31 to 60 days past due.' })
  d31to60!: Money;

  @Field(() => Money, { description: '61 to 90 days past due.' })
  d61to90!: Money;

  @Field(() => Money, { description: 'More than 90 days past due.' })
  over90!: Money;

  @Field(() => Money, { description: 'All open receivables: the sum of the five buckets.' })
  total!: Money;

  @Field(() => Money, {
    description: 'Unallocated payments and unapplied credit notes (预收款), never netted into the buckets.',
  })
  unappliedCredit!: Money;
}

@ObjectType({ description: 'One row of the aging report: a dealer, or a region.' })
export class AgingRow {
  @Field(() => DealerRef, { nullable: true, description: 'The dealer (DEALER grouping); null for a region row.' })
  dealer!: DealerRef | null;

  @Field(() => AgingRegionRef, { nullable: true, description: 'The region (REGION grouping); null for a dealer row.' })
  region!: AgingRegionRef | null;

  @Field(() => AgingBuckets, { description: 'Its receivables by age.' })
  buckets!: AgingBuckets;

  @Field(() => LocalDateScalar, { nullable: true, description: 'The oldest due date of an open invoice.' })
  oldestDueDate!: string | null;

  @Field(() => Boolean, {
    description:
      'True when an invoice is more than the threshold past due: the dealer (or one of the region) may not order.',
  })
  blocked!: boolean;
}

export const AgingRowConnection = connectionType(AgingRow, 'AgingRow', 'aging row');

@ObjectType({ description: 'Receivables aging (账龄分析) as of a business date.' })
export class AgingReport {
  @Field(() => LocalDateScalar, { description: 'The business date the ages are counted to.' })
  asOf!: string;

  @Field(() => Int, { description: 'OVERDUE_BLOCK_DAYS: more days past due block ordering (0 = off).' })
  thresholdDays!: number;

  @Field(() => AgingBuckets, { description: 'The totals over every row, not only this page.' })
  totals!: AgingBuckets;

  @Field(() => AgingRowConnection, { description: 'The rows, most over 90 days first, then largest total.' })
  rows!: InstanceType<typeof AgingRowConnection>;
}
