import { demoNetwork } from '@dnp/demo-data';
import { createLogger } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RebateProgress } from '../entities/rebate-accrual.entity.js';
import { RebatePolicy, RebatePolicyDealer, RebatePolicyStatus } from '../entities/rebate-policy.entity.js';
import {
  RebateBalance,
  RebateBalanceEntry,
  RebateBalanceMovement,
  RebateSettlement,
  RebateSettlementStatus,
} from '../entities/rebate-settlement.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import { financeSubgraph } from '../subgraph.js';
import { DEMO_REBATE_BALANCE_MINOR, DEMO_REBATE_POLICY_ID, DEMO_REBATE_USERS } from './demo-rebates.seed.js';
import { seedDemo } from './demo.seed.js';

let db: TestSubgraph<FinanceLoaders>;
const dealerOf = (user: string) => demoNetwork().users.find((u) => u.username === user)!.dealerId!;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph);
  await seedDemo(db.orm.em.fork(), createLogger('finance-seed-spec', 'silent'), new Date());
});
afterAll(() => db.close());

describe('demo seed: rebates for the demo dealers', () => {
  it('writes one ACTIVE tiered policy for js_admin’s and nj_admin’s dealers, with progress this quarter', async () => {
    const em = db.orm.em.fork();
    const policies = await em.find(RebatePolicy, {});
    expect(policies.map((p) => [p.id, p.status, p.calculation])).toEqual([
      [DEMO_REBATE_POLICY_ID, RebatePolicyStatus.ACTIVE, 'TIERED'],
    ]);
    const members = await em.find(RebatePolicyDealer, { policyId: DEMO_REBATE_POLICY_ID });
    expect(members.map((m) => m.dealerId).sort()).toEqual(DEMO_REBATE_USERS.map(dealerOf).sort());
    const progress = await em.find(RebateProgress, { policyId: DEMO_REBATE_POLICY_ID });
    expect(progress.map((p) => p.dealerId).sort()).toEqual(DEMO_REBATE_USERS.map(dealerOf).sort());
    // No accrual entries yet: nothing accrued, the first tier (¥50,000.00 at 1 %) still ahead.
    for (const p of progress) {
      expect([p.basisMinor, p.accruedMinor, p.tierIndex, p.nextThreshold, p.remaining, p.nextRateBp]).toEqual([
        0,
        0,
        null,
        50_000_00,
        50_000_00,
        100,
      ]);
    }
  });

  it('pays an approved BALANCE settlement into each dealer’s balance as approval does: a SETTLED entry', async () => {
    const em = db.orm.em.fork();
    for (const user of DEMO_REBATE_USERS) {
      const dealerId = dealerOf(user);
      const amount = DEMO_REBATE_BALANCE_MINOR[user];
      const [settlement] = await em.find(RebateSettlement, { dealerId });
      expect([settlement?.status, settlement?.form, settlement?.amountMinor]).toEqual([
        RebateSettlementStatus.APPROVED,
        'BALANCE',
        amount,
      ]);
      const balance = await em.findOneOrFail(RebateBalance, { dealerId });
      expect([balance.available, balance.held, balance.settled, balance.captured]).toEqual([amount, 0, amount, 0]);
      const entries = await em.find(RebateBalanceEntry, { dealerId });
      expect(entries.map((e) => [e.movement, e.amountMinor, e.sourceId])).toEqual([
        [RebateBalanceMovement.SETTLED, amount, settlement!.id],
      ]);
    }
  });
});
