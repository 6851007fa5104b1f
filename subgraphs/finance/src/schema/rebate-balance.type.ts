import { UserError } from '@dnp/subgraph-kit';
import { Directive, Field, ObjectType } from 'type-graphql';
import { RebateHold } from '../entities/rebate-settlement.entity.js';

@ObjectType({ description: 'Result of holdRebate: the hold, or why nothing was held.' })
@Directive('@inaccessible')
export class HoldRebatePayload {
  @Field(() => RebateHold, { nullable: true, description: 'The hold (new, or the one made before under the key).' })
  hold!: RebateHold | null;

  @Field(() => [UserError], {
    description:
      'Why nothing was held (REBATE_OVER_BALANCE, REBATE_OVER_CAP, REBATE_NOT_ALLOWED, …); empty on success.',
  })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of releaseRebateHold.' })
@Directive('@inaccessible')
export class ReleaseRebateHoldPayload {
  @Field(() => Boolean, { description: 'True when the hold is released (now or before); false for an unknown key.' })
  released!: boolean;

  @Field(() => RebateHold, { nullable: true, description: 'The hold; null for an unknown key.' })
  hold!: RebateHold | null;

  @Field(() => [UserError], { description: 'Why it cannot be released (REBATE_HOLD_CAPTURED); empty otherwise.' })
  errors!: UserError[];
}
