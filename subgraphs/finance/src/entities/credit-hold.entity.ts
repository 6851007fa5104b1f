import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BRAND_SELLER, SellerKeyProperty } from './credit-account.entity.js';

/** Life cycle of a credit hold. */
export enum CreditHoldStatus {
  HELD = 'HELD',
  RELEASED = 'RELEASED',
  CAPTURED = 'CAPTURED',
}
registerEnumType(CreditHoldStatus, {
  name: 'CreditHoldStatus',
  description: 'Life cycle of a credit hold made for an order.',
  valuesConfig: {
    HELD: { description: "The amount is reserved: counted in the account's held, not available to other orders." },
    RELEASED: { description: 'Given back (order rejected or cancelled); the amount is available again.' },
    CAPTURED: { description: 'Invoiced: the amount moved from held to used (receivables).' },
  },
});

@Entity({ tableName: 'credit_hold' })
@Index({ properties: ['dealerId', 'status'] })
@ObjectType({ description: "Credit reserved on a dealer's account for one order (授信占用); made by the order saga." })
@Directive('@inaccessible')
export class CreditHold {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable credit hold id ("crh_…").' })
  id!: string;

  /** Idempotency key chosen by the caller (the order id): one hold per key, ever. */
  @Property({ type: 'string', length: 120, unique: true })
  @Field(() => String, { description: 'Idempotency key the hold was made with (the order id).' })
  key!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Id of the dealer whose credit is held.' })
  dealerId!: string;

  /** Whose books: 'BRAND', or the parent dealer that sold on its own credit line (CreditAccount.sellerKey). */
  @SellerKeyProperty() sellerKey: Opt<string> = BRAND_SELLER;

  @Property({ type: 'string', length: 3 })
  currency!: string;

  /** Amount held in minor units (fen). */
  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  /** Moved to receivables by shipments' invoices so far, in minor units (Σ of its captures). */
  @Property({ type: new BigIntType('number'), default: 0 })
  capturedMinor!: number;

  /** Given back so far, in minor units; the remainder is amount − captured − released. */
  @Property({ type: new BigIntType('number'), default: 0 })
  releasedMinor!: number;

  @Enum({ items: () => CreditHoldStatus })
  @Field(() => CreditHoldStatus, {
    description: 'HELD while reserved, RELEASED once given back, CAPTURED once invoiced.',
  })
  status!: CreditHoldStatus;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the credit was held.' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the status last changed.' })
  updatedAt!: Date;
}
