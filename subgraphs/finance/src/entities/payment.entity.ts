import { BigIntType } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';

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

@Entity({ tableName: 'payment' })
@ObjectType({ description: 'Money received from a dealer and applied to one invoice (回款).' })
export class Payment {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable payment id ("pay_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  dealerId!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  invoiceId!: string;

  @Property({ type: 'string', length: 3 })
  @Field(() => String, { description: 'ISO 4217 currency of the payment.' })
  currency!: string;

  /** Amount applied to the invoice, in minor units. */
  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  @Enum({ items: () => PaymentMethod })
  @Field(() => PaymentMethod, { description: 'How the dealer paid.' })
  method!: PaymentMethod;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the money was received.' })
  paidAt!: Date;

  @Property({ type: 'string', length: 64 })
  @Field(() => String, { description: 'Bank transaction, bill or offset reference, as on the remittance.' })
  reference!: string;
}
