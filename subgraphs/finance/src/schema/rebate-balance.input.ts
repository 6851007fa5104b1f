import { Directive, Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: "Rebate balance to hold for an order (service only: the order saga's REBATE_HELD step)." })
@Directive('@inaccessible')
export class HoldRebateInput {
  @Field(() => String, { description: 'Idempotency key (the order id): the same key always answers the same hold.' })
  key!: string;

  @Field(() => ID, { description: 'The dealer whose rebate balance pays part of the order.' })
  dealerId!: string;

  @Field(() => Int, { description: 'Amount to hold in fen; greater than 0.' })
  amountMinor!: number;

  @Field(() => Int, { description: 'The order total in fen: the cap is REBATE_MAX_ORDER_SHARE_BP of it.' })
  orderTotalMinor!: number;

  @Field(() => ID, {
    nullable: true,
    description: "The selling parent dealer of a two-tier order: refused (REBATE_NOT_ALLOWED). Null: the brand's sale.",
  })
  sellerDealerId?: string | null;
}
