import { Grant, Grants, Money } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Invoice, InvoiceStatus } from '../entities/invoice.entity.js';
import { Payment } from '../entities/payment.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { daysOverdue, invoiceStatus, InvoiceService, outstandingMinor } from '../services/invoice.service.js';
import { DealerRef, dealerRef, OrderRef, orderRef } from '../schema/references.type.js';
import { InvoiceFilter, InvoiceSort } from '../schema/invoice.input.js';
import { InvoiceConnection } from '../schema/invoice.type.js';

const invoices = new InvoiceService();

@Resolver(() => Invoice)
export class InvoiceResolver {
  @Authorized(...Grants.DEALER_READERS, Grant.FINANCE_CLERK)
  @Query(() => InvoiceConnection, {
    description:
      'Invoices in your scope (dealer users: their own; managers: their region subtree; HQ and finance clerks: ' +
      'all), paginated.',
  })
  invoices(
    @Ctx() ctx: FinanceContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => InvoiceFilter, { nullable: true, description: 'Conditions the invoices must meet.' })
    filter?: InvoiceFilter,
    @Arg('sort', () => InvoiceSort, { nullable: true, description: 'Order of the list (default NEWEST).' })
    sort?: InvoiceSort,
  ) {
    return invoices.list(ctx, { first, after, filter, sort });
  }

  @Authorized(...Grants.DEALER_READERS, Grant.FINANCE_CLERK)
  @Query(() => Invoice, {
    nullable: true,
    description: 'One invoice by id; NOT_FOUND when unknown or outside your scope.',
  })
  invoice(@Ctx() ctx: FinanceContext, @Arg('id', () => ID, { description: 'Invoice id ("inv_…").' }) id: string) {
    return invoices.findOne(ctx, id);
  }

  @FieldResolver(() => DealerRef, { description: 'The dealer invoiced.' })
  dealer(@Root() invoice: Invoice) {
    return dealerRef(invoice.dealerId);
  }

  @FieldResolver(() => OrderRef, {
    nullable: true,
    description: 'The order invoiced; null for invoices not tied to one order.',
  })
  order(@Root() invoice: Invoice) {
    return invoice.orderId ? orderRef(invoice.orderId) : null;
  }

  @FieldResolver(() => Money, { description: 'Invoiced amount.' })
  amount(@Root() invoice: Invoice) {
    return Money.fromMinor(invoice.amountMinor, invoice.currency);
  }

  @FieldResolver(() => Money, { description: 'Paid so far.' })
  paid(@Root() invoice: Invoice) {
    return Money.fromMinor(invoice.paidMinor, invoice.currency);
  }

  @FieldResolver(() => Money, { description: 'Still to pay: amount − paid.' })
  outstanding(@Root() invoice: Invoice) {
    return Money.fromMinor(outstandingMinor(invoice), invoice.currency);
  }

  @FieldResolver(() => InvoiceStatus, { description: 'OPEN, PAID or OVERDUE as of now.' })
  status(@Root() invoice: Invoice) {
    return invoiceStatus(invoice, new Date());
  }

  @FieldResolver(() => Int, {
    description:
      'Whole days past due: until now while unpaid, until settlement once paid; 0 when on time or not yet due.',
  })
  daysOverdue(@Root() invoice: Invoice) {
    return daysOverdue(invoice, new Date());
  }

  @FieldResolver(() => [Payment], { description: 'Payments applied to this invoice, oldest first.' })
  payments(@Root() invoice: Invoice, @Ctx() ctx: FinanceContext) {
    return invoices.payments(ctx, invoice);
  }
}

@Resolver(() => Payment)
export class PaymentResolver {
  @FieldResolver(() => DealerRef, { description: 'The dealer who paid.' })
  dealer(@Root() payment: Payment) {
    return dealerRef(payment.dealerId);
  }

  @FieldResolver(() => Invoice, {
    nullable: true,
    description: 'The one invoice of a legacy payment; null for payments allocated to several invoices or none.',
    deprecationReason: 'A payment may cover several invoices or none yet; use allocations',
  })
  invoice(@Root() payment: Payment, @Ctx() ctx: FinanceContext) {
    return invoices.ofPayment(ctx, payment);
  }

  @FieldResolver(() => Money, { description: 'Amount received.' })
  amount(@Root() payment: Payment) {
    return Money.fromMinor(payment.amountMinor, payment.currency);
  }
}
