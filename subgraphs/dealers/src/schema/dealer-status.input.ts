import { Field, ID, InputType } from 'type-graphql';
import { DealerStatus } from '../entities/dealer.entity.js';

@InputType({ description: "A change of a dealer's lifecycle state (暂停合作 / 恢复 / 淘汰), with its reason." })
export class ChangeDealerStatusInput {
  @Field(() => ID, { description: 'The dealer.' })
  dealerId!: string;

  @Field(() => DealerStatus, {
    description: 'The new state: SUSPENDED or ACTIVE (reinstated), or TERMINATED (head office only; final).',
  })
  status!: DealerStatus;

  @Field(() => String, { description: 'Why, 3 to 500 characters; kept in the status history.' })
  reason!: string;
}

@InputType({ description: 'A move of a dealer (with its sub-dealers) under another parent dealer.' })
export class SetDealerParentInput {
  @Field(() => ID, { description: 'The dealer to move.' })
  dealerId!: string;

  @Field(() => ID, { description: 'The new parent: an ACTIVE dealer of a higher tier, not below the dealer.' })
  parentId!: string;

  @Field(() => String, { description: 'Why, 3 to 500 characters; kept in the audit log.' })
  reason!: string;
}
