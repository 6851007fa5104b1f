import { AuditEntry, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { OutboxEvent } from '@dnp/event-bus';
import iconv from 'iconv-lite';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BankImport, BankImportStatus } from '../entities/bank-import.entity.js';
import { BankLineStatus, BankStatementLine } from '../entities/bank-statement-line.entity.js';
import { CreditAccount } from '../entities/credit-account.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import { PayerAccount } from '../entities/payer-account.entity.js';
import { Payment, PaymentSource } from '../entities/payment.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import { financeSubgraph } from '../subgraph.js';
import { fixtureAccount, fixtureInvoice } from './finance-documents.fixture.js';

const clerk: Viewer = { userId: 'usr_fin', role: Role.FINANCE_CLERK };
const ACCOUNT = '6222020000000000001';
const HEADER = '交易日期,贷方发生额,借方发生额,对方户名,对方账号,摘要,附言,交易流水号';
let db: TestSubgraph<FinanceLoaders>;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph);
  const em = db.orm.em.fork();
  await fixtureAccount(em, 'dlr_B1');
  await fixtureAccount(em, 'dlr_B2');
  const invoice = (dealerId: string, number: string, amountMinor: number, orderNumber: string | null = null) =>
    fixtureInvoice(em, { dealerId, number, amountMinor, orderNumber, issuedOn: '2025-10-01', dueDate: '2025-10-31' });
  await invoice('dlr_B1', 'INV-2025-00000101', 100_000);
  await invoice('dlr_B1', 'INV-2025-00000102', 50_000, 'SO202510010001');
  await invoice('dlr_B1', 'INV-2025-00000103', 12_345);
  await invoice('dlr_B2', 'INV-2025-00000201', 30_000);
  // The ledger's invariant: used = Σ outstanding.
  await em.nativeUpdate(CreditAccount, { dealerId: 'dlr_B1' }, { usedMinor: 162_345, oldestOpenDueDate: '2025-10-31' });
  await em.nativeUpdate(CreditAccount, { dealerId: 'dlr_B2' }, { usedMinor: 30_000, oldestOpenDueDate: '2025-10-31' });
  await em.insert(PayerAccount, {
    accountNo: '6217000011112222',
    payerName: '浙江经销商',
    dealerId: 'dlr_B2',
    learnedByUserId: 'usr_fin',
    learnedAt: new Date(),
  });
});
afterAll(() => db.close());

const IMPORT = `mutation($input: ImportBankStatementInput!) { importBankStatement(input: $input) {
  import { id status lineCount importedCount duplicateCount matchedCount unmatchedCount errorCount }
  duplicateOf { id } errors { code line column } } }`;
type Imported = {
  import: (Record<string, unknown> & { id: string }) | null;
  duplicateOf: { id: string } | null;
  errors: { code: string; line: number | null; column: string | null }[];
};

async function importFile(text: string, more: Record<string, unknown> = {}): Promise<Imported> {
  const contentBase64 = iconv.encode(text, 'gbk').toString('base64');
  const input = { fileName: 'nov.csv', contentBase64, bankAccount: ACCOUNT, ...more };
  const result = await db.execute(IMPORT, { input }, clerk);
  if (result.errors) throw result.errors[0];
  return (result.data as { importBankStatement: Imported }).importBankStatement;
}
const counts = async () => {
  const em = db.orm.em.fork();
  const tables = [BankImport, BankStatementLine, Payment, AuditEntry, OutboxEvent] as const;
  return Promise.all(tables.map((t) => em.count(t as never, {})));
};
const outstanding = async (number: string) =>
  (await db.orm.em.fork().findOneOrFail(Invoice, { number })).outstandingMinor;

const FILE = [
  '账号:6222020000000000001',
  '起止日期:2025-11-01至2025-11-30',
  HEADER,
  '2025-11-03,"1,000.00",,江苏代理,6217000099990001,货款 INV202500000101,,S1',
  '2025-11-04,200.00,,江苏代理,6217000099990001,,订单SO202510010001,S2',
  '2025-11-05,300.00,,浙江经销商,6217 0000 1111 2222,,,S3',
  '2025-11-06,123.45,,某公司,6217000055556666,,,S4',
  '2025-11-07,"12,3x",,某公司,6217000055556666,,,S5',
].join('\r\n');

describe('importBankStatement', () => {
  let first: Imported;

  it('writes nothing while a line is bad, unless the clerk imports the good lines', async () => {
    const before = await counts();
    const refused = await importFile(FILE);
    expect(refused).toEqual({
      import: null,
      duplicateOf: null,
      errors: [{ code: 'CSV_AMOUNT_INVALID', line: 8, column: '贷方发生额' }],
    });
    expect(await counts()).toEqual(before);
    const unknown = await importFile(FILE, { bankAccount: '999' });
    expect(unknown.errors.map((e) => e.code)).toEqual(['BANK_ACCOUNT_UNKNOWN']);
    first = await importFile(FILE, { importGoodLines: true });
    expect(first.import).toMatchObject({
      status: 'COMPLETED',
      lineCount: 5,
      importedCount: 4,
      duplicateCount: 0,
      matchedCount: 3,
      unmatchedCount: 1,
      errorCount: 1,
    });
  });

  it('matches by invoice number, order number and known payer account, paying through the ledger', async () => {
    const em = db.orm.em.fork();
    const lines = await em.find(BankStatementLine, {}, { orderBy: { lineNo: 'asc' } });
    expect(lines.map((l) => [l.lineNo, l.status, l.matchRule, l.dealerId])).toEqual([
      [4, 'MATCHED', 'INVOICE_REFERENCE', 'dlr_B1'],
      [5, 'MATCHED', 'ORDER_REFERENCE', 'dlr_B1'],
      [6, 'MATCHED', 'PAYER_ACCOUNT', 'dlr_B2'],
      [7, 'UNMATCHED', null, null],
    ]);
    expect(lines[3]!.suggestionDealerId).toBe('dlr_B1');
    expect([
      await outstanding('INV-2025-00000101'),
      await outstanding('INV-2025-00000102'),
      await outstanding('INV-2025-00000201'),
    ]).toEqual([0, 30_000, 0]);
    const payments = await em.find(Payment, { source: PaymentSource.BANK_IMPORT }, { orderBy: { amountMinor: 'asc' } });
    expect(payments.map((p) => [p.amountMinor, p.idempotencyKey.slice(0, 5), p.bankLineId !== null])).toEqual([
      [20_000, 'bank:', true],
      [30_000, 'bank:', true],
      [100_000, 'bank:', true],
    ]);
  });

  it('answers the same bytes with the first import; an overlapping file skips the lines imported', async () => {
    const payments = await db.orm.em.fork().count(Payment, {});
    const again = await importFile(FILE, { importGoodLines: true });
    expect(again).toEqual({ import: null, duplicateOf: { id: first.import!.id }, errors: [] });
    const overlap = [
      HEADER,
      FILE.split('\r\n')[3],
      '2025-11-08,50.00,,江苏代理,6217000099990001,INV-2025-00000102,,S6',
    ];
    const next = await importFile(overlap.join('\r\n'));
    expect(next.import).toMatchObject({ importedCount: 1, duplicateCount: 1, matchedCount: 1 });
    expect(await db.orm.em.fork().count(Payment, {})).toBe(payments + 1);
  });

  it('imports a file sent twice at once once, and resumes an import whose request died', async () => {
    const twin = [HEADER, '2025-11-09,10.00,,江苏代理,6217000099990001,INV-2025-00000102,,S7'].join('\r\n');
    const [a, b] = await Promise.all([importFile(twin), importFile(twin)]);
    expect([a.import, b.import].filter(Boolean)).toHaveLength(1);
    expect((a.duplicateOf ?? b.duplicateOf)!.id).toBe((a.import ?? b.import)!.id);
    const crashed = [HEADER, '2025-11-10,20.00,,江苏代理,6217000099990001,INV-2025-00000102,,S8'].join('\r\n');
    const sha = createHash('sha256').update(iconv.encode(crashed, 'gbk')).digest('hex');
    await db.orm.em.fork().insert(BankImport, {
      id: 'bim_crashed',
      fileSha256: sha,
      fileName: 'crash.csv',
      bankAccount: ACCOUNT,
      encoding: 'GB18030',
      status: BankImportStatus.IMPORTING,
      leaseUntil: new Date(Date.now() - 1000),
      lineCount: 1,
      importedByUserId: 'usr_fin',
      createdAt: new Date(),
      ...{ importedCount: 0, duplicateCount: 0, matchedCount: 0, unmatchedCount: 0, errorCount: 0, completedAt: null },
    });
    const resumed = await importFile(crashed);
    expect(resumed.import).toMatchObject({ id: 'bim_crashed', status: 'COMPLETED', matchedCount: 1 });
  });
});

describe('matching and ignoring by hand', () => {
  const MATCH = `mutation($input: MatchBankLineInput!) { matchBankStatementLine(input: $input) {
    line { status payment { id } } errors { code } } }`;
  const IGNORE = `mutation($id: ID!, $r: String!) { ignoreBankStatementLine(id: $id, reason: $r) {
    line { status } errors { code } } }`;
  const run = async (query: string, variables: Record<string, unknown>) => {
    const result = await db.execute(query, variables, clerk);
    if (result.errors) throw result.errors[0];
    return Object.values(result.data as object)[0] as { line: { status: string } | null; errors: { code: string }[] };
  };

  it('refuses with its own code and writes nothing, then matches once and learns the payer', async () => {
    const em = db.orm.em.fork();
    const open = await em.findOneOrFail(BankStatementLine, {
      lineNo: 7,
      importId: (await em.findOneOrFail(BankImport, { fileName: 'nov.csv' })).id,
    });
    const matched = await em.findOneOrFail(
      BankStatementLine,
      { status: BankLineStatus.MATCHED },
      { orderBy: { lineNo: 'asc' } },
    );
    const before = await counts();
    expect((await run(MATCH, { input: { lineId: open.id, dealerId: 'dlr_NONE' } })).errors).toEqual([
      { code: 'DEALER_HAS_NO_ACCOUNT' },
    ]);
    expect((await run(IGNORE, { id: open.id, r: ' ' })).errors).toEqual([{ code: 'REASON_REQUIRED' }]);
    expect((await run(IGNORE, { id: matched.id, r: '退款' })).errors).toEqual([{ code: 'BANK_LINE_NOT_UNMATCHED' }]);
    expect(await counts()).toEqual(before);
    const ok = await run(MATCH, { input: { lineId: open.id, dealerId: 'dlr_B1' } });
    expect(ok).toMatchObject({ line: { status: 'MATCHED' }, errors: [] });
    const paid = await db.orm.em.fork().findOneOrFail(Payment, { bankLineId: open.id });
    expect([paid.amountMinor, paid.source, paid.dealerId]).toEqual([12_345, PaymentSource.BANK_IMPORT, 'dlr_B1']);
    const learned = await db.orm.em.fork().findOneOrFail(PayerAccount, { accountNo: '6217000055556666' });
    expect(learned.dealerId).toBe('dlr_B1');
    expect((await run(MATCH, { input: { lineId: open.id, dealerId: 'dlr_B1' } })).errors).toEqual([
      { code: 'BANK_LINE_NOT_UNMATCHED' },
    ]);
  });
});
