import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { RebateCalculationKind } from '../services/rebate-calculations/rebate-calculation.js';
import { MinorUnitsScalar } from '../schema/minor-units.scalar.js';

export { RebateCalculationKind };

/** Where a rebate policy stands. */
export enum RebatePolicyStatus {
  DRAFT = 'DRAFT',
  ACTIVE = 'ACTIVE',
  CLOSED = 'CLOSED',
}

/** The period a policy measures and settles over (business calendar). */
export enum RebatePeriodKind {
  MONTH = 'MONTH',
  QUARTER = 'QUARTER',
  YEAR = 'YEAR',
}

/** What a policy measures. */
export enum RebateBasis {
  SHIPPED = 'SHIPPED',
  PAID = 'PAID',
  QUANTITY = 'QUANTITY',
}

/** How an approved settlement is paid. */
export enum RebateSettlementForm {
  CREDIT_NOTE = 'CREDIT_NOTE',
  BALANCE = 'BALANCE',
}

registerEnumType(RebatePolicyStatus, {
  name: 'RebatePolicyStatus',
  description: 'Where a rebate policy stands.',
  valuesConfig: {
    DRAFT: { description: 'Being written; every part may change; nothing accrues.' },
    ACTIVE: { description: 'Accrues; only its end date, name and budget may change.' },
    CLOSED: { description: 'Accrues no more; kept for settlement and history.' },
  },
});
registerEnumType(RebatePeriodKind, {
  name: 'RebatePeriodKind',
  description: 'The business-calendar period a rebate policy measures and settles over.',
  valuesConfig: {
    MONTH: { description: 'Calendar months in the brand time zone (keys like 2026-03).' },
    QUARTER: { description: 'Calendar quarters (keys like 2026-Q1).' },
    YEAR: { description: 'Calendar years (keys like 2026).' },
  },
});
registerEnumType(RebateBasis, {
  name: 'RebateBasis',
  description: 'What a rebate policy measures.',
  valuesConfig: {
    SHIPPED: { description: '发货额: the gross amount invoiced at shipment, less returns.' },
    PAID: { description: '回款额: the part of invoices paid, as payments are allocated to them.' },
    QUANTITY: { description: '数量: units invoiced, less returns; rates apply to their amount.' },
  },
});
registerEnumType(RebateSettlementForm, {
  name: 'RebateSettlementForm',
  description: 'How an approved rebate settlement is paid.',
  valuesConfig: {
    CREDIT_NOTE: { description: 'A REBATE credit note (红字发票) offsetting invoices.' },
    BALANCE: { description: 'Rebate balance (返利池) the dealer spends on later orders within the cap.' },
  },
});
registerEnumType(RebateCalculationKind, {
  name: 'RebateCalculationKind',
  description: 'How a rebate policy computes its amount (one strategy each).',
  valuesConfig: {
    TIERED: { description: '阶梯返利: thresholds on the basis, retroactive or marginal.' },
    GROWTH: { description: '增长返利: rate by growth over the same period last year.' },
    TARGET: { description: '目标达成: rate by completion of a per-dealer target.' },
    PRODUCT_MIX: { description: '产品结构奖: a bonus rate when named product groups reach their shares.' },
    MANUAL: { description: '专项奖励: amounts HQ grants one dealer at a time, with a reason.' },
  },
});

/**
 * A rebate policy (返利政策, docs/design/rebates-reports.md §6): who is eligible (grades, regions with
 * their subtrees, an explicit dealer list), on which products (categories, brands, products: AND
 * across, OR within), what is measured and how the amount is computed (the strategy's parameters,
 * stored as JSON text after its check).
 */
@Entity({ tableName: 'rebate_policy' })
@Index({ properties: ['status', 'createdAt', 'id'] })
@ObjectType({ description: 'A rebate policy (返利政策): eligibility, product scope, basis, calculation and period.' })
export class RebatePolicy {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable policy id ("rbp_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Unique()
  @Field(() => String, { description: 'Unique business code, e.g. "2026-Q1-TIER".' })
  code!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'Display name.' })
  name!: string;

  @Enum({ items: () => RebatePolicyStatus, type: 'string', length: 16 })
  @Field(() => RebatePolicyStatus, { description: 'Where the policy stands.' })
  status!: RebatePolicyStatus;

  @Enum({ items: () => RebatePeriodKind, type: 'string', length: 16 })
  @Field(() => RebatePeriodKind, { description: 'The period the policy measures and settles over.' })
  periodKind!: RebatePeriodKind;

  @Property({ type: 'string', length: 10 })
  @Field(() => String, { description: 'First business date (YYYY-MM-DD) documents count from.' })
  validFrom!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => String, { description: 'Last business date (YYYY-MM-DD) documents count on.' })
  validTo!: string;

  @Enum({ items: () => RebateBasis, type: 'string', length: 16 })
  @Field(() => RebateBasis, { description: 'What the policy measures.' })
  basis!: RebateBasis;

  @Enum({ items: () => RebateCalculationKind, type: 'string', length: 16 })
  @Field(() => RebateCalculationKind, { description: 'How the amount is computed.' })
  calculation!: RebateCalculationKind;

  @Property({ type: 'text' })
  @Field(() => String, { description: "The calculation's parameters as JSON, as its strategy checked them." })
  parameters!: string;

  @Enum({ items: () => RebateSettlementForm, type: 'string', length: 16 })
  @Field(() => RebateSettlementForm, { description: 'How approved settlements are paid.' })
  settlementForm!: RebateSettlementForm;

  @Property({ type: new BigIntType('number'), nullable: true })
  @Field(() => MinorUnitsScalar, { nullable: true, description: 'Budget in fen; null: none set.' })
  budgetMinor: number | null = null;

  @Property({ type: 'json' })
  @Field(() => [String], { description: 'Eligible dealer grades; empty: any grade.' })
  dealerGrades: string[] = [];

  @Property({ type: 'json' })
  @Field(() => [String], { description: 'Eligible region ids, each with its subtree; empty: any region.' })
  regionIds: string[] = [];

  @Property({ type: 'json' })
  @Field(() => [String], { description: 'Category ids in scope, each with its subtree; empty: any category.' })
  categoryIds: string[] = [];

  @Property({ type: 'json' })
  @Field(() => [String], { description: 'Brand ids in scope; empty: any brand.' })
  brandIds: string[] = [];

  @Property({ type: 'json' })
  @Field(() => [String], { description: 'Product ids in scope; empty: any product.' })
  productIds: string[] = [];

  @Property({ type: 'string', length: 64 })
  createdBy!: string;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the policy was created.' })
  createdAt!: Date;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the policy last changed.' })
  updatedAt!: Date;

  @Property({ type: 'integer', default: 1 })
  @Field(() => Int, { description: 'Row version: pass it as expectedVersion to change the policy.' })
  version: Opt<number> = 1;
}

/** One dealer of a policy's explicit list (empty list: any dealer the grades and regions admit). */
@Entity({ tableName: 'rebate_policy_dealer' })
export class RebatePolicyDealer {
  @PrimaryKey({ type: 'string', length: 40 })
  policyId!: string;

  @PrimaryKey({ type: 'string', length: 40 })
  dealerId!: string;
}

/** A dealer's target in one period of a TARGET policy: an amount in fen, or a quantity. */
@Entity({ tableName: 'rebate_target' })
@Unique({ properties: ['policyId', 'dealerId', 'period'] })
@ObjectType({ description: "A dealer's target in one period of a target-completion policy." })
export class RebateTarget {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Property({ type: 'string', length: 40 })
  policyId!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'The dealer the target is for.' })
  dealerId!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => String, { description: 'The period key (2026-03, 2026-Q1, 2026).' })
  period!: string;

  @Property({ type: new BigIntType('number') })
  @Field(() => MinorUnitsScalar, { description: 'The target: fen for amount bases, units for QUANTITY.' })
  target!: number;
}

/** An amount HQ granted one dealer under a MANUAL policy (专项奖励), with its reason. */
@Entity({ tableName: 'rebate_award' })
@Index({ properties: ['policyId', 'dealerId', 'period'] })
@ObjectType({ description: 'An amount HQ granted one dealer under a manual-award policy (专项奖励).' })
export class RebateAward {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable award id ("rba_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'The policy the award is under.' })
  policyId!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'The dealer the award is for.' })
  dealerId!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => String, { description: 'The period the award settles in.' })
  period!: string;

  @Property({ type: new BigIntType('number') })
  @Field(() => MinorUnitsScalar, { description: 'The amount in fen.' })
  amountMinor!: number;

  @Property({ type: 'string', length: 500 })
  @Field(() => String, { description: 'Why HQ granted it.' })
  reason!: string;

  @Property({ type: 'string', length: 64 })
  grantedBy!: string;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When it was granted.' })
  grantedAt!: Date;
}
