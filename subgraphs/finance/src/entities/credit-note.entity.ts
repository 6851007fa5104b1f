import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { BRAND_SELLER, SellerKeyProperty } from './credit-account.entity.js';

/** Why a credit note was issued. */
export enum CreditNoteKind {
  RETURN = 'RETURN',
  REBATE = 'REBATE',
  ADJUSTMENT = 'ADJUSTMENT',
}
registerEnumType(CreditNoteKind, {
  name: 'CreditNoteKind',
  description: 'Why a credit note (红字发票) was issued.',
  valuesConfig: {
    RETURN: { description: 'Goods returned or claimed short or damaged.' },
    REBATE: { description: 'A rebate granted to the dealer.' },
    ADJUSTMENT: { description: 'A correction of an earlier document.' },
  },
});

/**
 * A red-letter credit note (红字发票 / 红冲): reverses value without editing the invoice. Applied
 * to its invoice first, then the dealer's oldest open invoices; the rest stays unapplied in the
 * account's balance. Numbered gap-free per business year ("CN-2026-00000007").
 */
@Entity({ tableName: 'credit_note' })
// Each seller numbers its own documents gap-free (the brand 'INV'/'CN', a parent 'INV_<code>'/'CN_<code>').
@Unique({ properties: ['sellerKey', 'year', 'seq'] })
@Index({ properties: ['period', 'dealerId'] })
@Index({ properties: ['dealerId', 'issuedOn', 'id'] })
@ObjectType({ description: 'A red-letter credit note (红字发票): value given back to a dealer, never edited.' })
export class CreditNote {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable credit note id ("crn_…").' })
  id!: string;

  @Property({ type: 'string', length: 32, unique: true })
  @Field(() => String, { description: 'Credit note number, gap-free per business year: "CN-2026-00000007".' })
  number!: string;

  @Property({ type: 'integer' })
  year!: number;

  @Property({ type: 'integer' })
  seq!: number;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  /** Whose books: 'BRAND', or the parent dealer that sold on its own credit line (CreditAccount.sellerKey). */
  @SellerKeyProperty() sellerKey: Opt<string> = BRAND_SELLER;

  /** Copy of the dealer's home region path, for managers' scopes. */
  @Property({ type: 'string', length: 400 })
  @Index()
  dealerRegionPath!: string;

  @Enum({ items: () => CreditNoteKind })
  @Field(() => CreditNoteKind, { description: 'Why the credit note was issued.' })
  kind!: CreditNoteKind;

  /** The caller's idempotency key (the return id): one credit note per key, ever. */
  @Property({ type: 'string', length: 120, unique: true })
  sourceKey!: string;

  /** The invoice reversed first (the shipment's); null when there was none. */
  @Property({ type: 'string', length: 40, nullable: true })
  @Index()
  invoiceId!: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  shipmentId!: string | null;

  @Property({ type: 'string', length: 40, nullable: true })
  orderId!: string | null;

  @Property({ type: 'string', length: 3 })
  @Field(() => String, { description: 'ISO 4217 currency of the credit note.' })
  currency!: string;

  /** Gross credited (positive), the sum of the lines, in minor units. */
  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  @Property({ type: new BigIntType('number') })
  netMinor!: number;

  @Property({ type: new BigIntType('number') })
  taxMinor!: number;

  /** Part applied to invoices (allocations), in minor units. */
  @Property({ type: new BigIntType('number') })
  appliedMinor!: number;

  /** Part not applied (in the account's balance), in minor units; applied + unapplied = amount. */
  @Property({ type: new BigIntType('number') })
  unappliedMinor!: number;

  @Property({ type: 'string', length: 500 })
  @Field(() => String, { description: 'Why the value is given back, as the caller stated it.' })
  reason!: string;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the credit note was issued.' })
  issuedAt!: Date;

  /** Business date of issue, "YYYY-MM-DD". */
  @Property({ type: 'string', length: 10 })
  issuedOn!: string;

  /** Statement month, "YYYY-MM". */
  @Property({ type: 'string', length: 7 })
  period!: string;
}
