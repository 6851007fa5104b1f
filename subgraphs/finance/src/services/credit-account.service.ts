import {
  AppError,
  businessDate,
  ErrorCode,
  NotFoundError,
  pageSize,
  Role,
  toPage,
  UserInputError,
  decodeCursor,
  type Page,
} from '@dnp/subgraph-kit';
import type { FilterQuery } from '@mikro-orm/core';
import { config } from '../config.js';
import { CreditAccount, PPM } from '../entities/credit-account.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { overdueKey } from '../finance.loader.js';
import { CreditAccountSort, type CreditAccountFilter } from '../schema/credit-account.input.js';
import { orderingBlockOn, type OrderingBlockState } from './ordering-block.rule.js';
import { brandAccountScope, financeScope, inScope, scopeWhere } from './scope.service.js';

const ACCOUNT_ID = /^cra_[A-Za-z0-9]{1,36}$/;
const MAX_UTILIZATION = 100;

/**
 * Minor units still available to draw: limit − used − held + balance (unapplied payments and credit
 * notes count for the dealer). Negative when over the limit; shown as is.
 */
export function availableMinor(
  account: Pick<CreditAccount, 'limitMinor' | 'usedMinor' | 'heldMinor'> & { balanceMinor?: number },
): number {
  return account.limitMinor - account.usedMinor - account.heldMinor + (account.balanceMinor ?? 0);
}

/**
 * Exposure over limit, (used + held − balance, never below 0) / limit, unrounded (above 1 when over
 * the limit). A zero limit with exposure counts as 1, matching the stored sort key.
 */
export function utilization(
  account: Pick<CreditAccount, 'limitMinor' | 'usedMinor' | 'heldMinor'> & { balanceMinor?: number },
): number {
  const exposure = Math.max(0, account.usedMinor + account.heldMinor - (account.balanceMinor ?? 0));
  if (account.limitMinor <= 0) return exposure > 0 ? 1 : 0;
  return exposure / account.limitMinor;
}

function badCursor(): never {
  throw new AppError(ErrorCode.INVALID_CURSOR, '"after" is not a cursor this list issued', { field: 'after' });
}

/** Credit account reads, each limited to the viewer's scope. */
export class CreditAccountService {
  /** The overdue ordering rule applied to the account on the business today; null when the rule is off (0 days). */
  orderingBlock(account: CreditAccount, now = new Date()): OrderingBlockState | null {
    if (config.OVERDUE_BLOCK_DAYS <= 0) return null;
    const today = businessDate(now, config.BUSINESS_TIME_ZONE);
    return orderingBlockOn(account.oldestOpenDueDate, today, config.OVERDUE_BLOCK_DAYS);
  }

  /** The outstanding amount of the account's invoices due before the business today, in minor units. */
  overdueMinor(ctx: FinanceContext, account: CreditAccount): Promise<number> {
    return ctx.loaders.overdueByAccount.load(overdueKey(account.sellerKey, account.dealerId));
  }

  /** The dealer user's own account; null for any other caller or a dealer without one. */
  async mine(ctx: FinanceContext): Promise<CreditAccount | null> {
    const scope = financeScope(ctx.viewer);
    if (scope.kind !== 'dealer') return null;
    return ctx.loaders.creditAccountByDealer.load(scope.dealerId);
  }

  /** One account by id; NOT_FOUND when it does not exist or lies outside the viewer's scope. */
  async findOne(ctx: FinanceContext, id: string): Promise<CreditAccount> {
    ctx.requireViewer();
    if (!ACCOUNT_ID.test(id)) throw new UserInputError(`"${id}" is not a credit account id`, 'id');
    const account = await this.visible(ctx, await ctx.loaders.creditAccountById.load(id));
    if (!account) throw new NotFoundError('CreditAccount', id);
    return account;
  }

  /** A dealer's account when the viewer may see it, else null (also for dealers without one). */
  async forDealer(ctx: FinanceContext, dealerId: string): Promise<CreditAccount | null> {
    return this.visible(ctx, await ctx.loaders.creditAccountByDealer.load(dealerId));
  }

  /** Resolves an entity reference; null when unknown or outside the viewer's scope. */
  async byReference(ctx: FinanceContext, id: string): Promise<CreditAccount | null> {
    return this.visible(ctx, await ctx.loaders.creditAccountById.load(id));
  }

  /** One page of accounts for HQ or a region manager (their subtree), filtered and sorted. */
  async list(
    ctx: FinanceContext,
    args: {
      first?: number | null;
      after?: string | null;
      filter?: CreditAccountFilter | null;
      sort?: CreditAccountSort | null;
    },
  ): Promise<Page<CreditAccount>> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.SERVICE, Role.REGION_MANAGER, Role.FINANCE_CLERK);
    const limit = pageSize(args.first);
    const sort = args.sort ?? CreditAccountSort.UTILIZATION_DESC;
    const filter = args.filter ?? {};
    const scoped = scopeWhere(financeScope(viewer));
    const where: FilterQuery<CreditAccount>[] = [brandAccountScope.where];
    if (filter.minUtilization != null) {
      const min = filter.minUtilization;
      if (!Number.isFinite(min) || min < 0 || min > MAX_UTILIZATION) {
        throw new UserInputError(`minUtilization must be between 0 and ${MAX_UTILIZATION}`, 'filter.minUtilization');
      }
      where.push({ utilizationPpm: { $gte: Math.round(min * PPM) } });
    }
    if (filter.status) where.push({ status: filter.status });
    if (scoped === null) return toPage([], limit, Boolean(args.after), 0, () => []);
    if (Object.keys(scoped).length) where.push(scoped as FilterQuery<CreditAccount>);

    const base: FilterQuery<CreditAccount> = where.length ? { $and: where } : {};
    const keyset: FilterQuery<CreditAccount>[] = [];
    if (args.after) {
      const [value, id] = decodeCursor(args.after, 2);
      if (typeof id !== 'string') badCursor();
      if (sort === CreditAccountSort.UTILIZATION_DESC) {
        if (!Number.isSafeInteger(value)) badCursor();
        keyset.push({
          $or: [{ utilizationPpm: { $lt: value as number } }, { utilizationPpm: value as number, id: { $gt: id } }],
        });
      } else {
        if (typeof value !== 'string') badCursor();
        keyset.push({ $or: [{ dealerId: { $gt: value } }, { dealerId: value, id: { $gt: id } }] });
      }
    }
    const orderBy =
      sort === CreditAccountSort.UTILIZATION_DESC
        ? { utilizationPpm: 'desc', id: 'asc' }
        : { dealerId: 'asc', id: 'asc' };
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([] as CreditAccount[])
        : ctx.em.find(CreditAccount, keyset.length ? { $and: [base, ...keyset] } : base, {
            orderBy: orderBy as never,
            limit: limit + 1,
          }),
      ctx.em.count(CreditAccount, base),
    ]);
    for (const row of rows) {
      ctx.loaders.creditAccountById.prime(row.id, row);
      ctx.loaders.creditAccountByDealer.prime(row.dealerId, row);
    }
    return toPage(rows, limit, Boolean(args.after), total, (a) =>
      sort === CreditAccountSort.UTILIZATION_DESC ? [a.utilizationPpm, a.id] : [a.dealerId, a.id],
    );
  }

  private visible(ctx: FinanceContext, account: CreditAccount | null): CreditAccount | null {
    if (!account) return null;
    return inScope(financeScope(ctx.viewer), account.dealerId, account.dealerRegionPath) ? account : null;
  }
}
