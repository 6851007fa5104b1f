import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Stub of the dealers subgraph's Dealer: pricing names dealers (price violations) by key only. */
@ObjectType('Dealer', { description: 'A dealer of the network (owned by the dealers subgraph).' })
@Directive('@key(fields: "id")')
export class DealerRef {
  @Field(() => ID, { description: 'Stable dealer id.' })
  id!: string;
}
