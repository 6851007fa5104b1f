import { decodeCursor, cursorDate, pageSize, Role, toPage, type Page } from '@dnp/subgraph-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
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

/**
 * The rebate accrued so far by each policy, in fen: the sum of its `rebate_progress` rows over every
 * dealer and period (0 for a policy without any), in one grouped statement for a page of policies —
 * the console's accrual-against-budget column. Raw SQL because the ORM's core API has no grouped sums.
 */
export async function loadAccruedByPolicy(em: EntityManager, policyIds: readonly string[]): Promise<number[]> {
  if (policyIds.length === 0) return [];
  const marks = policyIds.map(() => '?').join(', ');
  const sql =
    'select policy_id, sum(accrued_minor) as accrued from rebate_progress ' +
    `where policy_id in (${marks}) group by policy_id`;
  const rows = (await em.getConnection().execute(sql, [...policyIds], 'all')) as Record<string, unknown>[];
  // MySQL returns SUM() as a DECIMAL string, SQLite as a number: both are whole fen.
  const byPolicy = new Map(rows.map((r) => [String(r.policy_id), Number(r.accrued ?? 0)]));
  return policyIds.map((id) => byPolicy.get(id) ?? 0);
}
