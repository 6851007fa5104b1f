import { createHash } from 'node:crypto';
import { forUpdate, inDealerAudience, inProductScope, insertOnce, partValue, periodOfDate } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { BRAND_SELLER } from '../../entities/credit-account.entity.js';
import { CreditNoteLine } from '../../entities/credit-note-line.entity.js';
import { CreditNote, CreditNoteKind } from '../../entities/credit-note.entity.js';
import { InvoiceLine } from '../../entities/invoice-line.entity.js';
import { Invoice } from '../../entities/invoice.entity.js';
import { RebateAccrualEntry, RebateBasisMonth, RebateBasisSource } from '../../entities/rebate-accrual.entity.js';
import {
  RebateBasis,
  RebateCalculationKind,
  RebatePolicy,
  RebatePolicyStatus,
} from '../../entities/rebate-policy.entity.js';
import { regionIdsOf } from '../../entities/rebate-profile.entity.js';
import { AllocationSource, ReceivableAllocation } from '../../entities/receivable-allocation.entity.js';
import { audienceOf, productScopeOf } from '../rebate-policies/rebate-policy.rules.js';
import { RebatePolicyService } from '../rebate-policies/rebate-policy.service.js';
import { dealerProfiles, productProfiles } from '../rebate-profiles/rebate-profile-source.js';
import { recomputeProgress } from './rebate-progress.js';

/** The kinds of source document an accrual entry names. */
export const AccrualSource = { INVOICE: 'INVOICE', PAYMENT: 'PAYMENT', CREDIT_NOTE: 'CREDIT_NOTE' } as const;

/** One valued line of a source document (signed: returns are negative). */
export interface AccrualLine {
  line: string;
  productId: string;
  amountMinor: number;
  quantity: number;
}

/** A finance document as accrual reads it. */
export interface AccrualDocument {
  sourceType: (typeof AccrualSource)[keyof typeof AccrualSource];
  sourceId: string;
  dealerId: string;
  /** Its business date `YYYY-MM-DD`. */
  date: string;
  /** The policy bases it feeds. */
  bases: RebateBasis[];
  lines: AccrualLine[];
}

const policies = new RebatePolicyService();

/** A stable id per (policy, source, line), so a replayed document inserts nothing. */
function entryId(prefix: string, policyId: string, doc: AccrualDocument, line: string): string {
  const digest = createHash('sha256').update(`${policyId}|${doc.sourceType}|${doc.sourceId}|${line}`).digest('hex');
  return `${prefix}_${digest.slice(0, 32)}`;
}

/**
 * Adds a document's lines to the monthly aggregates (every document, whatever the policies), each
 * source line once.
 */
async function addToBasisMonths(tx: EntityManager, doc: AccrualDocument): Promise<void> {
  const month = periodOfDate(doc.date, 'MONTH');
  const paid = doc.sourceType === AccrualSource.PAYMENT;
  for (const l of doc.lines) {
    if (!(await insertOnce(tx, RebateBasisSource, { id: entryId('rbs', '', doc, l.line) }, 'id'))) continue;
    const key = { dealerId: doc.dealerId, productId: l.productId, month };
    const row = (await tx.findOne(RebateBasisMonth, key, forUpdate(tx))) ?? tx.create(RebateBasisMonth, key);
    if (paid) row.paidMinor += l.amountMinor;
    else {
      row.shippedMinor += l.amountMinor;
      row.quantity += l.quantity;
    }
  }
  await tx.flush();
}

/**
 * Accrues one document (§7): adds it to the monthly aggregates, then, for each ACTIVE policy on one
 * of its bases whose validity holds its date and whose audience admits the dealer, writes one entry
 * per in-scope line (once: a replay inserts nothing) and recomputes the dealer's progress in that
 * policy's period. Answers the number of entries written.
 */
export async function accrueDocument(tx: EntityManager, doc: AccrualDocument): Promise<number> {
  if (!doc.lines.length) return 0;
  await addToBasisMonths(tx, doc);
  const active = await tx.find(RebatePolicy, {
    status: RebatePolicyStatus.ACTIVE,
    basis: { $in: doc.bases },
    calculation: { $ne: RebateCalculationKind.MANUAL },
    validFrom: { $lte: doc.date },
    validTo: { $gte: doc.date },
  });
  if (!active.length) return 0;
  const [dealer] = await dealerProfiles(tx, [doc.dealerId]);
  if (!dealer) return 0;
  const products = await productProfiles(
    tx,
    doc.lines.map((l) => l.productId),
  );
  const member = { dealerId: dealer.dealerId, dealerGrade: dealer.grade, regionPath: regionIdsOf(dealer.regionPath) };
  let written = 0;
  for (const policy of active) {
    if (!inDealerAudience(audienceOf(policy, await policies.dealersOf(tx, policy.id)), member)) continue;
    const period = periodOfDate(doc.date, policy.periodKind);
    const scope = productScopeOf(policy);
    let inserted = 0;
    for (const l of doc.lines) {
      const product = products.find((p) => p.productId === l.productId);
      if (!product || !inProductScope(scope, product)) continue;
      const entry = {
        ...{ id: entryId('rae', policy.id, doc, l.line), policyId: policy.id, dealerId: doc.dealerId, period },
        ...{ sourceType: doc.sourceType, sourceId: doc.sourceId, line: l.line, productId: l.productId },
        ...{ basisMinor: l.amountMinor, quantity: l.quantity, documentDate: doc.date },
      };
      if (await insertOnce(tx, RebateAccrualEntry, entry, 'id')) inserted += 1;
    }
    if (inserted) await recomputeProgress(tx, policy, dealer, period);
    written += inserted;
  }
  return written;
}

const notGift = <T extends { isGift?: boolean }>(l: T) => !l.isGift;

/** A brand invoice as an accrual document (SHIPPED and QUANTITY bases); null for a parent dealer's sale. */
export async function invoiceDocument(em: EntityManager, invoiceId: string): Promise<AccrualDocument | null> {
  const invoice = await em.findOne(Invoice, { id: invoiceId });
  if (!invoice || invoice.sellerKey !== BRAND_SELLER) return null;
  const lines = (await em.find(InvoiceLine, { invoiceId }, { orderBy: { lineNo: 'asc' } })).filter(notGift);
  return {
    ...{ sourceType: AccrualSource.INVOICE, sourceId: invoice.id, dealerId: invoice.dealerId, date: invoice.issuedOn },
    bases: [RebateBasis.SHIPPED, RebateBasis.QUANTITY],
    lines: lines.map((l) => ({
      line: String(l.lineNo),
      productId: l.productId,
      amountMinor: l.grossMinor,
      quantity: l.quantity,
    })),
  };
}

/** A brand RETURN credit note as a negative accrual document; null for other kinds or sellers. */
export async function returnDocument(em: EntityManager, creditNoteId: string): Promise<AccrualDocument | null> {
  const note = await em.findOne(CreditNote, { id: creditNoteId });
  if (!note || note.kind !== CreditNoteKind.RETURN || note.sellerKey !== BRAND_SELLER) return null;
  const lines = await em.find(CreditNoteLine, { creditNoteId }, { orderBy: { lineNo: 'asc' } });
  return {
    ...{ sourceType: AccrualSource.CREDIT_NOTE, sourceId: note.id, dealerId: note.dealerId, date: note.issuedOn },
    bases: [RebateBasis.SHIPPED, RebateBasis.QUANTITY],
    lines: lines.map((l) => ({
      ...{ line: String(l.lineNo), productId: l.productId },
      ...{ amountMinor: -l.grossMinor, quantity: -l.quantity },
    })),
  };
}

/**
 * A payment as a PAID accrual document: each allocation to a brand invoice spread over the
 * invoice's lines in proportion to gross by the kit's parts rule (cumulative over the invoice's
 * earlier allocations, so each line's paid parts add up to its gross exactly).
 */
export async function paymentDocument(
  em: EntityManager,
  paymentId: string,
  dealerId: string,
  receivedOn: string,
): Promise<AccrualDocument> {
  const allocations = await em.find(ReceivableAllocation, {
    sourceType: AllocationSource.PAYMENT,
    sourceId: paymentId,
  });
  const lines: AccrualLine[] = [];
  for (const a of allocations) {
    const invoice = await em.findOne(Invoice, { id: a.invoiceId });
    if (!invoice || invoice.sellerKey !== BRAND_SELLER) continue;
    const all = await em.find(InvoiceLine, { invoiceId: invoice.id }, { orderBy: { lineNo: 'asc' } });
    const gross = all.reduce((s, l) => s + l.grossMinor, 0);
    if (gross <= 0) continue;
    const earlier = await em.find(ReceivableAllocation, {
      invoiceId: invoice.id,
      $or: [{ allocatedAt: { $lt: a.allocatedAt } }, { allocatedAt: a.allocatedAt, id: { $lt: a.id } }],
    });
    const before = Math.min(
      gross,
      earlier.reduce((s, e) => s + e.amountMinor, 0),
    );
    const part = Math.min(gross - before, a.amountMinor);
    for (const l of all.filter(notGift)) {
      const amountMinor = partValue(l.grossMinor, gross, before, part);
      if (amountMinor)
        lines.push({ line: `${invoice.id}:${l.lineNo}`, productId: l.productId, amountMinor, quantity: 0 });
    }
  }
  return {
    sourceType: AccrualSource.PAYMENT,
    sourceId: paymentId,
    dealerId,
    date: receivedOn,
    bases: [RebateBasis.PAID],
    lines,
  };
}
