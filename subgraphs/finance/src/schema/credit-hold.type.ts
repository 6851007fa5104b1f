import { Directive, Field, ObjectType } from 'type-graphql';
import { CreditHold } from '../entities/credit-hold.entity.js';
import { UserError } from '@dnp/subgraph-kit';

@ObjectType({ description: 'Result of holdCredit: the hold, or why nothing was held.' })
@Directive('@inaccessible')
export class HoldCreditPayload {
  @Field(() => CreditHold, {
    nullable: true,
    description: 'The hold (new, or the existing one for this key); null when refused.',
  })
  hold!: CreditHold | null;

  @Field(() => [UserError], {
    description: 'Why nothing was held (CREDIT_LIMIT_EXCEEDED, CREDIT_ACCOUNT_FROZEN, NOT_FOUND, …); empty on success.',
  })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of releaseCreditHold.' })
@Directive('@inaccessible')
export class ReleaseCreditHoldPayload {
  @Field(() => Boolean, {
    description: 'True when the hold is released (now or before); false for an unknown key or a refusal.',
  })
  released!: boolean;

  @Field(() => CreditHold, { nullable: true, description: 'The hold; null for an unknown key.' })
  hold!: CreditHold | null;

  @Field(() => [UserError], { description: 'Why it cannot be released (CREDIT_HOLD_CAPTURED); empty otherwise.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of captureCreditHold.' })
@Directive('@inaccessible')
export class CaptureCreditHoldPayload {
  @Field(() => CreditHold, { nullable: true, description: 'The captured hold; null when refused.' })
  hold!: CreditHold | null;

  @Field(() => [UserError], {
    description: 'Why it cannot be captured (NOT_FOUND, CREDIT_HOLD_RELEASED); empty on success.',
  })
  errors!: UserError[];
}
