import { EventType, insertAudit, newId, NotFoundError, recordEvent, Role, type DomainError } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import {
  RebateAward,
  RebateCalculationKind,
  RebatePolicy,
  RebatePolicyDealer,
  RebatePolicyStatus as Status,
  RebateTarget,
} from '../../entities/rebate-policy.entity.js';
import type { FinanceContext } from '../../finance-context.js';
import type {
  GrantRebateAwardInput,
  RebatePolicyInput,
  RebateScopeInput,
  SetRebateTargetsInput,
  UpdateRebatePolicyInput,
} from '../../schema/rebate-policy.input.js';
import { RebateCalculationCode } from '../rebate-calculations/rebate-calculation.js';
import {
  checkPolicy,
  checkPolicyPeriod,
  isAwardAmount,
  RebatePolicyCode as C,
  RebateRefused,
  refuse,
  type PolicyDraft,
} from './rebate-policy.rules.js';

/** What a policy mutation answers: the policy as stored now, or why nothing was written. */
export interface RebatePolicyResult {
  policy: RebatePolicy | null;
  errors: DomainError[];
}

/** The `change` an event and audit entry name. */
type PolicyChange = 'CREATED' | 'UPDATED' | 'ACTIVATED' | 'CLOSED' | 'TARGETS' | 'AWARD';

/** The audit entry's operation: the GraphQL mutation that made the change, as every other audited write names it. */
const OPERATION: Record<PolicyChange, string> = {
  CREATED: 'createRebatePolicy',
  UPDATED: 'updateRebatePolicy',
  ACTIVATED: 'activateRebatePolicy',
  CLOSED: 'closeRebatePolicy',
  TARGETS: 'setRebateTargets',
  AWARD: 'grantRebateAward',
};

const POLICY_ID = /^rbp_[A-Za-z0-9]{1,36}$/;
const MAX_TARGETS = 5000;

async function answer(work: () => Promise<RebatePolicy>): Promise<RebatePolicyResult> {
  try {
    return { policy: await work(), errors: [] };
  } catch (err) {
    if (err instanceof RebateRefused) return { policy: null, errors: [err.error] };
    throw err;
  }
}

function scopeColumns(scope: RebateScopeInput) {
  const { dealerGrades, regionIds, categoryIds, brandIds, productIds } = scope;
  return { dealerGrades, regionIds, categoryIds, brandIds, productIds };
}

/**
 * Rebate policies (§6): HQ admins and finance clerks create DRAFTs, change them, activate and close
 * them, set TARGET policies' targets and grant MANUAL awards. Each write — rows, guarded version
 * bump, audit entry and `finance.rebate_policy_changed` — is one transaction; a refusal writes nothing.
 */
export class RebatePolicyService {
  /** Creates a DRAFT policy after its checks and its strategy's. */
  async create(ctx: FinanceContext, input: RebatePolicyInput): Promise<RebatePolicyResult> {
    ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK, Role.SERVICE);
    return answer(async () => {
      const draft: PolicyDraft = { ...input, budgetMinor: input.budget ?? null };
      const parameters = checkPolicy(draft);
      return ctx.em.fork({ clear: true }).transactional(async (tx) => {
        if (await tx.count(RebatePolicy, { code: input.code })) {
          refuse(C.POLICY_CODE_TAKEN, `A policy with code ${input.code} exists`, 'code');
        }
        const now = new Date();
        const policy = Object.assign(new RebatePolicy(), {
          ...{ id: newId('rbp'), code: input.code, name: input.name.trim(), status: Status.DRAFT },
          ...{ periodKind: input.periodKind, validFrom: input.validFrom, validTo: input.validTo },
          ...{ basis: input.basis, calculation: input.calculation, parameters },
          ...{ settlementForm: input.settlementForm, budgetMinor: draft.budgetMinor, ...scopeColumns(input.scope) },
          ...{ createdBy: ctx.requireViewer().userId, createdAt: now, updatedAt: now, version: 1 },
        });
        tx.persist(policy);
        await this.writeDealers(tx, policy.id, input.scope.dealerIds);
        await this.record(tx, ctx, policy, 'CREATED', null);
        return policy;
      });
    });
  }

  /** Changes a DRAFT (anything) or an ACTIVE policy (name, end date, budget), at the expected version. */
  async update(ctx: FinanceContext, input: UpdateRebatePolicyInput): Promise<RebatePolicyResult> {
    ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK, Role.SERVICE);
    const current = await this.find(ctx, input.id);
    return answer(() =>
      ctx.em.fork({ clear: true }).transactional(async (tx) => {
        const policy = await this.locked(tx, current.id, input.expectedVersion);
        const draftOnly = [input.validFrom, input.basis, input.parameters, input.settlementForm, input.scope];
        if (policy.status === Status.CLOSED || (policy.status === Status.ACTIVE && draftOnly.some((v) => v != null))) {
          const message = 'An ACTIVE policy changes only its name, end date and budget; a CLOSED one not at all';
          refuse(C.POLICY_NOT_EDITABLE, message, null);
        }
        const before = { ...policy };
        const dealerIds = input.scope?.dealerIds ?? (await this.dealersOf(tx, policy.id));
        const scope = input.scope ?? { ...scopeColumns(policy as unknown as RebateScopeInput), dealerIds };
        const draft: PolicyDraft = {
          ...{ code: policy.code, name: input.name ?? policy.name, periodKind: policy.periodKind },
          ...{ validFrom: input.validFrom ?? policy.validFrom, validTo: input.validTo ?? policy.validTo },
          ...{ calculation: policy.calculation, parameters: input.parameters ?? policy.parameters, scope },
          budgetMinor: input.budget === undefined ? policy.budgetMinor : input.budget,
        };
        const parameters = checkPolicy(draft);
        tx.assign(policy, {
          ...{ name: draft.name.trim(), validFrom: draft.validFrom, validTo: draft.validTo, parameters },
          ...{ budgetMinor: draft.budgetMinor, basis: input.basis ?? policy.basis, ...scopeColumns(scope) },
          settlementForm: input.settlementForm ?? policy.settlementForm,
        });
        if (input.scope) await this.writeDealers(tx, policy.id, input.scope.dealerIds);
        await this.record(tx, ctx, policy, 'UPDATED', before);
        return policy;
      }),
    );
  }

  /** DRAFT → ACTIVE; a TARGET policy needs its targets first (TARGET_MISSING). */
  async activate(ctx: FinanceContext, id: string, expectedVersion: number): Promise<RebatePolicyResult> {
    return this.transition(ctx, id, expectedVersion, 'ACTIVATED', async (tx, policy) => {
      if (policy.status !== Status.DRAFT) refuse(C.POLICY_NOT_EDITABLE, 'Only a DRAFT policy is activated', 'id');
      if (policy.calculation === RebateCalculationKind.TARGET) await this.assertTargets(tx, policy);
      policy.status = Status.ACTIVE;
    });
  }

  /** DRAFT or ACTIVE → CLOSED: accrues no more. */
  async close(ctx: FinanceContext, id: string, expectedVersion: number): Promise<RebatePolicyResult> {
    return this.transition(ctx, id, expectedVersion, 'CLOSED', async (_tx, policy) => {
      if (policy.status === Status.CLOSED) refuse(C.POLICY_NOT_EDITABLE, 'The policy is closed already', 'id');
      policy.status = Status.CLOSED;
    });
  }

  /** Sets (replaces) dealers' targets of a TARGET policy in periods of its kind and validity. */
  async setTargets(ctx: FinanceContext, input: SetRebateTargetsInput): Promise<RebatePolicyResult> {
    return this.transition(ctx, input.policyId, input.expectedVersion, 'TARGETS', async (tx, policy) => {
      if (policy.calculation !== RebateCalculationKind.TARGET) {
        refuse(C.POLICY_KIND_MISMATCH, 'Only a TARGET policy has targets', 'policyId');
      }
      if (policy.status === Status.CLOSED) refuse(C.POLICY_NOT_EDITABLE, 'The policy is closed', 'policyId');
      if (!input.targets.length || input.targets.length > MAX_TARGETS) {
        refuse(C.TARGETS_INVALID, `Give 1 to ${MAX_TARGETS} targets`, 'targets');
      }
      for (const t of input.targets) {
        checkPolicyPeriod(policy, t.period, 'targets');
        if (!isAwardAmount(t.target) || !/^[A-Za-z0-9_-]{1,40}$/.test(t.dealerId)) {
          refuse(C.TARGETS_INVALID, 'Each target names a dealer and a positive figure', 'targets');
        }
      }
      for (const t of input.targets) {
        await tx.nativeDelete(RebateTarget, { policyId: policy.id, dealerId: t.dealerId, period: t.period });
        tx.persist(
          Object.assign(new RebateTarget(), {
            ...{ id: newId('rbt'), policyId: policy.id, dealerId: t.dealerId, period: t.period, target: t.target },
          }),
        );
      }
    });
  }

  /** Grants one dealer an amount under an ACTIVE MANUAL policy, with a reason. */
  async grantAward(ctx: FinanceContext, input: GrantRebateAwardInput): Promise<RebatePolicyResult> {
    const current = await this.find(ctx, input.policyId);
    return this.transition(ctx, input.policyId, current.version, 'AWARD', async (tx, policy) => {
      if (policy.calculation !== RebateCalculationKind.MANUAL) {
        refuse(C.POLICY_KIND_MISMATCH, 'Awards are granted under a MANUAL policy', 'policyId');
      }
      if (policy.status !== Status.ACTIVE) refuse(C.POLICY_NOT_ACTIVE, 'The policy is not ACTIVE', 'policyId');
      if (!isAwardAmount(input.amount)) {
        refuse(RebateCalculationCode.AWARD_AMOUNT_INVALID, 'An award is a positive amount', 'amount');
      }
      const reason = input.reason.trim();
      if (!reason || reason.length > 500) refuse(C.REASON_REQUIRED, 'Say why, in 1 to 500 characters', 'reason');
      checkPolicyPeriod(policy, input.period);
      const award = Object.assign(new RebateAward(), {
        ...{ id: newId('rba'), policyId: policy.id, dealerId: input.dealerId, period: input.period },
        ...{ amountMinor: input.amount, reason, grantedBy: ctx.requireViewer().userId, grantedAt: new Date() },
      });
      tx.persist(award);
    });
  }

  /** The policy (HQ admins and finance clerks; service identity); NotFound otherwise. */
  async find(ctx: FinanceContext, id: string): Promise<RebatePolicy> {
    ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK, Role.SERVICE);
    const policy = POLICY_ID.test(id) ? await ctx.em.findOne(RebatePolicy, { id }) : null;
    if (!policy) throw new NotFoundError('RebatePolicy', id);
    return policy;
  }

  /** The explicit dealer list of a policy (empty: any dealer the grades and regions admit). */
  async dealersOf(em: EntityManager, policyId: string): Promise<string[]> {
    const rows = await em.find(RebatePolicyDealer, { policyId }, { orderBy: { dealerId: 'asc' } });
    return rows.map((r) => r.dealerId);
  }

  private async transition(
    ctx: FinanceContext,
    id: string,
    expectedVersion: number,
    change: PolicyChange,
    apply: (tx: EntityManager, policy: RebatePolicy) => Promise<void>,
  ): Promise<RebatePolicyResult> {
    ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK, Role.SERVICE);
    const current = await this.find(ctx, id);
    return answer(() =>
      ctx.em.fork({ clear: true }).transactional(async (tx) => {
        const policy = await this.locked(tx, current.id, expectedVersion);
        const before = { status: policy.status, version: policy.version };
        await apply(tx, policy);
        await this.record(tx, ctx, policy, change, before);
        return policy;
      }),
    );
  }

  /** Reads the policy and claims its next version (guarded: a concurrent change makes it VERSION_CONFLICT). */
  private async locked(tx: EntityManager, id: string, expectedVersion: number): Promise<RebatePolicy> {
    const bumped = await tx.nativeUpdate(
      RebatePolicy,
      { id, version: expectedVersion },
      { version: expectedVersion + 1 },
    );
    if (bumped !== 1)
      refuse(C.VERSION_CONFLICT, 'The policy changed meanwhile; reload it and try again', 'expectedVersion');
    return tx.findOneOrFail(RebatePolicy, { id });
  }

  private async assertTargets(tx: EntityManager, policy: RebatePolicy): Promise<void> {
    const dealers = await this.dealersOf(tx, policy.id);
    const targets = await tx.find(RebateTarget, { policyId: policy.id });
    const missing = dealers.length ? dealers.some((d) => !targets.some((t) => t.dealerId === d)) : !targets.length;
    if (missing) {
      refuse(RebateCalculationCode.TARGET_MISSING, "Set every listed dealer's target before activating", 'id');
    }
  }

  private async writeDealers(tx: EntityManager, policyId: string, dealerIds: readonly string[]): Promise<void> {
    await tx.nativeDelete(RebatePolicyDealer, { policyId });
    for (const dealerId of new Set(dealerIds))
      tx.persist(Object.assign(new RebatePolicyDealer(), { policyId, dealerId }));
  }

  private async record(
    tx: EntityManager,
    ctx: FinanceContext,
    policy: RebatePolicy,
    change: PolicyChange,
    before: object | null,
  ): Promise<void> {
    const now = new Date();
    policy.updatedAt = now;
    await tx.flush();
    await insertAudit(tx, ctx, {
      ...{ operation: OPERATION[change], action: change, entityType: 'RebatePolicy', entityId: policy.id },
      ...{ before: before as Record<string, unknown> | null, after: { ...policy } },
    });
    recordEvent(tx, {
      type: EventType.REBATE_POLICY_CHANGED,
      subjectId: policy.id,
      scope: { hqOnly: true },
      occurredAt: now,
      payload: { policyId: policy.id, code: policy.code, status: policy.status, change, version: policy.version },
    });
    await tx.flush();
  }
}
