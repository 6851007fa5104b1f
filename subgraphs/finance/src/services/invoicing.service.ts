import { EventType } from '@dnp/event-bus';
import {
  addDays,
  businessYear,
  domainError,
  ErrorCode,
  formatDocumentNumber,
  insertAudit,
  newId,
  recordEvent,
  Role,
  startOfBusinessDay,
  takeDocumentNumber,
  type DomainError,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { config } from '../config.js';
import { BRAND_SELLER } from '../entities/credit-account.entity.js';
import { InvoiceLine } from '../entities/invoice-line.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import type { FinanceContext } from '../finance-context.js';
import type { InvoiceShipmentInput } from '../schema/invoicing.input.js';
import { captureHoldPart } from './credit-hold.service.js';
import { payInvoiceWithRebate } from './rebate-balance/rebate-offset.js';
import { dealersSubgraphDirectory, type DealerDirectory } from './dealer-directory.js';
import { sellerOf } from './scope.service.js';
import { documentTotals, issueOnce, lineVat, openDocument, sellerSeries, type Issued } from './document-issue.js';
import { dealerScope, ReceivablesLedger } from './receivables-ledger.js';

/** At most this many lines per invoice (the national system's limit keeps the tax tolerance). */
export const MAX_INVOICE_LINES = 200;
export { DEALER_HAS_NO_ACCOUNT, vatRatesOn } from './document-issue.js';
export const IDEMPOTENCY_KEY_REUSED = 'IDEMPOTENCY_KEY_REUSED';

/** What invoiceShipment did: the invoice, or why nothing was written. */
export interface InvoiceShipmentResult {
  invoice: Invoice | null;
  errors: DomainError[];
}

/** Thrown by the test-only fault (FINANCE_FAULT_AFTER_INVOICE_NUMBER) after a number was taken. */
export class InjectedInvoiceFault extends Error {}

/** Input checks before anything is read or written; each refusal names its field. */
function invalid(input: InvoiceShipmentInput): DomainError[] {
  const bad = (message: string, field: string) => domainError(ErrorCode.BAD_USER_INPUT, message, field);
  const errors: DomainError[] = [];
  if (!/^shp_[A-Za-z0-9]{1,36}$/.test(input.shipmentId)) errors.push(bad('Not a shipment id', 'shipmentId'));
  if (!/^ord_[A-Za-z0-9]{1,36}$/.test(input.orderId)) errors.push(bad('Not an order id', 'orderId'));
  if (!/^dlr_[A-Za-z0-9]{1,36}$/.test(input.dealerId)) errors.push(bad('Not a dealer id', 'dealerId'));
  if (input.sellerDealerId != null && !/^dlr_[A-Za-z0-9]{1,36}$/.test(input.sellerDealerId)) {
    errors.push(bad('Not a dealer id', 'sellerDealerId'));
  }
  if (!input.shipmentNumber || input.shipmentNumber.length > 40) errors.push(bad('1–40 characters', 'shipmentNumber'));
  if (!input.orderNumber || input.orderNumber.length > 40) errors.push(bad('1–40 characters', 'orderNumber'));
  if (Number.isNaN(input.shippedAt?.getTime())) errors.push(bad('Not an instant', 'shippedAt'));
  if (!input.lines.length || input.lines.length > MAX_INVOICE_LINES) {
    errors.push(domainError('LINES_EMPTY', `1 to ${MAX_INVOICE_LINES} lines are invoiced`, 'lines'));
  }
  input.lines.forEach((l, i) => {
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 1) errors.push(bad('At least 1', `lines.${i}.quantity`));
    if (l.isGift && l.grossMinor !== 0) errors.push(bad('A gift line is invoiced at 0', `lines.${i}.grossMinor`));
    if (!l.sku || l.sku.length > 64 || !l.productName || l.productName.length > 200) {
      errors.push(bad('SKU 1–64 and name 1–200 characters', `lines.${i}`));
    }
  });
  return errors;
}

/**
 * Invoices shipments (发货开票) for the fulfilment task (SERVICE only): one invoice per shipment,
 * idempotent by `shipmentId`, in one transaction (§12.1): the gap-free number of the business year
 * → the dealer's account lock → invoice and lines (VAT per line at the rate of the issue date) →
 * the order's hold captured by part → the balance applied → `invoice_issued` → audit.
 */
export class InvoicingService {
  private transactions = 0;

  /**
   * `faultEvery`: the test-only fault (FINANCE_FAULT_AFTER_INVOICE_NUMBER); unset in production.
   * `dealers`: where a selling parent's code (its number series) is looked up.
   */
  constructor(
    private readonly faultEvery = config.FINANCE_FAULT_AFTER_INVOICE_NUMBER,
    private readonly dealers: DealerDirectory = dealersSubgraphDirectory,
  ) {}

  /** Issues (or answers again) the invoice of a shipped shipment; refusals come back as errors. */
  async invoiceShipment(
    ctx: FinanceContext,
    input: InvoiceShipmentInput,
    now: Date = new Date(),
  ): Promise<InvoiceShipmentResult> {
    ctx.requireRole(Role.SERVICE);
    const errors = invalid(input);
    if (errors.length) return { invoice: null, errors };
    const { row, errors: refused } = await issueOnce(
      () => this.replay(ctx, input),
      async () => {
        // Looked up outside the transaction: the counter's lock is held only while the invoice is written.
        const series = sellerSeries(
          'INV',
          input.sellerDealerId ? (await this.dealers(input.sellerDealerId)).code : null,
        );
        return ctx.em.fork({ clear: true }).transactional((tx) => this.issue(ctx, tx, input, series, now));
      },
    );
    return { invoice: row, errors: refused };
  }

  /** The invoice issued before for this shipment (or the key-reuse refusal); null when there is none. */
  private async replay(ctx: FinanceContext, input: InvoiceShipmentInput): Promise<Issued<Invoice> | null> {
    const invoice = await ctx.em.fork({ clear: true }).findOne(Invoice, { shipmentId: input.shipmentId });
    if (!invoice) return null;
    const amount = input.lines.reduce((s, l) => s + l.grossMinor, 0);
    const same =
      invoice.dealerId === input.dealerId &&
      invoice.sellerKey === (input.sellerDealerId ?? BRAND_SELLER) &&
      invoice.orderId === input.orderId &&
      invoice.amountMinor === amount;
    if (same) {
      return { row: invoice, errors: [] };
    }
    const message = `Shipment "${input.shipmentId}" was invoiced with other figures (${invoice.number})`;
    return { row: null, errors: [domainError(IDEMPOTENCY_KEY_REUSED, message, 'shipmentId')] };
  }

  // Long because: the transaction's steps are in the lock order of §6.3 and read best in one place.
  private async issue(ctx: FinanceContext, tx: EntityManager, input: InvoiceShipmentInput, series: string, now: Date) {
    const tz = config.BUSINESS_TIME_ZONE;
    const year = businessYear(now, tz);
    const sellerKey = input.sellerDealerId ?? BRAND_SELLER;
    const seq = await takeDocumentNumber(tx, series, year);
    if (this.faultEvery && ++this.transactions % this.faultEvery === 0)
      throw new InjectedInvoiceFault(`injected fault after INV ${seq}`);
    const id = newId('inv', now);
    const amountMinor = input.lines.reduce((s, l) => s + l.grossMinor, 0);
    // The hold row before the account: the order releaseCreditHold locks them in.
    const captured = await captureHoldPart(tx, input.orderId, input.shipmentId, amountMinor, now, sellerKey);
    const { account, issuedOn, rates } = await openDocument(tx, input.dealerId, now, tz, sellerKey);
    const lines = input.lines.map((l, i) =>
      Object.assign(new InvoiceLine(), {
        ...{ invoiceId: id, lineNo: i + 1, orderLineId: l.orderLineId, productId: l.productId, sku: l.sku },
        ...{ productName: l.productName, quantity: l.quantity, isGift: l.isGift, taxClass: l.taxClass },
        ...{ grossMinor: l.grossMinor, ...lineVat(rates, l, `lines.${i}`) },
      }),
    );
    const totals = documentTotals(lines);
    const dueDate = addDays(issuedOn, account.termDays);
    const invoice = Object.assign(new Invoice(), {
      ...{ id, number: formatDocumentNumber(series, year, seq), year, seq, sellerKey, shipmentId: input.shipmentId },
      ...{ shipmentNumber: input.shipmentNumber, orderNumber: input.orderNumber, dealerId: input.dealerId },
      ...{ dealerRegionPath: account.dealerRegionPath, orderId: input.orderId, currency: account.currency },
      ...{ ...totals, paidMinor: 0, creditedMinor: 0, outstandingMinor: totals.amountMinor },
      ...{ issuedOn, dueDate, period: issuedOn.slice(0, 7), issuedAt: now, paidAt: null },
      dueAt: startOfBusinessDay(addDays(dueDate, 1), tz),
    });
    await tx.insert(Invoice, invoice);
    await tx.insertMany(InvoiceLine, lines);
    const post = { id, amountMinor: invoice.amountMinor, dueDate, issuedOn };
    const plan = { invoices: [post], heldOut: captured };
    const result = (await ReceivablesLedger.change(tx, input.dealerId, plan, now, sellerKey))!;
    const consumed = result.allocations.filter((a) => a.invoiceId === id).reduce((s, a) => s + a.amountMinor, 0);
    Object.assign(invoice, { outstandingMinor: invoice.amountMinor - consumed });
    // rr:R3 the order's rebate hold pays its share of this shipment (an OFFSET payment, brand sales only).
    const rebate =
      sellerKey === BRAND_SELLER
        ? await payInvoiceWithRebate(tx, account, { ...invoice, outstandingMinor: invoice.outstandingMinor }, now)
        : { paidMinor: 0, toInvoiceMinor: 0 };
    invoice.outstandingMinor -= rebate.toInvoiceMinor;
    recordEvent(tx, {
      type: EventType.INVOICE_ISSUED,
      subjectId: id,
      occurredAt: now,
      scope: dealerScope(account),
      payload: {
        ...{ invoiceId: id, number: invoice.number, dealerId: input.dealerId, orderId: input.orderId },
        ...{ shipmentId: input.shipmentId, amountMinor: invoice.amountMinor, netMinor: invoice.netMinor },
        ...{ taxMinor: invoice.taxMinor, issuedOn, dueDate, sellerDealerId: sellerOf(sellerKey) },
        lines: lines.map((l) => ({
          ...{ productId: l.productId, quantity: l.quantity, grossMinor: l.grossMinor, netMinor: l.netMinor },
        })),
      },
    });
    await insertAudit(tx, ctx, {
      operation: 'invoiceShipment',
      action: 'CREATE',
      entityType: 'Invoice',
      entityId: id,
      after: {
        ...{ number: invoice.number, shipmentId: input.shipmentId, orderId: input.orderId },
        ...{ amountMinor: invoice.amountMinor, capturedMinor: captured, balanceAppliedMinor: consumed },
        rebatePaidMinor: rebate.paidMinor,
      },
    });
    return invoice;
  }
}
