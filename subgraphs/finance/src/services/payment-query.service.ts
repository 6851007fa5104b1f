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
import { Invoice } from '../entities/invoice.entity.js';
import { Payment } from '../entities/payment.entity.js';
import type { ReceivableAllocation } from '../entities/receivable-allocation.entity.js';
import type { FinanceContext } from '../finance-context.js';
import type { PaymentFilter } from '../schema/payment.input.js';
import { sellerFilter } from './invoice.service.js';
import { documentWhere, financeScope, inScope } from './scope.service.js';

const PAYMENT_ID = /^pay_[A-Za-z0-9]{1,36}$/;
const DEALER_ID = /^dlr_[A-Za-z0-9]{1,36}$/;

/** A payment's part on one invoice, with the invoice. */
export interface PaymentPart {
  invoice: Invoice;
  amountMinor: number;
  allocatedAt: Date;
}

/** Payment reads, each limited to the viewer's scope (HQ and finance clerks: all). */
export class PaymentQueryService {
  /** One payment by id; NOT_FOUND when unknown or outside the viewer's scope (the subscription re-read). */
  async findOne(ctx: FinanceContext, id: string): Promise<Payment> {
    ctx.requireViewer();
    if (!PAYMENT_ID.test(id)) throw new UserInputError(`"${id}" is not a payment id`, 'id');
    const payment = await ctx.em.findOne(Payment, id);
    if (!payment || !inScope(financeScope(ctx.viewer), payment.dealerId, payment.dealerRegionPath, payment.sellerKey)) {
      throw new NotFoundError('Payment', id);
    }
    return payment;
  }

  /** One page of payments in scope, newest value date first (ties by id). */
  async list(
    ctx: FinanceContext,
    args: { first?: number | null; after?: string | null; filter?: PaymentFilter | null },
  ): Promise<Page<Payment>> {
    const filter = args.filter ?? {};
    const scoped = documentWhere(financeScope(ctx.requireViewer()), sellerFilter(filter.sellerDealerId));
    if (scoped === null) throw new ForbiddenError('Your role cannot read payments');
    const limit = pageSize(args.first);
    const where = [...scoped] as FilterQuery<Payment>[];
    if (filter.dealerId != null) {
      if (!DEALER_ID.test(filter.dealerId)) {
        throw new UserInputError(`"${filter.dealerId}" is not a dealer id`, 'filter.dealerId');
      }
      where.push({ dealerId: filter.dealerId });
    }
    if (filter.receivedFrom) where.push({ receivedOn: { $gte: filter.receivedFrom } });
    if (filter.receivedTo) where.push({ receivedOn: { $lte: filter.receivedTo } });
    const base: FilterQuery<Payment> = where.length ? { $and: where } : {};
    let page: FilterQuery<Payment> = base;
    if (args.after) {
      const [on, id] = decodeCursor(args.after, 2);
      if (typeof on !== 'string' || typeof id !== 'string') {
        throw new AppError(ErrorCode.INVALID_CURSOR, '"after" is not a cursor this list issued', { field: 'after' });
      }
      page = { $and: [base, { $or: [{ receivedOn: { $lt: on } }, { receivedOn: on, id: { $lt: id } }] }] };
    }
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([] as Payment[])
        : ctx.em.find(Payment, page, { orderBy: { receivedOn: 'desc', id: 'desc' }, limit: limit + 1 }),
      ctx.em.count(Payment, base),
    ]);
    return toPage(rows, limit, Boolean(args.after), total, (p) => [p.receivedOn, p.id]);
  }

  /** Where a payment went: its allocations with their invoices, oldest first. */
  async allocations(ctx: FinanceContext, payment: Payment): Promise<PaymentPart[]> {
    const rows = await ctx.loaders.allocationsBySource.load(payment.id);
    const invoices = await ctx.loaders.invoiceById.loadMany(rows.map((r) => r.invoiceId));
    return rows.flatMap((r, i) => {
      const invoice = invoices[i];
      return invoice && !(invoice instanceof Error)
        ? [{ invoice, amountMinor: r.amountMinor, allocatedAt: r.allocatedAt }]
        : [];
    });
  }

  /** The allocations an invoice received, from payments and credit notes, oldest first. */
  allocationsOf(ctx: FinanceContext, invoice: Invoice): Promise<ReceivableAllocation[]> {
    return ctx.loaders.allocationsByInvoice.load(invoice.id);
  }
}
