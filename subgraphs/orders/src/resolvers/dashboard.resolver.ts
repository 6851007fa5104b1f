import { Grants } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, Query, Resolver } from 'type-graphql';
import type { OrdersContext } from '../orders-context.js';
import { SalesService } from '../services/sales.service.js';
import {
  OrderStatusCount,
  RegionLevelFilter,
  RegionSales,
  SalesPoint,
  TrendGranularity,
} from '../schema/sales.type.js';

const sales = new SalesService();

@Resolver()
export class DashboardResolver {
  @Authorized(...Grants.MANAGERS)
  @Query(() => [SalesPoint], {
    description:
      'Orders and amounts per period for the HQ console (HQ admins: all; region managers: their region). ' +
      'Cancelled and rejected orders are excluded; empty periods are zeros.',
  })
  salesTrend(
    @Ctx() ctx: OrdersContext,
    @Arg('granularity', () => TrendGranularity, { description: 'Period size.' }) granularity: TrendGranularity,
    @Arg('from', () => Date, {
      nullable: true,
      description: 'First instant included; default 30 days, 26 weeks or 12 months back (whole periods).',
    })
    from?: Date,
    @Arg('to', () => Date, { nullable: true, description: 'Last instant included; default now.' }) to?: Date,
  ) {
    return sales.salesTrend(ctx, { granularity, from, to });
  }

  @Authorized(...Grants.MANAGERS)
  @Query(() => [RegionSales], {
    description:
      'Orders and amounts per sales region or province, largest first (HQ admins: all; region managers: ' +
      'their region). Cancelled and rejected orders are excluded.',
  })
  salesByRegion(
    @Ctx() ctx: OrdersContext,
    @Arg('level', () => RegionLevelFilter, { nullable: true, description: 'Level to group by (default SALES_REGION).' })
    level?: RegionLevelFilter,
    @Arg('from', () => Date, { nullable: true, description: 'First instant included; default 12 months before `to`.' })
    from?: Date,
    @Arg('to', () => Date, { nullable: true, description: 'Last instant included; default now.' }) to?: Date,
  ) {
    return sales.salesByRegion(ctx, { level, from, to });
  }

  @Authorized(...Grants.MANAGERS)
  @Query(() => [OrderStatusCount], {
    description: 'How many orders are in each status (HQ admins: all; region managers: their region).',
  })
  orderStatusCounts(@Ctx() ctx: OrdersContext) {
    return sales.orderStatusCounts(ctx);
  }
}
