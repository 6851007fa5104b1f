import { LocalDateScalar } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { InventoryContext } from '../inventory-context.js';
import { ref, type ProductRef } from '../schema/federation.type.js';
import { InventoryReport } from '../schema/inventory-report.type.js';
import { InventoryReportService } from '../services/inventory-report.service.js';
import { INVENTORY_REPORT_GRANTS } from '../services/inventory-exports.js';

const reports = new InventoryReportService();

@Resolver()
export class InventoryReportResolver {
  @Authorized(...INVENTORY_REPORT_GRANTS)
  @Query(() => InventoryReport, {
    description:
      "Stock flow, turnover and days of stock per product of one of the viewer's warehouses over business days, " +
      'from the daily stock facts (HQ, region managers and warehouse operators; NOT_FOUND for a warehouse ' +
      'outside the scope, BAD_USER_INPUT for bad dates or over 366 days).',
  })
  async inventoryReport(
    @Ctx() ctx: InventoryContext,
    @Arg('warehouseId', () => ID, { description: 'The warehouse.' }) warehouseId: string,
    @Arg('from', () => LocalDateScalar, { description: 'First business day.' }) from: string,
    @Arg('to', () => LocalDateScalar, { description: 'Last business day (inclusive).' }) to: string,
    @Arg('first', () => Int, { nullable: true, description: 'Products per page, 0 to 500 (default 100).' })
    first?: number,
    @Arg('offset', () => Int, { nullable: true, description: 'Products to skip (default 0).' }) offset?: number,
  ): Promise<InventoryReport> {
    const page = await reports.report(ctx, { warehouseId, from, to, first, offset });
    return {
      ...page.filter,
      days: page.days,
      totalCount: page.totalCount,
      rows: page.rows.map((r) => ({ ...r, product: ref<ProductRef>(r.productId) })),
    };
  }
}
