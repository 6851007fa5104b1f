import 'reflect-metadata';
import { Directive, Field, ObjectType } from 'type-graphql';

/**
 * An expected business failure returned in a mutation's payload (`errors: [UserError!]!`);
 * when a payload carries any, nothing was written. Identical in every subgraph (`@shareable`).
 */
@ObjectType({ description: 'An expected business failure of a mutation, returned in its payload; when there is one, nothing was written.' })
@Directive('@shareable')
export class UserError {
  @Field(() => String, { description: 'Stable SCREAMING_SNAKE_CASE code, e.g. "INSUFFICIENT_STOCK" or "CREDIT_LIMIT_EXCEEDED".' })
  code!: string;

  @Field(() => String, { description: 'Human-readable explanation.' })
  message!: string;

  @Field(() => String, { nullable: true, description: 'Input field the error refers to (e.g. "lines[2].quantity"); null when it concerns the whole input.' })
  field!: string | null;
}
