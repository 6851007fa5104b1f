import { Grant, Grants, LocalDateScalar, Money, YearMonthScalar } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Invoice, InvoiceStatus } from '../entities/invoice.entity.js';
import { Payment } from '../entities/payment.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { CreditNote } from '../entities/credit-note.entity.js';
import type { InvoiceLine } from '../entities/invoice-line.entity.js';
import { daysOverdue, invoiceStatus, InvoiceService, taxRateText } from '../services/invoice.service.js';
import { AllocationToInvoice, InvoiceLineItem, TaxRateTotal } from '../schema/invoice-detail.type.js';
import { DealerRef, dealerRef, OrderRef, orderRef, productRef } from '../schema/references.type.js';
import { InvoiceFilter, InvoiceSort } from '../schema/invoice.input.js';
import { InvoiceConnection } from '../schema/invoice.type.js';
import { sellerOf } from '../services/scope.service.js';

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

  @FieldResolver(() => DealerRef, {
    nullable: true,
    description:
      "Who sold: the parent dealer for a sub-dealer's order to it (二级分销, its own series); null: the brand.",
  })
  seller(@Root() invoice: Invoice) {
    const seller = sellerOf(invoice.sellerKey);
    return seller ? dealerRef(seller) : null;
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

  @FieldResolver(() => Money, { description: 'Still to pay: amount − paid − credited.' })
  outstanding(@Root() invoice: Invoice) {
    return Money.fromMinor(invoice.outstandingMinor, invoice.currency);
  }

  @FieldResolver(() => Money, { description: 'Net amount (金额): the sum of the lines.' })
  net(@Root() invoice: Invoice) {
    return Money.fromMinor(invoice.netMinor, invoice.currency);
  }

  @FieldResolver(() => Money, { description: 'VAT (税额): the sum of the lines.' })
  tax(@Root() invoice: Invoice) {
    return Money.fromMinor(invoice.taxMinor, invoice.currency);
  }

  @FieldResolver(() => Money, { description: 'Reversed by credit notes so far.' })
  credited(@Root() invoice: Invoice) {
    return Money.fromMinor(invoice.creditedMinor, invoice.currency);
  }

  @FieldResolver(() => LocalDateScalar, { description: 'Business date of issue.' })
  issuedOn(@Root() invoice: Invoice) {
    return invoice.issuedOn;
  }

  @FieldResolver(() => LocalDateScalar, {
    description: "Business date payment is due (issue date + the dealer's terms).",
  })
  dueDate(@Root() invoice: Invoice) {
    return invoice.dueDate;
  }

  @FieldResolver(() => YearMonthScalar, { description: 'Statement month of the invoice.' })
  period(@Root() invoice: Invoice) {
    return invoice.period;
  }

  @FieldResolver(() => [InvoiceLineItem], { description: 'The lines, in order (none on legacy invoices).' })
  async lines(@Root() invoice: Invoice, @Ctx() ctx: FinanceContext) {
    return (await invoices.lines(ctx, invoice)).map((l) => lineItem(l, invoice.currency));
  }

  @FieldResolver(() => [TaxRateTotal], { description: 'Totals per VAT rate: the sums of the lines at each rate.' })
  async taxSummary(@Root() invoice: Invoice, @Ctx() ctx: FinanceContext) {
    const byRate = new Map<string, InvoiceLine[]>();
    for (const l of await invoices.lines(ctx, invoice)) {
      const key = `${l.taxClass}:${l.rateBp}`;
      byRate.set(key, [...(byRate.get(key) ?? []), l]);
    }
    return [...byRate.values()].map((lines) => {
      const sum = (pick: (l: InvoiceLine) => number) =>
        Money.fromMinor(
          lines.reduce((s, l) => s + pick(l), 0),
          invoice.currency,
        );
      return Object.assign(new TaxRateTotal(), {
        ...{ taxClass: lines[0]!.taxClass, taxRate: taxRateText(lines[0]!.rateBp) },
        ...{ net: sum((l) => l.netMinor), tax: sum((l) => l.taxMinor), gross: sum((l) => l.grossMinor) },
      });
    });
  }

  @FieldResolver(() => [AllocationToInvoice], { description: 'Payments and credit notes applied, oldest first.' })
  async allocations(@Root() invoice: Invoice, @Ctx() ctx: FinanceContext) {
    return (await invoices.allocations(ctx, invoice)).map(({ allocation, payment, creditNote }) =>
      Object.assign(new AllocationToInvoice(), {
        ...{ source: allocation.sourceType, payment, creditNote, allocatedAt: allocation.allocatedAt },
        amount: Money.fromMinor(allocation.amountMinor, invoice.currency),
      }),
    );
  }

  @FieldResolver(() => [CreditNote], { description: 'Credit notes that reversed part of this invoice.' })
  creditNotes(@Root() invoice: Invoice, @Ctx() ctx: FinanceContext) {
    return invoices.creditNotes(ctx, invoice);
  }

  @FieldResolver(() => InvoiceStatus, { description: 'OPEN, PAID or OVERDUE as of now.' })
  status(@Root() invoice: Invoice) {
    return invoiceStatus(invoice, new Date());
  }

  @FieldResolver(() => Int, {
    description:
      'Business days past the due date: until today while unpaid, until the day of settlement once paid; 0 when ' +
      'on time or not yet due (the day after the due date is day 1, as in the aging report).',
  })
  daysOverdue(@Root() invoice: Invoice) {
    return daysOverdue(invoice, new Date());
  }

  @FieldResolver(() => [Payment], {
    description: 'Payments applied (in part or in full) to this invoice, oldest first.',
  })
  payments(@Root() invoice: Invoice, @Ctx() ctx: FinanceContext) {
    return invoices.payments(ctx, invoice);
  }
}

/** An invoice line as the API shows it, amounts in the invoice's currency. */
function lineItem(l: InvoiceLine, currency: string): InvoiceLineItem {
  return Object.assign(new InvoiceLineItem(), {
    ...{ lineNo: l.lineNo, sku: l.sku, productName: l.productName, product: productRef(l.productId) },
    ...{ quantity: l.quantity, isGift: l.isGift, taxClass: l.taxClass, taxRate: taxRateText(l.rateBp) },
    gross: Money.fromMinor(l.grossMinor, currency),
    net: Money.fromMinor(l.netMinor, currency),
    tax: Money.fromMinor(l.taxMinor, currency),
  });
}

@Resolver(() => Payment)
export class PaymentResolver {
  @FieldResolver(() => DealerRef, { description: 'The dealer who paid.' })
  dealer(@Root() payment: Payment) {
    return dealerRef(payment.dealerId);
  }

  @FieldResolver(() => DealerRef, {
    nullable: true,
    description: 'Who took the payment: the parent dealer on the line it grants (二级分销); null: the brand.',
  })
  seller(@Root() payment: Payment) {
    const seller = sellerOf(payment.sellerKey);
    return seller ? dealerRef(seller) : null;
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
