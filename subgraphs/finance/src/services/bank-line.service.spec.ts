import { EventType, OutboxEvent } from '@dnp/event-bus';
import { AuditEntry, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BankImport, BankImportStatus } from '../entities/bank-import.entity.js';
import { BankLineStatus, BankMatchRule, BankStatementLine } from '../entities/bank-statement-line.entity.js';
import { CreditAccount } from '../entities/credit-account.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import { Payment, PaymentSource } from '../entities/payment.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import { financeSubgraph } from '../subgraph.js';
import { BankLineService } from './bank-line.service.js';
import { fixtureAccount, fixtureInvoice } from './finance-documents.fixture.js';

const clerk: Viewer = { userId: 'usr_fin', role: Role.FINANCE_CLERK };
const DEALER = 'dlr_L1';
const lines = new BankLineService();
let db: TestSubgraph<FinanceLoaders>;
let invoice: Invoice;
let n = 0;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: false });
  const em = db.orm.em.fork();
  await fixtureAccount(em, DEALER, '/reg_cn/reg_east/', { usedMinor: 50_000, oldestOpenDueDate: '2025-10-31' });
  invoice = await fixtureInvoice(em, {
    dealerId: DEALER,
    amountMinor: 50_000,
    issuedOn: '2025-10-01',
    dueDate: '2025-10-31',
  });
  await em.insert(BankImport, {
    ...{ id: 'bim_L', fileSha256: 'f'.repeat(64), fileName: 'l.csv', bankAccount: '6222', encoding: 'UTF8' },
    ...{ status: BankImportStatus.IMPORTING, leaseUntil: new Date(), lineCount: 3, importedByUserId: 'usr_fin' },
    ...{ importedCount: 0, duplicateCount: 0, matchedCount: 0, unmatchedCount: 0, errorCount: 0 },
    ...{ createdAt: new Date(), completedAt: null },
  });
});
afterAll(() => db.close());

/** An unmatched line of `amountMinor` in the import. */
async function line(amountMinor: number): Promise<BankStatementLine> {
  const k = ++n;
  const row = {
    ...{ id: `bsl_L${k}`, importId: 'bim_L', lineNo: k, rowHash: `hash-${k}`.padEnd(64, '0'), bankAccount: '6222' },
    ...{ valueDate: '2025-11-03', amountMinor, payerName: '江苏代理', payerAccount: '', payerBank: '' },
    ...{ summary: '', remark: '', bankSerial: `S${k}`, status: BankLineStatus.UNMATCHED, matchRule: null },
    ...{ dealerId: null, paymentId: null, suggestionDealerId: null, handledByUserId: null, handledAt: null },
    ...{ ignoreReason: null, createdAt: new Date() },
  };
  await db.orm.em.fork().insert(BankStatementLine, row);
  return db.orm.em.fork().findOneOrFail(BankStatementLine, { id: row.id });
}

const match = (allocations: { invoiceId: string; amountMinor: number }[] = []) => ({
  dealerId: DEALER,
  rule: BankMatchRule.PAYER_ACCOUNT,
  allocations,
});
const stored = (id: string) => db.orm.em.fork().findOneOrFail(BankStatementLine, { id });

describe('paying a bank line inside the caller’s transaction', () => {
  it('writes the claim and the payment in that transaction: rolled back, the line is unmatched, unpaid', async () => {
    const l = await line(10_000);
    const ctx = db.context(clerk);
    const rollback = new Error('the chunk failed');
    await expect(
      db.orm.em.fork().transactional(async (tx) => {
        const result = await lines.settle(tx, ctx, l, match(), null);
        expect(result).toMatchObject({ line: { status: BankLineStatus.MATCHED }, errors: [] });
        throw rollback;
      }),
    ).rejects.toBe(rollback);
    expect(await stored(l.id)).toMatchObject({ status: BankLineStatus.UNMATCHED, paymentId: null, dealerId: null });
    expect(await db.orm.em.fork().count(Payment, { bankLineId: l.id })).toBe(0);
    expect((await db.orm.em.fork().findOneOrFail(CreditAccount, { dealerId: DEALER })).usedMinor).toBe(50_000);
  });

  it('records the payment as the bank line’s from the start: source, line and payment_recorded agree', async () => {
    const l = await line(20_000);
    const result = await db.orm.em.fork().transactional((tx) => lines.settle(tx, db.context(clerk), l, match(), null));
    expect(result.errors).toEqual([]);
    const payment = await db.orm.em.fork().findOneOrFail(Payment, { bankLineId: l.id });
    expect([payment.source, payment.amountMinor, payment.idempotencyKey]).toEqual([
      PaymentSource.BANK_IMPORT,
      20_000,
      `bank:${l.rowHash}`,
    ]);
    expect(await stored(l.id)).toMatchObject({ status: BankLineStatus.MATCHED, paymentId: payment.id });
    const event = await db.orm.em.fork().findOneOrFail(OutboxEvent, {
      type: EventType.PAYMENT_RECORDED,
      subjectId: payment.id,
    });
    const payload = typeof event.payload === 'string' ? JSON.parse(event.payload) : event.payload;
    expect(payload).toMatchObject({ source: PaymentSource.BANK_IMPORT, amountMinor: 20_000 });
    expect((await db.orm.em.fork().findOneOrFail(Invoice, { id: invoice.id })).outstandingMinor).toBe(30_000);
  });

  it('leaves a refused line unmatched in the same transaction, which goes on and commits', async () => {
    const refused = await line(40_000);
    const paid = await line(5_000);
    const ctx = db.context(clerk);
    const results = await db.orm.em.fork().transactional(async (tx) => [
      // More than the invoice still owes (30,000): the ledger refuses under the lock.
      await lines.settle(tx, ctx, refused, match([{ invoiceId: invoice.id, amountMinor: 40_000 }]), null),
      await lines.settle(tx, ctx, paid, match(), null),
    ]);
    expect(results.map((r) => r.errors.map((e) => e.code))).toEqual([['ALLOCATION_EXCEEDS_OUTSTANDING'], []]);
    expect(await stored(refused.id)).toMatchObject({ status: BankLineStatus.UNMATCHED, paymentId: null });
    expect(await db.orm.em.fork().count(Payment, { bankLineId: refused.id })).toBe(0);
    expect(await stored(paid.id)).toMatchObject({ status: BankLineStatus.MATCHED });
    expect((await db.orm.em.fork().findOneOrFail(Invoice, { id: invoice.id })).outstandingMinor).toBe(25_000);
  });
});

describe('unignoreBankStatementLine', () => {
  const IGNORE = `mutation($id: ID!, $r: String!) { ignoreBankStatementLine(id: $id, reason: $r) {
    line { status } errors { code } } }`;
  const UNIGNORE = `mutation($id: ID!, $r: String!) { unignoreBankStatementLine(id: $id, reason: $r) {
    line { id status } errors { code } } }`;
  type Answer = { line?: { status: string } | null; errors?: { code: string }[]; code?: unknown };
  const run = async (query: string, variables: Record<string, unknown>, viewer: Viewer = clerk): Promise<Answer> => {
    const result = await db.execute(query, variables, viewer);
    if (result.errors) return { code: result.errors[0]!.extensions?.code };
    return Object.values(result.data as object)[0] as Answer;
  };
  const counts = async () => {
    const em = db.orm.em.fork();
    return [await em.count(AuditEntry, {}), await em.count(OutboxEvent, {})];
  };

  it('puts an ignored line back in the queue, with an audit entry and an event; refusals write nothing', async () => {
    const l = await line(7_700);
    const before = await counts();
    expect(await run(UNIGNORE, { id: l.id, r: '误操作' })).toEqual({
      line: null,
      errors: [{ code: 'BANK_LINE_NOT_IGNORED' }],
    });
    expect(await counts()).toEqual(before);
    expect(await run(IGNORE, { id: l.id, r: '退款' })).toEqual({ line: { status: 'IGNORED' }, errors: [] });
    const dealer: Viewer = { userId: 'usr_d', role: Role.DEALER_ADMIN, dealerId: DEALER };
    expect(await run(UNIGNORE, { id: l.id, r: 'x' }, dealer)).toEqual({ code: 'FORBIDDEN' });
    const ignored = await counts();
    expect((await run(UNIGNORE, { id: l.id, r: ' ' })).errors).toEqual([{ code: 'REASON_REQUIRED' }]);
    expect(await counts()).toEqual(ignored);
    expect(await run(UNIGNORE, { id: l.id, r: '误操作' })).toEqual({
      line: { id: l.id, status: 'UNMATCHED' },
      errors: [],
    });
    expect(await stored(l.id)).toMatchObject({ status: BankLineStatus.UNMATCHED, ignoreReason: null, paymentId: null });
    const audit = await db.orm.em.fork().findOneOrFail(AuditEntry, { operation: 'unignoreBankStatementLine' });
    expect([audit.entityId, audit.action]).toEqual([l.id, 'UNIGNORE']);
    const changes = await db.orm.em
      .fork()
      .find(OutboxEvent, { type: EventType.BANK_LINE_STATUS_CHANGED, subjectId: l.id }, { orderBy: { seq: 'asc' } });
    const last = changes.at(-1)!;
    expect(changes.length).toBe(2); // the ignore, then the un-ignore
    expect(typeof last.payload === 'string' ? JSON.parse(last.payload) : last.payload).toEqual({
      ...{ lineId: l.id, importId: 'bim_L', amountMinor: 7_700, reason: '误操作' },
      ...{ fromStatus: 'IGNORED', toStatus: 'UNMATCHED' },
    });
    expect((await run(UNIGNORE, { id: l.id, r: '误操作' })).errors).toEqual([{ code: 'BANK_LINE_NOT_IGNORED' }]);
    // Back in the queue: it can be matched and paid like any unmatched line.
    const paid = await db.orm.em.fork().transactional((tx) => lines.settle(tx, db.context(clerk), l, match(), null));
    expect(paid.errors).toEqual([]);
  });

  it('tells every clerk change of a line as an event: ignored, and matched by hand', async () => {
    const events = (id: string) =>
      db.orm.em
        .fork()
        .find(OutboxEvent, { type: EventType.BANK_LINE_STATUS_CHANGED, subjectId: id }, { orderBy: { seq: 'asc' } });
    const payload = (e: OutboxEvent) => (typeof e.payload === 'string' ? JSON.parse(e.payload) : e.payload);
    const ignored = await line(3_300);
    expect(await run(IGNORE, { id: ignored.id, r: '内部转账' })).toEqual({ line: { status: 'IGNORED' }, errors: [] });
    expect((await events(ignored.id)).map(payload)).toEqual([
      {
        lineId: ignored.id,
        importId: 'bim_L',
        amountMinor: 3_300,
        reason: '内部转账',
        fromStatus: 'UNMATCHED',
        toStatus: 'IGNORED',
      },
    ]);
    const MATCH = `mutation($input: MatchBankLineInput!) { matchBankStatementLine(input: $input) {
      line { status } errors { code } } }`;
    const matched = await line(1_100);
    const answer = await run(MATCH, { input: { lineId: matched.id, dealerId: DEALER } });
    expect(answer).toEqual({ line: { status: 'MATCHED' }, errors: [] });
    expect((await events(matched.id)).map(payload)).toEqual([
      {
        lineId: matched.id,
        importId: 'bim_L',
        amountMinor: 1_100,
        reason: null,
        fromStatus: 'UNMATCHED',
        toStatus: 'MATCHED',
      },
    ]);
  });
});
