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
