import { Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { CreditLimitChangeStatus } from '../entities/credit-limit-change.entity.js';

/** A decision on a request waiting for review (same values as the orders and dealers subgraphs declare). */
export enum ReviewDecision {
  APPROVE = 'APPROVE',
  REJECT = 'REJECT',
}
registerEnumType(ReviewDecision, {
  name: 'ReviewDecision',
  description: "A manager's decision on an order waiting for review.",
  valuesConfig: {
    APPROVE: { description: 'Accept: the order becomes APPROVED and is split into shipments.' },
    REJECT: { description: 'Refuse: the reservation and credit hold are released and the order becomes REJECTED.' },
  },
});

@InputType({ description: "A request to change a dealer's credit limit with the brand and its payment terms." })
export class CreditLimitChangeInput {
  @Field(() => ID, { description: 'The dealer whose credit account (with the brand) changes.' })
  dealerId!: string;

  @Field(() => String, {
    description: 'The new credit limit as a decimal amount in the account currency, e.g. "500000".',
  })
  limit!: string;

  @Field(() => Int, { description: 'The new payment terms (账期) in days, 0 to 365.' })
  termDays!: number;

  @Field(() => String, { description: 'Why (1 to 500 characters); kept with the history.' })
  reason!: string;
}

@InputType({
  description: "A parent dealer's credit line to one of its direct sub-dealers (二级分销): new limit and terms.",
})
export class SubDealerCreditLineInput {
  @Field(() => ID, { description: "The direct sub-dealer whose line with the caller's dealer changes (or opens)." })
  dealerId!: string;

  @Field(() => String, {
    description: 'The new limit of the line as a decimal amount in the account currency, e.g. "80000".',
  })
  limit!: string;

  @Field(() => Int, { description: 'The new payment terms (账期) of the line in days, 0 to 365.' })
  termDays!: number;

  @Field(() => String, { description: 'Why (1 to 500 characters); kept with the history.' })
  reason!: string;
}

@InputType({ description: 'HQ decides on a credit-limit increase waiting for a second approver.' })
export class ApproveCreditLimitChangeInput {
  @Field(() => ID, { description: 'The change ("clc_…").' })
  id!: string;

  @Field(() => ReviewDecision, { description: 'APPROVE applies the change; REJECT leaves the account as it is.' })
  decision!: ReviewDecision;

  @Field(() => String, { nullable: true, description: 'An optional comment, at most 500 characters.' })
  comment?: string | null;
}

@InputType({ description: 'Narrows a list of credit-limit changes. All given conditions must hold.' })
export class CreditLimitChangeFilter {
  @Field(() => ID, { nullable: true, description: 'Only changes of this dealer.' })
  dealerId?: string | null;

  @Field(() => CreditLimitChangeStatus, { nullable: true, description: 'Only changes in this status.' })
  status?: CreditLimitChangeStatus | null;
}
