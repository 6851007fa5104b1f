import { Money, Grant, Grants } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, FieldResolver, Float, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { BRAND_SELLER, CreditAccount } from '../entities/credit-account.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { availableMinor, CreditAccountService, utilization } from '../services/credit-account.service.js';
import { DealerRef, dealerRef } from '../schema/references.type.js';
import { CreditAccountFilter, CreditAccountSort } from '../schema/credit-account.input.js';
import { CreditAccountConnection, OrderingBlock } from '../schema/credit-account.type.js';
import { CreditLimitChange } from '../entities/credit-limit-change.entity.js';
import { CreditLimitChangeConnection } from '../schema/credit-limit-change.type.js';
import { CreditLimitChangeQueryService } from '../services/credit-limit-change-query.service.js';
import { SubDealerCreditLineService } from '../services/sub-dealer-credit-line.service.js';

const accounts = new CreditAccountService();
const changes = new CreditLimitChangeQueryService();
const lines = new SubDealerCreditLineService();

@Resolver(() => CreditAccount)
export class CreditAccountResolver {
  @Authorized(...Grants.DEALER_USERS, Grant.DEALER_READ)
  @Query(() => CreditAccount, {
    nullable: true,
    description: "The signed-in dealer user's own credit account; null for other callers.",
  })
  myCreditAccount(@Ctx() ctx: FinanceContext) {
    return accounts.mine(ctx);
  }

  @Authorized(...Grants.DEALER_READERS, Grant.FINANCE_CLERK)
  @Query(() => CreditAccount, {
    nullable: true,
    description: 'One credit account by id; NOT_FOUND when unknown or outside your scope.',
  })
  creditAccount(
    @Ctx() ctx: FinanceContext,
    @Arg('id', () => ID, { description: 'Credit account id ("cra_…").' }) id: string,
  ) {
    return accounts.findOne(ctx, id);
  }

  @Authorized(...Grants.MANAGERS, Grant.FINANCE_CLERK)
  @Query(() => CreditAccountConnection, {
    description:
      'Credit accounts for HQ and finance clerks (all) and region managers (their subtree), paginated (Relay ' +
      'cursors).',
  })
  creditAccounts(
    @Ctx() ctx: FinanceContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => CreditAccountFilter, { nullable: true, description: 'Conditions the accounts must meet.' })
    filter?: CreditAccountFilter,
    @Arg('sort', () => CreditAccountSort, {
      nullable: true,
      description: 'Order of the list (default UTILIZATION_DESC).',
    })
    sort?: CreditAccountSort,
  ) {
    return accounts.list(ctx, { first, after, filter, sort });
  }

  // net:P6 parent credit lines
  @Authorized(...Grants.DEALER_USERS, ...Grants.MANAGERS, Grant.FINANCE_CLERK)
  @Query(() => CreditAccountConnection, {
    description:
      'Credit lines parent dealers grant their sub-dealers, with limit, used, held and available, by dealer: a ' +
      "dealer user sees its own dealer's lines; HQ and finance clerks every parent's, a region manager those in " +
      'its region. Paginated (Relay cursors).',
  })
  subDealerCreditLines(
    @Ctx() ctx: FinanceContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('sellerDealerId', () => ID, {
      nullable: true,
      description: "Only this parent's lines (a dealer user: its own dealer, anything else answers an empty list).",
    })
    sellerDealerId?: string,
  ) {
    return lines.list(ctx, { first, after, sellerDealerId });
  }

  @FieldResolver(() => DealerRef, {
    nullable: true,
    description: "Who grants the line: the parent dealer for a sub-dealer's line (二级分销); null for the brand.",
  })
  seller(@Root() account: CreditAccount) {
    return account.sellerKey === BRAND_SELLER ? null : dealerRef(account.sellerKey);
  }

  @FieldResolver(() => DealerRef, { description: 'The dealer the credit line belongs to.' })
  dealer(@Root() account: CreditAccount) {
    return dealerRef(account.dealerId);
  }

  @FieldResolver(() => Money, { description: 'Credit limit granted by HQ.' })
  limit(@Root() account: CreditAccount) {
    return Money.fromMinor(account.limitMinor, account.currency);
  }

  @FieldResolver(() => Money, { description: 'Outstanding receivables: the unpaid part of every issued invoice.' })
  used(@Root() account: CreditAccount) {
    return Money.fromMinor(account.usedMinor, account.currency);
  }

  @FieldResolver(() => Money, { description: 'Credit reserved by open orders that are not invoiced yet.' })
  held(@Root() account: CreditAccount) {
    return Money.fromMinor(account.heldMinor, account.currency);
  }

  @FieldResolver(() => Money, {
    description:
      'limit − used − held + balance: what new orders may still draw. Negative when the account is over its limit.',
  })
  available(@Root() account: CreditAccount) {
    return Money.fromMinor(availableMinor(account), account.currency);
  }

  @FieldResolver(() => Money, {
    description:
      'Unapplied money (预收款): unallocated payments and unapplied credit notes, consumed by the next invoices.',
  })
  balance(@Root() account: CreditAccount) {
    return Money.fromMinor(account.balanceMinor, account.currency);
  }

  @FieldResolver(() => Money, { description: 'Open receivables: the outstanding amount of every invoice (= used).' })
  openReceivables(@Root() account: CreditAccount) {
    return Money.fromMinor(account.usedMinor, account.currency);
  }

  @FieldResolver(() => Money, {
    description: 'The outstanding amount of invoices past their due date (business today).',
  })
  async overdue(@Root() account: CreditAccount, @Ctx() ctx: FinanceContext) {
    return Money.fromMinor(await accounts.overdueMinor(ctx, account), account.currency);
  }

  @FieldResolver(() => OrderingBlock, {
    nullable: true,
    description:
      'The overdue ordering rule applied today: blocked, since when and how many days the oldest open invoice is ' +
      'past due; null when the rule is off (OVERDUE_BLOCK_DAYS = 0).',
  })
  orderingBlock(@Root() account: CreditAccount) {
    return accounts.orderingBlock(account);
  }

  @FieldResolver(() => Float, {
    description: '(used + held − balance) / limit: 0 when unused, 1 at the limit, above 1 when over it.',
  })
  utilization(@Root() account: CreditAccount) {
    return utilization(account);
  }

  // net:P6 credit changes
  @FieldResolver(() => CreditLimitChangeConnection, {
    description:
      'The history of the limit and payment terms: every applied change with who asked, who approved, from, to ' +
      'and why, newest first.',
  })
  limitChanges(
    @Root() account: CreditAccount,
    @Ctx() ctx: FinanceContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
  ) {
    return changes.history(ctx, account, { first, after });
  }

  @FieldResolver(() => CreditLimitChange, {
    nullable: true,
    description: 'The change waiting for a second approver, if any (at most one per account).',
  })
  pendingChange(@Root() account: CreditAccount, @Ctx() ctx: FinanceContext) {
    return changes.pending(ctx, account);
  }
}
