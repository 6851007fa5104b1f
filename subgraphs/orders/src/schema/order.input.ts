import { Field, ID, InputType, registerEnumType } from 'type-graphql';
import { OrderStatus } from '../entities/order.entity.js';

/** Orders an order list can be sorted in. */
export enum OrderSort {
  NEWEST = 'NEWEST',
  OLDEST = 'OLDEST',
  TOTAL_DESC = 'TOTAL_DESC',
}
registerEnumType(OrderSort, {
  name: 'OrderSort',
  description: 'Orders an order list can be sorted in; ties are broken by id.',
  valuesConfig: {
    NEWEST: { description: 'Most recently placed first (the default).' },
    OLDEST: { description: 'Earliest placed first.' },
    TOTAL_DESC: { description: 'Largest order total first.' },
  },
});

@InputType({
  description: 'Narrows an order list. All given conditions must hold; the viewer’s data scope always applies.',
})
export class OrderFilter {
  @Field(() => [OrderStatus], {
    nullable: true,
    description: 'Only orders in one of these statuses; an empty list means any status.',
  })
  status?: OrderStatus[] | null;

  @Field(() => ID, { nullable: true, description: 'Only orders of this dealer.' })
  dealerId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description:
      'Only orders this dealer sells to its sub-dealers (two-tier distribution, seller PARENT); a parent ' +
      'names itself to list its sales. The viewer’s data scope still applies.',
  })
  sellerDealerId?: string | null;

  @Field(() => Date, { nullable: true, description: 'Only orders placed at or after this instant.' })
  placedFrom?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Only orders placed at or before this instant.' })
  placedTo?: Date | null;

  @Field(() => String, {
    nullable: true,
    description: 'Order number prefix, e.g. "SO20261121" (letters and digits, at most 20, case-insensitive).',
  })
  search?: string | null;
}
