import { connectionType, Money } from '@dnp/subgraph-kit';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DealerRef, ProductRef, RegionRef } from './refs.type.js';

@ObjectType({ description: 'One row of a sales report: shipped less credited, in the period range.' })
export class SalesReportRow {
  @Field(() => String, {
    description: 'The row’s key: a region, dealer, product or category id, or a period key ("2026-03").',
  })
  key!: string;

  @Field(() => String, { description: 'A display label (the period key, or the id until the client names it).' })
  label!: string;

  @Field(() => RegionRef, { nullable: true, description: 'The region, for dimension REGION.' })
  region!: RegionRef | null;

  @Field(() => DealerRef, { nullable: true, description: 'The dealer, for dimension DEALER.' })
  dealer!: DealerRef | null;

  @Field(() => ProductRef, { nullable: true, description: 'The product, for dimension PRODUCT.' })
  product!: ProductRef | null;

  @Field(() => Int, {
    description: 'Orders counted at their first shipment (PRODUCT and CATEGORY: once per product line).',
  })
  orders!: number;

  @Field(() => Int, { description: 'Units shipped less units credited by returns.' })
  units!: number;

  @Field(() => Money, { description: 'Tax-inclusive value (promotions deducted) shipped less credited.' })
  gross!: Money;

  @Field(() => Money, { description: 'The same without VAT.' })
  net!: Money;

  @Field(() => Money, { nullable: true, description: 'Net of the comparison periods; null without a comparison.' })
  compareNet!: Money | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Change against compareNet in basis points (1250 = +12.5 %); null when it is zero or absent.',
  })
  changeBp!: number | null;
}

/** The `SalesReportRowConnection` page type. */
export const SalesReportRowConnection = connectionType(SalesReportRow, 'SalesReportRow', 'sales report row');

@ObjectType({ description: 'The whole report’s figures (every row, not only this page).' })
export class SalesReportTotals {
  @Field(() => Int, { description: 'Orders counted at their first shipment, each once.' })
  orders!: number;

  @Field(() => Int, { description: 'Units shipped less credited.' })
  units!: number;

  @Field(() => Money, { description: 'Tax-inclusive value shipped less credited.' })
  gross!: Money;

  @Field(() => Money, { description: 'The same without VAT.' })
  net!: Money;

  @Field(() => Money, { nullable: true, description: 'Net of the comparison; null without one.' })
  compareNet!: Money | null;

  @Field(() => Int, { nullable: true, description: 'Change against compareNet in basis points; null when none.' })
  changeBp!: number | null;
}

@ObjectType({ description: 'A sales report read from the sales aggregates (never from the orders themselves).' })
export class SalesReport {
  @Field(() => String, { description: 'The first period key covered (after widening to whole periods).' })
  firstPeriod!: string;

  @Field(() => String, { description: 'The last period key covered.' })
  lastPeriod!: string;

  @Field(() => SalesReportRowConnection, { description: 'The rows, a page at a time.' })
  rows!: InstanceType<typeof SalesReportRowConnection>;

  @Field(() => SalesReportTotals, { description: 'Totals over every row.' })
  totals!: SalesReportTotals;
}

@ObjectType({ description: 'One dealer’s place in a dealer ranking.' })
export class DealerRankingRow {
  @Field(() => Int, { description: 'Place, from 1.' })
  rank!: number;

  @Field(() => ID, { description: 'The dealer’s id.' })
  dealerId!: string;

  @Field(() => DealerRef, { description: 'The dealer (resolved by the dealers subgraph).' })
  dealer!: DealerRef;

  @Field(() => Int, { description: 'Orders counted at their first shipment in the period.' })
  orders!: number;

  @Field(() => Int, { description: 'Units shipped less credited.' })
  units!: number;

  @Field(() => Money, { description: 'Net sales (without VAT).' })
  net!: Money;

  @Field(() => Money, { description: 'Net sales of the same period last year.' })
  lastYearNet!: Money;

  @Field(() => Int, { nullable: true, description: 'Net growth over last year in basis points; null without a base.' })
  growthBp!: number | null;
}
