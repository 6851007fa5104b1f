import { EventType, OutboxEvent } from '@dnp/event-bus';
import { AuditEntry, ForbiddenError, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  RebateAward,
  RebateBasis,
  RebateCalculationKind as K,
  RebatePeriodKind,
  RebatePolicy,
  RebatePolicyStatus,
  RebateSettlementForm,
  RebateTarget,
} from '../../entities/rebate-policy.entity.js';
import { RebateProgress } from '../../entities/rebate-accrual.entity.js';
import type { FinanceLoaders } from '../../finance-context.js';
import type { RebatePolicyInput } from '../../schema/rebate-policy.input.js';
import { financeSubgraph } from '../../subgraph.js';
import { RebatePolicyQueryService } from './rebate-policy-query.service.js';
import { RebatePolicyService } from './rebate-policy.service.js';

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, displayName: '总部管理员' };
const clerk: Viewer = { userId: 'usr_fin_clerk', role: Role.FINANCE_CLERK };
const east: Viewer = { userId: 'usr_east_manager', role: Role.REGION_MANAGER, regionId: 'reg_east' };

let db: TestSubgraph<FinanceLoaders>;
const service = new RebatePolicyService();
beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph);
});
afterAll(() => db.close());

let n = 0;
const tiers = { mode: 'RETROACTIVE', tiers: [{ from: 0, rateBp: 100 }] };
function input(over: Partial<RebatePolicyInput> = {}): RebatePolicyInput {
  n += 1;
  return {
    ...{ code: `P-${n}`, name: `Policy ${n}`, periodKind: RebatePeriodKind.QUARTER },
    ...{ validFrom: '2026-01-01', validTo: '2026-12-31', basis: RebateBasis.SHIPPED, calculation: K.TIERED },
    ...{ parameters: JSON.stringify(tiers), settlementForm: RebateSettlementForm.CREDIT_NOTE, budget: null },
    scope: {
      dealerGrades: ['A'],
      regionIds: [],
      dealerIds: [],
      categoryIds: ['cat_dairy'],
      brandIds: [],
      productIds: [],
    },
    ...over,
  } as RebatePolicyInput;
}
const counts = async () => {
  const em = db.orm.em.fork();
  return Promise.all([
    em.count(RebatePolicy, {}),
    em.count(RebateTarget, {}),
    em.count(RebateAward, {}),
    em.count(AuditEntry, {}),
    em.count(OutboxEvent, {}),
  ]);
};
const created = async (over: Partial<RebatePolicyInput> = {}) => {
  const r = await service.create(db.context(hq), input(over));
  expect(r.errors).toEqual([]);
  return r.policy!;
};

describe('rebate policies', () => {
  it('creates a DRAFT with its audit entry and finance.rebate_policy_changed', async () => {
    const policy = await created();
    expect(policy).toMatchObject({ status: RebatePolicyStatus.DRAFT, version: 1, dealerGrades: ['A'] });
    const em = db.orm.em.fork();
    const [event] = await em.find(OutboxEvent, { type: EventType.REBATE_POLICY_CHANGED, subjectId: policy.id });
    const payload = typeof event!.payload === 'string' ? JSON.parse(event!.payload) : event!.payload;
    expect(payload).toEqual({ policyId: policy.id, code: policy.code, status: 'DRAFT', change: 'CREATED', version: 1 });
    expect(await em.count(AuditEntry, { entityId: policy.id, action: 'CREATED' })).toBe(1);
  });

  it('refuses each bad input with its code and writes nothing', async () => {
    const taken = await created();
    const bad: [Partial<RebatePolicyInput>, string][] = [
      [{ code: 'bad code!' }, 'POLICY_CODE_INVALID'],
      [{ code: taken.code }, 'POLICY_CODE_TAKEN'],
      [{ validFrom: '2026-06-01', validTo: '2026-05-31' }, 'POLICY_PERIOD_INVALID'],
      [{ validFrom: '2026-02-30' }, 'POLICY_PERIOD_INVALID'],
      [{ scope: { ...input().scope, categoryIds: [] } }, 'POLICY_SCOPE_EMPTY'],
      [{ parameters: '{' }, 'PARAMETERS_INVALID'],
      [{ parameters: JSON.stringify({ mode: 'MARGINAL', tiers: [] }) }, 'TIERS_EMPTY'],
      [
        {
          parameters: JSON.stringify({
            mode: 'MARGINAL',
            tiers: [
              { from: 5, rateBp: 1 },
              { from: 5, rateBp: 2 },
            ],
          }),
        },
        'TIERS_OVERLAP',
      ],
      [{ parameters: JSON.stringify({ mode: 'MARGINAL', tiers: [{ from: 0, rateBp: -5 }] }) }, 'RATE_NEGATIVE'],
      [{ parameters: JSON.stringify({ mode: 'MARGINAL', tiers: [{ from: 0, rateBp: 20_000 }] }) }, 'RATE_TOO_HIGH'],
      [
        {
          calculation: K.GROWTH,
          parameters: JSON.stringify({ tiers: [{ growthBp: 0, rateBp: 1 }], baseWhenNone: 'X' }),
        },
        'GROWTH_BASE_INVALID',
      ],
      [
        { calculation: K.PRODUCT_MIX, parameters: JSON.stringify({ groups: [], bonusRateBp: 1, base: tiers }) },
        'MIX_GROUPS_EMPTY',
      ],
      [{ budget: 0 }, 'BUDGET_INVALID'],
    ];
    const before = await counts();
    for (const [over, code] of bad) {
      const r = await service.create(db.context(hq), input(over));
      expect([r.policy, r.errors.map((e) => e.code)]).toEqual([null, [code]]);
    }
    expect(await counts()).toEqual(before);
  });

  it('lets an ACTIVE policy change only its name, end date and budget, at the expected version', async () => {
    const p = await created();
    const active = (await service.activate(db.context(clerk), p.id, 1)).policy!;
    expect(active).toMatchObject({ status: RebatePolicyStatus.ACTIVE, version: 2 });
    const before = await counts();
    const stale = await service.update(db.context(hq), { id: p.id, expectedVersion: 1, name: 'x' });
    expect(stale.errors.map((e) => e.code)).toEqual(['VERSION_CONFLICT']);
    const locked = await service.update(db.context(hq), { id: p.id, expectedVersion: 2, parameters: '{}' });
    expect(locked.errors.map((e) => e.code)).toEqual(['POLICY_NOT_EDITABLE']);
    expect(await counts()).toEqual(before);
    const renamed = await service.update(db.context(hq), { id: p.id, expectedVersion: 2, name: '一季度', budget: 500 });
    expect(renamed.errors).toEqual([]);
    expect(renamed.policy).toMatchObject({ name: '一季度', budgetMinor: 500, version: 3 });
    const closed = await service.close(db.context(hq), p.id, 3);
    expect(closed.policy?.status).toBe(RebatePolicyStatus.CLOSED);
    const reopen = await service.update(db.context(hq), { id: p.id, expectedVersion: 4, name: 'y' });
    expect(reopen.errors.map((e) => e.code)).toEqual(['POLICY_NOT_EDITABLE']);
  });

  it('activates a TARGET policy only once its listed dealers have targets', async () => {
    const parameters = JSON.stringify({ tiers: [{ completionBp: 10_000, rateBp: 200 }] });
    const scope = { ...input().scope, dealerIds: ['dlr_0003', 'dlr_0004'] };
    const p = await created({ calculation: K.TARGET, parameters, scope });
    expect((await service.activate(db.context(hq), p.id, 1)).errors.map((e) => e.code)).toEqual(['TARGET_MISSING']);
    const target = (dealerId: string, period = '2026-Q1') => ({ dealerId, period, target: 2_000_000 });
    const outside = await service.setTargets(db.context(hq), {
      ...{ policyId: p.id, expectedVersion: 1, targets: [target('dlr_0003', '2027-Q1')] },
    });
    expect(outside.errors.map((e) => e.code)).toEqual(['POLICY_PERIOD_INVALID']);
    const set = await service.setTargets(db.context(hq), {
      ...{ policyId: p.id, expectedVersion: 1, targets: [target('dlr_0003'), target('dlr_0004')] },
    });
    expect(set.errors).toEqual([]);
    expect(await db.orm.em.fork().count(RebateTarget, { policyId: p.id })).toBe(2);
    expect((await service.activate(db.context(hq), p.id, 2)).policy?.status).toBe(RebatePolicyStatus.ACTIVE);
  });

  it('grants awards under an ACTIVE MANUAL policy only, with a positive amount', async () => {
    const p = await created({ calculation: K.MANUAL, parameters: '{}' });
    const award = (amount: number) => ({
      policyId: p.id,
      dealerId: 'dlr_0003',
      period: '2026-Q2',
      amount,
      reason: '新店',
    });
    expect((await service.grantAward(db.context(hq), award(100))).errors.map((e) => e.code)).toEqual([
      'POLICY_NOT_ACTIVE',
    ]);
    await service.activate(db.context(hq), p.id, 1);
    const before = await counts();
    expect((await service.grantAward(db.context(hq), award(0))).errors.map((e) => e.code)).toEqual([
      'AWARD_AMOUNT_INVALID',
    ]);
    expect(await counts()).toEqual(before);
    expect((await service.grantAward(db.context(hq), award(88_800))).errors).toEqual([]);
    expect(await db.orm.em.fork().find(RebateAward, { policyId: p.id })).toMatchObject([{ amountMinor: 88_800 }]);
  });

  it('audits each change under the mutation that made it, as every audited write is named', async () => {
    const p = await created({ calculation: K.MANUAL, parameters: '{}' });
    await service.update(db.context(clerk), { id: p.id, expectedVersion: 1, name: 'renamed' });
    await service.activate(db.context(hq), p.id, 2);
    const award = { policyId: p.id, dealerId: 'dlr_0003', period: '2026-Q2', amount: 100, reason: 'x' };
    expect((await service.grantAward(db.context(clerk), award)).errors).toEqual([]);
    await service.close(db.context(hq), p.id, 4);
    const entries = await db.orm.em.fork().find(AuditEntry, { entityId: p.id });
    expect(entries.map((e) => e.operation).sort()).toEqual([
      'activateRebatePolicy',
      'closeRebatePolicy',
      'createRebatePolicy',
      'grantRebateAward',
      'updateRebatePolicy',
    ]);
  });

  it('lists policies newest first for HQ, and refuses region managers', async () => {
    const page = await new RebatePolicyQueryService().list(db.context(hq), {
      filter: { status: RebatePolicyStatus.DRAFT },
      first: 2,
    });
    expect(page.edges).toHaveLength(2);
    expect(page.edges.every((e) => e.node.status === RebatePolicyStatus.DRAFT)).toBe(true);
    await expect(service.create(db.context(east), input())).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('answers through GraphQL: create, list with dealer ids, and progress with its next tier', async () => {
    const create = await db.execute(
      `mutation Create($input: RebatePolicyInput!) {
        createRebatePolicy(input: $input) { policy { id status budgetMinor dealerIds parameters } errors { code } }
      }`,
      { input: { ...input({ budget: 1_000_000 }), scope: { ...input().scope, dealerIds: ['dlr_0003'] } } },
      hq,
    );
    expect(create.errors).toBeUndefined();
    const created = (create.data as { createRebatePolicy: { policy: Record<string, unknown> } }).createRebatePolicy;
    expect(created.policy).toMatchObject({ status: 'DRAFT', budgetMinor: '1000000', dealerIds: ['dlr_0003'] });
    const list = await db.execute(
      '{ rebatePolicies(first: 1, filter: { status: DRAFT }) { totalCount edges { node { id code } } } }',
      {},
      clerk,
    );
    expect(list.errors).toBeUndefined();
    const denied = await db.execute('{ rebatePolicies(first: 1) { totalCount } }', {}, east);
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const progress = await db.execute(
      '{ rebateProgress(dealerId: "dlr_0003", period: "2026-Q1") { accruedMinor nextTier { remaining } } }',
      {},
      hq,
    );
    expect(progress.errors).toBeUndefined();
  });

  it('answers accruedMinor per policy: its progress rows summed over dealers and periods, 0 without', async () => {
    const [withRows, without] = [await created({ budget: 500_000 }), await created()];
    const em = db.orm.em.fork();
    const rows: [string, string, number][] = [
      ['dlr_0001', '2026-Q1', 12_345],
      ['dlr_0002', '2026-Q1', 1],
      ['dlr_0001', '2026-Q2', 9_007_199_254_000],
    ];
    for (const [i, [dealerId, period, accruedMinor]] of rows.entries()) {
      em.create(RebateProgress, {
        ...{ id: `rpg_accrued_${i}`, policyId: withRows.id, dealerId, period },
        ...{ basisMinor: accruedMinor * 10, quantity: 1, accruedMinor, updatedAt: new Date() },
      });
    }
    await em.flush();
    const list = await db.execute(
      '{ rebatePolicies(first: 100) { edges { node { id budgetMinor accruedMinor } } } }',
      {},
      clerk,
    );
    expect(list.errors).toBeUndefined();
    const nodes = (list.data as { rebatePolicies: { edges: { node: Record<string, unknown> }[] } }).rebatePolicies
      .edges;
    const byId = new Map(nodes.map((e) => [e.node.id, e.node]));
    expect(byId.get(withRows.id)).toEqual({ id: withRows.id, budgetMinor: '500000', accruedMinor: '9007199266346' });
    expect(byId.get(without.id)).toMatchObject({ accruedMinor: '0' });
  });
});
