import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { TaxClass } from '@dnp/subgraph-kit';
import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { MinorUnitsScalar } from '../schema/minor-units.scalar.js';
import { RebateSettlementForm } from './rebate-policy.entity.js';

/** Where a rebate settlement stands. */
export enum RebateSettlementStatus {
  PROPOSED = 'PROPOSED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(RebateSettlementStatus, {
  name: 'RebateSettlementStatus',
  description: 'Where a rebate settlement stands.',
  valuesConfig: {
    PROPOSED: { description: 'Written by the period-end run; waits for an HQ decision.' },
    APPROVED: { description: 'Paid: a REBATE credit note issued, or the amount settled into the rebate balance.' },
    REJECTED: { description: 'Refused by HQ with a reason; nothing paid.' },
  },
});

/**
 * A period's rebate for one dealer under one policy (§8): proposed after the period ends, then
 * approved (paid as the policy's settlement form) or rejected. One row per (policy, dealer, period).
 */
@Entity({ tableName: 'rebate_settlement' })
@Unique({ properties: ['policyId', 'dealerId', 'period'] })
@Index({ properties: ['status', 'createdAt', 'id'] })
@Index({ properties: ['dealerId', 'period'] })
@ObjectType({ description: "A period's rebate for one dealer under one policy, proposed and then decided by HQ." })
export class RebateSettlement {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable settlement id ("rbs_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'The policy settled.' })
  policyId!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'The dealer paid.' })
  dealerId!: string;

  /** Copy of the dealer's region path ("/reg_cn/reg_east/"), for managers' scopes. */
  @Property({ type: 'string', length: 400 })
  @Index()
  dealerRegionPath!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => String, { description: 'The period key settled (2026-03, 2026-Q1, 2026).' })
  period!: string;

  @Enum({ items: () => RebateSettlementStatus, type: 'string', length: 16 })
  @Field(() => RebateSettlementStatus, { description: 'Where the settlement stands.' })
  status!: RebateSettlementStatus;

  @Enum({ items: () => RebateSettlementForm, type: 'string', length: 16 })
  @Field(() => RebateSettlementForm, { description: "How it is paid (the policy's settlement form)." })
  form!: RebateSettlementForm;

  @Property({ type: new BigIntType('number') })
  @Field(() => MinorUnitsScalar, { description: 'The amount: accrued plus awards, in fen.' })
  amountMinor!: number;

  @Property({ type: new BigIntType('number') })
  @Field(() => MinorUnitsScalar, { description: 'Of the amount, what the strategy accrued, in fen.' })
  accruedMinor!: number;

  @Property({ type: new BigIntType('number') })
  @Field(() => MinorUnitsScalar, { description: 'Of the amount, manual awards (专项奖励), in fen.' })
  awardsMinor!: number;

  @Property({ type: 'string', length: 40, nullable: true })
  @Field(() => ID, { nullable: true, description: 'The REBATE credit note an approved CREDIT_NOTE settlement issued.' })
  creditNoteId: string | null = null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why HQ rejected it.' })
  rejectReason: string | null = null;

  @Property({ type: 'string', length: 64, nullable: true })
  decidedBy: string | null = null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When HQ decided.' })
  decidedAt: Date | null = null;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When it was proposed.' })
  createdAt!: Date;

  @Property({ type: 'integer', default: 1 })
  @Field(() => Int, { description: 'Row version: pass it as expectedVersion to decide.' })
  version: Opt<number> = 1;
}

/** One product and tax class of a settlement: its share of the amount in proportion to the basis. */
@Entity({ tableName: 'rebate_settlement_line' })
@ObjectType({ description: 'One product and tax class of a rebate settlement, its share in proportion to the basis.' })
export class RebateSettlementLine {
  @PrimaryKey({ type: 'string', length: 40 })
  settlementId!: string;

  @PrimaryKey({ type: 'integer', autoincrement: false })
  @Field(() => Int, { description: 'Line number, from 1.' })
  lineNo!: number;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'The product.' })
  productId!: string;

  @Property({ type: 'string', length: 64 })
  @Field(() => String, { description: 'The product SKU as last invoiced.' })
  sku!: string;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'The product name as last invoiced.' })
  productName!: string;

  @Enum({ items: () => TaxClass })
  @Field(() => TaxClass, { description: 'The VAT class the basis was invoiced in.' })
  taxClass!: TaxClass;

  @Property({ type: new BigIntType('number') })
  @Field(() => MinorUnitsScalar, { description: "The line's basis in the period, in fen (net of returns)." })
  basisMinor!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: "The line's units in the period (net of returns)." })
  quantity!: number;

  @Property({ type: new BigIntType('number') })
  @Field(() => MinorUnitsScalar, { description: "The line's share of the settlement amount, in fen." })
  amountMinor!: number;
}

/** The period-end run of one period key: its lease (one runner across replicas) and outcome. */
@Entity({ tableName: 'rebate_settlement_run' })
export class RebateSettlementRun {
  @PrimaryKey({ type: 'string', length: 10 })
  period!: string;

  /** RUNNING while a runner holds the lease, DONE after. */
  @Property({ type: 'string', length: 16 })
  status!: string;

  @Property({ type: 'datetime' })
  leaseUntil!: Date;

  @Property({ type: 'integer', default: 0 })
  proposed: Opt<number> = 0;

  @Property({ type: 'datetime', nullable: true })
  finishedAt: Date | null = null;
}

/** A dealer's rebate balance (返利池): settled in by BALANCE settlements, spent on orders within the cap. */
@Entity({ tableName: 'rebate_balance' })
@ObjectType({ description: "A dealer's rebate balance (返利池), spent on later orders within the cap." })
export class RebateBalance {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'The dealer.' })
  dealerId!: string;

  /** Copy of the dealer's region path, for managers' scopes. */
  @Property({ type: 'string', length: 400, default: '' })
  dealerRegionPath: Opt<string> = '';

  @Property({ type: new BigIntType('number'), default: 0 })
  @Field(() => MinorUnitsScalar, { description: 'What orders may still spend: settled − captured − held, in fen.' })
  available: Opt<number> = 0;

  @Property({ type: new BigIntType('number'), default: 0 })
  @Field(() => MinorUnitsScalar, { description: 'Held by orders not yet invoiced, in fen.' })
  held: Opt<number> = 0;

  @Property({ type: new BigIntType('number'), default: 0 })
  @Field(() => MinorUnitsScalar, { description: 'Settled into the balance so far, in fen.' })
  settled: Opt<number> = 0;

  @Property({ type: new BigIntType('number'), default: 0 })
  @Field(() => MinorUnitsScalar, { description: 'Spent on invoiced shipments so far, in fen.' })
  captured: Opt<number> = 0;

  @Property({ type: 'integer', default: 1 })
  version: Opt<number> = 1;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}

/** How a rebate balance moved. */
export enum RebateBalanceMovement {
  SETTLED = 'SETTLED',
  HELD = 'HELD',
  CAPTURED = 'CAPTURED',
  RELEASED = 'RELEASED',
}

/** One movement of a rebate balance (the ledger its figures are the sums of). */
@Entity({ tableName: 'rebate_balance_entry' })
@Index({ properties: ['dealerId', 'createdAt'] })
export class RebateBalanceEntry {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  @Enum({ items: () => RebateBalanceMovement, type: 'string', length: 16 })
  movement!: RebateBalanceMovement;

  /** Positive amount of the movement, in fen. */
  @Property({ type: new BigIntType('number') })
  amountMinor!: number;

  /** The settlement, hold key or invoice it came from. */
  @Property({ type: 'string', length: 120 })
  sourceId!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}

/** Life cycle of a rebate hold. */
export enum RebateHoldStatus {
  HELD = 'HELD',
  RELEASED = 'RELEASED',
  CAPTURED = 'CAPTURED',
}

/**
 * Rebate balance held for one order (the saga's REBATE_HELD step), by the kit's keyed-hold protocol:
 * HELD, then captured by invoices part by part, or RELEASED by the compensation.
 */
@Entity({ tableName: 'rebate_hold' })
@Index({ properties: ['dealerId', 'status'] })
@ObjectType({ description: 'Rebate balance held for one order (service only).' })
@Directive('@inaccessible')
export class RebateHold {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable hold id ("rbh_…").' })
  id!: string;

  /** The caller's key (the order id): one hold per key, ever. */
  @Property({ type: 'string', length: 120, unique: true })
  key!: string;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  @Property({ type: new BigIntType('number') })
  @Field(() => Int, { description: 'Amount held, in fen (an Int, as holdRebate takes it).' })
  amountMinor!: number;

  /** The order total the cap was checked against, in fen (invoices capture in proportion to it). */
  @Property({ type: new BigIntType('number'), default: 0 })
  orderTotalMinor: Opt<number> = 0;

  @Property({ type: new BigIntType('number'), default: 0 })
  capturedMinor: Opt<number> = 0;

  /** Order value invoiced so far, in fen (the parts rule's "before"). */
  @Property({ type: new BigIntType('number'), default: 0 })
  invoicedMinor: Opt<number> = 0;

  @Property({ type: new BigIntType('number'), default: 0 })
  releasedMinor: Opt<number> = 0;

  @Enum({ items: () => RebateHoldStatus, type: 'string', length: 16 })
  status!: RebateHoldStatus;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  updatedAt!: Date;
}
