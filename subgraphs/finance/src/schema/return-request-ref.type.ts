import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The orders subgraph's ReturnRequest as finance extends it: only the key, plus finance's
 * `creditNote` (docs/graph-contract.md: a contributing subgraph declares a stub with the key).
 */
// The owner's description, word for word: composition would otherwise show the stub's.
@ObjectType('ReturnRequest', {
  description: 'A dealer’s return of delivered goods, or a receipt’s discrepancy claim (退货/索赔).',
})
@Directive('@key(fields: "id")')
export class ReturnRequestRef {
  @Field(() => ID, { description: 'Stable return id ("ret_…").' })
  id!: string;
}

/** Builds a ReturnRequest stub for a return id. */
export function returnRequestRef(id: string): ReturnRequestRef {
  return Object.assign(new ReturnRequestRef(), { id });
}
