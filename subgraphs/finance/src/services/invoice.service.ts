import {
  AppError,
  businessDate,
  daysBetween,
  decodeCursor,
  ErrorCode,
  ForbiddenError,
  NotFoundError,
  pageSize,
  toPage,
  UserInputError,
  type Page,
} from '@dnp/subgraph-kit';
import type { FilterQuery } from '@mikro-orm/core';
import { config } from '../config.js';
import { Invoice, InvoiceStatus } from '../entities/invoice.entity.js';
import type { CreditNote } from '../entities/credit-note.entity.js';
import type { InvoiceLine } from '../entities/invoice-line.entity.js';
import type { Payment } from '../entities/payment.entity.js';
import { AllocationSource, type ReceivableAllocation } from '../entities/receivable-allocation.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { InvoiceSort, type InvoiceFilter } from '../schema/invoice.input.js';
import { documentWhere, financeScope, inScope } from './scope.service.js';

const INVOICE_ID = /^inv_[A-Za-z0-9]{1,36}$/;
const DEALER_ID = /^dlr_[A-Za-z0-9]{1,36}$/;

/** How far a set of invoices is settled: the order's payment status. */
export type SettlementState = 'NOT_INVOICED' | 'UNPAID' | 'PARTIALLY_PAID' | 'PAID';

/** NOT_INVOICED without invoices, PAID when nothing is outstanding, UNPAID when nothing is settled. */
export function settlementState(
  invoices: readonly Pick<Invoice, 'amountMinor' | 'outstandingMinor'>[],
): SettlementState {
  if (!invoices.length) return 'NOT_INVOICED';
  const outstanding = invoices.reduce((s, i) => s + i.outstandingMinor, 0);
  const amount = invoices.reduce((s, i) => s + i.amountMinor, 0);
  if (outstanding <= 0) return 'PAID';
  return outstanding >= amount ? 'UNPAID' : 'PARTIALLY_PAID';
}

/** A VAT rate in basis points as printed on an invoice: 1300 → "13%", 650 → "6.5%". */
export function taxRateText(rateBp: number): string {
  return `${rateBp / 100}%`;
}

/** One allocation an invoice received, with its payment or credit note. */
export interface InvoiceAllocation {
  allocation: ReceivableAllocation;
  payment: Payment | null;
  creditNote: CreditNote | null;
}

/** Unpaid remainder of an invoice, in minor units (never negative). */
export function outstandingMinor(invoice: Pick<Invoice, 'amountMinor' | 'paidMinor'>): number {
  return Math.max(0, invoice.amountMinor - invoice.paidMinor);
}

/** PAID once settled; otherwise OVERDUE after the due date, else OPEN. */
export function invoiceStatus(invoice: Pick<Invoice, 'paidAt' | 'dueAt'>, now: Date): InvoiceStatus {
  if (invoice.paidAt) return InvoiceStatus.PAID;
  return invoice.dueAt.getTime() < now.getTime() ? InvoiceStatus.OVERDUE : InvoiceStatus.OPEN;
}

/**
 * Business days past the due date: up to today while unpaid, up to the day of settlement once paid;
 * 0 when paid on time or not yet due. Counted like the aging report's buckets (the day after the
 * due date is day 1), not in 24-hour slices from the due instant, which said 0 on that first day.
 */
export function daysOverdue(
  invoice: Pick<Invoice, 'paidAt' | 'dueDate'>,
  now: Date,
  timeZone = config.BUSINESS_TIME_ZONE,
): number {
  return Math.max(0, daysBetween(invoice.dueDate, businessDate(invoice.paidAt ?? now, timeZone)));
}

/**
 * A list's `filter.sellerDealerId`, checked: a dealer id or nothing (UserInputError otherwise), so the
 * seller column is only ever compared with a dealer's id.
 */
export function sellerFilter(sellerDealerId: string | null | undefined): string | null {
  if (sellerDealerId == null) return null;
  if (!DEALER_ID.test(sellerDealerId))
    throw new UserInputError(`"${sellerDealerId}" is not a dealer id`, 'filter.sellerDealerId');
  return sellerDealerId;
}

function badCursor(): never {
  throw new AppError(ErrorCode.INVALID_CURSOR, '"after" is not a cursor this list issued', { field: 'after' });
}

/** Invoice reads, each limited to the viewer's scope. */
export class InvoiceService {
  /** One invoice by id; NOT_FOUND when it does not exist or lies outside the viewer's scope. */
  async findOne(ctx: FinanceContext, id: string): Promise<Invoice> {
    ctx.requireViewer();
    if (!INVOICE_ID.test(id)) throw new UserInputError(`"${id}" is not an invoice id`, 'id');
    const invoice = await ctx.loaders.invoiceById.load(id);
    if (!invoice || !inScope(financeScope(ctx.viewer), invoice.dealerId, invoice.dealerRegionPath, invoice.sellerKey))
      throw new NotFoundError('Invoice', id);
    return invoice;
  }

  /** The one invoice of a legacy payment (already scope-checked through its invoice or list); null otherwise. */
  async ofPayment(ctx: FinanceContext, payment: Payment): Promise<Invoice | null> {
    if (!payment.invoiceId) return null;
    const invoice = await ctx.loaders.invoiceById.load(payment.invoiceId);
    if (!invoice) throw new NotFoundError('Invoice', payment.invoiceId);
    return invoice;
  }

  /** An invoice's lines in order (none for legacy invoices). */
  lines(ctx: FinanceContext, invoice: Invoice): Promise<InvoiceLine[]> {
    return ctx.loaders.invoiceLinesByInvoice.load(invoice.id);
  }

  /** The payments and credit notes applied to an invoice, oldest first. */
  async allocations(ctx: FinanceContext, invoice: Invoice): Promise<InvoiceAllocation[]> {
    const rows = await ctx.loaders.allocationsByInvoice.load(invoice.id);
    const byId = <T>(results: (T | Error | null)[]) => results.map((r) => (r instanceof Error ? null : r));
    const [payments, notes] = await Promise.all([
      ctx.loaders.paymentById
        .loadMany(rows.filter((r) => r.sourceType === AllocationSource.PAYMENT).map((r) => r.sourceId))
        .then(byId),
      ctx.loaders.creditNoteById
        .loadMany(rows.filter((r) => r.sourceType === AllocationSource.CREDIT_NOTE).map((r) => r.sourceId))
        .then(byId),
    ]);
    return rows.map((allocation) => ({
      allocation,
      payment: payments.find((p) => p?.id === allocation.sourceId) ?? null,
      creditNote: notes.find((c) => c?.id === allocation.sourceId) ?? null,
    }));
  }

  /** Credit notes that reversed part of an invoice (applied to it), oldest first. */
  async creditNotes(ctx: FinanceContext, invoice: Invoice): Promise<CreditNote[]> {
    const parts = await this.allocations(ctx, invoice);
    return [...new Map(parts.flatMap((p) => (p.creditNote ? [[p.creditNote.id, p.creditNote]] : []))).values()];
  }

  /** An order's invoices the viewer may read, oldest first. */
  async ofOrder(ctx: FinanceContext, orderId: string): Promise<Invoice[]> {
    const scope = financeScope(ctx.viewer);
    const invoices = await ctx.loaders.invoicesByOrder.load(orderId);
    return invoices.filter((i) => inScope(scope, i.dealerId, i.dealerRegionPath, i.sellerKey));
  }

  /** A shipment's invoice when the viewer may read it; null otherwise or before it is invoiced. */
  async ofShipment(ctx: FinanceContext, shipmentId: string): Promise<Invoice | null> {
    const invoice = await ctx.loaders.invoiceByShipment.load(shipmentId);
    const scope = financeScope(ctx.viewer);
    return invoice && inScope(scope, invoice.dealerId, invoice.dealerRegionPath, invoice.sellerKey) ? invoice : null;
  }

  /** Payments applied to an invoice, oldest first. */
  async payments(ctx: FinanceContext, invoice: Invoice): Promise<Payment[]> {
    const parts = await this.allocations(ctx, invoice);
    return [...new Map(parts.flatMap((p) => (p.payment ? [[p.payment.id, p.payment]] : []))).values()];
  }

  /** One page of invoices in the viewer's scope (a dealer user's own, a manager's subtree, all for HQ). */
  async list(
    ctx: FinanceContext,
    args: { first?: number | null; after?: string | null; filter?: InvoiceFilter | null; sort?: InvoiceSort | null },
    now: Date = new Date(),
  ): Promise<Page<Invoice>> {
    const viewer = ctx.requireViewer();
    const filter = args.filter ?? {};
    const scoped = documentWhere(financeScope(viewer), sellerFilter(filter.sellerDealerId));
    if (scoped === null) throw new ForbiddenError('Your role cannot read invoices');
    const limit = pageSize(args.first);
    const sort = args.sort ?? InvoiceSort.NEWEST;
    const where = [...scoped] as FilterQuery<Invoice>[];
    if (filter.orderId != null) where.push({ orderId: filter.orderId });
    if (filter.period != null) where.push({ period: filter.period });
    if (filter.dealerId != null) {
      if (!DEALER_ID.test(filter.dealerId))
        throw new UserInputError(`"${filter.dealerId}" is not a dealer id`, 'filter.dealerId');
      where.push({ dealerId: filter.dealerId });
    }
    if (filter.status === InvoiceStatus.PAID) where.push({ paidAt: { $ne: null } });
    if (filter.status === InvoiceStatus.OPEN) where.push({ paidAt: null, dueAt: { $gte: now } });
    if (filter.status === InvoiceStatus.OVERDUE) where.push({ paidAt: null, dueAt: { $lt: now } });
    if (filter.dueBefore != null) {
      if (Number.isNaN(filter.dueBefore.getTime()))
        throw new UserInputError('dueBefore is not a valid date', 'filter.dueBefore');
      where.push({ dueAt: { $lt: filter.dueBefore } });
    }

    const column = sort === InvoiceSort.NEWEST ? 'issuedAt' : 'dueAt';
    const dir = sort === InvoiceSort.NEWEST ? 'desc' : 'asc';
    const base: FilterQuery<Invoice> = where.length ? { $and: where } : {};
    const keyset: FilterQuery<Invoice>[] = [];
    if (args.after) {
      const [value, id] = decodeCursor(args.after, 2);
      const at = typeof value === 'string' ? new Date(value) : null;
      if (typeof id !== 'string' || !at || Number.isNaN(at.getTime())) badCursor();
      const op = dir === 'asc' ? '$gt' : '$lt';
      keyset.push({ $or: [{ [column]: { [op]: at } }, { [column]: at, id: { [op]: id } }] } as FilterQuery<Invoice>);
    }
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([] as Invoice[])
        : ctx.em.find(Invoice, keyset.length ? { $and: [base, ...keyset] } : base, {
            orderBy: { [column]: dir, id: dir } as never,
            limit: limit + 1,
          }),
      ctx.em.count(Invoice, base),
    ]);
    for (const row of rows) ctx.loaders.invoiceById.prime(row.id, row);
    return toPage(rows, limit, Boolean(args.after), total, (i) => [i[column].toISOString(), i.id]);
  }
}
