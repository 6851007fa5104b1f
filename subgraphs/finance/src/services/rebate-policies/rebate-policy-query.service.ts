import { decodeCursor, cursorDate, pageSize, Role, toPage, type Page } from '@dnp/subgraph-kit';
import type { FilterQuery } from '@mikro-orm/core';
import { RebatePolicy } from '../../entities/rebate-policy.entity.js';
import type { FinanceContext } from '../../finance-context.js';
import type { RebatePolicyFilter } from '../../schema/rebate-policy.input.js';

/** Reads of rebate policies (HQ admins and finance clerks, the service identity). */
export class RebatePolicyQueryService {
  /** Policies matching the filter, newest first (ties: newest id first). */
  async list(
    ctx: FinanceContext,
    args: { filter?: RebatePolicyFilter | null; first?: number | null; after?: string | null },
  ): Promise<Page<RebatePolicy>> {
    ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK, Role.SERVICE);
    const f = args.filter;
    const where: FilterQuery<RebatePolicy>[] = [
      ...(f?.status ? [{ status: f.status }] : []),
      ...(f?.calculation ? [{ calculation: f.calculation }] : []),
    ];
    const limit = pageSize(args.first);
    const base = { $and: where } as FilterQuery<RebatePolicy>;
    let page = base;
    if (args.after) {
      const [at, id] = decodeCursor(args.after, 2);
      const when = cursorDate(at);
      const after = { $or: [{ createdAt: { $lt: when } }, { createdAt: when, id: { $lt: String(id) } }] };
      page = { $and: [...where, after] } as FilterQuery<RebatePolicy>;
    }
    const order = { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 } as const;
    const [rows, total] = await Promise.all([
      limit === 0 ? Promise.resolve([] as RebatePolicy[]) : ctx.em.find(RebatePolicy, page, order),
      ctx.em.count(RebatePolicy, base),
    ]);
    return toPage(rows, limit, Boolean(args.after), total, (p) => [p.createdAt.toISOString(), p.id]);
  }
}
