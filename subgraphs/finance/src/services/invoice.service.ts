import {
  AppError,
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
import { Invoice, InvoiceStatus } from '../entities/invoice.entity.js';
import type { Payment } from '../entities/payment.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { InvoiceSort, type InvoiceFilter } from '../schema/invoice.input.js';
import { financeScope, inScope, scopeWhere } from './scope.service.js';

const DAY_MS = 86_400_000;
const INVOICE_ID = /^inv_[A-Za-z0-9]{1,36}$/;
const DEALER_ID = /^dlr_[A-Za-z0-9]{1,36}$/;

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
 * Whole days past due: up to now while unpaid, up to settlement once paid; 0 when paid on time
 * or not yet due.
 */
export function daysOverdue(invoice: Pick<Invoice, 'paidAt' | 'dueAt'>, now: Date): number {
  const end = invoice.paidAt ?? now;
  return Math.max(0, Math.floor((end.getTime() - invoice.dueAt.getTime()) / DAY_MS));
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
    if (!invoice || !inScope(financeScope(ctx.viewer), invoice.dealerId, invoice.dealerRegionPath))
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

  /** Payments applied to an invoice, oldest first. */
  async payments(ctx: FinanceContext, invoice: Invoice): Promise<Payment[]> {
    return ctx.loaders.paymentsByInvoice.load(invoice.id);
  }

  /** One page of invoices in the viewer's scope (a dealer user's own, a manager's subtree, all for HQ). */
  async list(
    ctx: FinanceContext,
    args: { first?: number | null; after?: string | null; filter?: InvoiceFilter | null; sort?: InvoiceSort | null },
    now: Date = new Date(),
  ): Promise<Page<Invoice>> {
    const viewer = ctx.requireViewer();
    const scoped = scopeWhere(financeScope(viewer));
    if (scoped === null) throw new ForbiddenError('Your role cannot read invoices');
    const limit = pageSize(args.first);
    const sort = args.sort ?? InvoiceSort.NEWEST;
    const filter = args.filter ?? {};
    const where: FilterQuery<Invoice>[] = [];
    if (Object.keys(scoped).length) where.push(scoped as FilterQuery<Invoice>);
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
