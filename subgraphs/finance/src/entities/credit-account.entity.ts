import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Whether a dealer may draw on its credit line. */
export enum CreditStatus {
  ACTIVE = 'ACTIVE',
  FROZEN = 'FROZEN',
}
registerEnumType(CreditStatus, {
  name: 'CreditStatus',
  description: 'Whether a dealer may draw on its credit line.',
  valuesConfig: {
    ACTIVE: { description: 'Orders may be placed on credit up to the available amount.' },
    FROZEN: {
      description:
        'No new credit is granted (dealer suspended, under review or blocked by finance); receivables still count.',
    },
  },
});

/**
 * The seller key of the brand's own credit accounts and documents; a parent dealer's line to a
 * sub-dealer (and that line's documents) carries the parent's dealer id instead.
 */
export const BRAND_SELLER = 'BRAND';

/**
 * The `seller_key` column (varchar(40), default 'BRAND') of an account and of every document on it,
 * declared once so the six tables agree.
 */
export function SellerKeyProperty(): PropertyDecorator {
  return Property({ type: 'string', length: 40, default: BRAND_SELLER }) as PropertyDecorator;
}

/** Scale of the stored utilization: parts per million of the limit. */
export const PPM = 1_000_000;

/**
 * The credit exposure (used + held − balance, never below 0: unapplied money offsets receivables)
 * as integer parts per million of the limit, rounded down.
 * Stored so "highest utilization first" is an indexed keyset sort on both SQL dialects; every
 * write of limit, used or held must recompute it. A zero limit with any exposure counts as
 * fully used (1.0), since "infinitely over" cannot be ordered or shown.
 */
export function utilizationPpm(limitMinor: number, usedMinor: number, heldMinor: number, balanceMinor = 0): number {
  const exposure = usedMinor + heldMinor - balanceMinor;
  if (limitMinor <= 0) return exposure > 0 ? PPM : 0;
  if (exposure <= 0) return 0;
  // BigInt keeps the product exact beyond 2^53 (limits of tens of millions of yuan).
  return Number((BigInt(exposure) * BigInt(PPM)) / BigInt(limitMinor));
}

@Entity({ tableName: 'credit_account' })
@Index({ properties: ['utilizationPpm', 'id'] })
@Unique({ properties: ['sellerKey', 'dealerId'] })
@ObjectType({
  description: "A dealer's credit line (信用额度) with HQ: limit, receivables, holds and payment terms (账期).",
})
@Directive('@key(fields: "id")')
export class CreditAccount {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable credit account id ("cra_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  dealerId!: string;

  /** Who grants the line: 'BRAND', or the parent dealer's id for its line to a sub-dealer (二级分销). */
  @SellerKeyProperty() sellerKey: Opt<string> = BRAND_SELLER;

  /** Copy of the dealer's home region path ("/reg_cn/reg_east/reg_js/"), so a manager's scope is one LIKE. */
  @Property({ type: 'string', length: 400 })
  @Index()
  dealerRegionPath!: string;

  /**
   * The dealer's supply chain from the top ("/dlr_0001/dlr_0002/dlr_0003/"), so a parent dealer's
   * view of its sub-dealers' payment behaviour needs no call to the dealers subgraph.
   */
  @Property({ type: 'string', length: 400 })
  dealerPath!: string;

  @Property({ type: 'string', length: 3 })
  @Field(() => String, { description: 'ISO 4217 currency of every amount on the account, e.g. "CNY".' })
  currency!: string;

  /** Credit limit in minor units (fen). */
  @Property({ type: new BigIntType('number') })
  limitMinor!: number;

  /** Outstanding receivables: the unpaid part of every issued invoice, in minor units. */
  @Property({ type: new BigIntType('number') })
  usedMinor!: number;

  /** Credit reserved by open orders that are not invoiced yet, in minor units. */
  @Property({ type: new BigIntType('number') })
  heldMinor!: number;

  /** Unapplied money: Σ unallocated payments + Σ unapplied credit notes, in minor units (预收款). */
  @Property({ type: new BigIntType('number'), default: 0 })
  balanceMinor!: number;

  /** Earliest due date of an invoice with anything outstanding, "YYYY-MM-DD"; null when none is open. */
  @Property({ type: 'string', length: 10, nullable: true })
  oldestOpenDueDate!: string | null;

  /** (used + held) / limit in parts per million; see `utilizationPpm`. */
  @Property({ type: 'integer' })
  utilizationPpm!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Payment terms: days from invoice to due date (账期).' })
  termDays!: number;

  @Enum({ items: () => CreditStatus })
  @Field(() => CreditStatus, { description: 'Whether new credit may be drawn.' })
  status!: CreditStatus;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the limit, balance or status last changed.' })
  updatedAt!: Date;
}
