import { Grant, Grants, LocalDateScalar, Money, YearMonthScalar } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, Directive, ID, Int, Query, Resolver } from 'type-graphql';
import type { OrdersContext } from '../orders-context.js';
import { DealerPurchaseTotalConnection, DistributionFlowRow } from '../schema/distribution.type.js';
import { DistributionService } from '../services/distribution.service.js';

const distribution = new DistributionService();

/** Two-tier figures: the distribution flow (HQ, managers) and dealers' purchase totals (service). */
@Resolver()
export class DistributionResolver {
  @Authorized(...Grants.MANAGERS)
  @Query(() => [DistributionFlowRow], {
    description:
      'The distribution flow of a month (HQ_ADMIN; REGION_MANAGER within its region): per seller level (or ' +
      'BRAND) and buyer level, the orders, units and value shipped in the month. Sell-in is BRAND → a level, ' +
      'sell-through a level → a lower level.',
  })
  async distributionFlow(
    @Ctx() ctx: OrdersContext,
    @Arg('period', () => YearMonthScalar, { description: 'The business month, e.g. "2026-11".' }) period: string,
    @Arg('regionId', () => ID, { nullable: true, description: 'Only dealers in this region (and below it).' })
    regionId?: string,
  ): Promise<DistributionFlowRow[]> {
    const rows = await distribution.flow(ctx, period, regionId);
    return rows.map(({ valueMinor, ...r }) =>
      Object.assign(new DistributionFlowRow(), { ...r, value: Money.fromMinor(valueMinor, 'CNY') }),
    );
  }

  @Authorized(Grant.SERVICE)
  @Directive('@inaccessible')
  @Query(() => DealerPurchaseTotalConnection, {
    description:
      "Dealers' purchases in business days [from, to] (service only; dealers' grade evaluation): gross shipped " +
      'by any seller less gross credited for returns, per dealer, by dealer id.',
  })
  dealerPurchaseTotals(
    @Ctx() ctx: OrdersContext,
    @Arg('from', () => LocalDateScalar, { description: 'First business day.' }) from: string,
    @Arg('to', () => LocalDateScalar, { description: 'Last business day.' }) to: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 500, description: 'Page size, 0 to 1000.' })
    first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
  ) {
    return distribution.purchaseTotals(ctx, { from, to, first, after });
  }
}
