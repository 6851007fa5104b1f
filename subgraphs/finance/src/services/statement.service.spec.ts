import { AuditEntry, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { OutboxEvent } from '@dnp/event-bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount } from '../entities/credit-account.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import { Statement } from '../entities/statement.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import { financeSubgraph } from '../subgraph.js';
import { runDueMonthEnd } from './statement-run.service.js';
import { fixtureAccount, fixtureCreditNote, fixtureInvoice, fixturePayment } from './finance-documents.fixture.js';

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
const clerk: Viewer = { userId: 'usr_fin', role: Role.FINANCE_CLERK, displayName: '财务' };
const adminA: Viewer = { userId: 'usr_a', role: Role.DEALER_ADMIN, dealerId: 'dlr_SA', displayName: '甲' };
const parent: Viewer = { userId: 'usr_p', role: Role.DEALER_ADMIN, dealerId: 'dlr_SP', subDealerIds: ['dlr_SA'] };
const other: Viewer = { userId: 'usr_c', role: Role.DEALER_ADMIN, dealerId: 'dlr_SC' };
let db: TestSubgraph<FinanceLoaders>;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph);
  const em = db.orm.em.fork();
  for (const id of ['dlr_SA', 'dlr_SB', 'dlr_SC', 'dlr_SP']) await fixtureAccount(em, id);
  // Dealer A, January: ¥1,000.00 invoiced, ¥300.00 paid and a ¥50.00 credit note against it.
  const inv1 = await fixtureInvoice(em, {
    dealerId: 'dlr_SA',
    amountMinor: 100_000,
    issuedOn: '2025-01-10',
    dueDate: '2025-02-09',
  });
  await fixturePayment(em, { dealerId: 'dlr_SA', amountMinor: 30_000, receivedOn: '2025-01-20' });
  await fixtureCreditNote(em, { dealerId: 'dlr_SA', amountMinor: 5_000, issuedOn: '2025-01-31' });
  // February: ¥200.00 more invoiced, ¥500.00 paid to the January invoice.
  const inv2 = await fixtureInvoice(em, {
    dealerId: 'dlr_SA',
    amountMinor: 20_000,
    issuedOn: '2025-02-03',
    dueDate: '2025-03-05',
  });
  await fixturePayment(em, { dealerId: 'dlr_SA', amountMinor: 50_000, receivedOn: '2025-02-28' });
  await em.nativeUpdate(
    Invoice,
    { id: inv1.id },
    { outstandingMinor: 15_000, paidMinor: 80_000, creditedMinor: 5_000 },
  );
  await em.nativeUpdate(Invoice, { id: inv2.id }, { outstandingMinor: 20_000 });
  // Dealer B pays in advance in January (a balance, nothing to allocate).
  await fixturePayment(em, {
    dealerId: 'dlr_SB',
    amountMinor: 7_000,
    receivedOn: '2025-01-05',
    unallocatedMinor: 7_000,
  });
  await em.nativeUpdate(CreditAccount, { dealerId: 'dlr_SB' }, { balanceMinor: 7_000 });
});
afterAll(() => db.close());

const RUN = `mutation($p: YearMonth!) { runStatements(period: $p) { period issued alreadyClosed errors { code } } }`;
const READ = `query($d: ID!, $p: YearMonth!) { statement(dealerId: $d, period: $p) {
  id status documentCount openingBalance { amount } invoicesTotal { amount } paymentsTotal { amount }
  creditNotesTotal { amount } closingBalance { amount }
  lines(first: 10) { totalCount edges { node {
    date kind number debit { amount } credit { amount } balance { amount } } } }
  events { action actorName comment } } }`;

async function gql<T>(query: string, variables: Record<string, unknown>, viewer: Viewer): Promise<T> {
  const result = await db.execute(query, variables, viewer);
  if (result.errors) throw result.errors[0];
  return result.data as T;
}
const counts = async () => {
  const em = db.orm.em.fork();
  return [await em.count(AuditEntry, {}), await em.count(OutboxEvent, {}), await em.count(Statement, {})];
};
type Read = { statement: Record<string, unknown> & { id: string; closingBalance: { amount: string } } };

describe('month-end statements', () => {
  it('shows the open month live, then issues each dealer with documents or a balance, once', async () => {
    const live = await gql<Read>(READ, { d: 'dlr_SA', p: '2025-01' }, clerk);
    expect(live.statement).toMatchObject({ status: 'LIVE', documentCount: 3, closingBalance: { amount: '650.00' } });
    const first = await gql<{ runStatements: unknown }>(RUN, { p: '2025-01' }, clerk);
    expect(first.runStatements).toEqual({ period: '2025-01', issued: 2, alreadyClosed: false, errors: [] });
    const again = await gql<{ runStatements: unknown }>(RUN, { p: '2025-01' }, hq);
    expect(again.runStatements).toEqual({ period: '2025-01', issued: 0, alreadyClosed: true, errors: [] });
    const future = await gql<{ runStatements: { errors: unknown } }>(RUN, { p: '2999-01' }, hq);
    expect(future.runStatements.errors).toEqual([{ code: 'PERIOD_NOT_ENDED' }]);
    const jan = await gql<Read>(READ, { d: 'dlr_SA', p: '2025-01' }, adminA);
    expect(jan.statement).toMatchObject({
      status: 'ISSUED',
      openingBalance: { amount: '0.00' },
      invoicesTotal: { amount: '1000.00' },
      paymentsTotal: { amount: '300.00' },
      creditNotesTotal: { amount: '50.00' },
      closingBalance: { amount: '650.00' },
      events: [{ action: 'ISSUED', actorName: '月结对账', comment: null }],
    });
    const lines = jan.statement.lines as { edges: { node: { kind: string; balance: { amount: string } } }[] };
    expect(lines.edges.map((e) => [e.node.kind, e.node.balance.amount])).toEqual([
      ['INVOICE', '1000.00'],
      ['PAYMENT', '700.00'],
      ['CREDIT_NOTE', '650.00'],
    ]);
    const b = await gql<Read>(READ, { d: 'dlr_SB', p: '2025-01' }, hq);
    expect(b.statement.closingBalance.amount).toBe('-70.00');
    expect(await gql<Read>(READ, { d: 'dlr_SC', p: '2025-01' }, hq)).toEqual({ statement: null });
  });

  it('opens each month at the last closing, and the identity holds against the ledger', async () => {
    await gql(RUN, { p: '2025-02' }, hq);
    const em = db.orm.em.fork();
    const all = await em.find(Statement, {}, { orderBy: { period: 'asc' } });
    for (const s of all) {
      expect(s.openingMinor + s.invoicesMinor - s.paymentsMinor - s.creditNotesMinor).toBe(s.closingMinor);
    }
    const [jan, feb] = all.filter((s) => s.dealerId === 'dlr_SA');
    expect(feb!.openingMinor).toBe(jan!.closingMinor);
    // Closing = Σ outstanding − balance at the period end (nothing was written since).
    for (const dealerId of ['dlr_SA', 'dlr_SB']) {
      const invoices = await em.find(Invoice, { dealerId });
      const account = await em.findOneOrFail(CreditAccount, { dealerId });
      const outstanding = invoices.reduce((sum, i) => sum + i.outstandingMinor, 0);
      const last = all.filter((s) => s.dealerId === dealerId).at(-1)!;
      expect(last.closingMinor).toBe(outstanding - account.balanceMinor);
    }
    const march = await gql<Read>(READ, { d: 'dlr_SA', p: '2025-03' }, hq);
    expect(march.statement).toMatchObject({ status: 'LIVE', openingBalance: { amount: '350.00' }, documentCount: 0 });
  });
});

describe('the month-end job', () => {
  it('runs the previous month from STATEMENT_RUN_HOUR on the 1st (business time), once', async () => {
    const em = () => db.orm.em.fork();
    expect(await runDueMonthEnd(em(), 'Asia/Shanghai', 2, new Date('2025-03-31T17:30:00Z'))).toBeNull();
    const run = await runDueMonthEnd(em(), 'Asia/Shanghai', 2, new Date('2025-03-31T18:30:00Z'));
    expect(run).toEqual({ period: '2025-03', issued: 2, alreadyClosed: false, errors: [] });
    expect(await runDueMonthEnd(em(), 'Asia/Shanghai', 2, new Date('2025-04-03T08:00:00Z'))).toBeNull();
    const march = await em().findOneOrFail(Statement, { dealerId: 'dlr_SA', period: '2025-03' });
    expect([march.openingMinor, march.closingMinor, march.documentCount]).toEqual([35_000, 35_000, 0]);
  });
});

describe('confirming and disputing', () => {
  const CONFIRM = `mutation($id: ID!, $c: String) { confirmStatement(id: $id, comment: $c) {
    statement { status } errors { code } } }`;
  const DISPUTE = `mutation($id: ID!, $c: String!) { disputeStatement(id: $id, comment: $c) {
    statement { status } errors { code } } }`;
  const RESPOND = `mutation($id: ID!, $c: String!) { respondToStatementDispute(id: $id, comment: $c) {
    statement { status } errors { code } } }`;
  let id: string;

  beforeAll(async () => {
    id = (await gql<Read>(READ, { d: 'dlr_SA', p: '2025-01' }, hq)).statement.id;
  });

  it('refuses, each with its own code and writing nothing', async () => {
    const before = await counts();
    const cases: [string, Record<string, unknown>, Viewer, string][] = [
      [DISPUTE, { id, c: '  ' }, adminA, 'COMMENT_REQUIRED'],
      [DISPUTE, { id, c: 'x'.repeat(501) }, adminA, 'COMMENT_TOO_LONG'],
      [RESPOND, { id, c: '已核实' }, clerk, 'STATEMENT_NOT_DISPUTED'],
    ];
    for (const [query, variables, viewer, code] of cases) {
      const result = await db.execute(query, variables, viewer);
      expect(JSON.stringify(result.data)).toContain(`"code":"${code}"`);
    }
    const notFound = await db.execute(CONFIRM, { id }, other);
    expect(notFound.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const forbidden = await db.execute(CONFIRM, { id }, parent);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const hqConfirm = await db.execute(CONFIRM, { id }, hq);
    expect(hqConfirm.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await counts()).toEqual(before);
  });

  it('runs dispute → answer → confirm, with history, audit and an event each', async () => {
    const [audits, events] = await counts();
    expect(await gql(DISPUTE, { id, c: '2月3日发票金额有误' }, adminA)).toEqual({
      disputeStatement: { statement: { status: 'DISPUTED' }, errors: [] },
    });
    expect(await gql(RESPOND, { id, c: '已核实，金额无误' }, clerk)).toEqual({
      respondToStatementDispute: { statement: { status: 'DISPUTED' }, errors: [] },
    });
    expect(await gql(CONFIRM, { id, c: null }, adminA)).toEqual({
      confirmStatement: { statement: { status: 'CONFIRMED' }, errors: [] },
    });
    const again = await gql<{ confirmStatement: { errors: unknown } }>(CONFIRM, { id }, adminA);
    expect(again.confirmStatement.errors).toEqual([{ code: 'STATEMENT_ALREADY_CONFIRMED' }]);
    const late = await gql<{ disputeStatement: { errors: unknown } }>(DISPUTE, { id, c: '再议' }, adminA);
    expect(late.disputeStatement.errors).toEqual([{ code: 'STATEMENT_ALREADY_CONFIRMED' }]);
    expect(await counts()).toEqual([audits! + 3, events! + 3, expect.any(Number)]);
    const read = await gql<Read>(READ, { d: 'dlr_SA', p: '2025-01' }, adminA);
    expect((read.statement.events as { action: string }[]).map((e) => e.action)).toEqual([
      'ISSUED',
      'DISPUTED',
      'RESPONDED',
      'CONFIRMED',
    ]);
  });

  it('lets two confirmations at once confirm once', async () => {
    const febId = (await gql<Read>(READ, { d: 'dlr_SA', p: '2025-02' }, hq)).statement.id;
    const [a, b] = await Promise.all([
      gql<{ confirmStatement: { errors: { code: string }[] } }>(CONFIRM, { id: febId }, adminA),
      gql<{ confirmStatement: { errors: { code: string }[] } }>(CONFIRM, { id: febId }, adminA),
    ]);
    const codes = [a, b].flatMap((r) => r.confirmStatement.errors.map((e) => e.code));
    expect(codes).toEqual(['STATEMENT_ALREADY_CONFIRMED']);
  });

  it('lists statements within the scope: a dealer filter narrows it and never reads another dealer', async () => {
    const LIST = `query($d: ID) { statements(first: 50, filter: { dealerId: $d }) {
      totalCount edges { node { dealer { id } } } } }`;
    type Listed = { statements: { totalCount: number; edges: { node: { dealer: { id: string } } }[] } };
    const all = await gql<Listed>(LIST, {}, hq);
    expect(all.statements.edges.some((e) => e.node.dealer.id === 'dlr_SA')).toBe(true);
    const own = await gql<Listed>(LIST, {}, adminA);
    expect(new Set(own.statements.edges.map((e) => e.node.dealer.id))).toEqual(new Set(['dlr_SA']));
    expect((await gql<Listed>(LIST, { d: 'dlr_SA' }, other)).statements.totalCount).toBe(0);
    expect((await gql<Listed>(LIST, { d: 'dlr_SA' }, parent)).statements.totalCount).toBe(own.statements.totalCount);
  });
});
