import { Directive, Field, ID, InputType, Int } from 'type-graphql';
import { GoodsReceiptKind } from '../entities/goods-receipt.entity.js';

@InputType({ description: 'Units of one product (and lot) moved, sellable or quarantined.' })
@Directive('@inaccessible')
export class ReceiveGoodsLineInput {
  @Field(() => ID, { description: 'Product id ("prd_…").' })
  productId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Batch number; matched in the warehouse (a new lot needs expiresAt); omitted: unlotted stock.',
  })
  lotNumber?: string | null;

  @Field(() => Date, { nullable: true, description: "The lot's expiry, for a lot the warehouse does not hold yet." })
  expiresAt?: Date | null;

  @Field(() => Int, { description: 'Units, 1 to 100,000.' })
  quantity!: number;

  @Field(() => Boolean, { description: 'True: the units are quarantined (on hand, not for sale).' })
  quarantined!: boolean;
}

@InputType({ description: 'Goods received into a warehouse (service only; idempotent by key).' })
@Directive('@inaccessible')
export class ReceiveGoodsInput {
  @Field(() => String, { description: 'Idempotency key ("rcv:<shipment id>", "ret:<return id>").' })
  key!: string;

  @Field(() => GoodsReceiptKind, { description: 'DEALER_RECEIPT or RETURN_IN.' })
  kind!: GoodsReceiptKind;

  @Field(() => ID, {
    nullable: true,
    description: "Target warehouse; omitted with DEALER_RECEIPT: the dealer's single active warehouse.",
  })
  warehouseId?: string | null;

  @Field(() => ID, { description: 'Dealer the goods come from or go to.' })
  dealerId!: string;

  @Field(() => String, { nullable: true, description: 'Business reference kept in the ledger (at most 120).' })
  reference?: string | null;

  @Field(() => [ReceiveGoodsLineInput], { description: 'What is received, 1 to 200 lines.' })
  lines!: ReceiveGoodsLineInput[];
}

@InputType({ description: "Returned goods taken out of the dealer's own warehouse (service only; idempotent)." })
@Directive('@inaccessible')
export class TakeBackGoodsInput {
  @Field(() => String, { description: 'Idempotency key (the return id).' })
  key!: string;

  @Field(() => ID, { description: 'Dealer whose warehouse the goods leave.' })
  dealerId!: string;

  @Field(() => String, { nullable: true, description: 'Business reference kept in the ledger (at most 120).' })
  reference?: string | null;

  @Field(() => [ReceiveGoodsLineInput], {
    description: 'What leaves, 1 to 200 lines; quarantined units leave from the quarantined ones.',
  })
  lines!: ReceiveGoodsLineInput[];
}

@InputType({
  description: 'Puts back what a take back took, all of it or the lines named (service only; idempotent by key).',
})
@Directive('@inaccessible')
export class RestoreGoodsInput {
  @Field(() => String, { description: 'Idempotency key of the restore.' })
  key!: string;

  @Field(() => String, { description: 'Key of the take back to undo.' })
  takeBackKey!: string;

  @Field(() => [ReceiveGoodsLineInput], {
    nullable: true,
    description:
      'Only these units of what the take back took (a return partly accepted: the rest goes back); ' +
      'absent: everything it took.',
  })
  lines?: ReceiveGoodsLineInput[] | null;
}
