import { cursorDate, decodeCursor, pageSize, toPage, type Page } from '@dnp/subgraph-kit';
import type { FilterQuery } from '@mikro-orm/core';
import { RebateSettlement } from '../../entities/rebate-settlement.entity.js';
import type { FinanceContext } from '../../finance-context.js';
import type { RebateSettlementFilter } from '../../schema/rebate-settlement.input.js';
import { financeScope } from '../scope.service.js';
import { scopeFilter } from '@dnp/subgraph-kit';

/** Reads of rebate settlements within the viewer's data scope (dealer own, manager region, HQ all). */
export class RebateSettlementQueryService {
  /** Settlements matching the filter, newest first (ties: newest id first). */
  async list(
    ctx: FinanceContext,
    args: { filter?: RebateSettlementFilter | null; first?: number | null; after?: string | null },
  ): Promise<Page<RebateSettlement>> {
    const scoped = scopeFilter(financeScope(ctx.requireViewer()), {
      dealerId: 'dealerId',
      regionPath: 'dealerRegionPath',
    });
    const limit = pageSize(args.first);
    if (scoped === null) return toPage([], limit, Boolean(args.after), 0, () => []);
    const f = args.filter;
    const where: FilterQuery<RebateSettlement>[] = [
      scoped as FilterQuery<RebateSettlement>,
      ...(f?.status ? [{ status: f.status }] : []),
      ...(f?.policyId ? [{ policyId: f.policyId }] : []),
      ...(f?.dealerId ? [{ dealerId: f.dealerId }] : []),
      ...(f?.period ? [{ period: f.period }] : []),
    ];
    const base = { $and: where } as FilterQuery<RebateSettlement>;
    let page = base;
    if (args.after) {
      const [at, id] = decodeCursor(args.after, 2);
      const when = cursorDate(at);
      const after = { $or: [{ createdAt: { $lt: when } }, { createdAt: when, id: { $lt: String(id) } }] };
      page = { $and: [...where, after] } as FilterQuery<RebateSettlement>;
    }
    const order = { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 } as const;
    const [rows, total] = await Promise.all([
      limit === 0 ? Promise.resolve([] as RebateSettlement[]) : ctx.em.find(RebateSettlement, page, order),
      ctx.em.count(RebateSettlement, base),
    ]);
    return toPage(rows, limit, Boolean(args.after), total, (s) => [s.createdAt.toISOString(), s.id]);
  }
}
