import { EventType, OutboxEvent } from '@dnp/event-bus';
import { AuditEntry, Role, TaxClass, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BRAND_SELLER, CreditAccount, CreditStatus } from '../entities/credit-account.entity.js';
import { CreditNoteKind } from '../entities/credit-note.entity.js';
import { Payment, PaymentMethod } from '../entities/payment.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import type { IssueCreditNoteInput } from '../schema/credit-note.input.js';
import type { InvoiceShipmentInput } from '../schema/invoicing.input.js';
import type { RecordPaymentInput } from '../schema/payment.input.js';
import { financeSubgraph } from '../subgraph.js';
import { CreditNoteQueryService } from './credit-note-query.service.js';
import { CreditNoteService } from './credit-note.service.js';
import type { DealerDirectory } from './dealer-directory.js';
import { InvoiceService } from './invoice.service.js';
import { InvoicingService } from './invoicing.service.js';
import { ledgerViolations } from './ledger-invariants.js';
import { PaymentQueryService } from './payment-query.service.js';
import { PaymentService } from './payment.service.js';

// Two-tier order to cash (network-administration §8.2): a parent takes its sub-dealer's payments on the
// line it grants (its seller right, never the brand's books), brand-facing lists show the brand's own
// sales unless a parent is named, and the documents' events carry the seller in payload and scope.

const PARENT = 'dlr_SP2';
const OTHER = 'dlr_SP3';
const BUYER = 'dlr_SB2';
const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const clerk: Viewer = { userId: 'usr_clerk', role: Role.FINANCE_CLERK };
const hq: Viewer = { userId: 'usr_hq', role: Role.HQ_ADMIN };
// No subDealerIds claim (as just after a move): what the parent reads of BUYER it reads as the seller.
const parent: Viewer = { userId: 'usr_sp2', role: Role.DEALER_ADMIN, dealerId: PARENT };
const parentStaff: Viewer = { userId: 'usr_sp2s', role: Role.DEALER_STAFF, dealerId: PARENT };
const other: Viewer = { userId: 'usr_sp3', role: Role.DEALER_ADMIN, dealerId: OTHER };
const buyer: Viewer = { userId: 'usr_sb2', role: Role.DEALER_ADMIN, dealerId: BUYER };
const directory: DealerDirectory = async (id) => ({ name: id, code: id === PARENT ? 'D00012' : 'D09998' });
const invoicing = new InvoicingService(undefined, directory);
const notes = new CreditNoteService(directory);
const payments = new PaymentService();
let db: TestSubgraph<FinanceLoaders>;
let n = 0;
const AT = new Date('2026-11-10T04:00:00Z');

async function account(sellerKey: string, limitMinor: number) {
  await db.orm.em.fork().insert(CreditAccount, {
    ...{ id: `cra_${sellerKey === BRAND_SELLER ? 'B' : 'P'}SB2`, sellerKey, dealerId: BUYER },
    ...{ dealerRegionPath: '/reg_cn/reg_east/', dealerPath: `/${PARENT}/${BUYER}/`, currency: 'CNY' },
    ...{ limitMinor, usedMinor: 0, heldMinor: 0, balanceMinor: 0, oldestOpenDueDate: null, utilizationPpm: 0 },
    ...{ termDays: 15, status: CreditStatus.ACTIVE, updatedAt: new Date() },
  });
}
const used = async (sellerKey: string) =>
  (await db.orm.em.fork().findOneOrFail(CreditAccount, { sellerKey, dealerId: BUYER })).usedMinor;

/** Invoices one shipment of `grossMinor` to BUYER, sold by `seller` (the brand when absent); its id. */
async function invoice(grossMinor: number, seller?: string): Promise<string> {
  const k = ++n;
  const input = {
    ...{ shipmentId: `shp_SP${k}`, shipmentNumber: `SO-SP${k}`, orderId: `ord_SP${k}`, orderNumber: `SOSP${k}` },
    ...{ dealerId: BUYER, sellerDealerId: seller, shippedAt: AT },
    lines: [
      {
        ...{ orderLineId: `oln_SP${k}`, productId: 'prd_1', sku: 'SKU-1', productName: '牛奶', quantity: 1 },
        ...{ isGift: false, taxClass: TaxClass.STANDARD, grossMinor },
      },
    ],
  } as InvoiceShipmentInput;
  const result = await invoicing.invoiceShipment(db.context(service), input, AT);
  expect(result.errors).toEqual([]);
  return result.invoice!.id;
}

const pay = (amount: string, extra: Partial<RecordPaymentInput> = {}): RecordPaymentInput =>
  ({
    ...{ dealerId: BUYER, idempotencyKey: `sp-${++n}`, amount, method: PaymentMethod.BANK_TRANSFER },
    ...{ reference: `SP${n}`, receivedOn: '2026-11-20', ...extra },
  }) as RecordPaymentInput;
const counts = async () => {
  const em = db.orm.em.fork();
  return [await em.count(Payment, {}), await em.count(AuditEntry, {}), await em.count(OutboxEvent, {})];
};
const eventOf = (type: string, subjectId: string) => db.orm.em.fork().findOneOrFail(OutboxEvent, { type, subjectId });

let sold: string[];
let brandInvoice: string;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: false });
  await account(BRAND_SELLER, 10_000_000);
  await account(PARENT, 1_000_000);
  sold = [await invoice(40_000, PARENT), await invoice(25_000, PARENT)];
  brandInvoice = await invoice(7_000);
});
afterAll(() => db.close());

describe("recordPayment on a parent's line", () => {
  it("the parent's admin takes its sub-dealer's payment on the line it grants; the brand's books stay", async () => {
    const [parentBefore, brandBefore] = [await used(PARENT), await used(BRAND_SELLER)];
    const input = pay('300.00', { allocations: [{ invoiceId: sold[1]!, amount: '250.00' }] });
    const paid = await payments.record(db.context(parent), input);
    expect(paid.errors).toEqual([]);
    expect(paid.payment).toMatchObject({ sellerKey: PARENT, amountMinor: 30_000, allocatedMinor: 30_000 });
    const parts = await db.context(hq).loaders.allocationsBySource.load(paid.payment!.id);
    expect(parts.map((p) => [p.invoiceId, p.amountMinor])).toEqual([
      [sold[1], 25_000],
      [sold[0], 5_000],
    ]);
    expect([await used(PARENT), await used(BRAND_SELLER)]).toEqual([parentBefore - 30_000, brandBefore]);
    const event = await eventOf(EventType.PAYMENT_RECORDED, paid.payment!.id);
    expect(event.payload).toMatchObject({ sellerDealerId: PARENT, dealerId: BUYER, amountMinor: 30_000 });
    expect(event.scope.dealerIds).toEqual([BUYER, PARENT]);
    const audit = await db.orm.em.fork().findOneOrFail(AuditEntry, { entityId: paid.payment!.id });
    expect(audit).toMatchObject({ operation: 'recordPayment', actorId: parent.userId });
    expect(audit.after).toContain(PARENT);
    const again = await payments.record(db.context(parent), input);
    expect(again.payment?.id).toBe(paid.payment!.id);
    expect(await ledgerViolations(db.orm.em.fork(), BUYER, PARENT)).toEqual([]);
    expect(await ledgerViolations(db.orm.em.fork(), BUYER)).toEqual([]);
  });

  it("HQ records for the parent when it names it; a clerk's payment stays on the brand's books", async () => {
    const forParent = await payments.record(db.context(hq), pay('10.00', { sellerDealerId: PARENT }));
    expect(forParent.payment).toMatchObject({ sellerKey: PARENT, allocatedMinor: 1_000 });
    const before = await used(PARENT);
    const brand = await payments.record(db.context(clerk), pay('20.00'));
    expect(brand.errors).toEqual([]);
    expect(brand.payment).toMatchObject({ sellerKey: BRAND_SELLER, allocatedMinor: 2_000 });
    expect((await eventOf(EventType.PAYMENT_RECORDED, brand.payment!.id)).payload.sellerDealerId).toBeNull();
    expect(await used(PARENT)).toBe(before);
  });

  it('refuses mixed or wrong sellers and a seller the caller is not, writing nothing', async () => {
    const before = await counts();
    const code = async (viewer: Viewer, input: RecordPaymentInput) =>
      (await payments.record(db.context(viewer), input)).errors.map((e) => e.code);
    const one = (invoiceId: string) => [{ invoiceId, amount: '1.00' }];
    expect(await code(clerk, pay('1', { allocations: one(sold[1]!) }))).toEqual(['ALLOCATION_WRONG_SELLER']);
    expect(await code(parent, pay('1', { allocations: one(brandInvoice) }))).toEqual(['ALLOCATION_WRONG_SELLER']);
    const mixed = [...one(brandInvoice), ...one(sold[1]!)];
    expect(await code(hq, pay('2', { sellerDealerId: PARENT, allocations: mixed }))).toEqual([
      'ALLOCATION_SELLERS_MIXED',
    ]);
    // A dealer that grants BUYER no line has no books to take the money on.
    expect(await code(other, pay('1'))).toEqual(['DEALER_HAS_NO_ACCOUNT']);
    expect(await code(parent, pay('1', { sellerDealerId: 'BRAND' }))).toEqual(['BAD_USER_INPUT']);
    // The same key as the parent's payment, on the brand's books: another payment.
    const taken = await db.orm.em.fork().findOneOrFail(Payment, { sellerKey: PARENT }, { orderBy: { id: 'asc' } });
    const reuse = pay(String(taken.amountMinor / 100), { idempotencyKey: taken.idempotencyKey, reference: 'SP1' });
    expect(await code(clerk, { ...reuse, reference: taken.reference, method: taken.method })).toEqual([
      'IDEMPOTENCY_KEY_REUSED',
    ]);
    // Acting as another seller, or as the brand, is not a dealer's right; staff record nothing.
    await expect(payments.record(db.context(parent), pay('1', { sellerDealerId: OTHER }))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(payments.record(db.context(buyer), pay('1', { sellerDealerId: PARENT }))).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(payments.record(db.context(parentStaff), pay('1'))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await counts()).toEqual(before);
  });
});

describe('document lists and events by seller', () => {
  const invoices = new InvoiceService();
  const creditNotes = new CreditNoteQueryService();
  const paymentReads = new PaymentQueryService();
  let parentNote: string;
  let brandNote: string;

  beforeAll(async () => {
    const note = (key: string, seller?: string) =>
      ({
        ...{ sourceKey: key, kind: CreditNoteKind.REBATE, dealerId: BUYER, sellerDealerId: seller },
        ...{ reason: '返利', lines: [{ productId: 'prd_1', sku: 'SKU-1', productName: '牛奶', quantity: 1 }] },
      }) as IssueCreditNoteInput;
    const withGross = (i: IssueCreditNoteInput) => ({
      ...i,
      lines: [{ ...i.lines[0]!, taxClass: TaxClass.STANDARD, grossMinor: 500 }],
    });
    parentNote = (await notes.issue(db.context(service), withGross(note('rebate:SP', PARENT)), AT)).creditNote!.id;
    brandNote = (await notes.issue(db.context(service), withGross(note('rebate:SB')), AT)).creditNote!.id;
  });

  it("shows HQ the brand's own sales by default and a parent's when named", async () => {
    const ids = async (viewer: Viewer, sellerDealerId?: string) =>
      (await invoices.list(db.context(viewer), { first: 50, filter: { sellerDealerId } })).edges.map((e) => e.node.id);
    expect(await ids(hq)).toEqual([brandInvoice]);
    expect(await ids(clerk, PARENT)).toEqual(expect.arrayContaining(sold));
    expect((await ids(clerk, PARENT)).length).toBe(2);
    // The parent reads what it sells (the seller column), without a sub-dealer claim.
    expect((await ids(parent)).sort()).toEqual([...sold].sort());
    expect(await ids(parent, OTHER)).toEqual([]);
    const noteIds = async (viewer: Viewer, sellerDealerId?: string) =>
      (await creditNotes.list(db.context(viewer), { first: 50, filter: { sellerDealerId } })).edges.map(
        (e) => e.node.id,
      );
    expect([await noteIds(hq), await noteIds(hq, PARENT), await noteIds(parent)]).toEqual([
      [brandNote],
      [parentNote],
      [parentNote],
    ]);
    const paid = async (viewer: Viewer, sellerDealerId?: string) =>
      (await paymentReads.list(db.context(viewer), { first: 50, filter: { sellerDealerId } })).edges.map(
        (e) => e.node.sellerKey,
      );
    expect(new Set(await paid(clerk))).toEqual(new Set([BRAND_SELLER]));
    expect(new Set(await paid(clerk, PARENT))).toEqual(new Set([PARENT]));
    expect(new Set(await paid(parent))).toEqual(new Set([PARENT]));
    await expect(invoices.list(db.context(hq), { filter: { sellerDealerId: "x' or 1=1" } })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    // Single reads follow the same rule: the parent reads its sale, not the brand's.
    await expect(invoices.findOne(db.context(parent), sold[0]!)).resolves.toMatchObject({ id: sold[0] });
    await expect(invoices.findOne(db.context(parent), brandInvoice)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it("carries the seller in the invoice and credit-note events' payload and scope", async () => {
    const sale = await eventOf(EventType.INVOICE_ISSUED, sold[0]!);
    expect([sale.payload.sellerDealerId, sale.scope.dealerIds]).toEqual([PARENT, [BUYER, PARENT]]);
    const brand = await eventOf(EventType.INVOICE_ISSUED, brandInvoice);
    expect([brand.payload.sellerDealerId, brand.scope.dealerIds]).toEqual([null, [BUYER]]);
    const note = await eventOf(EventType.CREDIT_NOTE_ISSUED, parentNote);
    expect([note.payload.sellerDealerId, note.scope.dealerIds]).toEqual([PARENT, [BUYER, PARENT]]);
    expect((await eventOf(EventType.CREDIT_NOTE_ISSUED, brandNote)).payload.sellerDealerId).toBeNull();
  });
});
