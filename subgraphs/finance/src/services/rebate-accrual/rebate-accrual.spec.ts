import { EventType, OutboxEvent } from '@dnp/event-bus';
import { handleOnce, newEventId, newId, Role, TaxClass, type DomainEvent, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import type { EntityManager } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditNoteLine } from '../../entities/credit-note-line.entity.js';
import { InvoiceLine } from '../../entities/invoice-line.entity.js';
import { RebateAccrualEntry, RebateBasisMonth, RebateProgress } from '../../entities/rebate-accrual.entity.js';
import {
  RebateBasis,
  RebateCalculationKind as K,
  RebatePeriodKind,
  RebateSettlementForm,
} from '../../entities/rebate-policy.entity.js';
import { DealerProfile, ProductProfile } from '../../entities/rebate-profile.entity.js';
import { AllocationSource, ReceivableAllocation } from '../../entities/receivable-allocation.entity.js';
import type { FinanceLoaders } from '../../finance-context.js';
import { financeSubgraph } from '../../subgraph.js';
import { fixtureCreditNote, fixtureInvoice } from '../finance-documents.fixture.js';
import { RebatePolicyService } from '../rebate-policies/rebate-policy.service.js';
import { rebateAccrualConsumer } from './rebate-accrual-consumer.js';
import { RebateProgressQueryService } from './rebate-progress-query.service.js';

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
let db: TestSubgraph<FinanceLoaders>;
const consumer = rebateAccrualConsumer();
const policies = new RebatePolicyService();

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph);
  const em = db.orm.em.fork();
  const dealer = (dealerId: string, grade: string) =>
    Object.assign(new DealerProfile(), {
      ...{ dealerId, grade, level: 'CITY_DEALER', regionPath: '/reg_cn/reg_east/', status: 'ACTIVE' },
    });
  const product = (productId: string, categoryPath: string) =>
    Object.assign(new ProductProfile(), { productId, sku: productId, brandId: 'brd_a', categoryPath });
  em.persist([dealer('dlr_ra1', 'A'), dealer('dlr_ra2', 'C'), dealer('dlr_ra3', 'A')]);
  em.persist([product('prd_milk', '/cat_dairy/cat_milk/'), product('prd_tea', '/cat_drink/')]);
  await em.flush();
});
afterAll(() => db.close());

const event = (type: EventType, payload: Record<string, unknown>): DomainEvent => ({
  ...{ id: newEventId(), type, source: 'finance', occurredAt: new Date().toISOString(), subjectId: 'x' },
  ...{ scope: { hqOnly: true }, payload },
});
const deliver = (e: DomainEvent) => handleOnce(db.orm.em, consumer.name, e.id, (tx) => consumer.handle(tx, e));
/** Delivers the same event under a new id (a replay the consumer log cannot catch). */
const replay = (e: DomainEvent) => deliver({ ...e, id: newEventId() });

type Line = [productId: string, quantity: number, grossMinor: number];
/** A zero-rated line of `grossMinor` (net = gross), as invoice and credit note lines store it. */
function taxed(productId: string, quantity: number, grossMinor: number) {
  const tax = { taxClass: Object.values(TaxClass)[0]!, rateBp: 0, grossMinor, netMinor: grossMinor, taxMinor: 0 };
  return { productId, sku: productId, productName: productId, quantity, ...tax };
}
async function invoice(dealerId: string, issuedOn: string, lines: Line[]) {
  const em = db.orm.em.fork();
  const amountMinor = lines.reduce((s, l) => s + l[2], 0);
  const inv = await fixtureInvoice(em, { dealerId, amountMinor, issuedOn, dueDate: issuedOn, sellerKey: 'BRAND' });
  await em.insertMany(
    InvoiceLine,
    lines.map(([p, q, g], i) => ({
      ...{ invoiceId: inv.id, lineNo: i + 1, orderLineId: null, isGift: false, ...taxed(p, q, g) },
    })),
  );
  return { inv, event: event(EventType.INVOICE_ISSUED, { invoiceId: inv.id, dealerId }) };
}
async function returned(dealerId: string, issuedOn: string, lines: Line[]) {
  const em = db.orm.em.fork();
  const amountMinor = lines.reduce((s, l) => s + l[2], 0);
  const note = await fixtureCreditNote(em, { dealerId, amountMinor, issuedOn, sellerKey: 'BRAND' });
  await em.insertMany(
    CreditNoteLine,
    lines.map(([p, q, g], i) => ({
      ...{ creditNoteId: note.id, lineNo: i + 1, ...taxed(p, q, g) },
    })),
  );
  return event(EventType.CREDIT_NOTE_ISSUED, { creditNoteId: note.id, dealerId, kind: 'RETURN' });
}
async function paid(dealerId: string, receivedOn: string, invoiceId: string, amountMinor: number, at: Date) {
  const paymentId = newId('pay');
  await db.orm.em.fork().insert(ReceivableAllocation, {
    ...{ id: newId('ral'), sourceType: AllocationSource.PAYMENT, sourceId: paymentId, invoiceId, dealerId },
    ...{ amountMinor, allocatedAt: at },
  });
  return event(EventType.PAYMENT_RECORDED, { paymentId, dealerId, receivedOn });
}

async function activePolicy(basis: RebateBasis, code: string): Promise<string> {
  const parameters = JSON.stringify({
    mode: 'RETROACTIVE',
    tiers: [
      { from: 0, rateBp: 100 },
      { from: 1_000_000, rateBp: 200 },
    ],
  });
  const created = await policies.create(db.context(hq), {
    ...{ code, name: code, periodKind: RebatePeriodKind.QUARTER, validFrom: '2026-01-01', validTo: '2026-12-31' },
    ...{ basis, calculation: K.TIERED, parameters, settlementForm: RebateSettlementForm.CREDIT_NOTE, budget: null },
    scope: {
      dealerGrades: ['A'],
      regionIds: ['reg_east'],
      dealerIds: [],
      categoryIds: ['cat_dairy'],
      brandIds: [],
      productIds: [],
    },
  });
  expect(created.errors).toEqual([]);
  await policies.activate(db.context(hq), created.policy!.id, 1);
  return created.policy!.id;
}
const progress = (em: EntityManager, policyId: string, dealerId: string, period: string) =>
  em.findOne(RebateProgress, { policyId, dealerId, period });

describe('finance:rebate-accrual', () => {
  let shipped = '';
  it('accrues in-scope lines of eligible dealers once, and keeps the monthly basis for every line', async () => {
    shipped = await activePolicy(RebateBasis.SHIPPED, 'ACC-SHIP');
    const first = await invoice('dlr_ra1', '2026-02-10', [
      ['prd_milk', 10, 600_000],
      ['prd_tea', 1, 100_000],
    ]);
    await deliver(first.event);
    await replay(first.event);
    const em = db.orm.em.fork();
    expect(await em.count(RebateAccrualEntry, { policyId: shipped })).toBe(1);
    expect(await progress(em, shipped, 'dlr_ra1', '2026-Q1')).toMatchObject({
      ...{ basisMinor: 600_000, quantity: 10, accruedMinor: 6_000, tierIndex: 0, remaining: 400_000, version: 1 },
    });
    const months = await em.find(RebateBasisMonth, { dealerId: 'dlr_ra1' }, { orderBy: { productId: 'asc' } });
    expect(months.map((m) => [m.productId, m.month, m.shippedMinor, m.quantity])).toEqual([
      ['prd_milk', '2026-02', 600_000, 10],
      ['prd_tea', '2026-02', 100_000, 1],
    ]);
    // A grade-C dealer is not in the audience: no entry, but its basis is kept.
    await deliver((await invoice('dlr_ra2', '2026-02-11', [['prd_milk', 1, 50_000]])).event);
    expect(await em.count(RebateAccrualEntry, { dealerId: 'dlr_ra2' })).toBe(0);
    expect(await em.count(RebateBasisMonth, { dealerId: 'dlr_ra2' })).toBe(1);
  });

  it('reaches the next tier retroactively, and a return reverses its share', async () => {
    await deliver((await invoice('dlr_ra1', '2026-03-31', [['prd_milk', 5, 500_000]])).event);
    const em = db.orm.em.fork();
    // 1,100,000 × 2 % = 22,000.
    expect(await progress(em, shipped, 'dlr_ra1', '2026-Q1')).toMatchObject({ accruedMinor: 22_000, tierIndex: 1 });
    const back = await returned('dlr_ra1', '2026-03-31', [['prd_milk', 2, 200_000]]);
    await deliver(back);
    await replay(back);
    // 900,000 × 1 % = 9,000; 100,000 short of 2 %.
    const after = await db.orm.em.fork().findOneOrFail(RebateProgress, { policyId: shipped, dealerId: 'dlr_ra1' });
    expect(after).toMatchObject({ basisMinor: 900_000, quantity: 13, accruedMinor: 9_000, remaining: 100_000 });
    const events = await em.find(OutboxEvent, { type: EventType.REBATE_PROGRESS_CHANGED, subjectId: after.id });
    expect(events).toHaveLength(3);
    // A document in April counts in Q2.
    await deliver((await invoice('dlr_ra1', '2026-04-01', [['prd_milk', 1, 1_000]])).event);
    expect(await progress(db.orm.em.fork(), shipped, 'dlr_ra1', '2026-Q2')).toMatchObject({ accruedMinor: 10 });
  });

  it('spreads paid allocations over the invoice lines so each line is paid to the fen', async () => {
    const policy = await activePolicy(RebateBasis.PAID, 'ACC-PAID');
    // 700,001 of which milk 600,001: two payments of 350,000 and 350,001.
    const { inv, event: issued } = await invoice('dlr_ra3', '2026-05-05', [
      ['prd_milk', 3, 600_001],
      ['prd_tea', 1, 100_000],
    ]);
    // The invoice feeds the SHIPPED policy's basis too, not the PAID one's.
    await deliver(issued);
    const t = new Date('2026-05-06T02:00:00Z');
    await deliver(await paid('dlr_ra3', '2026-05-06', inv.id, 350_000, t));
    const em = db.orm.em.fork();
    // round(600,001 × 350,000 / 700,001) = 300,000.07… → 300,000.
    expect(await progress(em, policy, 'dlr_ra3', '2026-Q2')).toMatchObject({ basisMinor: 300_000 });
    const second = await paid('dlr_ra3', '2026-05-07', inv.id, 350_001, new Date(t.getTime() + 1000));
    await deliver(second);
    await replay(second);
    const row = await progress(db.orm.em.fork(), policy, 'dlr_ra3', '2026-Q2');
    expect(row).toMatchObject({ basisMinor: 600_001, accruedMinor: 6_000 });
    const month = await db.orm.em.fork().findOneOrFail(RebateBasisMonth, { dealerId: 'dlr_ra3', productId: 'prd_tea' });
    expect([month.paidMinor, month.shippedMinor]).toEqual([100_000, 100_000]);
  });

  it('shows a dealer its own progress with the next tier, and no other dealer', async () => {
    const reads = new RebateProgressQueryService();
    const own: Viewer = { userId: 'usr_ra1', role: Role.DEALER_ADMIN, dealerId: 'dlr_ra1' };
    const rows = await reads.progress(db.context(own), 'dlr_ra1', '2026-Q1');
    expect(rows).toMatchObject([{ policyId: shipped, accruedMinor: 9_000, nextThreshold: 1_000_000, nextRateBp: 200 }]);
    await expect(reads.progress(db.context(own), 'dlr_ra2', '2026-Q1')).rejects.toThrow();
  });

  it('previews a policy over the monthly aggregates without writing, growth against last year', async () => {
    const em = db.orm.em.fork();
    em.create(RebateBasisMonth, {
      dealerId: 'dlr_ra1',
      productId: 'prd_milk',
      month: '2025-02',
      shippedMinor: 800_000,
    });
    await em.flush();
    const before = await Promise.all([em.count(RebateProgress, {}), em.count(RebateAccrualEntry, {})]);
    const growth = {
      tiers: [
        { growthBp: 0, rateBp: 100 },
        { growthBp: 1_000, rateBp: 200 },
        { growthBp: 2_000, rateBp: 300 },
      ],
      baseWhenNone: 'NONE',
    };
    const preview = await new RebateProgressQueryService().preview(
      db.context(hq),
      {
        ...{ code: 'PREVIEW', name: 'preview', periodKind: RebatePeriodKind.QUARTER, validFrom: '2026-01-01' },
        ...{ validTo: '2026-12-31', basis: RebateBasis.SHIPPED, calculation: K.GROWTH, budget: null },
        ...{ parameters: JSON.stringify(growth), settlementForm: RebateSettlementForm.CREDIT_NOTE },
        scope: {
          dealerGrades: ['A', 'C'],
          regionIds: [],
          dealerIds: [],
          categoryIds: ['cat_dairy'],
          brandIds: [],
          productIds: [],
        },
      },
      '2026-Q1',
    );
    expect(preview.errors).toEqual([]);
    // dlr_ra1: 900,000 in Q1 2026 (600,000 + 500,000 − 200,000) against 800,000: +12.5 % → 2 % = 18,000;
    // +20 % needs 960,000. dlr_ra2 has no history: NONE → nothing.
    expect(preview.rows.map((r) => [r.dealerId, r.basis, r.computation.accruedMinor, r.computation.remaining])).toEqual(
      [
        ['dlr_ra1', 900_000, 18_000n, 60_000n],
        ['dlr_ra2', 50_000, 0n, null],
      ],
    );
    expect(await Promise.all([em.count(RebateProgress, {}), em.count(RebateAccrualEntry, {})])).toEqual(before);
  });
});
