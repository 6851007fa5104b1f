import { Field, ID, InputType } from 'type-graphql';

@InputType({ description: 'Conditions order alerts must meet (all given ones).' })
export class OrderAlertFilter {
  @Field(() => ID, { nullable: true, description: 'Only alerts about this order.' })
  orderId?: string | null;

  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only acknowledged alerts; false: only unacknowledged ones.',
  })
  acknowledged?: boolean | null;
}
