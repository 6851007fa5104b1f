import { Money } from '@dnp/subgraph-kit';
import { Directive, Field, Float, ID, ObjectType } from 'type-graphql';

/** The dealers subgraph's Dealer, as finance knows it: the key, plus the fields finance contributes. */
@ObjectType('Dealer', {
  description: 'A dealer of the network; owned by the dealers subgraph, finance adds its credit and payment fields.',
})
@Directive('@key(fields: "id")')
export class DealerRef {
  @Field(() => ID, { description: 'Stable dealer id ("dlr_…").' })
  id!: string;
}

/** The orders subgraph's Order, referenced by invoices. */
@ObjectType('Order', { description: 'An order; owned by the orders subgraph.' })
@Directive('@key(fields: "id")')
export class OrderRef {
  @Field(() => ID, { description: 'Stable order id ("ord_…").' })
  id!: string;
}

/**
 * A dealer's payment behaviour. A value type declared identically by dealers (which reads it
 * through @requires for the health score), hence @shareable.
 */
@ObjectType('DealerPaymentStats', {
  description: "A dealer's payment behaviour, the finance input of its health score.",
})
@Directive('@shareable')
export class DealerPaymentStats {
  @Field(() => Float, { description: 'Share of invoices paid by due date, 0..1 (1 when none).' })
  onTimeRate!: number;

  @Field(() => Money, { description: 'Amount past due now.' })
  overdueAmount!: Money;

  @Field(() => Float, { description: 'Used / limit, 0..1 (above 1 when receivables exceed the limit).' })
  creditUtilization!: number;
}

/** Builds a Dealer stub for a dealer id, for the gateway to complete from the dealers subgraph. */
export function dealerRef(id: string): DealerRef {
  const ref = new DealerRef();
  ref.id = id;
  return ref;
}

/** Builds an Order stub for an order id. */
export function orderRef(id: string): OrderRef {
  const ref = new OrderRef();
  ref.id = id;
  return ref;
}

/** The products subgraph's Product, referenced by invoice lines. */
@ObjectType('Product', { description: 'A product of the catalogue; owned by the products subgraph.' })
@Directive('@key(fields: "id")')
export class ProductRef {
  @Field(() => ID, { description: 'Stable product id ("prd_…").' })
  id!: string;
}

/** Builds a Product stub for a product id. */
export function productRef(id: string): ProductRef {
  return Object.assign(new ProductRef(), { id });
}

/**
 * The orders subgraph's Shipment as finance extends it: the key and finance's `invoice` (each
 * subgraph that extends Shipment declares its own entity with only the id).
 */
@ObjectType('Shipment', { description: 'What left one warehouse for an order; owned by the orders subgraph.' })
@Directive('@key(fields: "id")')
export class ShipmentRef {
  @Field(() => ID, { description: 'Stable shipment id ("shp_…").' })
  id!: string;
}

/** Builds a Shipment stub for a shipment id. */
export function shipmentRef(id: string): ShipmentRef {
  return Object.assign(new ShipmentRef(), { id });
}
