import { Directive, Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'Credit to hold for an order (service only, used by the order saga).' })
@Directive('@inaccessible')
export class HoldCreditInput {
  @Field(() => String, {
    description: 'Idempotency key (the order id): the same key always answers with the same hold.',
  })
  key!: string;

  @Field(() => ID, { description: 'Dealer whose credit is held.' })
  dealerId!: string;

  @Field(() => Int, { description: "Amount to hold in minor units (fen) of the account's currency; greater than 0." })
  amountMinor!: number;

  @Field(() => ID, {
    nullable: true,
    description:
      'The selling parent dealer (two-tier order): the hold is taken on the credit line it grants the dealer' +
      " (NO_CREDIT_LINE when it grants none). Null: the brand's account.",
  })
  sellerDealerId?: string | null;
}
