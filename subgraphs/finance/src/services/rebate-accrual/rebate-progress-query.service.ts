import { inDealerAudience, isPeriodKey, NotFoundError, Role, type DomainError } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { RebateBasisMonth, RebateProgress } from '../../entities/rebate-accrual.entity.js';
import { RebatePolicy, RebatePolicyStatus } from '../../entities/rebate-policy.entity.js';
import { regionIdsOf } from '../../entities/rebate-profile.entity.js';
import type { FinanceContext } from '../../finance-context.js';
import type { RebatePolicyInput } from '../../schema/rebate-policy.input.js';
import type { RebateComputation } from '../rebate-calculations/rebate-calculation.js';
import { checkPolicy, RebatePolicyCode, RebateRefused, refuse } from '../rebate-policies/rebate-policy.rules.js';
import { dealerProfiles } from '../rebate-profiles/rebate-profile-source.js';
import { financeScope, inScope } from '../scope.service.js';
import { basisFromMonths, computePolicy, monthsOf, snapshotOf } from './rebate-progress.js';

/** One dealer's figures in a policy preview. */
export interface RebatePreviewRow {
  dealerId: string;
  /** The measure tiers read (fen, or units for QUANTITY). */
  basis: number;
  amountMinor: number;
  computation: RebateComputation;
}

/** A preview's answer: rows per dealer, or why none were computed. */
export interface RebatePreviewResult {
  rows: RebatePreviewRow[];
  errors: DomainError[];
}

/** Most dealers one preview computes (the console previews a policy for the whole network). */
const MAX_PREVIEW_DEALERS = 5000;

/** Reads of rebate progress and the policy editor's preview. */
export class RebateProgressQueryService {
  /**
   * A dealer's progress rows in a period key (each policy whose period is that key): the dealer's
   * own users see theirs, region managers their region, HQ and finance clerks all.
   */
  async progress(ctx: FinanceContext, dealerId: string, period: string): Promise<RebateProgress[]> {
    const viewer = ctx.requireViewer();
    const [profile] = await dealerProfiles(ctx.em, [dealerId]);
    const regionPath = profile?.regionPath ?? '';
    if (viewer.role !== Role.FINANCE_CLERK && !inScope(financeScope(viewer), dealerId, regionPath)) {
      throw new NotFoundError('Dealer', dealerId);
    }
    if (!isPeriodKey(period)) return [];
    return ctx.em.find(RebateProgress, { dealerId, period }, { orderBy: { policyId: 'asc' } });
  }

  /**
   * One progress row by id for a viewer who may read its dealer's progress (the dealer's own users,
   * its region's managers, HQ and finance clerks); null when unknown or outside the viewer's scope, so
   * the gateway's `rebateProgressChanged` re-read sends nothing to anyone else.
   */
  async byId(ctx: FinanceContext, id: string): Promise<RebateProgress | null> {
    const viewer = ctx.requireViewer();
    const row = await ctx.em.findOne(RebateProgress, { id });
    if (!row) return null;
    if (viewer.role === Role.FINANCE_CLERK) return row;
    const [profile] = await dealerProfiles(ctx.em, [row.dealerId]);
    return inScope(financeScope(viewer), row.dealerId, profile?.regionPath ?? '') ? row : null;
  }

  /**
   * Runs a policy being edited over one past period's monthly aggregates, without writing: per
   * eligible dealer with in-scope basis, its basis, tier reached and amount.
   */
  async preview(ctx: FinanceContext, input: RebatePolicyInput, period: string): Promise<RebatePreviewResult> {
    ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK, Role.SERVICE);
    try {
      const parameters = checkPolicy({ ...input, budgetMinor: input.budget ?? null });
      if (!isPeriodKey(period, input.periodKind)) {
        refuse(RebatePolicyCode.POLICY_PERIOD_INVALID, `${period} is not a ${input.periodKind} key`, 'period');
      }
      const policy = Object.assign(new RebatePolicy(), {
        ...input,
        ...{ id: 'rbp_preview', status: RebatePolicyStatus.DRAFT, parameters, ...input.scope },
      });
      return { rows: await this.previewRows(ctx.em, policy, input.scope.dealerIds, period), errors: [] };
    } catch (err) {
      if (err instanceof RebateRefused) return { rows: [], errors: [err.error] };
      throw err;
    }
  }

  private async previewRows(
    em: EntityManager,
    policy: RebatePolicy,
    dealerIds: readonly string[],
    period: string,
  ): Promise<RebatePreviewRow[]> {
    const months = await em.find(
      RebateBasisMonth,
      { month: { $in: monthsOf(period) }, ...(dealerIds.length ? { dealerId: { $in: [...dealerIds] } } : {}) },
      { fields: ['dealerId'] },
    );
    const dealers = [...new Set(months.map((m) => m.dealerId))].sort().slice(0, MAX_PREVIEW_DEALERS);
    const profiles = await dealerProfiles(em, dealers);
    const audience = { dealerGrades: policy.dealerGrades, regionIds: policy.regionIds, dealerIds };
    const rows: RebatePreviewRow[] = [];
    for (const d of profiles.sort((a, b) => a.dealerId.localeCompare(b.dealerId))) {
      const member = { dealerId: d.dealerId, dealerGrade: d.grade, regionPath: regionIdsOf(d.regionPath) };
      if (!inDealerAudience(audience, member)) continue;
      const figures = await basisFromMonths(em, policy, d.dealerId, period);
      if (!figures?.length) continue;
      const snapshot = await snapshotOf(em, policy, d.dealerId, period, figures);
      rows.push({
        ...{ dealerId: d.dealerId, basis: Number(snapshot.measure), amountMinor: Number(snapshot.amountMinor) },
        computation: computePolicy(policy, snapshot),
      });
    }
    return rows;
  }
}
