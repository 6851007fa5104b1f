import { newId, startOfBusinessDay } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { config } from '../../config.js';
import { Payment, PaymentMethod, PaymentSource } from '../../entities/payment.entity.js';
import { ReceivablesLedger, type LockedAccount } from '../receivables-ledger.js';
import { captureRebatePart } from './rebate-balance.ledger.js';

/** Who an offset payment names as its recorder. */
const REBATE_RECORDER = '返利抵扣';

/** The invoice a rebate offset pays, as the invoice's transaction knows it. */
export interface OffsetInvoice {
  id: string;
  orderId: string;
  shipmentId: string;
  dealerId: string;
  issuedOn: string;
  amountMinor: number;
  /** What the invoice still owed after the account's balance was applied to it. */
  outstandingMinor: number;
}

/**
 * Pays part of a brand invoice with the order's rebate hold (§8), in the invoice's transaction:
 * the hold's part for this shipment is captured (`captureRebatePart`), then recorded as an OFFSET
 * payment (source REBATE, key `rebate:<shipment>`) allocated to the invoice first (the rest, should
 * the account's balance have paid it already, oldest first), so receivables and statements show it.
 * Answers the amount paid and how much of it went to this invoice.
 */
export async function payInvoiceWithRebate(
  tx: EntityManager,
  account: LockedAccount,
  invoice: OffsetInvoice,
  now: Date,
): Promise<{ paidMinor: number; toInvoiceMinor: number }> {
  const { id, orderId, dealerId, amountMinor, issuedOn } = invoice;
  const paid = await captureRebatePart(tx, orderId, dealerId, id, amountMinor, now);
  if (paid <= 0) return { paidMinor: 0, toInvoiceMinor: 0 };
  const payment = Object.assign(new Payment(), {
    ...{ id: newId('pay', now), dealerId, invoiceId: null, dealerRegionPath: account.dealerRegionPath },
    ...{ source: PaymentSource.REBATE, idempotencyKey: `rebate:${invoice.shipmentId}`, bankLineId: null },
    ...{ currency: account.currency, amountMinor: paid, allocatedMinor: 0, unallocatedMinor: paid },
    ...{ method: PaymentMethod.OFFSET, paidAt: startOfBusinessDay(issuedOn, config.BUSINESS_TIME_ZONE) },
    ...{ receivedOn: issuedOn, period: issuedOn.slice(0, 7), recordedAt: now, recordedByUserId: null },
    ...{ recordedByName: REBATE_RECORDER, reference: orderId.slice(0, 64) },
  });
  await tx.insert(Payment, payment);
  const toInvoice = Math.min(paid, invoice.outstandingMinor);
  const chosen = toInvoice > 0 ? [{ invoiceId: id, amountMinor: toInvoice }] : [];
  // The ledger writes the payment's allocated and unallocated figures.
  const plan = { payments: [{ id: payment.id, amountMinor: paid, chosen }] };
  await ReceivablesLedger.change(tx, dealerId, plan, now);
  return { paidMinor: paid, toInvoiceMinor: toInvoice };
}
