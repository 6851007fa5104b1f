import { connectionType, UserError } from '@dnp/subgraph-kit';
import { Field, ObjectType } from 'type-graphql';
import { ReturnRequest } from '../entities/return-request.entity.js';

/** A page of return requests (Query.returns). */
export const ReturnRequestConnection = connectionType(ReturnRequest, 'ReturnRequest', 'return request');

@ObjectType({ description: 'The answer of requestReturn, reviewReturn and receiveReturn.' })
export class ReturnPayload {
  @Field(() => ReturnRequest, {
    nullable: true,
    description: 'The return as it stands now; null when the input was refused.',
  })
  returnRequest!: ReturnRequest | null;

  @Field(() => [UserError], { description: 'Why the input was refused (one code each); empty on success.' })
  errors!: UserError[];
}
