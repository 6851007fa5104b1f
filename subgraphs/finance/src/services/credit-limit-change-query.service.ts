import { cursorDate, decodeCursor, pageSize, Role, toPage, type Page } from '@dnp/subgraph-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { CreditAccount } from '../entities/credit-account.entity.js';
import { BRAND_SELLER, CreditLimitChange, CreditLimitChangeStatus } from '../entities/credit-limit-change.entity.js';
import type { FinanceContext } from '../finance-context.js';
import type { CreditLimitChangeFilter } from '../schema/credit-limit-change.input.js';
import { financeScope, scopeWhere } from './scope.service.js';

/** Page arguments of a change list. */
export interface ChangePageArgs {
  first?: number | null;
  after?: string | null;
}

/** One page of changes matching `where`, newest request first (ties: newest id first). */
async function newestRequestsFirst(
  em: EntityManager,
  where: FilterQuery<CreditLimitChange>[],
  args: ChangePageArgs,
): Promise<Page<CreditLimitChange>> {
  const limit = pageSize(args.first);
  const base = { $and: where } as FilterQuery<CreditLimitChange>;
  let page = base;
  if (args.after) {
    const [at, id] = decodeCursor(args.after, 2);
    const when = cursorDate(at);
    page = {
      $and: [...where, { $or: [{ requestedAt: { $lt: when } }, { requestedAt: when, id: { $lt: String(id) } }] }],
    } as FilterQuery<CreditLimitChange>;
  }
  const [rows, total] = await Promise.all([
    limit === 0
      ? Promise.resolve([] as CreditLimitChange[])
      : em.find(CreditLimitChange, page, { orderBy: { requestedAt: 'desc', id: 'desc' }, limit: limit + 1 }),
    em.count(CreditLimitChange, base),
  ]);
  return toPage(rows, limit, Boolean(args.after), total, (c) => [c.requestedAt.toISOString(), c.id]);
}

/** Reads of credit-limit changes, each limited to the viewer's scope. */
export class CreditLimitChangeQueryService {
  /**
   * Changes of the brand's accounts for HQ, finance clerks (all) and region managers (their
   * subtree), newest request first; the filter narrows the scope, never widens it.
   */
  async list(
    ctx: FinanceContext,
    args: ChangePageArgs & { filter?: CreditLimitChangeFilter | null },
  ): Promise<Page<CreditLimitChange>> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.SERVICE, Role.REGION_MANAGER, Role.FINANCE_CLERK);
    const scoped = scopeWhere(financeScope(viewer));
    if (!scoped) return toPage([], pageSize(args.first), Boolean(args.after), 0, () => []);
    const f = args.filter;
    const where: FilterQuery<CreditLimitChange>[] = [
      scoped as FilterQuery<CreditLimitChange>,
      { sellerKey: BRAND_SELLER },
      ...(f?.dealerId ? [{ dealerId: f.dealerId }] : []),
      ...(f?.status ? [{ status: f.status }] : []),
    ];
    return newestRequestsFirst(ctx.em, where, args);
  }

  /** The account's history: its applied changes, newest first (the caller already reads the account). */
  history(ctx: FinanceContext, account: CreditAccount, args: ChangePageArgs): Promise<Page<CreditLimitChange>> {
    const where = [{ accountId: account.id }, { status: CreditLimitChangeStatus.APPLIED }];
    return newestRequestsFirst(ctx.em, where, args);
  }

  /** The account's change waiting for approval, if any (at most one). */
  pending(ctx: FinanceContext, account: CreditAccount): Promise<CreditLimitChange | null> {
    return ctx.loaders.pendingChangeByAccount.load(account.id);
  }
}
