import { BigIntType } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

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
@ObjectType({ description: 'A receivable HQ issued to a dealer (应收发票), usually for one order.' })
export class Invoice {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable invoice id ("inv_…").' })
  id!: string;

  @Property({ type: 'string', length: 32, unique: true })
  @Field(() => String, { description: 'Human-readable invoice number, e.g. "INV-202611-000123".' })
  number!: string;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

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

  /** Sum of the payments applied so far, in minor units. */
  @Property({ type: new BigIntType('number') })
  paidMinor!: number;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the invoice was issued.' })
  issuedAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When payment is due (issue date plus the payment terms).' })
  dueAt!: Date;

  /** Set when the last payment settled the invoice in full; null while anything is outstanding. */
  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, {
    nullable: true,
    description: 'When the invoice was settled in full; null while anything is outstanding.',
  })
  paidAt!: Date | null;
}
