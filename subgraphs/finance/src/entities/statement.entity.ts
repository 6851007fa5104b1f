import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BRAND_SELLER, SellerKeyProperty } from './credit-account.entity.js';

/** Where a monthly statement stands with its dealer. */
export enum StatementStatus {
  LIVE = 'LIVE',
  ISSUED = 'ISSUED',
  CONFIRMED = 'CONFIRMED',
  DISPUTED = 'DISPUTED',
}
registerEnumType(StatementStatus, {
  name: 'StatementStatus',
  description: 'Where a monthly statement (对账单) stands.',
  valuesConfig: {
    LIVE: { description: 'The month is still open: figures computed now, not yet issued.' },
    ISSUED: { description: 'Issued at month end, waiting for the dealer (待确认).' },
    CONFIRMED: { description: 'The dealer confirmed it (已确认); final.' },
    DISPUTED: { description: 'The dealer disputed it (有异议); HQ follows up.' },
  },
});

/** A dealer's statement of one month: opening + invoices − payments − credit notes = closing. */
@Entity({ tableName: 'statement' })
@Unique({ properties: ['sellerKey', 'dealerId', 'period'] })
@Index({ properties: ['period', 'status', 'id'] })
@ObjectType({ description: "A dealer's monthly statement (对账单)." })
export class Statement {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable statement id ("stm_…"); "live_<dealer>_<yyyymm>" for the open month.' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  /** Whose books: 'BRAND', or the parent dealer that sold on its own credit line (CreditAccount.sellerKey). */
  @SellerKeyProperty() sellerKey: Opt<string> = BRAND_SELLER;

  @Property({ type: 'string', length: 400 })
  dealerRegionPath!: string;

  @Property({ type: 'string', length: 7 })
  period!: string;

  @Property({ type: new BigIntType('number') })
  openingMinor!: number;

  @Property({ type: new BigIntType('number') })
  invoicesMinor!: number;

  @Property({ type: new BigIntType('number') })
  paymentsMinor!: number;

  @Property({ type: new BigIntType('number') })
  creditNotesMinor!: number;

  @Property({ type: new BigIntType('number') })
  closingMinor!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Invoices, payments and credit notes in the month.' })
  documentCount!: number;

  @Enum({ items: () => StatementStatus })
  @Field(() => StatementStatus, { description: 'Where the statement stands.' })
  status!: StatementStatus;

  @Property({ type: 'integer', default: 1 })
  version: number = 1;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was issued; null for the live month.' })
  issuedAt: Date | null = null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the dealer confirmed it.' })
  confirmedAt: Date | null = null;

  @Property({ type: 'string', length: 40, nullable: true })
  confirmedByUserId: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the dealer last disputed it.' })
  disputedAt: Date | null = null;

  @Property({ type: 'string', length: 40, nullable: true })
  disputedByUserId: string | null = null;
}
