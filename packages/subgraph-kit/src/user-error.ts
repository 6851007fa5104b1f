import 'reflect-metadata';
import { Directive, Field, ObjectType } from 'type-graphql';

/**
 * An expected business failure returned in a mutation's payload (`errors: [UserError!]!`);
 * when a payload carries any, nothing was written. Identical in every subgraph (`@shareable`).
 */
@ObjectType({
  description:
    'An expected business failure of a mutation, returned in its payload; when there is one, nothing was written.',
})
@Directive('@shareable')
export class UserError {
  @Field(() => String, {
    description: 'Stable SCREAMING_SNAKE_CASE code, e.g. "INSUFFICIENT_STOCK" or "CREDIT_LIMIT_EXCEEDED".',
  })
  code!: string;

  @Field(() => String, { description: 'Human-readable explanation.' })
  message!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Input field the error refers to (e.g. "lines[2].quantity"); null when it concerns the whole input.',
  })
  field!: string | null;
}

/**
 * An expected business failure as a service returns it: plain data, so services stay free of GraphQL
 * classes. Resolvers translate it into `UserError` with `toUserErrors` when they build a payload.
 */
export interface DomainError {
  code: string;
  message: string;
  field: string | null;
}

/** A `DomainError`; `field` names the input field it concerns, null for the whole input. */
export function domainError(code: string, message: string, field: string | null = null): DomainError {
  return { code, message, field };
}

/** The GraphQL `UserError`s of a payload, from a service's domain errors. */
export function toUserErrors(errors: readonly DomainError[]): UserError[] {
  return errors.map((e) => Object.assign(new UserError(), { code: e.code, message: e.message, field: e.field }));
}
