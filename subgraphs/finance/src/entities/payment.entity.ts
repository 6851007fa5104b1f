import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BRAND_SELLER, SellerKeyProperty } from './credit-account.entity.js';

/** How a dealer paid. */
export enum PaymentMethod {
  BANK_TRANSFER = 'BANK_TRANSFER',
  ACCEPTANCE_BILL = 'ACCEPTANCE_BILL',
  OFFSET = 'OFFSET',
}
registerEnumType(PaymentMethod, {
  name: 'PaymentMethod',
  description: 'How a payment was made.',
  valuesConfig: {
    BANK_TRANSFER: { description: 'Bank transfer (银行转账).' },
    ACCEPTANCE_BILL: { description: 'Bank acceptance bill (银行承兑汇票).' },
    OFFSET: { description: 'Offset against rebates or other amounts HQ owes the dealer (冲抵).' },
  },
});

/** How a payment reached finance. */
export enum PaymentSource {
  MANUAL = 'MANUAL',
  BANK_IMPORT = 'BANK_IMPORT',
  REBATE = 'REBATE',
}
registerEnumType(PaymentSource, {
  name: 'PaymentSource',
  description: 'How a payment reached finance.',
  valuesConfig: {
    MANUAL: { description: 'Recorded by hand (recordPayment).' },
    BANK_IMPORT: { description: 'From an imported bank statement line.' },
    REBATE: { description: "The order's rebate balance paying its invoice (an OFFSET payment, 返利抵扣)." },
  },
});

@Entity({ tableName: 'payment' })
@Unique({ properties: ['dealerId', 'idempotencyKey'] })
@Index({ properties: ['dealerId', 'receivedOn'] })
@Index({ properties: ['period', 'dealerId'] })
@ObjectType({
  description: 'Money received from a dealer (回款), allocated to open invoices oldest first or as chosen.',
})
export class Payment {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable payment id ("pay_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  dealerId!: string;

  /** Whose books: 'BRAND', or the parent dealer that sold on its own credit line (CreditAccount.sellerKey). */
  @SellerKeyProperty() sellerKey: Opt<string> = BRAND_SELLER;

  /** The one invoice of a legacy payment; null for payments allocated through `receivable_allocation`. */
  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  invoiceId!: string | null;

  /** Copy of the dealer's home region path, so a manager's payment list is one LIKE. */
  @Property({ type: 'string', length: 400, default: '' })
  @Index()
  dealerRegionPath!: string;

  @Enum({ items: () => PaymentSource, default: PaymentSource.MANUAL })
  @Field(() => PaymentSource, { description: 'How the payment reached finance.' })
  source!: PaymentSource;

  /** The caller's key: a retry with the same key answers the stored payment (unique per dealer). */
  @Property({ type: 'string', length: 120 })
  idempotencyKey!: string;

  /** The bank statement line the payment came from (unique); null for manual payments. */
  @Property({ type: 'string', length: 40, nullable: true, unique: true })
  bankLineId!: string | null;

  @Property({ type: 'string', length: 3 })
  @Field(() => String, { description: 'ISO 4217 currency of the payment.' })
  currency!: string;

  /** Amount received, in minor units. */
  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  /** Part applied to invoices, in minor units. */
  @Property({ type: new BigIntType('number'), default: 0 })
  allocatedMinor!: number;

  /** Part not applied (in the account's balance, 预收款), in minor units; allocated + unallocated = amount. */
  @Property({ type: new BigIntType('number'), default: 0 })
  unallocatedMinor!: number;

  @Enum({ items: () => PaymentMethod })
  @Field(() => PaymentMethod, { description: 'How the dealer paid.' })
  method!: PaymentMethod;

  /** The start of the business day the money was received (`receivedOn`), kept for legacy readers. */
  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the money was received (the start of its value date).' })
  paidAt!: Date;

  /** Value date given by the recorder, "YYYY-MM-DD" (not after the business today). */
  @Property({ type: 'string', length: 10, default: '' })
  receivedOn!: string;

  /** Statement month, "YYYY-MM". */
  @Property({ type: 'string', length: 7, default: '' })
  period!: string;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the payment was recorded.' })
  recordedAt!: Date;

  @Property({ type: 'string', length: 40, nullable: true })
  recordedByUserId!: string | null;

  @Property({ type: 'string', length: 120, nullable: true })
  @Field(() => String, { nullable: true, description: 'Who recorded the payment; null for legacy and system rows.' })
  recordedByName!: string | null;

  @Property({ type: 'string', length: 64 })
  @Field(() => String, { description: 'Bank transaction, bill or offset reference, as on the remittance.' })
  reference!: string;
}
