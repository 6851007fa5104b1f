import { Money } from '@dnp/subgraph-kit';
import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType({
  description:
    'A promotion applied to an order when it was placed (a snapshot of the quote), so the order can explain ' +
    'its discounts and gifts.',
})
export class OrderPromotion {
  @Field(() => ID, { description: 'Id of the promotion ("prm_…") in the pricing subgraph.' })
  promotionId!: string;

  @Field(() => String, {
    description: 'Name of the promotion when the order was placed (a snapshot; renames do not change history).',
  })
  name!: string;

  @Field(() => Money, {
    description: 'Discount the promotion took off the order (the sum of its shares in the line discounts).',
  })
  discount!: Money;

  @Field(() => Money, {
    description:
      'Value of the free gift units it added, at the dealer price (not charged, not in the subtotal); 0 for ' +
      'other promotions.',
  })
  giftValue!: Money;
}
