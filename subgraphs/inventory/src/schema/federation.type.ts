import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Stub of the products subgraph's Product: inventory only knows its id and adds stock fields. */
@ObjectType('Product', { description: 'A sellable item (SKU) of the catalogue; inventory adds its stock.' })
@Directive('@key(fields: "id")')
export class ProductRef {
  @Field(() => ID, { description: 'Stable product id.' })
  id!: string;
}

/** Stub of the dealers subgraph's Region. */
@ObjectType('Region', { description: 'A node of the sales region tree; inventory adds its warehouses.' })
@Directive('@key(fields: "id")')
export class RegionRef {
  @Field(() => ID, { description: 'Stable region id.' })
  id!: string;
}

/** Stub of the dealers subgraph's Dealer. */
@ObjectType('Dealer', { description: 'A dealer of the network; inventory adds its warehouses.' })
@Directive('@key(fields: "id")')
export class DealerRef {
  @Field(() => ID, { description: 'Stable dealer id.' })
  id!: string;
}

/** A reference to an entity another subgraph owns: only its key, the gateway fetches the rest. */
export function ref<T extends ProductRef | RegionRef | DealerRef>(id: string): T {
  return { id } as T;
}
