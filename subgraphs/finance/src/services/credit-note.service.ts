import { EventType } from '@dnp/event-bus';
import {
  businessYear,
  domainError,
  ErrorCode,
  formatDocumentNumber,
  insertAudit,
  newId,
  recordEvent,
  Role,
  takeDocumentNumber,
  type DomainError,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { config } from '../config.js';
import { BRAND_SELLER } from '../entities/credit-account.entity.js';
import { CreditNoteLine } from '../entities/credit-note-line.entity.js';
import { CreditNote } from '../entities/credit-note.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import type { FinanceContext } from '../finance-context.js';
import type { IssueCreditNoteInput } from '../schema/credit-note.input.js';
import { IDEMPOTENCY_KEY_REUSED, MAX_INVOICE_LINES } from './invoicing.service.js';
import { dealersSubgraphDirectory, type DealerDirectory } from './dealer-directory.js';
import { sellerOf } from './scope.service.js';
import {
  documentTotals,
  issueOnce,
  lineVat,
  openDocument,
  Refused,
  sellerSeries,
  type Issued,
} from './document-issue.js';
import { dealerScope, ReceivablesLedger } from './receivables-ledger.js';

/** What issueCreditNote did: the credit note, or why nothing was written. */
export interface IssueCreditNoteResult {
  creditNote: CreditNote | null;
  errors: DomainError[];
}

function invalid(input: IssueCreditNoteInput): DomainError[] {
  const bad = (message: string, field: string) => domainError(ErrorCode.BAD_USER_INPUT, message, field);
  const errors: DomainError[] = [];
  if (!/^[\x21-\x7E]{1,120}$/.test(input.sourceKey)) errors.push(bad('1–120 printable characters', 'sourceKey'));
  if (!/^dlr_[A-Za-z0-9]{1,36}$/.test(input.dealerId)) errors.push(bad('Not a dealer id', 'dealerId'));
  if (input.sellerDealerId != null && !/^dlr_[A-Za-z0-9]{1,36}$/.test(input.sellerDealerId)) {
    errors.push(bad('Not a dealer id', 'sellerDealerId'));
  }
  if (input.shipmentId != null && !/^shp_[A-Za-z0-9]{1,36}$/.test(input.shipmentId)) {
    errors.push(bad('Not a shipment id', 'shipmentId'));
  }
  if (!input.reason?.trim() || input.reason.length > 500) errors.push(bad('1–500 characters', 'reason'));
  if (!input.lines.length || input.lines.length > MAX_INVOICE_LINES) {
    errors.push(domainError('LINES_EMPTY', `1 to ${MAX_INVOICE_LINES} lines are credited`, 'lines'));
  }
  input.lines.forEach((l, i) => {
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 1) errors.push(bad('At least 1', `lines.${i}.quantity`));
    if (l.grossMinor < 1) errors.push(bad('Above 0', `lines.${i}.grossMinor`));
  });
  return errors;
}

/**
 * Red-letter credit notes (红字发票) for returns, rebates and adjustments (SERVICE only; §12.6),
 * idempotent by `sourceKey`, in one transaction: the CN number of the business year → the
 * dealer's account lock → the note and its lines (VAT per line) → applied to the shipment's
 * invoice first, then oldest first, the rest to the balance → `credit_note_issued` → audit.
 */
export class CreditNoteService {
  /** `dealers`: where a selling parent's code (its number series) is looked up. */
  constructor(private readonly dealers: DealerDirectory = dealersSubgraphDirectory) {}

  /** Issues (or answers again) the credit note of `sourceKey`; refusals come back as errors. */
  async issue(
    ctx: FinanceContext,
    input: IssueCreditNoteInput,
    now: Date = new Date(),
  ): Promise<IssueCreditNoteResult> {
    ctx.requireRole(Role.SERVICE);
    const errors = invalid(input);
    if (errors.length) return { creditNote: null, errors };
    const { row, errors: refused } = await issueOnce(
      () => this.replay(ctx, input),
      async () => {
        const series = sellerSeries(
          'CN',
          input.sellerDealerId ? (await this.dealers(input.sellerDealerId)).code : null,
        );
        return ctx.em.fork({ clear: true }).transactional((tx) => this.write(ctx, tx, input, series, now));
      },
    );
    return { creditNote: row, errors: refused };
  }

  /**
   * Issues the brand's credit note of `input` inside the caller's transaction (an approved rebate
   * settlement pays by it): the same checks, number, ledger change, event and audit as `issue`; a
   * refusal throws `Refused`, rolling the caller's transaction back; a note issued before under the
   * key answers again. The caller has checked the viewer's role.
   */
  async issueIn(
    ctx: FinanceContext,
    tx: EntityManager,
    input: IssueCreditNoteInput,
    now: Date = new Date(),
  ): Promise<CreditNote> {
    if (input.sellerDealerId != null) throw new Error("issueIn issues the brand's credit notes only");
    const errors = invalid(input);
    if (errors.length) throw new Refused(errors);
    const earlier = await tx.findOne(CreditNote, { sourceKey: input.sourceKey });
    if (earlier) return earlier;
    return this.write(ctx, tx, input, sellerSeries('CN', null), now);
  }

  private async replay(ctx: FinanceContext, input: IssueCreditNoteInput): Promise<Issued<CreditNote> | null> {
    const note = await ctx.em.fork({ clear: true }).findOne(CreditNote, { sourceKey: input.sourceKey });
    if (!note) return null;
    const amount = input.lines.reduce((s, l) => s + l.grossMinor, 0);
    const seller = input.sellerDealerId ?? BRAND_SELLER;
    if (
      note.dealerId === input.dealerId &&
      note.sellerKey === seller &&
      note.amountMinor === amount &&
      note.kind === input.kind
    ) {
      return { row: note, errors: [] };
    }
    const message = `The key "${input.sourceKey}" was used for another credit note (${note.number})`;
    return { row: null, errors: [domainError(IDEMPOTENCY_KEY_REUSED, message, 'sourceKey')] };
  }

  private async write(ctx: FinanceContext, tx: EntityManager, input: IssueCreditNoteInput, series: string, now: Date) {
    const tz = config.BUSINESS_TIME_ZONE;
    const year = businessYear(now, tz);
    const sellerKey = input.sellerDealerId ?? BRAND_SELLER;
    const seq = await takeDocumentNumber(tx, series, year);
    const { account, issuedOn, rates } = await openDocument(tx, input.dealerId, now, tz, sellerKey);
    const id = newId('crn', now);
    const lines = input.lines.map((l, i) =>
      Object.assign(new CreditNoteLine(), {
        ...{ creditNoteId: id, lineNo: i + 1, productId: l.productId, sku: l.sku, productName: l.productName },
        ...{ quantity: l.quantity, taxClass: l.taxClass, grossMinor: l.grossMinor },
        ...lineVat(rates, l, `lines.${i}`),
      }),
    );
    const totals = documentTotals(lines);
    const invoice = input.shipmentId
      ? await tx.findOne(Invoice, { shipmentId: input.shipmentId, dealerId: input.dealerId, sellerKey })
      : null;
    const amountMinor = totals.amountMinor;
    const note = Object.assign(new CreditNote(), {
      ...{ id, number: formatDocumentNumber(series, year, seq), year, seq, sellerKey, dealerId: input.dealerId },
      ...{ dealerRegionPath: account.dealerRegionPath, kind: input.kind, sourceKey: input.sourceKey },
      ...{ invoiceId: invoice?.id ?? null, shipmentId: input.shipmentId ?? null, orderId: input.orderId ?? null },
      ...{ currency: account.currency, ...totals },
      ...{ appliedMinor: 0, unappliedMinor: amountMinor, reason: input.reason.trim(), issuedAt: now, issuedOn },
      period: issuedOn.slice(0, 7),
    });
    await tx.insert(CreditNote, note);
    await tx.insertMany(CreditNoteLine, lines);
    const plan = { creditNotes: [{ id, amountMinor, invoiceId: note.invoiceId }] };
    const result = (await ReceivablesLedger.change(tx, input.dealerId, plan, now, sellerKey))!;
    const outcome = result.sources.get(id)!;
    Object.assign(note, { appliedMinor: outcome.allocatedMinor, unappliedMinor: outcome.unallocatedMinor });
    recordEvent(tx, {
      type: EventType.CREDIT_NOTE_ISSUED,
      subjectId: id,
      occurredAt: now,
      scope: dealerScope(account),
      payload: {
        ...{ creditNoteId: id, number: note.number, dealerId: input.dealerId, kind: input.kind },
        ...{ sourceKey: input.sourceKey, amountMinor, appliedMinor: outcome.allocatedMinor, invoiceId: note.invoiceId },
        sellerDealerId: sellerOf(sellerKey),
      },
    });
    await insertAudit(tx, ctx, {
      ...{ operation: 'issueCreditNote', action: 'CREATE', entityType: 'CreditNote', entityId: id },
      after: { number: note.number, sourceKey: input.sourceKey, amountMinor, ...outcome },
    });
    return note;
  }
}
