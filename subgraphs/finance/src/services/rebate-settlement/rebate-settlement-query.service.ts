import { newestFirstPage, pageSize, scopeFilter, toPage, type Page } from '@dnp/subgraph-kit';
import type { FilterQuery } from '@mikro-orm/core';
import { RebateSettlement } from '../../entities/rebate-settlement.entity.js';
import type { FinanceContext } from '../../finance-context.js';
import type { RebateSettlementFilter } from '../../schema/rebate-settlement.input.js';
import { financeScope } from '../scope.service.js';

/** Reads of rebate settlements within the viewer's data scope (dealer own, manager region, HQ all). */
export class RebateSettlementQueryService {
  /** Settlements matching the filter, newest first (their ids are time-ordered). */
  list(
    ctx: FinanceContext,
    args: { filter?: RebateSettlementFilter | null; first?: number | null; after?: string | null },
  ): Promise<Page<RebateSettlement>> {
    const scope = financeScope(ctx.requireViewer());
    const scoped = scopeFilter(scope, { dealerId: 'dealerId', regionPath: 'dealerRegionPath' });
    if (scoped === null) return Promise.resolve(toPage([], pageSize(args.first), Boolean(args.after), 0, () => []));
    const f = args.filter;
    const where: FilterQuery<RebateSettlement>[] = [
      scoped as FilterQuery<RebateSettlement>,
      ...(f?.status ? [{ status: f.status }] : []),
      ...(f?.policyId ? [{ policyId: f.policyId }] : []),
      ...(f?.dealerId ? [{ dealerId: f.dealerId }] : []),
      ...(f?.period ? [{ period: f.period }] : []),
    ];
    return newestFirstPage(ctx.em, RebateSettlement, where, args);
  }
}
