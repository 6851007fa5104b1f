import { Directive, Field, ID, InputType, Int } from 'type-graphql';
import { ReservationStatus } from '../entities/reservation.entity.js';

@InputType({ description: 'One product to reserve.' })
@Directive('@inaccessible')
export class ReserveLineInput {
  @Field(() => ID, { description: 'Product id ("prd_…").' })
  productId!: string;

  @Field(() => Int, { description: 'Units wanted, 1 to 100,000; lines of the same product are summed.' })
  quantity!: number;
}

@InputType({ description: 'Stock to reserve for an order (service only, used by the order saga).' })
@Directive('@inaccessible')
export class ReserveStockInput {
  @Field(() => String, {
    description: 'Idempotency key (the order id): the same key always answers with the same reservation.',
  })
  key!: string;

  @Field(() => ID, { description: 'Dealer the stock is reserved for.' })
  dealerId!: string;

  @Field(() => [ID], { description: "The dealer's region path, root first; warehouses nearest to it are used first." })
  regionPath!: string[];

  @Field(() => [ReserveLineInput], { description: 'Products and quantities, 1 to 200 lines; reserved all or nothing.' })
  lines!: ReserveLineInput[];

  @Field(() => ID, {
    nullable: true,
    description:
      "The selling parent (two-tier orders): only this dealer's active DEALER warehouses are used, never the " +
      "brand's; SELLER_HAS_NO_WAREHOUSE when it has none. Null: the brand's HQ and regional warehouses.",
  })
  sourceDealerId?: string | null;
}

@InputType({ description: 'Narrows a reservation list. All given conditions must hold.' })
export class ReservationFilter {
  @Field(() => ID, { nullable: true, description: 'Only reservations of this dealer.' })
  dealerId?: string | null;

  @Field(() => ReservationStatus, { nullable: true, description: 'Only reservations in this status.' })
  status?: ReservationStatus | null;
}
