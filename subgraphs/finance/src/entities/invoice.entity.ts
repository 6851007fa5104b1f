import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BRAND_SELLER, SellerKeyProperty } from './credit-account.entity.js';

/** Where an invoice stands; derived from its payments and the clock, never stored. */
export enum InvoiceStatus {
  OPEN = 'OPEN',
  PAID = 'PAID',
  OVERDUE = 'OVERDUE',
}
registerEnumType(InvoiceStatus, {
  name: 'InvoiceStatus',
  description: 'Where an invoice stands, derived from its payments and the current time.',
  valuesConfig: {
    OPEN: { description: 'Not fully paid and not yet due.' },
    PAID: { description: 'Fully paid.' },
    OVERDUE: { description: 'Not fully paid and past its due date.' },
  },
});

@Entity({ tableName: 'invoice' })
@Index({ properties: ['issuedAt', 'id'] })
@Index({ properties: ['dueAt', 'id'] })
@Index({ properties: ['dealerId', 'dueAt'] })
@Index({ properties: ['dealerId', 'dueDate', 'id'] })
@Index({ properties: ['period', 'dealerId'] })
@Index({ properties: ['outstandingMinor', 'dueDate'] })
// Each seller numbers its own documents gap-free (the brand 'INV'/'CN', a parent 'INV_<code>'/'CN_<code>').
@Unique({ properties: ['sellerKey', 'year', 'seq'] })
@ObjectType({ description: 'A receivable HQ issued to a dealer (应收发票), usually for one order.' })
export class Invoice {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable invoice id ("inv_…").' })
  id!: string;

  @Property({ type: 'string', length: 32, unique: true })
  @Field(() => String, {
    description: 'Invoice number, gap-free per business year: "INV-2026-00000123" (legacy "INV-202611-000123").',
  })
  number!: string;

  /** Business year of the number's series; null for legacy numbers outside the yearly series. */
  @Property({ type: 'integer', nullable: true })
  year!: number | null;

  /** Position in the year's series (1, 2, …; gap-free); null for legacy numbers. */
  @Property({ type: 'integer', nullable: true })
  seq!: number | null;

  /** The shipment invoiced (one invoice per shipment); null for legacy invoices. */
  @Property({ type: 'string', length: 40, nullable: true, unique: true })
  shipmentId!: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  @Field(() => String, { nullable: true, description: 'Number of the shipment invoiced (a copy); null for legacy.' })
  shipmentNumber!: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  @Field(() => String, { nullable: true, description: 'Number of the order invoiced (a copy); null for legacy.' })
  orderNumber!: string | null;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  /** Whose books: 'BRAND', or the parent dealer that sold on its own credit line (CreditAccount.sellerKey). */
  @SellerKeyProperty() sellerKey: Opt<string> = BRAND_SELLER;

  /** Copy of the dealer's home region path, so a manager's invoice list is one LIKE. */
  @Property({ type: 'string', length: 400 })
  @Index()
  dealerRegionPath!: string;

  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  orderId!: string | null;

  @Property({ type: 'string', length: 3 })
  @Field(() => String, { description: 'ISO 4217 currency of the invoice.' })
  currency!: string;

  /** Invoiced amount in minor units. */
  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  /** Sum of the payment allocations applied so far, in minor units. */
  @Property({ type: new BigIntType('number') })
  paidMinor!: number;

  /** Net amount (金额, without VAT): the sum of the lines' net amounts, in minor units. */
  @Property({ type: new BigIntType('number'), default: 0 })
  netMinor!: number;

  /** VAT (税额): the sum of the lines' taxes, in minor units; amount = net + tax. */
  @Property({ type: new BigIntType('number'), default: 0 })
  taxMinor!: number;

  /** Sum of the credit notes applied to this invoice, in minor units. */
  @Property({ type: new BigIntType('number'), default: 0 })
  creditedMinor!: number;

  /** amount − paid − credited, kept under the credit account's lock (the receivables ledger). */
  @Property({ type: new BigIntType('number'), default: 0 })
  outstandingMinor!: number;

  /** Business date of issue, "YYYY-MM-DD". */
  @Property({ type: 'string', length: 10, default: '' })
  issuedOn!: string;

  /** Business date payment is due (issue date + the dealer's term days), "YYYY-MM-DD". */
  @Property({ type: 'string', length: 10, default: '' })
  dueDate!: string;

  /** Statement month the invoice belongs to, "YYYY-MM". */
  @Property({ type: 'string', length: 7, default: '' })
  period!: string;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the invoice was issued.' })
  issuedAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => Date, {
    description: 'The first instant the invoice is overdue: the start of the business day after its due date.',
  })
  dueAt!: Date;

  /** Set when the last payment settled the invoice in full; null while anything is outstanding. */
  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: 'When the invoice was settled in full; null while anything is outstanding.',
  })
  paidAt!: Date | null;
}
