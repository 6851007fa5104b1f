import { Grants, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { RebatePolicy } from '../entities/rebate-policy.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { MinorUnitsScalar } from '../schema/minor-units.scalar.js';
import {
  GrantRebateAwardInput,
  RebatePolicyFilter,
  RebatePolicyInput,
  SetRebateTargetsInput,
  UpdateRebatePolicyInput,
} from '../schema/rebate-policy.input.js';
import { RebatePolicyConnection, RebatePolicyPayload } from '../schema/rebate-policy.type.js';
import { RebatePolicyQueryService } from '../services/rebate-policies/rebate-policy-query.service.js';
import { RebatePolicyService, type RebatePolicyResult } from '../services/rebate-policies/rebate-policy.service.js';

const policies = new RebatePolicyService();
const reads = new RebatePolicyQueryService();

function payloadOf(result: RebatePolicyResult): RebatePolicyPayload {
  return Object.assign(new RebatePolicyPayload(), { policy: result.policy, errors: toUserErrors(result.errors) });
}

const ID_ARG = { description: 'The policy.' };
const VERSION_ARG = { description: 'The version the change was made on (VERSION_CONFLICT otherwise).' };

/** Rebate policies (返利政策, rr §6): HQ admins and finance clerks write and read them. */
@Resolver(() => RebatePolicy)
export class RebatePolicyResolver {
  @Authorized(...Grants.REBATE_ADMINS)
  @Mutation(() => RebatePolicyPayload, { description: "Creates a DRAFT rebate policy after its strategy's checks." })
  async createRebatePolicy(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => RebatePolicyInput, { description: 'The policy.' }) input: RebatePolicyInput,
  ) {
    return payloadOf(await policies.create(ctx, input));
  }

  @Authorized(...Grants.REBATE_ADMINS)
  @Mutation(() => RebatePolicyPayload, {
    description: 'Changes a DRAFT policy, or the name, end date and budget of an ACTIVE one (POLICY_NOT_EDITABLE).',
  })
  async updateRebatePolicy(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => UpdateRebatePolicyInput, { description: 'The change.' }) input: UpdateRebatePolicyInput,
  ) {
    return payloadOf(await policies.update(ctx, input));
  }

  @Authorized(...Grants.REBATE_ADMINS)
  @Mutation(() => RebatePolicyPayload, {
    description: 'Activates a DRAFT policy: it accrues from then on (a TARGET policy needs its targets).',
  })
  async activateRebatePolicy(
    @Ctx() ctx: FinanceContext,
    @Arg('id', () => ID, ID_ARG) id: string,
    @Arg('expectedVersion', () => Int, VERSION_ARG) expectedVersion: number,
  ) {
    return payloadOf(await policies.activate(ctx, id, expectedVersion));
  }

  @Authorized(...Grants.REBATE_ADMINS)
  @Mutation(() => RebatePolicyPayload, { description: 'Closes a policy: it accrues no more.' })
  async closeRebatePolicy(
    @Ctx() ctx: FinanceContext,
    @Arg('id', () => ID, ID_ARG) id: string,
    @Arg('expectedVersion', () => Int, VERSION_ARG) expectedVersion: number,
  ) {
    return payloadOf(await policies.close(ctx, id, expectedVersion));
  }

  @Authorized(...Grants.REBATE_ADMINS)
  @Mutation(() => RebatePolicyPayload, { description: "Sets dealers' targets of a TARGET policy, per period." })
  async setRebateTargets(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => SetRebateTargetsInput, { description: 'The policy and its targets.' })
    input: SetRebateTargetsInput,
  ) {
    return payloadOf(await policies.setTargets(ctx, input));
  }

  @Authorized(...Grants.REBATE_ADMINS)
  @Mutation(() => RebatePolicyPayload, { description: 'Grants one dealer an amount under an ACTIVE MANUAL policy.' })
  async grantRebateAward(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => GrantRebateAwardInput, { description: 'The award.' }) input: GrantRebateAwardInput,
  ) {
    return payloadOf(await policies.grantAward(ctx, input));
  }

  @Authorized(...Grants.REBATE_ADMINS)
  @Query(() => RebatePolicyConnection, { description: 'Rebate policies, newest first (HQ admins, finance clerks).' })
  rebatePolicies(
    @Ctx() ctx: FinanceContext,
    @Arg('filter', () => RebatePolicyFilter, { nullable: true, description: 'Narrows the list.' })
    filter: RebatePolicyFilter | null,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default and cap: the kit page size).' })
    first: number | null,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after: string | null,
  ) {
    return reads.list(ctx, { filter, first, after });
  }

  @Authorized(...Grants.REBATE_ADMINS)
  @Query(() => RebatePolicy, { description: 'One rebate policy (HQ admins, finance clerks).' })
  rebatePolicy(@Ctx() ctx: FinanceContext, @Arg('id', () => ID, ID_ARG) id: string) {
    return policies.find(ctx, id);
  }

  @FieldResolver(() => [ID], { description: "The policy's explicit dealer list; empty: any dealer admitted." })
  dealerIds(@Root() policy: RebatePolicy, @Ctx() ctx: FinanceContext) {
    return policies.dealersOf(ctx.em, policy.id);
  }

  @FieldResolver(() => MinorUnitsScalar, {
    description:
      'The rebate accrued so far over every dealer and period, in fen (the sum of its progress rows): ' +
      'set against budgetMinor.',
  })
  accruedMinor(@Root() policy: RebatePolicy, @Ctx() ctx: FinanceContext) {
    return ctx.loaders.rebateAccruedByPolicy.load(policy.id);
  }
}
