import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType } from 'type-graphql';
import { MinorUnitsScalar } from '../schema/minor-units.scalar.js';

/**
 * A dealer's billed basis per product and business month, from every brand invoice and return
 * credit note and every allocated payment, whatever the policies (so a new growth policy has last
 * year's base, and a preview reads aggregates, never documents).
 */
@Entity({ tableName: 'rebate_basis_month' })
@Index({ properties: ['dealerId', 'month'] })
export class RebateBasisMonth {
  @PrimaryKey({ type: 'string', length: 40 })
  dealerId!: string;

  @PrimaryKey({ type: 'string', length: 40 })
  productId!: string;

  /** Business month `YYYY-MM`. */
  @PrimaryKey({ type: 'string', length: 7 })
  month!: string;

  /** Gross invoiced less returned, in fen. */
  @Property({ type: new BigIntType('number'), default: 0 })
  shippedMinor: Opt<number> = 0;

  /** Units invoiced less returned. */
  @Property({ type: new BigIntType('number'), default: 0 })
  quantity: Opt<number> = 0;

  /** Payments allocated to the product's invoice lines, in fen. */
  @Property({ type: new BigIntType('number'), default: 0 })
  paidMinor: Opt<number> = 0;
}

/**
 * One in-scope line's contribution to a policy (§7): a replay inserts nothing (unique on policy,
 * source and line), a return is a negative entry.
 */
@Entity({ tableName: 'rebate_accrual_entry' })
@Unique({ properties: ['policyId', 'sourceType', 'sourceId', 'line'] })
@Index({ properties: ['policyId', 'dealerId', 'period'] })
export class RebateAccrualEntry {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Property({ type: 'string', length: 40 })
  policyId!: string;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  @Property({ type: 'string', length: 10 })
  period!: string;

  /** `INVOICE`, `PAYMENT` or `CREDIT_NOTE`. */
  @Property({ type: 'string', length: 16 })
  sourceType!: string;

  @Property({ type: 'string', length: 40 })
  sourceId!: string;

  /** The line within the source (an invoice or credit note line number; `invoiceId:lineNo` for payments). */
  @Property({ type: 'string', length: 60 })
  line!: string;

  @Property({ type: 'string', length: 40 })
  productId!: string;

  /** Signed amount in fen (negative for returns). */
  @Property({ type: new BigIntType('number') })
  basisMinor!: number;

  /** Signed units. */
  @Property({ type: 'integer' })
  quantity!: number;

  /** The document's business date. */
  @Property({ type: 'string', length: 10 })
  documentDate!: string;
}

/** A dealer's standing on one policy in one period, recomputed by the policy's strategy on each accrual. */
@Entity({ tableName: 'rebate_progress' })
@Unique({ properties: ['policyId', 'dealerId', 'period'] })
@Index({ properties: ['dealerId', 'period'] })
@ObjectType({ description: "A dealer's standing on one rebate policy in one period." })
export class RebateProgress {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable progress row id ("rbg_…"): one per policy, dealer and period.' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'The policy.' })
  policyId!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'The dealer.' })
  dealerId!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => String, { description: 'The period key.' })
  period!: string;

  @Property({ type: new BigIntType('number') })
  @Field(() => MinorUnitsScalar, { description: 'The in-scope amount so far, in fen (net of returns).' })
  basisMinor!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'The in-scope units so far (net of returns).' })
  quantity!: number;

  @Property({ type: new BigIntType('number') })
  @Field(() => MinorUnitsScalar, { description: 'The rebate accrued so far, in fen.' })
  accruedMinor!: number;

  @Property({ type: 'integer', nullable: true })
  @Field(() => Int, { nullable: true, description: 'Index of the tier reached (0-based); null below the first.' })
  tierIndex: number | null = null;

  @Property({ type: new BigIntType('number'), nullable: true })
  nextThreshold: number | null = null;

  @Property({ type: new BigIntType('number'), nullable: true })
  remaining: number | null = null;

  @Property({ type: 'integer', nullable: true })
  nextRateBp: number | null = null;

  @Property({ type: 'integer', default: 1 })
  @Field(() => Int, { description: 'Row version (grows with each recomputation).' })
  version: Opt<number> = 1;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When it was last recomputed.' })
  updatedAt!: Date;
}

/**
 * A source line already added to `rebate_basis_month` (its id a digest of source type, id and line),
 * so a document delivered again — even under a new event id — is counted once.
 */
@Entity({ tableName: 'rebate_basis_source' })
export class RebateBasisSource {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;
}
