import { DEMO_BRANDS, demoNetwork } from '@dnp/demo-data';
import { businessDate, periodOfDate, previousPeriod } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { config } from '../config.js';
import {
  RebateBasis,
  RebateCalculationKind,
  RebatePeriodKind,
  RebatePolicy,
  RebatePolicyDealer,
  RebatePolicyStatus,
  RebateSettlementForm,
} from '../entities/rebate-policy.entity.js';
import {
  RebateBalanceMovement,
  RebateSettlement,
  RebateSettlementStatus,
} from '../entities/rebate-settlement.entity.js';
import { recomputeProgress } from '../services/rebate-accrual/rebate-progress.js';
import { moveBalance } from '../services/rebate-balance/rebate-balance.ledger.js';
import { checkPolicy } from '../services/rebate-policies/rebate-policy.rules.js';

/** The demo's dealer admins whose dealers get the demo policy and a usable rebate balance. */
export const DEMO_REBATE_USERS = ['js_admin', 'nj_admin'] as const;

/** The demo policy's id: stable, so the apps and the docs can name it. */
export const DEMO_REBATE_POLICY_ID = 'rbp_demo_quarter_tier';

/** The balance each demo dealer starts with, in fen (settled from last quarter). */
export const DEMO_REBATE_BALANCE_MINOR: Record<(typeof DEMO_REBATE_USERS)[number], number> = {
  js_admin: 1_880_00,
  nj_admin: 860_00,
};

/** 季度进货阶梯: retroactive tiers on the shipped amount of a quarter (fen). */
const TIERS = [
  { from: 50_000_00, rateBp: 100 },
  { from: 200_000_00, rateBp: 200 },
  { from: 500_000_00, rateBp: 300 },
];

/** One demo dealer as the rebate rows need it. */
interface RebateDealer {
  user: (typeof DEMO_REBATE_USERS)[number];
  dealerId: string;
  regionPath: string;
}

/**
 * The demo's rebates (rr §7–§8), in the seed's transaction: one ACTIVE tiered quarterly policy for
 * the demo dealers (its parameters checked by the policy rules), their progress in the current
 * quarter recomputed by the strategy from their accrual entries (none yet: the seeded invoices
 * carry no lines), and an APPROVED BALANCE settlement of last quarter per dealer, paid into the
 * rebate balance through the ledger's writer as `approveRebateSettlement` pays it (a SETTLED entry
 * and `finance.rebate_balance_changed`). `regionPathOf` gives each dealer's path from its account.
 */
export async function seedDemoRebates(
  tx: EntityManager,
  regionPathOf: (dealerId: string) => string,
  asOf: Date,
): Promise<{ policies: number; settlements: number }> {
  const { users } = demoNetwork();
  const dealers: RebateDealer[] = DEMO_REBATE_USERS.flatMap((user) => {
    const dealerId = users.find((u) => u.username === user)?.dealerId;
    return dealerId ? [{ user, dealerId, regionPath: regionPathOf(dealerId) }] : [];
  });
  const today = businessDate(asOf, config.BUSINESS_TIME_ZONE);
  const year = Number(today.slice(0, 4));
  const quarter = periodOfDate(today, 'QUARTER');
  const lastQuarter = previousPeriod(quarter);
  const scope = {
    ...{ dealerGrades: [], regionIds: [], dealerIds: dealers.map((d) => d.dealerId) },
    ...{ categoryIds: [], brandIds: DEMO_BRANDS.map((b) => b.id), productIds: [] },
  };
  const draft = {
    ...{ code: `DEMO-${year}-Q-TIER`, name: '季度进货阶梯返利', periodKind: RebatePeriodKind.QUARTER },
    // From last year on, so last quarter's settlement lies within the policy's validity in January too.
    ...{ validFrom: `${year - 1}-01-01`, validTo: `${year}-12-31`, calculation: RebateCalculationKind.TIERED },
    ...{ parameters: JSON.stringify({ mode: 'RETROACTIVE', tiers: TIERS }), budgetMinor: null, scope },
  };
  const policy = tx.create(RebatePolicy, {
    ...{ id: DEMO_REBATE_POLICY_ID, code: draft.code, name: draft.name, status: RebatePolicyStatus.ACTIVE },
    ...{ periodKind: draft.periodKind, validFrom: draft.validFrom, validTo: draft.validTo },
    ...{ basis: RebateBasis.SHIPPED, calculation: draft.calculation, parameters: checkPolicy(draft) },
    ...{ settlementForm: RebateSettlementForm.BALANCE, budgetMinor: null },
    ...{ dealerGrades: [], regionIds: [], categoryIds: [], brandIds: scope.brandIds, productIds: [] },
    ...{ createdBy: 'seed', createdAt: asOf, updatedAt: asOf },
  });
  for (const d of dealers) tx.create(RebatePolicyDealer, { policyId: policy.id, dealerId: d.dealerId });
  await tx.flush();
  for (const d of dealers) {
    await recomputeProgress(tx, policy, d, quarter);
    const amountMinor = DEMO_REBATE_BALANCE_MINOR[d.user];
    const settlement = tx.create(RebateSettlement, {
      ...{ id: `rbs_demo_${d.user}`, policyId: policy.id, dealerId: d.dealerId, dealerRegionPath: d.regionPath },
      ...{ period: lastQuarter, status: RebateSettlementStatus.APPROVED, form: RebateSettlementForm.BALANCE },
      ...{ amountMinor, accruedMinor: amountMinor, awardsMinor: 0, decidedBy: 'seed', decidedAt: asOf },
      createdAt: asOf,
    });
    await tx.flush();
    const move = { dealerId: d.dealerId, movement: RebateBalanceMovement.SETTLED, amountMinor };
    await moveBalance(tx, { ...move, sourceId: settlement.id, regionPath: d.regionPath }, asOf);
  }
  return { policies: 1, settlements: dealers.length };
}
