import {
  assertCanActAsSeller,
  AppError,
  decodeCursor,
  domainError,
  ErrorCode,
  insertAudit,
  newId,
  NotFoundError,
  pageSize,
  Role,
  toPage,
  type Page,
} from '@dnp/subgraph-kit';
import { isSqlite } from '@dnp/event-bus';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { SqlEntityManager } from '@mikro-orm/sql';
import { BRAND_SELLER, CreditAccount, CreditStatus } from '../entities/credit-account.entity.js';
import { CreditLimitChange, CreditLimitChangeStatus as Status } from '../entities/credit-limit-change.entity.js';
import type { FinanceContext } from '../finance-context.js';
import type { SubDealerCreditLineInput } from '../schema/credit-limit-change.input.js';
import {
  answer,
  applyToAccount,
  brandAccountOf,
  checkTerms,
  CreditChangeCode,
  lockFigures,
  nameOf,
  recordApplied,
  refusalOf,
  Refused,
  type CreditLimitChangeResult,
  type WantedTerms,
} from './credit-limit-change.service.js';
import { dealersSubgraphParent, type DealerParentLookup } from './dealer-directory.js';
import { financeScope, inScope, scopeWhere } from './scope.service.js';

/** The parent from a dealer's supply-chain copy ("/dlr_0001/dlr_0002/dlr_0003/" → "dlr_0002"); null at the top. */
export function parentFromPath(dealerPath: string, dealerId: string): string | null {
  const chain = dealerPath.split('/').filter(Boolean);
  const at = chain.lastIndexOf(dealerId);
  return at > 0 ? chain[at - 1]! : null;
}

function notASubDealer(dealerId: string): Refused {
  const message = `Dealer "${dealerId}" is not a direct sub-dealer of the seller`;
  return new Refused(domainError(CreditChangeCode.NOT_A_SUB_DEALER, message, 'dealerId'));
}

function badCursor(): never {
  throw new AppError(ErrorCode.INVALID_CURSOR, '"after" is not a cursor this list issued', { field: 'after' });
}

/**
 * Parent credit lines (§8.2, 二级分销): a parent dealer's administrator grants each direct sub-dealer
 * its own credit line, the account `(seller_key = parent, dealer)`, with history and no second
 * approval (the parent carries its own risk). HQ may set a line too (as the dealer's parent). The
 * line, the change row, the guarded account update, the audit entry and the event are one
 * transaction; a refusal writes nothing, not even a new line's account.
 */
export class SubDealerCreditLineService {
  constructor(private readonly parentOf: DealerParentLookup = dealersSubgraphParent) {}

  /** Creates or changes the line the dealer's parent grants it; applied at once. */
  async set(ctx: FinanceContext, input: SubDealerCreditLineInput): Promise<CreditLimitChangeResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.DEALER_ADMIN);
    const scope = financeScope(viewer);
    return answer(async () => {
      // A dealer naming a dealer it does not read learns nothing more than "not yours to sell to".
      const brand = await brandAccountOf(ctx.em, input.dealerId);
      if (!brand || !inScope(scope, brand.dealerId, brand.dealerRegionPath)) {
        if (scope.kind === 'dealer') throw notASubDealer(input.dealerId);
        throw new NotFoundError('CreditAccount', input.dealerId);
      }
      const asked = await this.parentOf(brand.dealerId);
      const parentId = asked === undefined ? parentFromPath(brand.dealerPath, brand.dealerId) : asked;
      if (!parentId || (scope.kind === 'dealer' && parentId !== scope.dealerId)) throw notASubDealer(input.dealerId);
      const row = { dealerId: brand.dealerId, regionPath: brand.dealerRegionPath, sellerDealerId: parentId };
      assertCanActAsSeller(ctx.scope, row, 'credit line');
      const wanted = checkTerms(input);
      const change = await ctx.em
        .fork({ clear: true })
        .transactional((tx) => this.write(tx, ctx, brand, parentId, wanted));
      const account = await ctx.em.fork({ clear: true }).findOne(CreditAccount, { id: change.accountId });
      return { change, account, errors: [] };
    });
  }

  /**
   * One page of the lines a seller grants, by dealer: a dealer user's own dealer as the seller; HQ
   * and finance clerks every parent's (or `sellerDealerId`'s), a region manager those of its region.
   */
  async list(
    ctx: FinanceContext,
    args: { first?: number | null; after?: string | null; sellerDealerId?: string | null },
  ): Promise<Page<CreditAccount>> {
    const viewer = ctx.requireViewer();
    const scope = financeScope(viewer);
    const limit = pageSize(args.first);
    const where: FilterQuery<CreditAccount>[] = [];
    if (scope.kind === 'dealer') {
      if (scope.readOnly || (args.sellerDealerId && args.sellerDealerId !== scope.dealerId)) {
        return toPage([], limit, Boolean(args.after), 0, () => []);
      }
      where.push({ sellerKey: scope.dealerId });
    } else {
      const scoped = scopeWhere(scope);
      if (scoped === null) return toPage([], limit, Boolean(args.after), 0, () => []);
      if (Object.keys(scoped).length) where.push(scoped as FilterQuery<CreditAccount>);
      where.push(args.sellerDealerId ? { sellerKey: args.sellerDealerId } : { sellerKey: { $ne: BRAND_SELLER } });
    }
    const base: FilterQuery<CreditAccount> = { $and: where };
    const keyset: FilterQuery<CreditAccount>[] = [];
    if (args.after) {
      const [dealerId, id] = decodeCursor(args.after, 2);
      if (typeof dealerId !== 'string' || typeof id !== 'string') badCursor();
      keyset.push({ $or: [{ dealerId: { $gt: dealerId } }, { dealerId, id: { $gt: id } }] });
    }
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([] as CreditAccount[])
        : ctx.em.find(
            CreditAccount,
            { $and: [base, ...keyset] },
            { orderBy: { dealerId: 'asc', id: 'asc' }, limit: limit + 1 },
          ),
      ctx.em.count(CreditAccount, base),
    ]);
    for (const row of rows) ctx.loaders.creditAccountById.prime(row.id, row);
    return toPage(rows, limit, Boolean(args.after), total, (a) => [a.dealerId, a.id]);
  }

  /**
   * The transaction: lock the dealer's brand account (the queue of its line setters), open the line
   * at 0 unless it exists (INSERT IGNORE / ON CONFLICT DO NOTHING on the (seller, dealer) unique
   * key), lock it, judge on the locked figures, write the change, the guarded update, audit, event.
   */
  private async write(
    tx: EntityManager,
    ctx: FinanceContext,
    brand: CreditAccount,
    sellerKey: string,
    wanted: WantedTerms,
  ): Promise<CreditLimitChange> {
    const viewer = ctx.requireViewer();
    // Setters of one dealer's lines queue on its brand account first: INSERT IGNORE on a duplicate takes a
    // shared lock, and two such holders upgrading to `for update` would deadlock each other.
    await lockFigures(tx, brand.id);
    const opened = await this.openLine(tx, brand, sellerKey);
    const accountId = await this.lineId(tx, brand.dealerId, sellerKey);
    const figures = await lockFigures(tx, accountId);
    const now = new Date();
    const refusal = refusalOf(figures, wanted);
    if (refusal) throw new Refused(refusal);
    const change = Object.assign(new CreditLimitChange(), {
      ...{ id: newId('clc', now), accountId, dealerId: brand.dealerId, dealerRegionPath: brand.dealerRegionPath },
      ...{ sellerKey, currency: brand.currency, reason: wanted.reason, status: Status.APPLIED },
      ...{ fromLimitMinor: figures.limitMinor, toLimitMinor: wanted.limitMinor, needsSecondApproval: false },
      ...{ fromTermDays: figures.termDays, toTermDays: wanted.termDays },
      ...{ requestedByUserId: viewer.userId, requestedByName: nameOf(viewer), requestedAt: now },
      ...{ decidedByUserId: null, decidedByName: null, decidedAt: null, decisionComment: null },
      ...{ appliedAt: now, version: 0 },
    });
    await tx.insert(CreditLimitChange, change);
    if (!(await applyToAccount(tx, change, now))) {
      // Cannot happen under the row lock; refuse rather than record a change that did not apply.
      const message = "The line's limit or terms changed meanwhile; try again";
      throw new Refused(domainError(CreditChangeCode.ACCOUNT_CHANGED_MEANWHILE, message, 'dealerId'));
    }
    await insertAudit(tx, ctx, {
      operation: 'setSubDealerCreditLine',
      action: opened ? 'CREATE' : 'APPLY',
      entityType: 'CreditLimitChange',
      entityId: change.id,
      before: { sellerKey, limitMinor: figures.limitMinor, termDays: figures.termDays },
      after: { accountId, limitMinor: wanted.limitMinor, termDays: wanted.termDays, reason: wanted.reason },
    });
    recordApplied(tx, change, { ...figures, limitMinor: wanted.limitMinor, termDays: wanted.termDays }, now);
    await tx.flush();
    return change;
  }

  /** Inserts the line at limit 0 and 0 days unless it exists; true when this call opened it. */
  private async openLine(tx: EntityManager, brand: CreditAccount, sellerKey: string): Promise<boolean> {
    const now = new Date();
    const line = {
      ...{ id: newId('cra', now), dealerId: brand.dealerId, sellerKey, dealerRegionPath: brand.dealerRegionPath },
      ...{ dealerPath: brand.dealerPath, currency: brand.currency, limitMinor: 0, usedMinor: 0, heldMinor: 0 },
      ...{ balanceMinor: 0, oldestOpenDueDate: null, utilizationPpm: 0, termDays: 0, status: CreditStatus.ACTIVE },
      updatedAt: now,
    };
    const result = await (tx as unknown as SqlEntityManager)
      .createQueryBuilder(CreditAccount)
      .insert(line)
      .onConflict(['sellerKey', 'dealerId'])
      .ignore()
      .execute('run');
    return Number((result as { affectedRows?: number }).affectedRows ?? 0) > 0;
  }

  /** The id of the dealer's line with `sellerKey` (it exists: `openLine` ran in this transaction). */
  private async lineId(tx: EntityManager, dealerId: string, sellerKey: string): Promise<string> {
    const sql =
      'select id from credit_account where seller_key = ? and dealer_id = ?' + (isSqlite(tx) ? '' : ' for update');
    const rows = (await tx
      .getConnection()
      .execute(sql, [sellerKey, dealerId], 'all', tx.getTransactionContext())) as Record<string, unknown>[];
    return String(rows[0]!.id);
  }
}
