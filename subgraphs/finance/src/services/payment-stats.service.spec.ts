import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import type { GraphQLSchema } from 'graphql';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount, CreditStatus, utilizationPpm } from '../entities/credit-account.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import { financeSubgraph } from '../subgraph.js';
import { computePaymentStats, PaymentStatsService } from './payment-stats.service.js';

// The federated schema is built by @apollo/subgraph, which loads graphql's CommonJS build;
// executing it with the ESM build would trip graphql's duplicate-realm check.
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const DAY = 86_400_000;
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn' };
const service = new PaymentStatsService();

function account(
  dealerId: string,
  regionPath: string,
  limitMinor: number,
  usedMinor: number,
  heldMinor = 0,
  parentId?: string,
): CreditAccount {
  return Object.assign(new CreditAccount(), {
    id: `cra_${dealerId.slice(4)}`,
    dealerId,
    dealerRegionPath: regionPath,
    dealerPath: parentId ? `/${parentId}/${dealerId}/` : `/${dealerId}/`,
    currency: 'CNY',
    limitMinor,
    usedMinor,
    heldMinor,
    utilizationPpm: utilizationPpm(limitMinor, usedMinor, heldMinor),
    termDays: 30,
    status: CreditStatus.ACTIVE,
    updatedAt: new Date(),
  });
}

let seq = 0;
function invoice(
  dealerId: string,
  amountMinor: number,
  paidMinor: number,
  dueInDays: number,
  paidDaysAfterDue: number | null,
): Invoice {
  const now = Date.now();
  const dueAt = new Date(now + dueInDays * DAY);
  seq++;
  return Object.assign(new Invoice(), {
    id: `inv_t${seq}`,
    number: `INV-T-${seq}`,
    dealerId,
    dealerRegionPath: '/reg_cn/reg_east/reg_js/',
    orderId: null,
    currency: 'CNY',
    amountMinor,
    paidMinor,
    issuedAt: new Date(dueAt.getTime() - 30 * DAY),
    dueAt,
    paidAt: paidDaysAfterDue == null ? null : new Date(dueAt.getTime() + paidDaysAfterDue * DAY),
  });
}

describe('payment stats on worked examples', () => {
  let db: TestSubgraph<FinanceLoaders>;
  beforeAll(async () => {
    db = await openTestSubgraph(financeSubgraph);
    const em = db.orm.em.fork();
    await em.insertMany(CreditAccount, [
      account('dlr_a1', '/reg_cn/reg_east/reg_js/', 10_000_000, 712_345, 50_000, 'dlr_p1'),
      account('dlr_b1', '/reg_cn/reg_south/reg_gd/', 5_000_000, 0),
      account('dlr_c1', '/reg_cn/reg_east/reg_zj/', 1_000_000, 1_250_000),
    ]);
    await em.insertMany(Invoice, [
      invoice('dlr_a1', 1_000_000, 1_000_000, -100, -1), // due 100 days ago, paid a day early: on time
      invoice('dlr_a1', 2_000_000, 2_000_000, -50, 5), // paid 5 days late
      invoice('dlr_a1', 500_000, 100_000, -20, null), // overdue, 4 000.00 outstanding
      invoice('dlr_a1', 700_000, 700_000, -200, 0), // paid exactly on the due date: on time
      invoice('dlr_a1', 900_000, 900_000, -400, 10), // due before the 12-month window: ignored by the rate
      invoice('dlr_a1', 300_000, 0, 10, null), // not yet due
      invoice('dlr_a1', 12_345, 0, -500, null), // old debt: overdue, outside the window
      // Overdue on the line a parent grants dlr_b1 (two-tier): the parent's books, not the brand's stats.
      Object.assign(invoice('dlr_b1', 80_000, 0, -30, null), { sellerKey: 'dlr_p1' }),
    ]);
  });
  afterAll(() => db.close());

  it('computes the on-time rate, the overdue amount and used / limit', async () => {
    const stats = await service.forDealer(db.context(hq), 'dlr_a1');
    expect(stats.onTimeRate).toBe(0.5); // 2 of the 4 invoices due in the last 12 months
    expect(stats.overdueAmount).toEqual({ amount: '4123.45', currency: 'CNY' });
    expect(stats.creditUtilization).toBeCloseTo(0.0712345, 12); // held does not count
  });

  it('reports 1 and nothing overdue for a dealer with no invoices due', async () => {
    const stats = await service.forDealer(db.context(hq), 'dlr_b1');
    expect(stats).toMatchObject({ onTimeRate: 1, overdueAmount: { amount: '0.00' }, creditUtilization: 0 });
    expect((await service.forDealer(db.context(hq), 'dlr_c1')).creditUtilization).toBe(1.25);
    expect((await service.forDealer(db.context(hq), 'dlr_none')).creditUtilization).toBe(0);
  });

  it('is pure arithmetic over the totals', () => {
    const s = computePaymentStats(
      { dueCount: 3, onTimeCount: 2, overdueMinor: 1 },
      { limitMinor: 0, usedMinor: 5, currency: 'CNY' },
    );
    expect(s.onTimeRate).toBeCloseTo(2 / 3, 12);
    expect(s.overdueAmount.amount).toBe('0.01');
    expect(s.creditUtilization).toBe(1);
  });

  it('keeps credit data in scope', async () => {
    const jsDealer: Viewer = { userId: 'u', role: Role.DEALER_ADMIN, dealerId: 'dlr_a1' };
    const otherDealer: Viewer = { userId: 'u', role: Role.DEALER_STAFF, dealerId: 'dlr_b1' };
    const south: Viewer = { userId: 'u', role: Role.REGION_MANAGER, regionId: 'reg_south' };
    expect((await service.forDealer(db.context(jsDealer), 'dlr_a1')).onTimeRate).toBe(0.5);
    await expect(service.forDealer(db.context(otherDealer), 'dlr_a1')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.forDealer(db.context(south), 'dlr_a1')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect((await service.forDealer(db.context(south), 'dlr_b1')).onTimeRate).toBe(1);
    await expect(service.forDealer(db.context(null), 'dlr_a1')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(service.forDealer(db.context({ userId: 'p', role: Role.PARTNER }), 'dlr_none')).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    // A warehouse operator has no finance scope, not even for a dealer without an account.
    const operator: Viewer = { userId: 'o', role: Role.WAREHOUSE_OPERATOR, warehouseIds: ['wh_hq'] };
    for (const dealerId of ['dlr_a1', 'dlr_none'])
      await expect(service.forDealer(db.context(operator), dealerId)).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("lets a parent dealer's users read a sub-dealer's stats (its health score needs them), not reverse", async () => {
    const parent: Viewer = { userId: 'u', role: Role.DEALER_ADMIN, dealerId: 'dlr_p1' };
    const child: Viewer = { userId: 'u', role: Role.DEALER_ADMIN, dealerId: 'dlr_a1' };
    expect((await service.forDealer(db.context(parent), 'dlr_a1')).onTimeRate).toBe(0.5);
    expect((await service.forDealer(db.context(child), 'dlr_none')).onTimeRate).toBe(1);
    await expect(service.forDealer(db.context(child), 'dlr_b1')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });
});

describe('batching through the schema', () => {
  let db: TestSubgraph<FinanceLoaders>;
  let schema: GraphQLSchema;
  beforeAll(async () => {
    db = await openTestSubgraph(financeSubgraph, { seed: true });
    ({ schema } = await financeSubgraph.buildSchema());
  });
  afterAll(() => db.close());

  async function statements(source: string, variableValues: Record<string, unknown>, viewer: Viewer = hq) {
    const before = db.counter.total;
    const result = await graphql({ schema, source, variableValues, contextValue: db.context(viewer) });
    expect(result.errors).toBeUndefined();
    return { count: db.counter.total - before, data: result.data as Record<string, any> };
  }

  const dealerQuery = `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Dealer { id
    creditAccount { id limit { amount } available { amount } utilization dealer { id } }
    paymentStats { onTimeRate overdueAmount { amount currency } creditUtilization } } } }`;
  const reps = (n: number) =>
    Array.from({ length: n }, (_, i) => ({ __typename: 'Dealer', id: `dlr_${String(i + 1).padStart(4, '0')}` }));

  it('resolves creditAccount and paymentStats of 50 dealers with as many statements as for 5', async () => {
    const five = await statements(dealerQuery, { reps: reps(5) });
    const fifty = await statements(dealerQuery, { reps: reps(50) });
    expect(fifty.data._entities).toHaveLength(50);
    expect(fifty.count).toBe(five.count);
    expect(five.count).toBeLessThanOrEqual(2);
    const first = fifty.data._entities[0];
    expect(first.creditAccount.id).toBe('cra_0001');
    expect(first.paymentStats.overdueAmount.currency).toBe('CNY');
  });

  it('resolves invoices with their payments for a page of 50 with as many statements as for 5', async () => {
    const query = `query($n: Int) { invoices(first: $n) { totalCount edges { node {
      id amount { amount } outstanding { amount } status daysOverdue
      dealer { id } order { id } payments { id method amount { amount } invoice { id } } } } } }`;
    const five = await statements(query, { n: 5 });
    const fifty = await statements(query, { n: 50 });
    expect(fifty.data.invoices.edges).toHaveLength(50);
    expect(fifty.count).toBe(five.count);
  });

  it('resolves CreditAccount references in scope only', async () => {
    const query =
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on CreditAccount { id used { amount } ` +
      `} } }`;
    const dealer: Viewer = { userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: 'dlr_0003' };
    const refs = [
      { __typename: 'CreditAccount', id: 'cra_0003' },
      { __typename: 'CreditAccount', id: 'cra_0002' },
    ];
    const { data } = await statements(query, { reps: refs }, dealer);
    expect(data._entities[0].id).toBe('cra_0003');
    expect(data._entities[1]).toBeNull();
  });
});
