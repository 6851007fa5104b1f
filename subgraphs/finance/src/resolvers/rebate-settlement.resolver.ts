import { Grant, Grants, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { RebateSettlement, RebateSettlementLine } from '../entities/rebate-settlement.entity.js';
import type { FinanceContext } from '../finance-context.js';
import {
  ApproveRebateSettlementInput,
  RebateSettlementFilter,
  RejectRebateSettlementInput,
} from '../schema/rebate-settlement.input.js';
import {
  ProposeRebateSettlementsPayload,
  RebateSettlementConnection,
  RebateSettlementPayload,
} from '../schema/rebate-settlement.type.js';
import { RebateSettlementQueryService } from '../services/rebate-settlement/rebate-settlement-query.service.js';
import {
  RebateSettlementService,
  type RebateSettlementResult,
} from '../services/rebate-settlement/rebate-settlement.service.js';

const settlements = new RebateSettlementService();
const reads = new RebateSettlementQueryService();

function payloadOf(result: RebateSettlementResult): RebateSettlementPayload {
  return Object.assign(new RebateSettlementPayload(), {
    settlement: result.settlement,
    errors: toUserErrors(result.errors),
  });
}

/** Rebate settlements (返利结算, rr §8): proposed at period end, decided by HQ; read within the data scope. */
@Resolver(() => RebateSettlement)
export class RebateSettlementResolver {
  @Authorized(...Grants.REBATE_ADMINS)
  @Mutation(() => ProposeRebateSettlementsPayload, {
    description:
      'Proposes the settlements of an ended period now (what the period-end run does): one per policy, dealer ' +
      'and period with an amount; those proposed before are not written again (HQ admins, finance clerks).',
  })
  async proposeRebateSettlements(
    @Ctx() ctx: FinanceContext,
    @Arg('period', () => String, { description: 'The ended period key (2026-03, 2026-Q1 or 2026).' }) period: string,
  ) {
    const result = await settlements.propose(ctx, period);
    return Object.assign(new ProposeRebateSettlementsPayload(), { ...result, errors: toUserErrors(result.errors) });
  }

  @Authorized(...Grants.REBATE_ADMINS)
  @Mutation(() => RebateSettlementPayload, {
    description:
      "Approves a PROPOSED settlement and pays it in the policy's form: a REBATE credit note, or the dealer's " +
      "rebate balance. Above REBATE_SECOND_APPROVER_ABOVE_MINOR the policy's creator may not approve.",
  })
  async approveRebateSettlement(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => ApproveRebateSettlementInput, { description: 'The settlement and its version.' })
    input: ApproveRebateSettlementInput,
  ) {
    return payloadOf(await settlements.approve(ctx, input.id, input.expectedVersion));
  }

  @Authorized(...Grants.REBATE_ADMINS)
  @Mutation(() => RebateSettlementPayload, {
    description: 'Rejects a PROPOSED settlement with a reason: nothing paid.',
  })
  async rejectRebateSettlement(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => RejectRebateSettlementInput, { description: 'The settlement, its version and why.' })
    input: RejectRebateSettlementInput,
  ) {
    return payloadOf(await settlements.reject(ctx, input.id, input.expectedVersion, input.reason));
  }

  @Authorized(...Grants.STAFF, Grant.FINANCE_CLERK)
  @Query(() => RebateSettlementConnection, {
    description:
      "Rebate settlements, newest first: a dealer's users see their own, region managers their region, HQ and " +
      'finance clerks all.',
  })
  rebateSettlements(
    @Ctx() ctx: FinanceContext,
    @Arg('filter', () => RebateSettlementFilter, { nullable: true, description: 'Narrows the list.' })
    filter: RebateSettlementFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default and cap: the kit page size).' })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after: string | null,
  ) {
    return reads.list(ctx, { filter, first, after });
  }

  @Authorized(...Grants.STAFF, Grant.FINANCE_CLERK)
  @Query(() => RebateSettlement, {
    description: "One rebate settlement within the viewer's scope (NOT_FOUND outside).",
  })
  rebateSettlement(@Ctx() ctx: FinanceContext, @Arg('id', () => ID, { description: 'The settlement.' }) id: string) {
    return settlements.find(ctx, id);
  }

  @FieldResolver(() => [RebateSettlementLine], {
    description: 'The lines by product and tax class, each its share of the amount in proportion to the basis.',
  })
  lines(@Root() settlement: RebateSettlement, @Ctx() ctx: FinanceContext) {
    return settlements.lines(ctx.em, settlement.id);
  }
}
