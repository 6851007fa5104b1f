import { Money } from '@dnp/subgraph-kit';
import { Directive, Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { OrderStatus } from '../entities/order.entity.js';
import { RegionRef } from './refs.type.js';

/**
 * A dealer's recent sales. Declared identically (with @shareable) in dealers, whose
 * `Dealer.healthScore` @requires it.
 */
@ObjectType({ description: "A dealer's sales over the last 12 months, cancelled and rejected orders excluded." })
@Directive('@shareable')
export class DealerSalesStats {
  @Field(() => Int, { description: 'Orders placed in the last 12 months that were not cancelled or rejected.' })
  orderCount!: number;

  @Field(() => Money, { description: 'Total of those orders.' })
  totalAmount!: Money;

  @Field(() => Money, { description: 'Total of the orders of the last 90 days.' })
  last90DaysAmount!: Money;

  @Field(() => Date, {
    nullable: true,
    description: 'When the dealer last placed an order that was not cancelled or rejected; null when none.',
  })
  lastOrderAt!: Date | null;
}

/** Size of the periods of a sales trend. */
export enum TrendGranularity {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}
registerEnumType(TrendGranularity, {
  name: 'TrendGranularity',
  description: 'Size of the periods of a sales trend (UTC calendar).',
  valuesConfig: {
    DAY: { description: 'Calendar days, labelled "2026-11-21"; default range the last 30 days; at most 400 days.' },
    WEEK: { description: 'ISO weeks from Monday, labelled "2026-W47"; default range the last 26 weeks.' },
    MONTH: { description: 'Calendar months, labelled "2026-11"; default range the last 12 months.' },
  },
});

@ObjectType({ description: 'Sales of one period of a trend.' })
export class SalesPoint {
  @Field(() => Date, { description: 'Start of the period (UTC midnight of its first day).' })
  periodStart!: Date;

  @Field(() => String, {
    description: 'Label of the period: "2026-11-21" (day), "2026-W47" (ISO week) or "2026-11" (month).',
  })
  label!: string;

  @Field(() => Int, { description: 'Orders placed in the period, cancelled and rejected ones excluded.' })
  orderCount!: number;

  @Field(() => Money, { description: 'Total of those orders.' })
  amount!: Money;
}

/** Level of the region tree that sales are grouped by. */
export enum RegionLevelFilter {
  SALES_REGION = 'SALES_REGION',
  PROVINCE = 'PROVINCE',
}
registerEnumType(RegionLevelFilter, {
  name: 'RegionLevelFilter',
  description: 'Level of the region tree that sales are grouped by.',
  valuesConfig: {
    SALES_REGION: { description: 'Sales regions (大区), e.g. East China.' },
    PROVINCE: { description: 'Provinces and municipalities, e.g. Jiangsu.' },
  },
});

@ObjectType({ description: 'Sales of the dealers of one region.' })
export class RegionSales {
  /** Region id; the resolver turns it into a Region stub. */
  regionId!: string;

  @Field(() => RegionRef, { description: 'The region (resolved by the dealers subgraph).' })
  region!: RegionRef;

  @Field(() => Int, { description: 'Orders of dealers in the region, cancelled and rejected ones excluded.' })
  orderCount!: number;

  @Field(() => Money, { description: 'Total of those orders.' })
  amount!: Money;
}

@ObjectType({ description: 'How many orders are in one status.' })
export class OrderStatusCount {
  @Field(() => OrderStatus, { description: 'The status.' })
  status!: OrderStatus;

  @Field(() => Int, { description: 'Orders in the viewer’s scope currently in that status.' })
  count!: number;
}
