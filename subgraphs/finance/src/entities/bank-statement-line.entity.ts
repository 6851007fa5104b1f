import { BigIntType } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Where a bank line stands: matched lines are payments; ignored ones are not dealers' money. */
export enum BankLineStatus {
  MATCHED = 'MATCHED',
  UNMATCHED = 'UNMATCHED',
  IGNORED = 'IGNORED',
}
registerEnumType(BankLineStatus, {
  name: 'BankLineStatus',
  description: 'Where an imported bank line stands.',
  valuesConfig: {
    MATCHED: { description: 'Recorded as a payment of a dealer (final).' },
    UNMATCHED: { description: 'Waiting for a clerk to match or ignore it.' },
    IGNORED: { description: 'Not a dealer payment (a refund, an internal transfer), with a reason.' },
  },
});

/** Which rule matched a bank line to a dealer. */
export enum BankMatchRule {
  INVOICE_REFERENCE = 'INVOICE_REFERENCE',
  ORDER_REFERENCE = 'ORDER_REFERENCE',
  PAYER_ACCOUNT = 'PAYER_ACCOUNT',
  MANUAL = 'MANUAL',
}
registerEnumType(BankMatchRule, {
  name: 'BankMatchRule',
  description: 'How a bank line was matched to a dealer.',
  valuesConfig: {
    INVOICE_REFERENCE: { description: 'The summary or remark names open invoices of one dealer.' },
    ORDER_REFERENCE: { description: 'The summary or remark names an order number.' },
    PAYER_ACCOUNT: { description: 'The payer account is known to belong to a dealer.' },
    MANUAL: { description: 'A clerk matched it.' },
  },
});

/** One credit line of a bank file; `rowHash` is unique, so a line in two overlapping files is one line. */
@Entity({ tableName: 'bank_statement_line' })
@Index({ properties: ['status', 'valueDate', 'id'] })
@Index({ properties: ['importId', 'lineNo'] })
@ObjectType({ description: 'A credit line of an imported bank file (银行流水).' })
export class BankStatementLine {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable line id ("bsl_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  importId!: string;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'The physical line of the file it came from (1-based).' })
  lineNo!: number;

  @Property({ type: 'string', length: 64, unique: true })
  rowHash!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => String, { description: 'Our receiving bank account.' })
  bankAccount!: string;

  @Property({ type: 'string', length: 10 })
  valueDate!: string;

  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'The payer name (对方户名).' })
  payerName!: string;

  @Property({ type: 'string', length: 64 })
  @Field(() => String, { description: 'The payer account (对方账号), spaces removed.' })
  payerAccount!: string;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: "The payer's bank (对方开户行); empty when the file has none." })
  payerBank!: string;

  @Property({ type: 'string', length: 500 })
  @Field(() => String, { description: 'The summary (摘要).' })
  summary!: string;

  @Property({ type: 'string', length: 500 })
  @Field(() => String, { description: 'The remark (附言).' })
  remark!: string;

  @Property({ type: 'string', length: 64 })
  @Field(() => String, { description: "The bank's transaction serial; empty when the file has none." })
  bankSerial!: string;

  @Enum({ items: () => BankLineStatus })
  @Field(() => BankLineStatus, { description: 'Where the line stands.' })
  status!: BankLineStatus;

  @Enum({ items: () => BankMatchRule, nullable: true })
  @Field(() => BankMatchRule, { nullable: true, description: 'How it was matched; null unless MATCHED.' })
  matchRule: BankMatchRule | null = null;

  @Property({ type: 'string', length: 40, nullable: true })
  dealerId: string | null = null;

  @Property({ type: 'string', length: 40, nullable: true, unique: true })
  paymentId: string | null = null;

  @Property({ type: 'string', length: 40, nullable: true })
  suggestionDealerId: string | null = null;

  @Property({ type: 'string', length: 40, nullable: true })
  handledByUserId: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When a clerk matched or ignored it.' })
  handledAt: Date | null = null;

  @Property({ type: 'string', length: 200, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why it was ignored.' })
  ignoreReason: string | null = null;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}
