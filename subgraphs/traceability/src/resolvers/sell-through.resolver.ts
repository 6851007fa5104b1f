import { LocalDateScalar, Money } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, ID, Query, Resolver } from 'type-graphql';
import { PeriodGranularity, SellThroughPeriod } from '../schema/sell-through.type.js';
import { SellThroughReportService } from '../services/sell-through-report.service.js';
import { SELL_THROUGH_GRANTS } from '../services/traceability-exports.js';
import type { TraceabilityContext } from '../traceability-context.js';

const reports = new SellThroughReportService();
const CURRENCY = 'CNY';

@Resolver()
export class SellThroughResolver {
  @Authorized(...SELL_THROUGH_GRANTS)
  @Query(() => [SellThroughPeriod], {
    description:
      'Retail sell-through (SELL scans) per business period, from the daily sell-through facts, in the ' +
      "viewer's scope (a manager the sellers of their regions, a dealer its own and its sub-dealers' sales); " +
      'periods without sales are left out. BAD_USER_INPUT for bad dates or over 1 098 days.',
  })
  async sellThroughReport(
    @Ctx() ctx: TraceabilityContext,
    @Arg('from', () => LocalDateScalar, { description: 'First business day.' }) from: string,
    @Arg('to', () => LocalDateScalar, { description: 'Last business day (inclusive).' }) to: string,
    @Arg('granularity', () => PeriodGranularity, { nullable: true, description: 'Period size (default DAY).' })
    granularity?: PeriodGranularity,
    @Arg('regionId', () => ID, { nullable: true, description: 'Only sales made in this region or below it.' })
    regionId?: string,
    @Arg('dealerId', () => ID, { nullable: true, description: 'Only this seller’s sales.' }) dealerId?: string,
    @Arg('productId', () => ID, { nullable: true, description: 'Only this product.' }) productId?: string,
  ): Promise<SellThroughPeriod[]> {
    const rows = await reports.report(ctx, { from, to, granularity, regionId, dealerId, productId });
    return rows.map((r) => ({
      ...r,
      revenue: Money.fromMinor(r.revenueMinor, CURRENCY),
      averagePrice: r.averagePriceMinor == null ? null : Money.fromMinor(r.averagePriceMinor, CURRENCY),
    }));
  }
}
