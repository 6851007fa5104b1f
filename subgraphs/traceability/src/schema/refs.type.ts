import { Directive, Field, ID, ObjectType } from 'type-graphql';

// Stubs of entities other subgraphs own: only the key, the gateway fetches the rest from the owner.

@ObjectType('Product', {
  description: 'A catalogue product (owned by the products subgraph); traceability adds its serial code count.',
})
@Directive('@key(fields: "id")')
export class ProductRef {
  @Field(() => ID, { description: 'Stable product id.' })
  id!: string;
}

@ObjectType('Dealer', { description: 'A dealer of the network (owned by the dealers subgraph).' })
@Directive('@key(fields: "id")')
export class DealerRef {
  @Field(() => ID, { description: 'Stable dealer id.' })
  id!: string;
}

@ObjectType('Region', { description: 'A node of the sales region tree (owned by the dealers subgraph).' })
@Directive('@key(fields: "id")')
export class RegionRef {
  @Field(() => ID, { description: 'Stable region id.' })
  id!: string;
}

@ObjectType('User', { description: 'A user account (owned by the dealers subgraph).' })
@Directive('@key(fields: "id")')
export class UserRef {
  @Field(() => ID, { description: 'Stable user id.' })
  id!: string;
}

@ObjectType('Warehouse', { description: 'A warehouse (owned by the inventory subgraph).' })
@Directive('@key(fields: "id")')
export class WarehouseRef {
  @Field(() => ID, { description: 'Stable warehouse id.' })
  id!: string;
}

@ObjectType('Shipment', {
  description:
    'The part of an order one warehouse sends (owned by the orders subgraph); traceability adds its serial codes.',
})
@Directive('@key(fields: "id")')
export class ShipmentRef {
  @Field(() => ID, { description: 'Stable shipment id ("shp_…").' })
  id!: string;
}

/** A stub `{ id }` for a foreign key, or null when the key is null. */
export function ref<T extends { id: string }>(id: string | null | undefined): T | null {
  return id ? ({ id } as T) : null;
}
