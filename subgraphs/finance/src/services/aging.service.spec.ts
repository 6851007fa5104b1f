import { addDays, businessDate, newId, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AllocationSource, ReceivableAllocation } from '../entities/receivable-allocation.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import { financeSubgraph } from '../subgraph.js';
import { fixtureAccount, fixtureInvoice, fixturePayment } from './finance-documents.fixture.js';

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
const jsManager: Viewer = {
  userId: 'usr_js',
  role: Role.REGION_MANAGER,
  regionId: 'reg_js',
  regionPath: ['reg_cn', 'reg_east', 'reg_js'],
};
const today = businessDate(new Date(), 'Asia/Shanghai');
let db: TestSubgraph<FinanceLoaders>;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph);
  const em = db.orm.em.fork();
  await fixtureAccount(em, 'dlr_G1', '/reg_cn/reg_east/reg_js/');
  await fixtureAccount(em, 'dlr_G2', '/reg_cn/reg_east/reg_zj/', { balanceMinor: 5_000 });
  await fixtureAccount(em, 'dlr_G3', '/reg_cn/reg_north/reg_bj/');
  await fixtureAccount(em, 'dlr_G4', '/reg_cn/reg_north/reg_bj/');
  const open = (dealerId: string, daysPastDue: number, amountMinor: number, outstandingMinor = amountMinor) =>
    fixtureInvoice(em, {
      dealerId,
      amountMinor,
      outstandingMinor,
      issuedOn: addDays(today, -daysPastDue - 30),
      dueDate: addDays(today, -daysPastDue),
    });
  for (const [days, minor] of [
    [0, 100],
    [-5, 1],
    [1, 200],
    [30, 300],
    [31, 400],
    [60, 1],
    [61, 500],
    [90, 2],
    [91, 600],
  ]) {
    await open('dlr_G1', days!, minor!);
  }
  await open('dlr_G1', 200, 9_999, 0);
  await open('dlr_G2', 95, 1_000);
  await open('dlr_G3', 0, 50);
  // G4, in the past: ¥10.00 due 2025-05-31, ¥4.00 paid on 06-10 and ¥6.00 on 07-05; ¥5.00 prepaid on 06-20.
  const inv = await fixtureInvoice(em, {
    dealerId: 'dlr_G4',
    amountMinor: 1_000,
    outstandingMinor: 0,
    issuedOn: '2025-05-01',
    dueDate: '2025-05-31',
  });
  const allocations = [
    [400, '2025-06-10'],
    [600, '2025-07-05'],
  ] as const;
  for (const [minor, day] of allocations) {
    const pay = await fixturePayment(em, { dealerId: 'dlr_G4', amountMinor: minor, receivedOn: day });
    await em.insert(ReceivableAllocation, {
      id: newId('ral'),
      sourceType: AllocationSource.PAYMENT,
      sourceId: pay.id,
      invoiceId: inv.id,
      dealerId: 'dlr_G4',
      amountMinor: minor,
      allocatedAt: new Date(`${day}T02:00:00Z`),
    });
  }
  await fixturePayment(em, { dealerId: 'dlr_G4', amountMinor: 500, receivedOn: '2025-06-20', unallocatedMinor: 500 });
});
afterAll(() => db.close());

const AGING = `query($asOf: LocalDate, $g: AgingGroup, $r: ID, $first: Int, $after: String) {
  receivablesAging(asOf: $asOf, groupBy: $g, regionId: $r, first: $first, after: $after) {
    asOf thresholdDays
    totals { current { amount } d1to30 { amount } d31to60 { amount } d61to90 { amount } over90 { amount }
      total { amount } unappliedCredit { amount } }
    rows { totalCount pageInfo { endCursor hasNextPage }
      edges { node { dealer { id } region { id } oldestDueDate blocked
        buckets { current { amount } d1to30 { amount } d31to60 { amount } d61to90 { amount } over90 { amount }
          total { amount } unappliedCredit { amount } } } } } } }`;

type Buckets = Record<string, { amount: string }>;
type Report = {
  asOf: string;
  thresholdDays: number;
  totals: Buckets;
  rows: {
    totalCount: number;
    pageInfo: { endCursor: string; hasNextPage: boolean };
    edges: {
      node: {
        dealer: { id: string } | null;
        region: { id: string } | null;
        buckets: Buckets;
        blocked: boolean;
        oldestDueDate: string | null;
      };
    }[];
  };
};

async function report(variables: Record<string, unknown>, viewer: Viewer = hq): Promise<Report> {
  const result = await db.execute(AGING, variables, viewer);
  if (result.errors) throw result.errors[0];
  return (result.data as { receivablesAging: Report }).receivablesAging;
}
const amounts = (b: Buckets) => Object.fromEntries(Object.entries(b).map(([k, v]) => [k, v.amount]));

describe('receivablesAging', () => {
  it('buckets each open invoice by whole days past due, with blocks and the unapplied credit apart', async () => {
    const r = await report({});
    expect([r.asOf, r.thresholdDays]).toEqual([today, 90]);
    expect(amounts(r.totals)).toEqual({
      current: '1.51',
      d1to30: '5.00',
      d31to60: '4.01',
      d61to90: '5.02',
      over90: '16.00',
      total: '31.54',
      unappliedCredit: '50.00',
    });
    expect(r.rows.edges.map((e) => [e.node.dealer?.id, e.node.blocked])).toEqual([
      ['dlr_G2', true],
      ['dlr_G1', true],
      ['dlr_G3', false],
    ]);
    expect(r.rows.edges[1]!.node.oldestDueDate).toBe(addDays(today, -91));
  });

  it('groups by the regions one level below the region asked for, and keeps a manager to its region', async () => {
    const east = await report({ g: 'REGION', r: 'reg_east' });
    expect(east.rows.edges.map((e) => [e.node.region?.id, e.node.buckets.total!.amount])).toEqual([
      ['reg_zj', '10.00'],
      ['reg_js', '21.04'],
    ]);
    const mine = await report({}, jsManager);
    expect(mine.rows.edges.map((e) => e.node.dealer?.id)).toEqual(['dlr_G1']);
    expect(mine.totals.total!.amount).toBe('21.04');
  });

  it('pages with a keyset cursor', async () => {
    const first = await report({ first: 2 });
    expect(first.rows.pageInfo.hasNextPage).toBe(true);
    const next = await report({ first: 2, after: first.rows.pageInfo.endCursor });
    expect(next.rows.edges.map((e) => e.node.dealer?.id)).toEqual(['dlr_G3']);
    expect(next.rows.totalCount).toBe(3);
  });

  it('shows a past date as it stood at the end of that day', async () => {
    const june = await report({ asOf: '2025-06-30', r: 'reg_north' });
    const g4 = june.rows.edges.find((e) => e.node.dealer?.id === 'dlr_G4')!;
    expect(amounts(g4.node.buckets)).toMatchObject({ d1to30: '6.00', total: '6.00', unappliedCredit: '5.00' });
    const july = await report({ asOf: '2025-07-31', r: 'reg_north' });
    const g4July = july.rows.edges.find((e) => e.node.dealer?.id === 'dlr_G4')!;
    expect(amounts(g4July.node.buckets)).toMatchObject({ total: '0.00', unappliedCredit: '5.00' });
    const refused = await db.execute(AGING, { asOf: addDays(today, 1) }, hq);
    expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
