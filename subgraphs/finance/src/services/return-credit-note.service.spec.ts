import { Role, TaxClass, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount, CreditStatus } from '../entities/credit-account.entity.js';
import { CreditNoteKind } from '../entities/credit-note.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import type { IssueCreditNoteInput } from '../schema/credit-note.input.js';
import { financeSubgraph } from '../subgraph.js';
import { CreditNoteService } from './credit-note.service.js';

const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const clerk: Viewer = { userId: 'usr_fin_clerk', role: Role.FINANCE_CLERK };
const dealerA: Viewer = { userId: 'usr_a', role: Role.DEALER_ADMIN, dealerId: 'dlr_A01' };
const operator: Viewer = { userId: 'usr_w', role: Role.WAREHOUSE_OPERATOR, warehouseIds: ['wh_1'] };
let db: TestSubgraph<FinanceLoaders>;
const numbers: Record<string, string> = {};

const RETURNS = `{ _entities(representations: [
    { __typename: "ReturnRequest", id: "ret_A1" },
    { __typename: "ReturnRequest", id: "ret_B1" },
    { __typename: "ReturnRequest", id: "ret_NONE" }
  ]) { ... on ReturnRequest { id creditNote { id number kind invoice { id } } } } }`;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: false });
  for (const dealer of ['dlr_A01', 'dlr_B01']) {
    await db.orm.em.fork().insert(CreditAccount, {
      ...{ id: `cra_${dealer}`, dealerId: dealer, dealerRegionPath: '/reg_cn/', dealerPath: `/${dealer}/` },
      ...{ currency: 'CNY', limitMinor: 1_000_000, usedMinor: 0, heldMinor: 0, balanceMinor: 0 },
      ...{ oldestOpenDueDate: null, utilizationPpm: 0, termDays: 30, status: CreditStatus.ACTIVE },
      updatedAt: new Date(),
    });
  }
  const line = { productId: 'prd_1', sku: 'SKU-1', productName: '牛奶', quantity: 1, taxClass: TaxClass.REDUCED };
  // The key and reason exactly as orders' RETURN_CREDIT task sends them (the reason no longer matters).
  for (const [returnId, dealerId] of [
    ['ret_A1', 'dlr_A01'],
    ['ret_B1', 'dlr_B01'],
  ]) {
    const issued = await new CreditNoteService().issue(db.context(service), {
      ...{ sourceKey: `return:${returnId}`, kind: CreditNoteKind.RETURN, dealerId, shipmentId: null },
      ...{ reason: 'free text', lines: [{ ...line, grossMinor: 1090 }] },
    } as unknown as IssueCreditNoteInput);
    numbers[returnId] = issued.creditNote!.number;
  }
  // A credit note under another key (not a return's) is never a return's.
  await new CreditNoteService().issue(db.context(service), {
    ...{ sourceKey: 'ret_NONE', kind: CreditNoteKind.RETURN, dealerId: 'dlr_A01', shipmentId: null },
    ...{ reason: 'RT0001 QUALITY', lines: [{ ...line, grossMinor: 1090 }] },
  } as unknown as IssueCreditNoteInput);
});
afterAll(() => db.close());

describe('ReturnRequest.creditNote', () => {
  it("resolves each return's credit note by the key orders issued it under, for finance", async () => {
    const res = await db.execute(RETURNS, {}, clerk);
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities).toEqual([
      { id: 'ret_A1', creditNote: { id: expect.any(String), number: numbers.ret_A1, kind: 'RETURN', invoice: null } },
      { id: 'ret_B1', creditNote: { id: expect.any(String), number: numbers.ret_B1, kind: 'RETURN', invoice: null } },
      { id: 'ret_NONE', creditNote: null },
    ]);
  });

  it("shows a dealer only its own returns' credit notes", async () => {
    const res = await db.execute(RETURNS, {}, dealerA);
    expect(res.errors).toBeUndefined();
    expect(
      (res.data!._entities as { creditNote: { number: string } | null }[]).map((r) => r.creditNote?.number ?? null),
    ).toEqual([numbers.ret_A1, null, null]);
  });

  it('shows nothing to a role that reads no finance documents', async () => {
    const res = await db.execute(RETURNS, {}, operator);
    expect(res.errors).toBeUndefined();
    expect((res.data!._entities as { creditNote: unknown }[]).map((r) => r.creditNote)).toEqual([null, null, null]);
  });

  it('reads the credit notes of many returns in one query', async () => {
    const queries: string[] = [];
    const before = db.orm.config.get('onQuery');
    db.orm.config.set('onQuery', (sql: string) => (queries.push(sql), sql));
    try {
      const res = await db.execute(RETURNS.replace(' invoice { id }', ''), {}, clerk);
      expect(res.errors).toBeUndefined();
    } finally {
      db.orm.config.set('onQuery', before);
    }
    expect(queries.filter((q) => /from [`"]?credit_note[`"]?/.test(q))).toHaveLength(1);
  });
});
