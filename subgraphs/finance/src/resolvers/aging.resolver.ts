import { Grant, Grants, LocalDateScalar, Money } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { config } from '../config.js';
import type { FinanceContext } from '../finance-context.js';
import { AgingBuckets, AgingGroup, AgingRegionRef, AgingReport, AgingRow } from '../schema/aging.type.js';
import { DealerRef } from '../schema/references.type.js';
import { AgingService, type AgingBucketsMinor, type AgingRowResult } from '../services/aging.service.js';

const aging = new AgingService();

function bucketsOf(b: AgingBucketsMinor): AgingBuckets {
  const money = (minor: number) => Money.fromMinor(minor, 'CNY');
  return Object.assign(new AgingBuckets(), {
    current: money(b.current),
    d1to30: money(b.d1to30),
    d31to60: money(b.d31to60),
    d61to90: money(b.d61to90),
    over90: money(b.over90),
    total: money(b.total),
    unappliedCredit: money(b.unappliedCredit),
  });
}

function rowOf(r: AgingRowResult): AgingRow {
  return Object.assign(new AgingRow(), {
    dealer: r.dealerId ? Object.assign(new DealerRef(), { id: r.dealerId }) : null,
    region: r.regionId ? Object.assign(new AgingRegionRef(), { id: r.regionId }) : null,
    buckets: bucketsOf(r.buckets),
    oldestDueDate: r.oldestDueDate,
    blocked: r.blocked,
  });
}

@Resolver(() => AgingReport)
export class AgingResolver {
  @Authorized(...Grants.STAFF, Grant.FINANCE_CLERK)
  @Query(() => AgingReport, {
    description:
      "Open receivables in the viewer's scope by days past due, per dealer or per region one level below regionId; " +
      'a past asOf shows them as they stood at the end of that day.',
  })
  async receivablesAging(
    @Ctx() ctx: FinanceContext,
    @Arg('asOf', () => LocalDateScalar, { nullable: true, description: 'Count ages to this day (default today).' })
    asOf?: string,
    @Arg('groupBy', () => AgingGroup, { defaultValue: AgingGroup.DEALER, description: 'Rows per dealer or region.' })
    groupBy?: AgingGroup,
    @Arg('regionId', () => ID, {
      nullable: true,
      description: "Only dealers of this region; REGION rows are its child regions (default the viewer's region).",
    })
    regionId?: string,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
  ) {
    const args = { asOf, groupBy, regionId, first, after };
    const report = await aging.report(ctx, args, config.OVERDUE_BLOCK_DAYS, config.BUSINESS_TIME_ZONE);
    const rows = { ...report.rows, edges: report.rows.edges.map((e) => ({ cursor: e.cursor, node: rowOf(e.node) })) };
    return Object.assign(new AgingReport(), { ...report, totals: bucketsOf(report.totals), rows });
  }
}
