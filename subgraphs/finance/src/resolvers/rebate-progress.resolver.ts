import { Grant, Grants, servedByGateway, subscriptionsViaGateway, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Query, Resolver, Root, Subscription } from 'type-graphql';
import { RebateProgress } from '../entities/rebate-accrual.entity.js';
import { RebateBasis, RebatePolicy } from '../entities/rebate-policy.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { RebatePolicyInput } from '../schema/rebate-policy.input.js';
import { nextTierOf, RebateNextTier, RebatePreviewPayload, RebatePreviewRow } from '../schema/rebate-progress.type.js';
import { RebateProgressQueryService } from '../services/rebate-accrual/rebate-progress-query.service.js';

const reads = new RebateProgressQueryService();

/** Rebate progress (a dealer's standing per policy and period) and the policy editor's preview. */
@Resolver(() => RebateProgress)
export class RebateProgressResolver {
  @Authorized(...Grants.STAFF, Grant.FINANCE_CLERK)
  @Query(() => [RebateProgress], {
    description:
      "A dealer's rebate progress in a period, one row per policy whose period is that key: the dealer's users " +
      'see their own, region managers their region, HQ and finance clerks all.',
  })
  rebateProgress(
    @Ctx() ctx: FinanceContext,
    @Arg('dealerId', () => ID, { description: 'The dealer.' }) dealerId: string,
    @Arg('period', () => String, { description: 'The period key (2026-03, 2026-Q1 or 2026).' }) period: string,
  ) {
    return reads.progress(ctx, dealerId, period);
  }

  @Authorized(...Grants.STAFF, Grant.FINANCE_CLERK)
  @Query(() => RebateProgress, {
    nullable: true,
    description:
      'One rebate progress row by id (what `rebateProgressChanged` re-reads); null when unknown or outside your ' +
      'scope: a dealer sees its own, region managers their region, HQ and finance clerks all.',
  })
  rebateProgressById(
    @Ctx() ctx: FinanceContext,
    @Arg('id', () => ID, { description: 'Progress row id ("rbg_…").' }) id: string,
  ) {
    return reads.byId(ctx, id);
  }

  @Authorized(...Grants.STAFF, Grant.FINANCE_CLERK)
  @Subscription(() => RebateProgress, {
    subscribe: servedByGateway,
    description:
      "Each change of a dealer's rebate progress (a shipment, payment or return counted), for the viewers who " +
      'may read it (a dealer only its own); served by the gateway over graphql-ws. Pass the last ' +
      '`extensions.event.position` as `after` to catch up after a reconnect.',
  })
  rebateProgressChanged(
    @Arg('dealerId', () => ID, { description: 'The dealer whose progress to follow.' }) _dealerId: string,
    @Arg('after', () => String, {
      nullable: true,
      description:
        'Position of the last event received (`extensions.event.position`): events after it are replayed first.',
    })
    _after?: string,
  ): RebateProgress {
    throw subscriptionsViaGateway();
  }

  @Authorized(...Grants.REBATE_ADMINS)
  @Query(() => RebatePreviewPayload, {
    description:
      "Computes a policy being edited over one period's monthly aggregates without writing: per eligible " +
      'dealer, its basis, the tier reached and the amount (HQ admins, finance clerks).',
  })
  async previewRebatePolicy(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => RebatePolicyInput, { description: 'The policy as edited.' }) input: RebatePolicyInput,
    @Arg('period', () => String, { description: "A past period key of the policy's kind." }) period: string,
  ) {
    const result = await reads.preview(ctx, input, period);
    const rows = result.rows.map((r) =>
      Object.assign(new RebatePreviewRow(), {
        ...{ dealerId: r.dealerId, basis: r.basis, accruedMinor: Number(r.computation.accruedMinor) },
        tierIndex: r.computation.tierIndex,
        nextTier: nextTierOf({
          nextThreshold: r.computation.nextThreshold == null ? null : Number(r.computation.nextThreshold),
          remaining: r.computation.remaining == null ? null : Number(r.computation.remaining),
          nextRateBp: r.computation.nextRateBp,
        }),
      }),
    );
    return Object.assign(new RebatePreviewPayload(), { rows, errors: toUserErrors(result.errors) });
  }

  @FieldResolver(() => RebateNextTier, { nullable: true, description: 'The next tier; null at the top.' })
  nextTier(@Root() progress: RebateProgress) {
    return nextTierOf(progress);
  }

  // The dealer's own page names its policies and formats the tiers in fen or units: these two facts of
  // the policy are visible to whoever may read the row (the policy object stays HQ's).
  @FieldResolver(() => String, { description: "The policy's display name." })
  async policyName(@Root() progress: RebateProgress, @Ctx() ctx: FinanceContext): Promise<string> {
    return (await ctx.em.findOneOrFail(RebatePolicy, { id: progress.policyId })).name;
  }

  @FieldResolver(() => RebateBasis, { description: 'What the policy measures (tiers in fen, or units for QUANTITY).' })
  async basis(@Root() progress: RebateProgress, @Ctx() ctx: FinanceContext): Promise<RebateBasis> {
    return (await ctx.em.findOneOrFail(RebatePolicy, { id: progress.policyId })).basis;
  }

  @FieldResolver(() => RebatePolicy, { nullable: true, description: 'The policy (HQ admins and finance clerks).' })
  policy(@Root() progress: RebateProgress, @Ctx() ctx: FinanceContext) {
    const role = ctx.viewer?.role;
    if (role !== Grant.HQ_ADMIN && role !== Grant.FINANCE_CLERK && role !== Grant.SERVICE) return null;
    return ctx.em.findOne(RebatePolicy, { id: progress.policyId });
  }
}
