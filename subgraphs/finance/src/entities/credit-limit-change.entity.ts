import { BigIntType } from '@mikro-orm/core';
import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BRAND_SELLER, type CreditAccount } from './credit-account.entity.js';

export { BRAND_SELLER };

/** Where a credit-limit change stands. */
export enum CreditLimitChangeStatus {
  PENDING_APPROVAL = 'PENDING_APPROVAL',
  APPLIED = 'APPLIED',
  REJECTED = 'REJECTED',
  SUPERSEDED = 'SUPERSEDED',
}
registerEnumType(CreditLimitChangeStatus, {
  name: 'CreditLimitChangeStatus',
  description: 'Where a credit-limit change stands (双人复核: an increase above the threshold waits for HQ).',
  valuesConfig: {
    PENDING_APPROVAL: { description: 'An increase above the threshold waits for a second HQ person to decide.' },
    APPLIED: { description: 'The account carries the new limit and term days (at once, or after approval).' },
    REJECTED: { description: 'HQ refused the request; the account is unchanged.' },
    SUPERSEDED: {
      description: 'Approved, but the account had changed since the request: nothing was applied; ask again.',
    },
  },
});

/**
 * One change of a credit account's limit and term days (信用额度调整): who asked, from what, to
 * what and why, and who decided when. APPLIED rows are the account's history; an increase above
 * CREDIT_APPROVAL_THRESHOLD_MINOR waits in PENDING_APPROVAL, at most one per account.
 */
@Entity({ tableName: 'credit_limit_change' })
@Index({ properties: ['status', 'requestedAt', 'id'] })
@Index({ properties: ['dealerId', 'requestedAt'] })
@Index({ properties: ['accountId', 'requestedAt'] })
@ObjectType({
  description:
    "A change of a credit account's limit and payment terms: requested, then applied at once or, above the " +
    'approval threshold, after a second HQ person approved it. Applied changes are the account history.',
})
export class CreditLimitChange {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable change id ("clc_…").' })
  id!: string;

  @Property({ type: 'string', length: 40 })
  accountId!: string;

  @Property({ type: 'string', length: 40 })
  dealerId!: string;

  /** Copy of the account's dealer region path, so a manager's scope is one LIKE. */
  @Property({ type: 'string', length: 400 })
  dealerRegionPath!: string;

  /** 'BRAND' for the brand's account; a parent dealer's id for its line to a sub-dealer. */
  @Property({ type: 'string', length: 40, default: BRAND_SELLER })
  sellerKey!: string;

  @Property({ type: 'string', length: 3 })
  currency!: string;

  @Property({ type: new BigIntType('number') })
  fromLimitMinor!: number;

  @Property({ type: new BigIntType('number') })
  toLimitMinor!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Payment terms (账期) before the change, in days.' })
  fromTermDays!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Payment terms (账期) the change sets, in days.' })
  toTermDays!: number;

  @Property({ type: 'string', length: 500 })
  @Field(() => String, { description: 'Why the change was asked for (kept with the history).' })
  reason!: string;

  @Enum({ items: () => CreditLimitChangeStatus })
  @Field(() => CreditLimitChangeStatus, { description: 'Where the change stands.' })
  status!: CreditLimitChangeStatus;

  @Property({ type: 'boolean' })
  @Field(() => Boolean, {
    description: 'True when the increase was above the approval threshold and needed a second person (双人复核).',
  })
  needsSecondApproval!: boolean;

  @Property({ type: 'string', length: 60 })
  requestedByUserId!: string;

  @Property({ type: 'string', length: 120 })
  @Field(() => String, { description: 'Who asked for the change (display name at the time).' })
  requestedByName!: string;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the change was asked for.' })
  requestedAt!: Date;

  @Property({ type: 'string', length: 60, nullable: true })
  decidedByUserId!: string | null;

  @Property({ type: 'string', length: 120, nullable: true })
  @Field(() => String, {
    nullable: true,
    description: 'Who approved or rejected it; null when it was applied at once or is still pending.',
  })
  decidedByName!: string | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When it was approved or rejected; null otherwise.' })
  decidedAt!: Date | null;

  @Property({ type: 'string', length: 500, nullable: true })
  @Field(() => String, { nullable: true, description: "The decider's comment, if any." })
  decisionComment!: string | null;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the account took the new limit; null unless APPLIED.' })
  appliedAt!: Date | null;

  /** Bumped by every decision; the guarded updates compare the status instead. */
  @Property({ type: 'integer', default: 0 })
  version!: number;
}

/** Who set terms no person asked for (the opening row of an account's history, an admission). */
export const SYSTEM_ACTOR = 'system';

/**
 * An APPLIED change that records an account's terms as they are set without a request: the
 * opening row of its history (from = to) or its first terms at admission.
 */
export function recordedTerms(
  account: Pick<CreditAccount, 'id' | 'dealerId' | 'dealerRegionPath' | 'currency' | 'limitMinor' | 'termDays'>,
  how: { id: string; reason: string; at: Date; fromLimitMinor?: number; fromTermDays?: number },
): CreditLimitChange {
  return Object.assign(new CreditLimitChange(), {
    ...{ id: how.id, accountId: account.id, dealerId: account.dealerId, dealerRegionPath: account.dealerRegionPath },
    ...{ sellerKey: BRAND_SELLER, currency: account.currency, reason: how.reason },
    ...{ fromLimitMinor: how.fromLimitMinor ?? account.limitMinor, toLimitMinor: account.limitMinor },
    ...{ fromTermDays: how.fromTermDays ?? account.termDays, toTermDays: account.termDays },
    ...{ status: CreditLimitChangeStatus.APPLIED, needsSecondApproval: false },
    ...{ requestedByUserId: SYSTEM_ACTOR, requestedByName: SYSTEM_ACTOR, requestedAt: how.at },
    ...{ decidedByUserId: null, decidedByName: null, decidedAt: null, decisionComment: null },
    ...{ appliedAt: how.at, version: 0 },
  });
}
