import { Directive, Field, ObjectType } from 'type-graphql';
import { GoodsReceipt } from '../entities/goods-receipt.entity.js';
import { UserError } from './inventory.type.js';

@ObjectType({ description: 'Result of receiveGoods, takeBackGoods and restoreGoods.' })
@Directive('@inaccessible')
export class GoodsReceiptPayload {
  @Field(() => Boolean, {
    description: 'True when the goods moved (now or before); false when there was no warehouse to move them in.',
  })
  received!: boolean;

  @Field(() => GoodsReceipt, { nullable: true, description: 'The receipt; null when nothing moved.' })
  receipt!: GoodsReceipt | null;

  @Field(() => [UserError], {
    description:
      'Why nothing moved (BAD_USER_INPUT, NOT_FOUND, DEALER_STOCK_INSUFFICIENT, DEALER_WAREHOUSE_AMBIGUOUS, ' +
      'IDEMPOTENCY_KEY_REUSED); empty otherwise.',
  })
  errors!: UserError[];
}
