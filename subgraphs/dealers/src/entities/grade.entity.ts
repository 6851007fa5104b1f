import { BigIntType } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property, Unique } from '@mikro-orm/decorators/legacy';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DealerGrade } from './dealer.entity.js';

/** Where a grade proposal stands. */
export enum GradeProposalStatus {
  PROPOSED = 'PROPOSED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  STALE = 'STALE',
}
registerEnumType(GradeProposalStatus, {
  name: 'GradeProposalStatus',
  description: 'Where a proposed grade change stands.',
  valuesConfig: {
    PROPOSED: { description: 'Waiting for head office.' },
    APPROVED: { description: "Approved: the dealer's grade changed (effective from its next order)." },
    REJECTED: { description: 'Rejected by head office; the grade stays.' },
    STALE: { description: 'Replaced by a later evaluation before anyone decided.' },
  },
});

/** A grade change the monthly evaluation proposes from a dealer's trailing 12 months of purchases. */
@Entity({ tableName: 'grade_proposal' })
@Unique({ properties: ['period', 'dealerId'] })
@Index({ properties: ['status', 'regionPath'] })
@ObjectType({ description: "A grade change proposed by the monthly evaluation of a dealer's purchases (经销商分级)." })
export class GradeProposal {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable proposal id ("gpr_…").' })
  id!: string;

  @Property({ type: 'string', length: 7 })
  @Field(() => String, { description: 'The evaluation month, YYYY-MM.' })
  period!: string;

  @Property({ type: 'string', length: 40 })
  @Index()
  dealerId!: string;

  /** Copy of the dealer's region path, for region managers' scope. */
  @Property({ type: 'string', length: 400 })
  regionPath!: string;

  @Enum({ items: () => DealerGrade, nativeEnumName: undefined })
  @Field(() => DealerGrade, { description: 'The grade when the proposal was made.' })
  currentGrade!: DealerGrade;

  @Enum({ items: () => DealerGrade, nativeEnumName: undefined })
  @Field(() => DealerGrade, { description: 'The grade the purchases reach.' })
  proposedGrade!: DealerGrade;

  @Property({ type: 'string', length: 4 })
  @Field(() => String, { description: 'UP or DOWN.' })
  direction!: 'UP' | 'DOWN';

  @Property({ type: new BigIntType('number') })
  purchasesMinor!: number;

  @Property({ type: 'string', length: 10 })
  windowFrom!: string;

  @Property({ type: 'string', length: 10 })
  windowTo!: string;

  @Enum({ items: () => GradeProposalStatus, nativeEnumName: undefined })
  @Field(() => GradeProposalStatus, { description: 'Where the proposal stands.' })
  status!: GradeProposalStatus;

  @Property({ type: 'string', length: 40, nullable: true })
  decidedBy!: string | null;

  @Property({ type: 'string', length: 120, nullable: true })
  @Field(() => String, { nullable: true, description: 'Who decided.' })
  decidedByName!: string | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was decided.' })
  decidedAt!: Date | null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: "The decider's comment." })
  comment!: string | null;

  @Property({ type: 'datetime' })
  createdAt!: Date;
}

/** One monthly evaluation run; the row is also the single-runner lease. */
@Entity({ tableName: 'grade_evaluation' })
@ObjectType({ description: 'One monthly grade evaluation run.' })
export class GradeEvaluation {
  @PrimaryKey({ type: 'string', length: 7 })
  @Field(() => String, { description: 'The evaluation month, YYYY-MM.' })
  period!: string;

  @Property({ type: 'string', length: 8 })
  @Field(() => String, { description: 'RUNNING or DONE.' })
  status!: 'RUNNING' | 'DONE';

  @Property({ type: 'datetime' })
  leaseUntil!: Date;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Number, { description: 'Dealers evaluated.' })
  dealers!: number;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Number, { description: 'Proposals made.' })
  proposals!: number;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the run started.' })
  startedAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the run finished; null while running.' })
  finishedAt!: Date | null;
}

/** One change of a dealer's grade, kept forever. */
@Entity({ tableName: 'dealer_grade_change' })
@Index({ properties: ['dealerId', 'at'] })
@ObjectType({ description: "One change of a dealer's grade, with its source, who and why." })
export class DealerGradeChange {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  @Enum({ items: () => DealerGrade, nativeEnumName: undefined })
  @Field(() => DealerGrade, { description: 'Grade before.' })
  fromGrade!: DealerGrade;

  @Enum({ items: () => DealerGrade, nativeEnumName: undefined })
  @Field(() => DealerGrade, { description: 'Grade after.' })
  toGrade!: DealerGrade;

  @Property({ type: 'string', length: 10 })
  @Field(() => String, { description: 'PROPOSAL (an approved evaluation proposal) or MANUAL.' })
  source!: 'PROPOSAL' | 'MANUAL';

  @Property({ type: 'string', length: 40, nullable: true })
  proposalId!: string | null;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'Who changed it.' })
  actorName!: string;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: 'Why.' })
  reason!: string | null;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When.' })
  at!: Date;
}
