import { demoApprovedOrders } from '@dnp/demo-data';
import { createLogger } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount, utilizationPpm } from '../entities/credit-account.entity.js';
import { CreditHold, CreditHoldStatus } from '../entities/credit-hold.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import { financeSubgraph } from '../subgraph.js';
import { seedDemo } from './demo.seed.js';

const asOf = new Date();
const orders = demoApprovedOrders(asOf);
let db: TestSubgraph<FinanceLoaders>;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph);
  await seedDemo(db.orm.em.fork(), createLogger('finance-seed-spec', 'silent'), asOf);
});
afterAll(() => db.close());

describe('demo seed: the approved orders hold their credit', () => {
  it('holds each approved order’s total under its order id, counted in its account’s held amount', async () => {
    expect(orders.length).toBeGreaterThan(0);
    const em = db.orm.em.fork();
    const holds = await em.find(CreditHold, {});
    expect(new Map(holds.map((h) => [h.key, [h.dealerId, h.amountMinor, h.status]]))).toEqual(
      new Map(orders.map((o) => [o.orderId, [o.dealerId, o.totalMinor, CreditHoldStatus.HELD]])),
    );
    const heldOf = new Map<string, number>();
    for (const h of holds) heldOf.set(h.dealerId, (heldOf.get(h.dealerId) ?? 0) + h.amountMinor);
    for (const a of await em.find(CreditAccount, {})) {
      expect(a.heldMinor).toBe(heldOf.get(a.dealerId) ?? 0);
      expect(a.utilizationPpm).toBe(utilizationPpm(a.limitMinor, a.usedMinor, a.heldMinor, a.balanceMinor));
    }
  });
});
