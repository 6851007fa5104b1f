import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount, CreditStatus, utilizationPpm } from '../entities/credit-account.entity.js';
import { CreditHold, CreditHoldStatus } from '../entities/credit-hold.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import type { HoldCreditInput } from '../schema/credit-hold.input.js';
import { financeSubgraph } from '../subgraph.js';
import { availableMinor } from './credit-account.service.js';
import { CreditHoldService, formatAmount } from './credit-hold.service.js';

const holds = new CreditHoldService();
const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
let db: TestSubgraph<FinanceLoaders>;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: true });
});
afterAll(() => db.close());

/** A test account: limit and used in minor units. */
async function account(
  dealerId: string,
  limitMinor: number,
  usedMinor: number,
  status = CreditStatus.ACTIVE,
): Promise<void> {
  await db.orm.em.fork().insert(CreditAccount, {
    id: `cra_${dealerId.slice(4)}`,
    dealerId,
    dealerRegionPath: '/reg_cn/reg_east/',
    dealerPath: `/${dealerId}/`,
    currency: 'CNY',
    limitMinor,
    usedMinor,
    heldMinor: 0,
    balanceMinor: 0,
    oldestOpenDueDate: null,
    utilizationPpm: utilizationPpm(limitMinor, usedMinor, 0),
    termDays: 30,
    status,
    updatedAt: new Date(),
  });
}
const accountOf = (dealerId: string) => db.orm.em.fork().findOneOrFail(CreditAccount, { dealerId });
const hold = (key: string, dealerId: string, amountMinor: number, viewer: Viewer | null = service) =>
  holds.hold(db.context(viewer), { key, dealerId, amountMinor } as HoldCreditInput);
const holdCount = () => db.orm.em.fork().count(CreditHold, {});

/** Accounts whose held amount is not the sum of their HELD holds, or whose stored utilization is stale. */
async function inconsistentAccounts(): Promise<string[]> {
  const em = db.orm.em.fork();
  const [accounts, all] = await Promise.all([
    em.find(CreditAccount, {}),
    em.find(CreditHold, { status: CreditHoldStatus.HELD }),
  ]);
  const held = new Map<string, number>();
  for (const h of all) held.set(h.dealerId, (held.get(h.dealerId) ?? 0) + h.amountMinor);
  return accounts
    .filter(
      (a) =>
        a.heldMinor !== (held.get(a.dealerId) ?? 0) ||
        a.utilizationPpm !== utilizationPpm(a.limitMinor, a.usedMinor, a.heldMinor),
    )
    .map((a) => a.dealerId);
}

describe('CreditHoldService.hold', () => {
  beforeAll(async () => {
    await account('dlr_T01', 100_000_000, 12_345_678); // ¥1,000,000.00 limit, ¥123,456.78 used
    await account('dlr_T02', 5_000_000, 0, CreditStatus.FROZEN);
  });

  it('holds to the cent, up to exactly the available amount, keeping utilization in step', async () => {
    const first = await hold('ord_c1', 'dlr_T01', 87_654_321);
    expect(first.errors).toEqual([]);
    expect(first.hold).toMatchObject({
      key: 'ord_c1',
      dealerId: 'dlr_T01',
      amountMinor: 87_654_321,
      currency: 'CNY',
      status: CreditHoldStatus.HELD,
    });
    expect(first.hold!.id).toMatch(/^crh_/);
    let a = await accountOf('dlr_T01');
    expect(a.heldMinor).toBe(87_654_321);
    expect(availableMinor(a)).toBe(1);
    expect(a.utilizationPpm).toBe(999_999);

    const over = await hold('ord_c2', 'dlr_T01', 2);
    expect(over).toMatchObject({
      hold: null,
      errors: [
        {
          code: 'CREDIT_LIMIT_EXCEEDED',
          field: 'amountMinor',
          message: 'Available credit CNY 0.01 is less than the requested CNY 0.02',
        },
      ],
    });
    expect((await hold('ord_c3', 'dlr_T01', 1)).errors).toEqual([]);
    a = await accountOf('dlr_T01');
    expect(availableMinor(a)).toBe(0);
    expect(a.utilizationPpm).toBe(1_000_000);
    expect(await inconsistentAccounts()).toEqual([]);
  });

  it('formats large amounts with separators in the refusal', async () => {
    await account('dlr_T03', 1_000_000_000, 0);
    const result = await hold('ord_c4', 'dlr_T03', 1_234_567_890);
    expect(result.errors[0]!.message).toBe(
      'Available credit CNY 10,000,000.00 is less than the requested CNY 12,345,678.90',
    );
    expect(formatAmount(-200_050, 'CNY')).toBe('CNY -2,000.50');
  });

  it('refuses frozen and missing accounts', async () => {
    expect((await hold('ord_c5', 'dlr_T02', 100)).errors).toEqual([
      expect.objectContaining({ code: 'CREDIT_ACCOUNT_FROZEN' }),
    ]);
    expect((await hold('ord_c6', 'dlr_T99', 100)).errors).toEqual([
      expect.objectContaining({ code: 'NOT_FOUND', field: 'dealerId' }),
    ]);
    expect((await accountOf('dlr_T02')).heldMinor).toBe(0);
  });

  it('answers the same key and amount with the same hold, and refuses it for anything else', async () => {
    await account('dlr_T04', 1_000_000, 0);
    const first = await hold('ord_c7', 'dlr_T04', 250_00);
    const again = await hold('ord_c7', 'dlr_T04', 250_00);
    expect(again).toMatchObject({ errors: [], hold: { id: first.hold!.id } });
    expect((await accountOf('dlr_T04')).heldMinor).toBe(250_00);
    const count = await holdCount();
    expect((await hold('ord_c7', 'dlr_T04', 250_01)).errors).toEqual([
      expect.objectContaining({ code: 'IDEMPOTENCY_KEY_REUSED', field: 'key' }),
    ]);
    expect((await hold('ord_c7', 'dlr_T01', 250_00)).errors[0]!.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await holdCount()).toBe(count);
    // Concurrent repeats of one key: one hold, one effect.
    const racing = await Promise.all(Array.from({ length: 8 }, () => hold('ord_c8', 'dlr_T04', 100)));
    expect(new Set(racing.map((r) => r.hold!.id)).size).toBe(1);
    expect((await accountOf('dlr_T04')).heldMinor).toBe(250_00 + 100);
    expect(await inconsistentAccounts()).toEqual([]);
  });

  const cases: [string, Partial<HoldCreditInput>, string][] = [
    ['a zero amount', { amountMinor: 0 }, 'amountMinor'],
    ['a negative amount', { amountMinor: -100 }, 'amountMinor'],
    ['a fractional amount', { amountMinor: 10.5 }, 'amountMinor'],
    ['an amount above 10^12', { amountMinor: 1_000_000_000_001 }, 'amountMinor'],
    ['an empty key', { key: '' }, 'key'],
    ['a malformed dealer id', { dealerId: 'T04' }, 'dealerId'],
  ];
  for (const [name, patch, field] of cases) {
    it(`refuses ${name} with BAD_USER_INPUT and writes nothing`, async () => {
      const before = await accountOf('dlr_T04');
      const count = await holdCount();
      const result = await holds.hold(db.context(service), {
        key: 'ord_bad',
        dealerId: 'dlr_T04',
        amountMinor: 100,
        ...patch,
      });
      expect(result).toMatchObject({ hold: null, errors: [{ code: 'BAD_USER_INPUT', field }] });
      expect(await holdCount()).toBe(count);
      expect(await accountOf('dlr_T04')).toEqual(before);
    });
  }

  it('is for services only', async () => {
    for (const viewer of [hq, { userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: 'dlr_0003' }] as Viewer[]) {
      await expect(hold('ord_forbidden', 'dlr_T04', 1, viewer)).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(holds.release(db.context(viewer), 'ord_c7')).rejects.toMatchObject({ code: 'FORBIDDEN' });
      await expect(holds.capture(db.context(viewer), 'ord_c7')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    await expect(hold('ord_forbidden', 'dlr_T04', 1, null)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const viaGraphql = await db.execute(`mutation { releaseCreditHold(key: "ord_c7") { released } }`, {}, hq);
    expect(viaGraphql.errors![0]!.extensions!.code).toBe('FORBIDDEN');
  });
});

describe('release and capture', () => {
  beforeAll(async () => {
    await account('dlr_T05', 10_000_000, 1_000_000);
  });

  it('releases idempotently, giving the amount back and recomputing utilization', async () => {
    await hold('ord_r1', 'dlr_T05', 3_000_001);
    expect((await accountOf('dlr_T05')).utilizationPpm).toBe(400_000);
    const [a, b] = await Promise.all([
      holds.release(db.context(service), 'ord_r1'),
      holds.release(db.context(service), 'ord_r1'),
    ]);
    expect(a).toMatchObject({ released: true, errors: [], hold: { status: CreditHoldStatus.RELEASED } });
    expect(b).toMatchObject({ released: true, errors: [] });
    const acc = await accountOf('dlr_T05');
    expect(acc).toMatchObject({ heldMinor: 0, usedMinor: 1_000_000, utilizationPpm: 100_000 });
    expect(await holds.release(db.context(service), 'ord_unknown')).toMatchObject({
      released: false,
      hold: null,
      errors: [],
    });
    // Holding again under a released key changes nothing.
    expect((await hold('ord_r1', 'dlr_T05', 3_000_001)).hold!.status).toBe(CreditHoldStatus.RELEASED);
    expect((await accountOf('dlr_T05')).heldMinor).toBe(0);
    expect(await inconsistentAccounts()).toEqual([]);
  });

  it('captures: held moves to used, utilization unchanged; then it can no longer be released', async () => {
    await hold('ord_r2', 'dlr_T05', 2_500_050);
    const before = await accountOf('dlr_T05');
    const captured = await holds.capture(db.context(service), 'ord_r2');
    expect(captured).toMatchObject({ errors: [], hold: { status: CreditHoldStatus.CAPTURED } });
    expect(await accountOf('dlr_T05')).toMatchObject({
      heldMinor: 0,
      usedMinor: 3_500_050,
      utilizationPpm: before.utilizationPpm,
    });
    expect((await holds.capture(db.context(service), 'ord_r2')).hold!.status).toBe(CreditHoldStatus.CAPTURED);
    expect((await accountOf('dlr_T05')).usedMinor).toBe(3_500_050);
    expect(await holds.release(db.context(service), 'ord_r2')).toMatchObject({
      released: false,
      errors: [{ code: 'CREDIT_HOLD_CAPTURED' }],
    });
    expect((await holds.capture(db.context(service), 'ord_r1')).errors[0]!.code).toBe('CREDIT_HOLD_RELEASED');
    expect((await holds.capture(db.context(service), 'ord_none')).errors[0]!.code).toBe('NOT_FOUND');
    expect(await inconsistentAccounts()).toEqual([]);
  });
});

describe('tombstones (a release that overtook its hold)', () => {
  beforeAll(async () => {
    await account('dlr_T77', 10_000_000, 0);
  });

  it('refuses a hold under a key released before it was made, alone and in a group-committed batch', async () => {
    expect(await holds.release(db.context(service), 'ord_late_h')).toMatchObject({
      released: false,
      hold: null,
      errors: [],
    });
    const late = await hold('ord_late_h', 'dlr_T77', 1_000);
    expect(late.hold).toBeNull();
    expect(late.errors.map((e) => [e.code, e.field])).toEqual([['CREDIT_HOLD_RELEASED', 'key']]);
    await holds.release(db.context(service), 'ord_late_h2');
    const batch = await Promise.all([
      hold('ord_ok_h1', 'dlr_T77', 100),
      hold('ord_late_h2', 'dlr_T77', 100),
      hold('ord_ok_h3', 'dlr_T77', 100),
    ]);
    expect(batch.map((r) => r.errors[0]?.code ?? r.hold!.status)).toEqual(['HELD', 'CREDIT_HOLD_RELEASED', 'HELD']);
    expect((await accountOf('dlr_T77')).heldMinor).toBe(200);
    expect((await holds.capture(db.context(service), 'ord_late_h')).errors[0]!.code).toBe('CREDIT_HOLD_RELEASED');
    expect(await inconsistentAccounts()).toEqual([]);
  });

  it('of a release racing its hold, exactly one wins: nothing stays held', async () => {
    const heldBefore = (await accountOf('dlr_T77')).heldMinor;
    for (let i = 0; i < 10; i++) {
      const key = `ord_hrace_${i}`;
      await Promise.all([hold(key, 'dlr_T77', 10), holds.release(db.context(service), key)]);
      await holds.release(db.context(service), key);
    }
    expect((await accountOf('dlr_T77')).heldMinor).toBe(heldBefore);
    expect(await inconsistentAccounts()).toEqual([]);
  });
});

describe('concurrency', () => {
  it('never holds more than is available under 60 concurrent holds', async () => {
    await account('dlr_T06', 1_000_000, 990_000); // ¥100.00 available
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => hold(`ord_race_${i}`, 'dlr_T06', 300)));
    expect(results.filter((r) => r.errors.length === 0)).toHaveLength(33);
    expect(results.filter((r) => r.errors[0]?.code === 'CREDIT_LIMIT_EXCEEDED')).toHaveLength(27);
    const acc = await accountOf('dlr_T06');
    expect(acc.heldMinor).toBe(9_900);
    expect(availableMinor(acc)).toBe(100);
    expect(await inconsistentAccounts()).toEqual([]);
  });
});

describe('group commit', () => {
  it('holds concurrent calls of several dealers together; one that does not fit gets its own reason', async () => {
    await account('dlr_T17', 10_000, 0);
    await account('dlr_T18', 10_000, 0);
    await account('dlr_T19', 10_000, 0, CreditStatus.FROZEN);
    const results = await Promise.all([
      hold('ord_gc_1', 'dlr_T17', 6_000),
      hold('ord_gc_2', 'dlr_T18', 2_500),
      hold('ord_gc_3', 'dlr_T17', 5_000), // 4,000 left after the first
      hold('ord_gc_4', 'dlr_T17', 4_000),
      hold('ord_gc_5', 'dlr_T19', 100),
    ]);
    expect(results.map((r) => r.errors[0]?.code ?? 'OK')).toEqual([
      'OK',
      'OK',
      'CREDIT_LIMIT_EXCEEDED',
      'OK',
      'CREDIT_ACCOUNT_FROZEN',
    ]);
    expect((await accountOf('dlr_T17')).heldMinor).toBe(10_000);
    expect((await accountOf('dlr_T18')).heldMinor).toBe(2_500);
    expect(await inconsistentAccounts()).toEqual([]);
  });

  it('answers a key repeated within one batch with one hold, while the other holds of the batch are made', async () => {
    await account('dlr_T20', 10_000, 0);
    const before = await holdCount();
    const results = await Promise.all([
      hold('ord_gc_rep', 'dlr_T20', 1_000),
      hold('ord_gc_rep', 'dlr_T20', 1_000),
      hold('ord_gc_other', 'dlr_T20', 500),
      hold('ord_gc_rep', 'dlr_T20', 999),
    ]);
    expect(results.map((r) => r.errors[0]?.code ?? 'OK')).toEqual(['OK', 'OK', 'OK', 'IDEMPOTENCY_KEY_REUSED']);
    expect(results[0]!.hold!.id).toBe(results[1]!.hold!.id);
    expect(await holdCount()).toBe(before + 2);
    expect((await accountOf('dlr_T20')).heldMinor).toBe(1_500);
    expect(await inconsistentAccounts()).toEqual([]);
  });
});

describe('GraphQL', () => {
  it('holds through the schema and shows the hold in CreditAccount.held', async () => {
    await account('dlr_T07', 100_000, 0);
    const result = await db.execute(
      `mutation ($input: HoldCreditInput!) {
        holdCredit(input: $input) {
          hold { id key dealerId status amount { amount currency } createdAt }
          errors { code message field }
        }
      }`,
      { input: { key: 'ord_gql', dealerId: 'dlr_T07', amountMinor: 12_345 } },
      service,
    );
    expect(result.errors).toBeUndefined();
    expect((result.data as any).holdCredit).toMatchObject({
      errors: [],
      hold: { key: 'ord_gql', dealerId: 'dlr_T07', status: 'HELD', amount: { amount: '123.45', currency: 'CNY' } },
    });
    const seen = await db.execute(`{ creditAccount(id: "cra_T07") { held { amount } available { amount } } }`, {}, hq);
    expect((seen.data as any).creditAccount).toEqual({ held: { amount: '123.45' }, available: { amount: '876.55' } });
  });
});
