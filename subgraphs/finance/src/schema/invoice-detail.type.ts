import { Money, TaxClass } from '@dnp/subgraph-kit';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { CreditNote } from '../entities/credit-note.entity.js';
import { Payment } from '../entities/payment.entity.js';
import { AllocationSource } from '../entities/receivable-allocation.entity.js';
import { ProductRef } from './references.type.js';

@ObjectType('InvoiceLine', { description: 'One line of an invoice (发票明细): a shipped part of an order line.' })
export class InvoiceLineItem {
  @Field(() => Int, { description: 'Position on the invoice, from 1.' })
  lineNo!: number;

  @Field(() => String, { description: 'SKU as invoiced.' })
  sku!: string;

  @Field(() => String, { description: 'Product name as invoiced.' })
  productName!: string;

  @Field(() => ProductRef, { description: 'The product.' })
  product!: ProductRef;

  @Field(() => Int, { description: 'Units invoiced.' })
  quantity!: number;

  @Field(() => Boolean, { description: 'A gift line (invoiced at 0).' })
  isGift!: boolean;

  @Field(() => TaxClass, { description: 'VAT class of the product.' })
  taxClass!: TaxClass;

  @Field(() => String, { description: 'VAT rate applied, e.g. "13%" (税率).' })
  taxRate!: string;

  @Field(() => Money, { description: 'Tax-inclusive amount (价税合计).' })
  gross!: Money;

  @Field(() => Money, { description: 'Net amount (金额).' })
  net!: Money;

  @Field(() => Money, { description: 'VAT (税额).' })
  tax!: Money;
}

@ObjectType({ description: "An invoice's totals at one VAT rate: the sums of its lines at that rate." })
export class TaxRateTotal {
  @Field(() => TaxClass, { description: 'VAT class.' })
  taxClass!: TaxClass;

  @Field(() => String, { description: 'VAT rate, e.g. "9%".' })
  taxRate!: string;

  @Field(() => Money, { description: 'Sum of the net amounts at this rate.' })
  net!: Money;

  @Field(() => Money, { description: 'Sum of the taxes at this rate.' })
  tax!: Money;

  @Field(() => Money, { description: 'Sum of the gross amounts at this rate.' })
  gross!: Money;
}

@ObjectType({ description: 'Part of a payment or credit note applied to an invoice.' })
export class AllocationToInvoice {
  @Field(() => AllocationSource, { description: 'What settled this part.' })
  source!: AllocationSource;

  @Field(() => Payment, { nullable: true, description: 'The payment, when a payment settled it.' })
  payment!: Payment | null;

  @Field(() => CreditNote, { nullable: true, description: 'The credit note, when a credit note settled it.' })
  creditNote!: CreditNote | null;

  @Field(() => Money, { description: 'Amount applied.' })
  amount!: Money;

  @Field(() => Date, { description: 'When it was applied.' })
  allocatedAt!: Date;
}

/** How far an order's invoices are paid. */
export enum OrderPaymentStatus {
  NOT_INVOICED = 'NOT_INVOICED',
  UNPAID = 'UNPAID',
  PARTIALLY_PAID = 'PARTIALLY_PAID',
  PAID = 'PAID',
}
registerEnumType(OrderPaymentStatus, {
  name: 'OrderPaymentStatus',
  description: "How far an order's invoices are settled (by payments and credit notes).",
  valuesConfig: {
    NOT_INVOICED: { description: 'No invoice yet (nothing shipped, or none you may see).' },
    UNPAID: { description: 'Invoiced, nothing settled.' },
    PARTIALLY_PAID: { description: 'Part of the invoiced amount is settled.' },
    PAID: { description: 'Every invoice is settled in full.' },
  },
});
