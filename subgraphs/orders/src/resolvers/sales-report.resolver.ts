import { Money } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { OrdersContext } from '../orders-context.js';
import { DealerRef, ProductRef, ref, RegionRef } from '../schema/refs.type.js';
import {
  DealerRankingInput,
  SalesReportDimension,
  SalesReportInput,
  SalesReportSort,
} from '../schema/sales-report.input.js';
import { DealerRankingRow, SalesReport, SalesReportRow } from '../schema/sales-report.type.js';
import { SALES_REPORT_GRANTS } from '../services/sales-report/sales-exports.js';
import {
  SalesReportService,
  type DealerRankingData,
  type SalesReportRowData,
} from '../services/sales-report/sales-report.service.js';

const reports = new SalesReportService();
const CURRENCY = 'CNY';
const money = (minor: number) => Money.fromMinor(minor, CURRENCY);
const orNull = (minor: number | null) => (minor == null ? null : money(minor));

function rowOf(dimension: SalesReportDimension, r: SalesReportRowData): SalesReportRow {
  const is = (d: SalesReportDimension) => dimension === d && r.key !== '';
  return Object.assign(new SalesReportRow(), {
    ...{ key: r.key, label: r.label, orders: r.orders, units: r.units },
    ...{ gross: money(r.grossMinor), net: money(r.netMinor), compareNet: orNull(r.compareNetMinor) },
    changeBp: r.changeBp,
    region: is(SalesReportDimension.REGION) ? ref(RegionRef, r.key) : null,
    dealer: is(SalesReportDimension.DEALER) ? ref(DealerRef, r.key) : null,
    product: is(SalesReportDimension.PRODUCT) ? ref(ProductRef, r.key) : null,
  });
}

function rankingRowOf(r: DealerRankingData): DealerRankingRow {
  return Object.assign(new DealerRankingRow(), {
    ...{ rank: r.rank, dealerId: r.dealerId, dealer: ref(DealerRef, r.dealerId), orders: r.orders, units: r.units },
    ...{ net: money(r.netMinor), lastYearNet: money(r.lastYearNetMinor), growthBp: r.growthBp },
  });
}

/** Grants of the sales reports: HQ, region managers, dealer admins (their own and sub-dealers' sales). */
const REPORT_READERS = SALES_REPORT_GRANTS;

@Resolver()
export class SalesReportResolver {
  @Authorized(...REPORT_READERS)
  @Query(() => SalesReport, {
    description:
      'Sales (shipped less credited returns) by region, dealer, product, category or business period, from the ' +
      'sales aggregates; optionally compared year on year or with the periods before. HQ reads all, a region ' +
      'manager its region, a dealer admin its own and its sub-dealers’ purchases and its own sales. Refusals: ' +
      'DATE_INVALID, FROM_AFTER_TO, RANGE_TOO_LONG, FILTER_INVALID.',
  })
  async salesReport(
    @Ctx() ctx: OrdersContext,
    @Arg('input', () => SalesReportInput, { description: 'What the report covers.' }) input: SalesReportInput,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 20, at most 100).' })
    first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the row to continue after.' })
    after?: string,
    @Arg('sort', () => SalesReportSort, { nullable: true, description: 'Row order (default by dimension).' })
    sort?: SalesReportSort,
  ): Promise<SalesReport> {
    const r = await reports.salesReport(ctx, input, first, after, sort);
    const t = r.totals;
    return Object.assign(new SalesReport(), {
      firstPeriod: r.firstPeriod,
      lastPeriod: r.lastPeriod,
      rows: { ...r.page, edges: r.page.edges.map((e) => ({ cursor: e.cursor, node: rowOf(input.dimension, e.node) })) },
      totals: {
        ...{ orders: t.orders, units: t.units, gross: money(t.grossMinor), net: money(t.netMinor) },
        ...{ compareNet: orNull(t.compareNetMinor), changeBp: t.changeBp },
      },
    });
  }

  @Authorized(...REPORT_READERS)
  @Query(() => [DealerRankingRow], {
    description:
      'Dealers ranked by net sales, units, orders or growth over last year in one business period, from the ' +
      'sales aggregates, within the viewer’s data scope. Refusals: PERIOD_INVALID, FILTER_INVALID.',
  })
  async dealerRanking(
    @Ctx() ctx: OrdersContext,
    @Arg('input', () => DealerRankingInput, { description: 'What the ranking covers.' }) input: DealerRankingInput,
    @Arg('first', () => Int, { nullable: true, description: 'How many dealers (default 20, at most 100).' })
    first?: number,
  ): Promise<DealerRankingRow[]> {
    return (await reports.dealerRanking(ctx, input, first)).map(rankingRowOf);
  }
}
