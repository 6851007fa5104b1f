import { Grant, Grants, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, Directive, ID, Mutation, Query, Resolver } from 'type-graphql';
import { RebateBalance } from '../entities/rebate-settlement.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { HoldRebateInput } from '../schema/rebate-balance.input.js';
import { HoldRebatePayload, ReleaseRebateHoldPayload } from '../schema/rebate-balance.type.js';
import { RebateBalanceService } from '../services/rebate-balance/rebate-balance.service.js';

const balances = new RebateBalanceService();

/** The rebate balance (返利池, rr §8) and the order saga's holds on it. */
@Resolver(() => RebateBalance)
export class RebateBalanceResolver {
  @Authorized(Grant.SERVICE)
  @Mutation(() => HoldRebatePayload, {
    description: "Holds part of a dealer's rebate balance for an order (service only; idempotent by key).",
  })
  @Directive('@inaccessible')
  async holdRebate(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => HoldRebateInput, { description: 'What to hold, for whom, under which key.' })
    input: HoldRebateInput,
  ) {
    const result = await balances.hold(ctx, input);
    return Object.assign(new HoldRebatePayload(), { hold: result.hold, errors: toUserErrors(result.errors) });
  }

  @Authorized(Grant.SERVICE)
  @Mutation(() => ReleaseRebateHoldPayload, {
    description: "Gives a rebate hold's remainder back (the saga's compensation; service only; idempotent).",
  })
  @Directive('@inaccessible')
  async releaseRebateHold(
    @Ctx() ctx: FinanceContext,
    @Arg('key', () => String, { description: 'Key the hold was made with.' }) key: string,
  ) {
    const result = await balances.release(ctx, key);
    return Object.assign(new ReleaseRebateHoldPayload(), { ...result, errors: toUserErrors(result.errors) });
  }

  @Authorized(...Grants.STAFF, Grant.FINANCE_CLERK)
  @Query(() => RebateBalance, {
    nullable: true,
    description:
      "A dealer's rebate balance (zeros before its first settlement): the dealer's users (dealerId omitted = " +
      'their own), its region manager, HQ, finance clerks and services.',
  })
  rebateBalance(
    @Ctx() ctx: FinanceContext,
    @Arg('dealerId', () => ID, { nullable: true, description: "The dealer; omitted: the viewer's own." })
    dealerId: string | null,
  ) {
    return balances.balance(ctx, dealerId);
  }
}
