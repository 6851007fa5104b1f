import { EventType, OutboxEvent } from '@dnp/event-bus';
import { AuditEntry, Role, TaxClass, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditNoteLine } from '../../entities/credit-note-line.entity.js';
import { CreditNote, CreditNoteKind } from '../../entities/credit-note.entity.js';
import { InvoiceLine } from '../../entities/invoice-line.entity.js';
import {
  RebateBasis,
  RebateCalculationKind as K,
  RebatePeriodKind,
  RebateSettlementForm as Form,
} from '../../entities/rebate-policy.entity.js';
import { DealerProfile, ProductProfile } from '../../entities/rebate-profile.entity.js';
import {
  RebateBalance,
  RebateBalanceEntry,
  RebateSettlement,
  RebateSettlementLine,
  RebateSettlementRun,
} from '../../entities/rebate-settlement.entity.js';
import type { FinanceLoaders } from '../../finance-context.js';
import { financeSubgraph } from '../../subgraph.js';
import { fixtureAccount, fixtureInvoice } from '../finance-documents.fixture.js';
import { accrueDocument, invoiceDocument } from '../rebate-accrual/rebate-accrual.service.js';
import { ledgerViolations } from '../ledger-invariants.js';
import { RebatePolicyService } from '../rebate-policies/rebate-policy.service.js';
import { dueSettlementPeriods, runSettlementPeriod } from './rebate-settlement.schedule.js';
import { RebateSettlementQueryService } from './rebate-settlement-query.service.js';
import { RebateSettlementService } from './rebate-settlement.service.js';

const creator: Viewer = { userId: 'usr_creator', role: Role.HQ_ADMIN };
const clerk: Viewer = { userId: 'usr_clerk', role: Role.FINANCE_CLERK };
const JS = '/reg_cn/reg_east/reg_js/';
let db: TestSubgraph<FinanceLoaders>;
const policies = new RebatePolicyService();
const settlements = new RebateSettlementService();
const afterFebruary = new Date('2026-03-05T02:00:00Z');

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: false });
  const em = db.orm.em.fork();
  for (const dealerId of ['dlr_RS1', 'dlr_RS2']) {
    em.persist(
      Object.assign(new DealerProfile(), {
        dealerId,
        grade: 'A',
        level: 'CITY_DEALER',
        regionPath: JS,
        status: 'ACTIVE',
      }),
    );
    // dlr_RS1 owes the February invoice below (written straight into the tables).
    const owes = dealerId === 'dlr_RS1' ? { usedMinor: 1_000_000, oldestOpenDueDate: '2026-03-12' } : {};
    await fixtureAccount(db.orm.em.fork(), dealerId, JS, owes);
  }
  for (const productId of ['prd_a', 'prd_b']) {
    em.persist(Object.assign(new ProductProfile(), { productId, sku: productId, brandId: 'brd', categoryPath: '/c/' }));
  }
  await em.flush();
});
afterAll(() => db.close());

async function policy(code: string, calculation: K, settlementForm: Form): Promise<string> {
  const tiers = { mode: 'RETROACTIVE', tiers: [{ from: 0, rateBp: 100 }] };
  const created = await policies.create(db.context(creator), {
    ...{ code, name: code, periodKind: RebatePeriodKind.MONTH, validFrom: '2026-01-01', validTo: '2026-12-31' },
    ...{ basis: RebateBasis.SHIPPED, calculation, settlementForm, budget: null },
    parameters: JSON.stringify(calculation === K.TIERED ? tiers : {}),
    scope: { dealerGrades: [], regionIds: [], dealerIds: [], categoryIds: ['c'], brandIds: [], productIds: [] },
  });
  expect(created.errors).toEqual([]);
  expect((await policies.activate(db.context(creator), created.policy!.id, 1)).errors).toEqual([]);
  return created.policy!.id;
}

/** A brand invoice of dlr_RS1 in February: prd_a standard-rated, prd_b reduced, accrued to active policies. */
async function februaryInvoice(): Promise<void> {
  const em = db.orm.em.fork();
  const inv = await fixtureInvoice(em, {
    ...{
      dealerId: 'dlr_RS1',
      amountMinor: 1_000_000,
      issuedOn: '2026-02-10',
      dueDate: '2026-03-12',
      sellerKey: 'BRAND',
    },
  });
  const line = (lineNo: number, productId: string, taxClass: TaxClass, quantity: number, grossMinor: number) => ({
    ...{ invoiceId: inv.id, lineNo, orderLineId: null, isGift: false, productId, sku: `SKU-${productId}` },
    ...{ productName: productId, quantity, taxClass, rateBp: 0, grossMinor, netMinor: grossMinor, taxMinor: 0 },
  });
  await em.insertMany(InvoiceLine, [
    line(1, 'prd_a', TaxClass.STANDARD, 6, 600_001),
    line(2, 'prd_b', TaxClass.REDUCED, 4, 399_999),
  ]);
  await db.orm.em.fork().transactional(async (tx) => accrueDocument(tx, (await invoiceDocument(tx, inv.id))!));
}

const find = (policyId: string, dealerId = 'dlr_RS1') =>
  db.orm.em.fork().findOneOrFail(RebateSettlement, { policyId, dealerId, period: '2026-02' });
const codes = (r: { errors: { code: string }[] }) => r.errors.map((e) => e.code);

describe('rebate settlement', () => {
  let byNote = '';
  let byBalance = '';
  let manual = '';

  it('proposes one settlement per policy, dealer and period once, lines by product and tax class', async () => {
    byNote = await policy('RS-NOTE', K.TIERED, Form.CREDIT_NOTE);
    byBalance = await policy('RS-BAL', K.TIERED, Form.BALANCE);
    manual = await policy('RS-AWARD', K.MANUAL, Form.CREDIT_NOTE);
    await februaryInvoice();
    for (const [dealerId, amount] of [
      ['dlr_RS1', 6_000_000],
      ['dlr_RS2', 100],
    ] as const) {
      const award = { policyId: manual, dealerId, period: '2026-02', amount, reason: '专项' };
      expect((await policies.grantAward(db.context(creator), award)).errors).toEqual([]);
    }
    const hq = db.context(creator);
    expect(codes(await settlements.propose(hq, '2026-03', afterFebruary))).toEqual(['PERIOD_NOT_ENDED']);
    expect(codes(await settlements.propose(hq, '2026-13', afterFebruary))).toEqual(['PERIOD_INVALID']);
    expect(await settlements.propose(hq, '2026-02', afterFebruary)).toMatchObject({ proposed: 4, errors: [] });
    expect(await settlements.propose(hq, '2026-02', afterFebruary)).toMatchObject({ proposed: 0, errors: [] });
    // HQ's runs are audited and recorded on the period's run row, so the schedule finds February DONE.
    const run = await runSettlementPeriod(db.orm.em.fork(), '2026-02', afterFebruary);
    expect(run).toMatchObject({ status: 'DONE', proposed: 4 });
    expect(await db.orm.em.fork().count(RebateSettlementRun, {})).toBe(1);
    const runs = { operation: 'proposeRebateSettlements', entityType: 'RebateSettlementRun' };
    expect(await db.orm.em.fork().count(AuditEntry, runs)).toBe(2);
    // A month no one ran: the schedule takes its lease and marks it DONE.
    expect(await runSettlementPeriod(db.orm.em.fork(), '2026-01', afterFebruary)).toMatchObject({
      status: 'DONE',
      proposed: 0,
    });
    const note = await find(byNote);
    // 1,000,000 × 1 % = 10,000, split 600,001 : 399,999 by the parts rule.
    expect(note).toMatchObject({ status: 'PROPOSED', form: 'CREDIT_NOTE', amountMinor: 10_000, accruedMinor: 10_000 });
    const lines = await db.orm.em
      .fork()
      .find(RebateSettlementLine, { settlementId: note.id }, { orderBy: { lineNo: 'asc' } });
    expect(lines.map((l) => [l.productId, l.taxClass, l.basisMinor, l.quantity, l.amountMinor])).toEqual([
      ['prd_a', TaxClass.STANDARD, 600_001, 6, 6_000],
      ['prd_b', TaxClass.REDUCED, 399_999, 4, 4_000],
    ]);
    // The award spreads over the dealer's February basis.
    const award = await find(manual);
    expect(award).toMatchObject({ amountMinor: 6_000_000, awardsMinor: 6_000_000, accruedMinor: 0 });
    const awardLines = await db.orm.em.fork().find(RebateSettlementLine, { settlementId: award.id });
    expect(awardLines.reduce((s, l) => s + l.amountMinor, 0)).toBe(6_000_000);
    const events = await db.orm.em.fork().count(OutboxEvent, { type: EventType.REBATE_SETTLEMENT_CHANGED });
    expect(events).toBe(4);
  });

  it('approves a CREDIT_NOTE settlement into a REBATE credit note in proportion to the basis', async () => {
    const s = await find(byNote);
    const stale = await settlements.approve(db.context(clerk), s.id, 7);
    expect(codes(stale)).toEqual(['VERSION_CONFLICT']);
    const approved = await settlements.approve(db.context(creator), s.id, 1);
    expect(approved.errors).toEqual([]);
    expect(approved.settlement).toMatchObject({ status: 'APPROVED', version: 2, decidedBy: 'usr_creator' });
    const note = await db.orm.em.fork().findOneOrFail(CreditNote, { sourceKey: s.id });
    expect(note).toMatchObject({
      id: approved.settlement!.creditNoteId,
      kind: CreditNoteKind.REBATE,
      amountMinor: 10_000,
    });
    const noteLines = await db.orm.em
      .fork()
      .find(CreditNoteLine, { creditNoteId: note.id }, { orderBy: { lineNo: 'asc' } });
    expect(noteLines.map((l) => [l.productId, l.taxClass, l.grossMinor])).toEqual([
      ['prd_a', TaxClass.STANDARD, 6_000],
      ['prd_b', TaxClass.REDUCED, 4_000],
    ]);
    expect(codes(await settlements.approve(db.context(clerk), s.id, 2))).toEqual(['SETTLEMENT_NOT_PROPOSED']);
    expect(await db.orm.em.fork().count(CreditNote, { kind: CreditNoteKind.REBATE })).toBe(1);
    expect(await db.orm.em.fork().count(AuditEntry, { operation: 'approveRebateSettlement' })).toBe(1);
  });

  it('approves a BALANCE settlement into the rebate balance, never a credit note', async () => {
    const s = await find(byBalance);
    expect((await settlements.approve(db.context(clerk), s.id, 1)).errors).toEqual([]);
    const balance = await db.orm.em.fork().findOneOrFail(RebateBalance, { dealerId: 'dlr_RS1' });
    expect(balance).toMatchObject({ available: 10_000, settled: 10_000, held: 0, captured: 0, dealerRegionPath: JS });
    const entries = await db.orm.em.fork().find(RebateBalanceEntry, { dealerId: 'dlr_RS1' });
    expect(entries.map((e) => [e.movement, e.amountMinor, e.sourceId])).toEqual([['SETTLED', 10_000, s.id]]);
    expect(await db.orm.em.fork().count(CreditNote, { sourceKey: s.id })).toBe(0);
  });

  it("refuses the policy's creator above the second-approver threshold; another approver may", async () => {
    const s = await find(manual);
    expect(codes(await settlements.approve(db.context(creator), s.id, 1))).toEqual(['REQUESTER_CANNOT_APPROVE']);
    expect(await find(manual)).toMatchObject({ status: 'PROPOSED', version: 1 });
    const approved = await settlements.approve(db.context(clerk), s.id, 1);
    expect(approved.errors).toEqual([]);
    const note = await db.orm.em.fork().findOneOrFail(CreditNote, { sourceKey: s.id });
    expect(note.amountMinor).toBe(6_000_000);
    // The notes paid the February invoice first; the rest stays in the account's balance.
    expect(await ledgerViolations(db.orm.em.fork(), 'dlr_RS1')).toEqual([]);
  });

  it('rejects with a reason only', async () => {
    const s = await find(manual, 'dlr_RS2');
    expect(codes(await settlements.reject(db.context(clerk), s.id, 1, '  '))).toEqual(['REASON_REQUIRED']);
    const rejected = await settlements.reject(db.context(clerk), s.id, 1, '重复申报');
    expect(rejected.settlement).toMatchObject({ status: 'REJECTED', rejectReason: '重复申报', version: 2 });
    expect(codes(await settlements.reject(db.context(clerk), s.id, 2, 'again'))).toEqual(['SETTLEMENT_NOT_PROPOSED']);
  });

  it("lists within the viewer's scope", async () => {
    const reads = new RebateSettlementQueryService();
    const dealer: Viewer = { userId: 'u', role: Role.DEALER_ADMIN, dealerId: 'dlr_RS2' };
    const own = await reads.list(db.context(dealer), {});
    expect(own.edges.map((e) => e.node.dealerId)).toEqual(['dlr_RS2']);
    expect((await reads.list(db.context(dealer), { filter: { dealerId: 'dlr_RS1' } })).totalCount).toBe(0);
    await expect(settlements.find(db.context(dealer), (await find(byNote)).id)).rejects.toThrow();
    const south: Viewer = { userId: 'm', role: Role.REGION_MANAGER, regionId: 'reg_south' };
    expect((await reads.list(db.context(south), {})).totalCount).toBe(0);
    const east: Viewer = { userId: 'm', role: Role.REGION_MANAGER, regionId: 'reg_east' };
    expect((await reads.list(db.context(east), { filter: { status: 'APPROVED' as never } })).totalCount).toBe(3);
  });

  it('is due after the settlement hour on the 1st, business time, with quarter and year ends', () => {
    const tz = 'Asia/Shanghai';
    // 00:30 on 1 April in Beijing: March is not due yet.
    expect(dueSettlementPeriods(new Date('2026-03-31T16:30:00Z'), tz, 3)).toEqual(['2026-02']);
    expect(dueSettlementPeriods(new Date('2026-03-31T19:00:00Z'), tz, 3)).toEqual(['2026-03', '2026-Q1']);
    expect(dueSettlementPeriods(new Date('2027-01-05T00:00:00Z'), tz, 3)).toEqual(['2026-12', '2026-Q4', '2026']);
  });
});
