import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRAND_SELLER, CreditAccount, CreditStatus, utilizationPpm } from '../entities/credit-account.entity.js';
import { CreditHold, CreditHoldStatus } from '../entities/credit-hold.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import type { HoldCreditInput } from '../schema/credit-hold.input.js';
import { financeSubgraph } from '../subgraph.js';
import { CreditHoldService } from './credit-hold.service.js';

// Holds of a two-tier order (§8.2, §22): with `sellerDealerId` the hold is on the line the seller
// grants the buyer, never on the buyer's account with the brand; release and capture find the
// account from the hold.

const holds = new CreditHoldService();
const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const PARENT = 'dlr_P01';
let db: TestSubgraph<FinanceLoaders>;

/** An account of `dealerId` with `sellerKey`: limit in minor units, nothing used. */
async function account(sellerKey: string, dealerId: string, limitMinor: number, status = CreditStatus.ACTIVE) {
  await db.orm.em.fork().insert(CreditAccount, {
    ...{ id: `cra_${sellerKey.slice(-3)}_${dealerId.slice(-3)}`, sellerKey, dealerId, currency: 'CNY' },
    ...{ dealerRegionPath: '/reg_cn/reg_east/', dealerPath: `/${PARENT}/${dealerId}/`, limitMinor, usedMinor: 0 },
    ...{ heldMinor: 0, balanceMinor: 0, oldestOpenDueDate: null, utilizationPpm: 0, termDays: 30, status },
    updatedAt: new Date(),
  });
}
const accountOf = (sellerKey: string, dealerId: string) =>
  db.orm.em.fork().findOneOrFail(CreditAccount, { sellerKey, dealerId });
const hold = (key: string, dealerId: string, amountMinor: number, sellerDealerId?: string | null) =>
  holds.hold(db.context(service), { key, dealerId, amountMinor, sellerDealerId } as HoldCreditInput);

/** Accounts whose held amount is not the sum of their HELD holds' remainders, or whose utilization is stale. */
async function inconsistentAccounts(): Promise<string[]> {
  const em = db.orm.em.fork();
  const [accounts, live] = await Promise.all([
    em.find(CreditAccount, {}),
    em.find(CreditHold, { status: CreditHoldStatus.HELD }),
  ]);
  const held = new Map<string, number>();
  for (const h of live) {
    const key = `${h.sellerKey}|${h.dealerId}`;
    held.set(key, (held.get(key) ?? 0) + h.amountMinor - h.capturedMinor - h.releasedMinor);
  }
  return accounts
    .filter(
      (a) =>
        a.heldMinor !== (held.get(`${a.sellerKey}|${a.dealerId}`) ?? 0) ||
        a.utilizationPpm !== utilizationPpm(a.limitMinor, a.usedMinor, a.heldMinor),
    )
    .map((a) => a.id);
}

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: false });
  await account(BRAND_SELLER, 'dlr_S01', 1_000_000);
  await account(PARENT, 'dlr_S01', 10_000);
  await account(BRAND_SELLER, 'dlr_S02', 1_000_000);
  await account(PARENT, 'dlr_S03', 10_000, CreditStatus.FROZEN);
});
afterAll(() => db.close());

describe('holdCredit with a seller', () => {
  it("holds on the seller's line, not on the brand's account of the same dealer", async () => {
    const result = await hold('ord_s1', 'dlr_S01', 4_000, PARENT);
    expect(result.errors).toEqual([]);
    expect(result.hold).toMatchObject({ sellerKey: PARENT, dealerId: 'dlr_S01', status: CreditHoldStatus.HELD });
    expect(await accountOf(PARENT, 'dlr_S01')).toMatchObject({ heldMinor: 4_000, utilizationPpm: 400_000 });
    expect((await accountOf(BRAND_SELLER, 'dlr_S01')).heldMinor).toBe(0);
    // The seller's line is the limit: the brand's large one does not help.
    const over = await hold('ord_s2', 'dlr_S01', 6_001, PARENT);
    expect(over.errors.map((e) => e.code)).toEqual(['CREDIT_LIMIT_EXCEEDED']);
    expect(await inconsistentAccounts()).toEqual([]);
  });

  it('refuses NO_CREDIT_LINE when the seller grants the dealer no line, writing nothing', async () => {
    const before = await db.orm.em.fork().count(CreditHold, {});
    for (const [dealerId, seller] of [
      ['dlr_S02', PARENT],
      ['dlr_S02', 'dlr_S02'],
      ['dlr_S02', BRAND_SELLER],
      ['dlr_S01', 'dlr_P99'],
    ]) {
      const refused = await hold(`ord_none_${seller}_${dealerId}`, dealerId!, 100, seller);
      expect(refused.hold).toBeNull();
      expect(refused.errors.map((e) => [e.code, e.field])).toEqual([['NO_CREDIT_LINE', 'sellerDealerId']]);
    }
    expect(await db.orm.em.fork().count(CreditHold, {})).toBe(before);
    expect((await hold('ord_frozen', 'dlr_S03', 100, PARENT)).errors[0]?.code).toBe('CREDIT_ACCOUNT_FROZEN');
    // Without a seller a dealer with no brand account keeps its old answer.
    expect((await hold('ord_nobrand', 'dlr_S03', 100)).errors[0]?.code).toBe('NOT_FOUND');
  });

  it('answers the same key for another seller with IDEMPOTENCY_KEY_REUSED', async () => {
    expect((await hold('ord_s1', 'dlr_S01', 4_000, PARENT)).errors).toEqual([]);
    expect((await hold('ord_s1', 'dlr_S01', 4_000)).errors[0]?.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it("releases and captures on the hold's own account", async () => {
    await hold('ord_s3', 'dlr_S01', 1_000, PARENT);
    await hold('ord_b3', 'dlr_S01', 50_000);
    expect((await holds.release(db.context(service), 'ord_s1')).released).toBe(true);
    expect((await holds.capture(db.context(service), 'ord_s3')).errors).toEqual([]);
    expect(await accountOf(PARENT, 'dlr_S01')).toMatchObject({ heldMinor: 0, usedMinor: 1_000 });
    expect(await accountOf(BRAND_SELLER, 'dlr_S01')).toMatchObject({ heldMinor: 50_000, usedMinor: 0 });
    expect((await holds.release(db.context(service), 'ord_b3')).released).toBe(true);
    expect(await inconsistentAccounts()).toEqual([]);
  });

  it('group-commits concurrent holds of both sellers for one dealer, each on its account', async () => {
    const results = await Promise.all([
      hold('ord_gs_1', 'dlr_S01', 5_000, PARENT),
      hold('ord_gb_1', 'dlr_S01', 700_000),
      hold('ord_gs_2', 'dlr_S01', 4_001, PARENT), // 4,000 left on the line after the first
      hold('ord_gb_2', 'dlr_S02', 300_000),
      hold('ord_gs_3', 'dlr_S01', 4_000, PARENT),
      hold('ord_gb_3', 'dlr_S01', 300_000),
    ]);
    expect(results.map((r) => r.errors[0]?.code ?? 'OK')).toEqual([
      'OK',
      'OK',
      'CREDIT_LIMIT_EXCEEDED',
      'OK',
      'OK',
      'OK',
    ]);
    expect((await accountOf(PARENT, 'dlr_S01')).heldMinor).toBe(9_000);
    expect((await accountOf(BRAND_SELLER, 'dlr_S01')).heldMinor).toBe(1_000_000);
    expect((await accountOf(BRAND_SELLER, 'dlr_S02')).heldMinor).toBe(300_000);
    expect(await inconsistentAccounts()).toEqual([]);
  });
});
