import { Role, TaxClass, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount, CreditStatus } from '../entities/credit-account.entity.js';
import { CreditNoteKind } from '../entities/credit-note.entity.js';
import { PaymentMethod } from '../entities/payment.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import type { IssueCreditNoteInput } from '../schema/credit-note.input.js';
import type { InvoiceShipmentInput } from '../schema/invoicing.input.js';
import type { RecordPaymentInput } from '../schema/payment.input.js';
import { financeSubgraph } from '../subgraph.js';
import { CreditNoteService } from './credit-note.service.js';
import { InvoicingService } from './invoicing.service.js';
import { PaymentService } from './payment.service.js';

const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const clerk: Viewer = { userId: 'usr_fin_clerk', role: Role.FINANCE_CLERK };
const own: Viewer = { userId: 'usr_r', role: Role.DEALER_ADMIN, dealerId: 'dlr_R01' };
const other: Viewer = { userId: 'usr_o', role: Role.DEALER_ADMIN, dealerId: 'dlr_R99' };
let db: TestSubgraph<FinanceLoaders>;
let invoiceId: string;
let paymentId: string;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: false });
  await db.orm.em.fork().insert(CreditAccount, {
    ...{ id: 'cra_R01', dealerId: 'dlr_R01', dealerRegionPath: '/reg_cn/', dealerPath: '/dlr_R01/' },
    ...{ currency: 'CNY', limitMinor: 1_000_000, usedMinor: 0, heldMinor: 0, balanceMinor: 0, oldestOpenDueDate: null },
    ...{ utilizationPpm: 0, termDays: 30, status: CreditStatus.ACTIVE, updatedAt: new Date() },
  });
  const line = (i: number, taxClass: TaxClass, grossMinor: number) => ({
    ...{ orderLineId: `oln_${i}`, productId: `prd_${i}`, sku: `SKU-${i}`, productName: `品 ${i}`, quantity: 2 },
    ...{ isGift: false, taxClass, grossMinor },
  });
  const invoiced = await new InvoicingService(undefined).invoiceShipment(db.context(service), {
    ...{ shipmentId: 'shp_R1', shipmentNumber: 'SO9-1', orderId: 'ord_R1', orderNumber: 'SO9', dealerId: 'dlr_R01' },
    ...{ shippedAt: new Date(), lines: [line(1, TaxClass.STANDARD, 11_300), line(2, TaxClass.STANDARD, 2_260)] },
  } as InvoiceShipmentInput);
  invoiceId = invoiced.invoice!.id;
  const paid = await new PaymentService().record(db.context(clerk), {
    ...{ dealerId: 'dlr_R01', idempotencyKey: 'r-1', amount: '100.00', method: PaymentMethod.BANK_TRANSFER },
    ...{ reference: 'BT-R1', receivedOn: '2026-11-01' },
  } as RecordPaymentInput);
  paymentId = paid.payment!.id;
  await new CreditNoteService().issue(db.context(service), {
    ...{ sourceKey: 'ret_R1', kind: CreditNoteKind.RETURN, dealerId: 'dlr_R01', shipmentId: 'shp_R1' },
    ...{ reason: '破损', lines: [{ ...line(2, TaxClass.STANDARD, 1_130), quantity: 1 }] },
  } as unknown as IssueCreditNoteInput);
});
afterAll(() => db.close());

describe('receivables reads', () => {
  it('shows an invoice with lines, tax summary, allocations and credit notes to its dealer', async () => {
    const res = await db.execute(
      `query ($id: ID!) { invoice(id: $id) { number issuedOn dueDate period amount { amount } net { amount }
         tax { amount } credited { amount } outstanding { amount } status
         lines { lineNo sku taxRate gross { amount } net { amount } tax { amount } product { id } }
         taxSummary { taxClass taxRate gross { amount } net { amount } tax { amount } }
         allocations { source amount { amount } payment { id } creditNote { number } }
         creditNotes { number amount { amount } applied { amount } } } }`,
      { id: invoiceId },
      own,
    );
    expect(res.errors).toBeUndefined();
    const invoice = res.data!.invoice as Record<string, unknown>;
    expect(invoice).toMatchObject({
      ...{ amount: { amount: '135.60' }, net: { amount: '120.00' }, tax: { amount: '15.60' } },
      ...{ credited: { amount: '11.30' }, outstanding: { amount: '24.30' } },
      taxSummary: [{ taxClass: 'STANDARD', taxRate: '13%', gross: { amount: '135.60' }, net: { amount: '120.00' } }],
      allocations: [
        { source: 'PAYMENT', amount: { amount: '100.00' }, payment: { id: paymentId }, creditNote: null },
        {
          source: 'CREDIT_NOTE',
          amount: { amount: '11.30' },
          payment: null,
          creditNote: { number: expect.any(String) },
        },
      ],
    });
    expect((invoice.lines as unknown[]).length).toBe(2);
    expect(invoice.issuedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("lists payments and credit notes in scope, and answers an order's invoices and payment status", async () => {
    const res = await db.execute(
      `query ($id: ID!) { payments { totalCount edges { node { id allocated { amount } receivedOn
           allocations { amount { amount } invoice { id } } } } }
         payment(id: $id) { source unallocated { amount } }
         creditNotes { totalCount }
         _entities(representations: [{ __typename: "Order", id: "ord_R1" }]) {
           ... on Order { paymentStatus invoices { id } } } }`,
      { id: paymentId },
      own,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toMatchObject({
      payments: { totalCount: 1, edges: [{ node: { id: paymentId, allocated: { amount: '100.00' } } }] },
      payment: { source: 'MANUAL', unallocated: { amount: '0.00' } },
      creditNotes: { totalCount: 1 },
      _entities: [{ paymentStatus: 'PARTIALLY_PAID', invoices: [{ id: invoiceId }] }],
    });
    const outside = await db.execute(
      `query ($id: ID!) { payments { totalCount } creditNotes { totalCount } payment(id: $id) { id }
         _entities(representations: [{ __typename: "Order", id: "ord_R1" }]) { ... on Order { paymentStatus } } }`,
      { id: paymentId },
      other,
    );
    expect(outside.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(outside.data).toMatchObject({ payments: { totalCount: 0 }, creditNotes: { totalCount: 0 } });
  });

  it('shows the account balance, open receivables and overdue amount', async () => {
    const res = await db.execute(
      `{ myCreditAccount { balance { amount } openReceivables { amount } overdue { amount } available { amount } } }`,
      {},
      own,
    );
    expect(res.data).toMatchObject({
      myCreditAccount: {
        ...{ balance: { amount: '0.00' }, openReceivables: { amount: '24.30' }, overdue: { amount: '0.00' } },
        available: { amount: '9975.70' },
      },
    });
  });
});
