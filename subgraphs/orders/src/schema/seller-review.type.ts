import { Money, UserError } from '@dnp/subgraph-kit';
import { Field, InputType, ObjectType } from 'type-graphql';

@InputType({ description: 'How a parent dealer reviews the orders its sub-dealers place with it (两级分销审单).' })
export class SubDealerReviewRulesInput {
  @Field(() => Boolean, {
    description: 'True: orders below the threshold are approved automatically; false: every order waits for review.',
  })
  autoApprove!: boolean;

  @Field(() => String, {
    nullable: true,
    description:
      'With autoApprove, orders whose total is at or above this amount (a decimal string, e.g. "5000.00") wait ' +
      'for review; null: none do.',
  })
  reviewAmountThreshold?: string | null;
}

@ObjectType({ description: "A parent dealer's review rule for its sub-dealers' orders to it." })
export class SubDealerReviewRules {
  @Field(() => Boolean, { description: 'False: every order waits for the parent’s review.' })
  autoApprove!: boolean;

  @Field(() => Money, {
    nullable: true,
    description: 'With autoApprove, totals at or above this wait for review; null: none do.',
  })
  reviewAmountThreshold!: Money | null;

  @Field(() => Date, { description: 'When the rule was last set.' })
  updatedAt!: Date;
}

@ObjectType({ description: 'What setSubDealerReviewRules answers.' })
export class SubDealerReviewRulesPayload {
  @Field(() => SubDealerReviewRules, { nullable: true, description: 'The rule as stored; null when refused.' })
  rules!: SubDealerReviewRules | null;

  @Field(() => [UserError], {
    description:
      'Refusals (nothing written): NOT_A_PARENT_DEALER (no sub-dealers), AMOUNT_INVALID, AMOUNT_TOO_PRECISE, ' +
      'AMOUNT_NOT_POSITIVE, AMOUNT_TOO_LARGE (reviewAmountThreshold).',
  })
  errors!: UserError[];
}
