import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** Stub of the dealers subgraph's Region; the gateway fetches its other fields from dealers. */
@ObjectType('Region', { description: 'A node of the sales region tree (country, sales region, province, city).' })
@Directive('@key(fields: "id")')
export class RegionRef {
  @Field(() => ID, { description: 'Stable region id.' })
  id!: string;
}
