import { Directive, Field, ID, InputType, Int } from 'type-graphql';

@InputType({ description: 'Units of one product to commit from one warehouse, from a lot or first-expiry-first.' })
@Directive('@inaccessible')
export class PartLineInput {
  @Field(() => ID, { description: 'Product id ("prd_…").' })
  productId!: string;

  @Field(() => ID, { description: 'Warehouse the units ship from.' })
  warehouseId!: string;

  @Field(() => ID, {
    nullable: true,
    description: "Lot the units come from; omitted: the reservation's lots there, first-expiry-first.",
  })
  lotId?: string | null;

  @Field(() => Int, { description: 'Units, 1 to 100,000.' })
  quantity!: number;
}

@InputType({ description: 'One part of a reservation that ships (service only; idempotent by partKey).' })
@Directive('@inaccessible')
export class CommitReservationPartInput {
  @Field(() => String, { description: 'Key the reservation was made with (the order id).' })
  key!: string;

  @Field(() => String, { description: 'Idempotency key of the part (the shipment id): a part commits once.' })
  partKey!: string;

  @Field(() => [PartLineInput], { description: 'What ships, 1 to 200 lines.' })
  lines!: PartLineInput[];
}
