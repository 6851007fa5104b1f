import { Grant, Grants, Money, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { BRAND_SELLER, CreditLimitChange, SYSTEM_ACTOR } from '../entities/credit-limit-change.entity.js';
import type { FinanceContext } from '../finance-context.js';
import {
  ApproveCreditLimitChangeInput,
  CreditLimitChangeFilter,
  CreditLimitChangeInput,
  SubDealerCreditLineInput,
} from '../schema/credit-limit-change.input.js';
import { CreditLimitChangeConnection, CreditLimitChangePayload } from '../schema/credit-limit-change.type.js';
import { DealerRef, dealerRef } from '../schema/references.type.js';
import { CreditLimitChangeQueryService } from '../services/credit-limit-change-query.service.js';
import { CreditLimitChangeService, type CreditLimitChangeResult } from '../services/credit-limit-change.service.js';
import { SubDealerCreditLineService } from '../services/sub-dealer-credit-line.service.js';

const changes = new CreditLimitChangeService();
const reads = new CreditLimitChangeQueryService();
const lines = new SubDealerCreditLineService();

function payloadOf(result: CreditLimitChangeResult): CreditLimitChangePayload {
  return Object.assign(new CreditLimitChangePayload(), {
    change: result.change,
    account: result.account,
    errors: toUserErrors(result.errors),
  });
}

/** Credit-limit changes: requests (HQ, managers in their region, clerks), HQ's second approval, the list. */
@Resolver(() => CreditLimitChange)
export class CreditLimitChangeResolver {
  @Authorized(...Grants.CREDIT_REQUESTERS)
  @Mutation(() => CreditLimitChangePayload, {
    description:
      "Requests a new credit limit and payment terms for a dealer's account with the brand (HQ, finance clerks, " +
      'region managers in their region). An increase above CREDIT_APPROVAL_THRESHOLD_MINOR waits for a second HQ ' +
      'person (PENDING_APPROVAL); anything else applies at once. One open request per account.',
  })
  async requestCreditLimitChange(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => CreditLimitChangeInput, { description: 'The dealer, the new limit and terms, and why.' })
    input: CreditLimitChangeInput,
  ) {
    return payloadOf(await changes.request(ctx, input));
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => CreditLimitChangePayload, {
    description:
      'HQ approves (applies) or rejects a credit-limit change waiting for approval; the person who requested it ' +
      'may not decide it (APPROVER_IS_REQUESTER).',
  })
  async approveCreditLimitChange(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => ApproveCreditLimitChangeInput, { description: 'The change, the decision and a comment.' })
    input: ApproveCreditLimitChangeInput,
  ) {
    return payloadOf(await changes.decide(ctx, input));
  }

  // net:P6 parent credit lines
  @Authorized(Grant.HQ_ADMIN, Grant.DEALER_ADMIN)
  @Mutation(() => CreditLimitChangePayload, {
    description:
      "Sets the credit line a parent dealer grants one of its direct sub-dealers (the parent's DEALER_ADMIN, or HQ " +
      'for the parent): opens it on first use, applies at once with its history (no second approval: the parent ' +
      'carries its own risk). NOT_A_SUB_DEALER unless the dealer is a direct sub-dealer of the caller.',
  })
  async setSubDealerCreditLine(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => SubDealerCreditLineInput, { description: 'The sub-dealer, the new limit and terms, and why.' })
    input: SubDealerCreditLineInput,
  ) {
    return payloadOf(await lines.set(ctx, input));
  }

  @Authorized(...Grants.MANAGERS, Grant.FINANCE_CLERK)
  @Query(() => CreditLimitChangeConnection, {
    description:
      "Changes of dealers' credit accounts with the brand, newest request first: HQ and finance clerks see all, " +
      'region managers their subtree. Filter by status PENDING_APPROVAL for the approval queue.',
  })
  creditLimitChanges(
    @Ctx() ctx: FinanceContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => CreditLimitChangeFilter, { nullable: true, description: 'Conditions the changes must meet.' })
    filter?: CreditLimitChangeFilter,
  ) {
    return reads.list(ctx, { first, after, filter });
  }

  @FieldResolver(() => DealerRef, { description: 'The dealer whose credit account changes.' })
  dealer(@Root() change: CreditLimitChange) {
    return dealerRef(change.dealerId);
  }

  @FieldResolver(() => DealerRef, {
    nullable: true,
    description: "The parent dealer granting the credit line; null for the brand's own account.",
  })
  seller(@Root() change: CreditLimitChange) {
    return change.sellerKey === BRAND_SELLER ? null : dealerRef(change.sellerKey);
  }

  // The console tells "your own request" by id (display names repeat); rows no person asked for have none.
  @FieldResolver(() => ID, {
    nullable: true,
    description:
      'Id of the user who asked for the change (the one user who may not approve it); null for terms recorded ' +
      'without a request (the opening row of the history, an admission).',
  })
  requestedByUserId(@Root() change: CreditLimitChange) {
    return change.requestedByUserId === SYSTEM_ACTOR ? null : change.requestedByUserId;
  }

  @FieldResolver(() => Money, { description: 'The credit limit before the change.' })
  fromLimit(@Root() change: CreditLimitChange) {
    return Money.fromMinor(change.fromLimitMinor, change.currency);
  }

  @FieldResolver(() => Money, { description: 'The credit limit the change sets.' })
  toLimit(@Root() change: CreditLimitChange) {
    return Money.fromMinor(change.toLimitMinor, change.currency);
  }
}
