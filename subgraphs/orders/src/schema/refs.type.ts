import { Directive, Field, ID, ObjectType } from 'type-graphql';

// Stubs of entities other subgraphs own: only the key, so the gateway fetches the rest from the
// owner. Dealer is also extended here with `orders` and `salesStats`.

@ObjectType('Dealer', {
  description: 'A dealer of the network (owned by the dealers subgraph); orders adds its orders and sales statistics.',
})
@Directive('@key(fields: "id")')
export class DealerRef {
  @Field(() => ID, { description: 'Dealer id ("dlr_…").' })
  id!: string;
}

@ObjectType('Product', { description: 'A catalogue product (owned by the products subgraph).' })
@Directive('@key(fields: "id")')
export class ProductRef {
  @Field(() => ID, { description: 'Product id ("prd_…").' })
  id!: string;
}

@ObjectType('Warehouse', { description: 'A warehouse (owned by the inventory subgraph).' })
@Directive('@key(fields: "id")')
export class WarehouseRef {
  @Field(() => ID, { description: 'Warehouse id ("wh_…").' })
  id!: string;
}

@ObjectType('Region', { description: 'A node of the sales region tree (owned by the dealers subgraph).' })
@Directive('@key(fields: "id")')
export class RegionRef {
  @Field(() => ID, { description: 'Region id ("reg_…").' })
  id!: string;
}

/** A key-only stub for an entity another subgraph owns. */
export function ref<T extends { id: string }>(type: new () => T, id: string): T {
  const stub = new type();
  stub.id = id;
  return stub;
}

@ObjectType('Lot', { description: 'A lot of a product in a warehouse (owned by the inventory subgraph).' })
@Directive('@key(fields: "id")')
export class LotRef {
  @Field(() => ID, { description: 'Lot id.' })
  id!: string;
}
