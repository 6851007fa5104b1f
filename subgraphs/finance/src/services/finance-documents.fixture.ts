import { newId } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { CreditAccount, CreditStatus } from '../entities/credit-account.entity.js';
import { CreditNote, CreditNoteKind } from '../entities/credit-note.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import { Payment, PaymentMethod, PaymentSource } from '../entities/payment.entity.js';

// Rows for the reconciliation specs (statements, aging, bank matching), written straight into the
// tables so each spec controls its figures to the fen. Not used by the running subgraph.

let seq = 0;

/** A credit account of `dealerId` in `regionPath`. */
export async function fixtureAccount(
  em: EntityManager,
  dealerId: string,
  regionPath = '/reg_cn/reg_east/reg_js/',
  values: Partial<CreditAccount> = {},
): Promise<void> {
  await em.insert(CreditAccount, {
    id: `cra_${dealerId.slice(4)}`,
    dealerId,
    dealerRegionPath: regionPath,
    dealerPath: `/${dealerId}/`,
    currency: 'CNY',
    limitMinor: 100_000_000,
    usedMinor: 0,
    heldMinor: 0,
    balanceMinor: 0,
    oldestOpenDueDate: null,
    utilizationPpm: 0,
    termDays: 30,
    status: CreditStatus.ACTIVE,
    updatedAt: new Date(),
    ...values,
  });
}

/** An invoice issued on `issuedOn` (its period is that month unless given). */
export async function fixtureInvoice(
  em: EntityManager,
  values: Pick<Invoice, 'dealerId' | 'amountMinor' | 'issuedOn' | 'dueDate'> & Partial<Invoice>,
): Promise<Invoice> {
  seq += 1;
  const year = Number(values.issuedOn.slice(0, 4));
  const row = {
    id: newId('inv'),
    number: `INV-${year}-${String(seq).padStart(8, '0')}`,
    year,
    seq,
    shipmentId: null,
    shipmentNumber: null,
    orderNumber: null,
    dealerRegionPath: '/reg_cn/reg_east/reg_js/',
    orderId: null,
    currency: 'CNY',
    paidMinor: 0,
    netMinor: values.amountMinor,
    taxMinor: 0,
    creditedMinor: 0,
    outstandingMinor: values.amountMinor,
    period: values.issuedOn.slice(0, 7),
    issuedAt: new Date(`${values.issuedOn}T04:00:00Z`),
    dueAt: new Date(`${values.dueDate}T16:00:00Z`),
    paidAt: null,
    ...values,
  } as Invoice;
  await em.insert(Invoice, row);
  return row;
}

/** A payment received on `receivedOn`. */
export async function fixturePayment(
  em: EntityManager,
  values: Pick<Payment, 'dealerId' | 'amountMinor' | 'receivedOn'> & Partial<Payment>,
): Promise<Payment> {
  const row = {
    id: newId('pay'),
    invoiceId: null,
    dealerRegionPath: '/reg_cn/reg_east/reg_js/',
    source: PaymentSource.MANUAL,
    idempotencyKey: newId('key'),
    bankLineId: null,
    currency: 'CNY',
    allocatedMinor: values.amountMinor,
    unallocatedMinor: 0,
    method: PaymentMethod.BANK_TRANSFER,
    paidAt: new Date(`${values.receivedOn}T04:00:00Z`),
    period: values.receivedOn.slice(0, 7),
    recordedAt: new Date(),
    recordedByUserId: null,
    recordedByName: null,
    reference: `REF-${values.receivedOn}`,
    ...values,
  } as Payment;
  await em.insert(Payment, row);
  return row;
}

/** A credit note issued on `issuedOn`. */
export async function fixtureCreditNote(
  em: EntityManager,
  values: Pick<CreditNote, 'dealerId' | 'amountMinor' | 'issuedOn'> & Partial<CreditNote>,
): Promise<CreditNote> {
  seq += 1;
  const year = Number(values.issuedOn.slice(0, 4));
  const row = {
    id: newId('crn'),
    number: `CN-${year}-${String(seq).padStart(8, '0')}`,
    year,
    seq,
    dealerRegionPath: '/reg_cn/reg_east/reg_js/',
    kind: CreditNoteKind.RETURN,
    sourceKey: newId('src'),
    invoiceId: null,
    shipmentId: null,
    orderId: null,
    currency: 'CNY',
    netMinor: values.amountMinor,
    taxMinor: 0,
    appliedMinor: values.amountMinor,
    unappliedMinor: 0,
    reason: '退货',
    issuedAt: new Date(`${values.issuedOn}T04:00:00Z`),
    period: values.issuedOn.slice(0, 7),
    ...values,
  } as CreditNote;
  await em.insert(CreditNote, row);
  return row;
}
