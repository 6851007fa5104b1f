import { UserError } from '@dnp/subgraph-kit';
import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Why one named serial code cannot be shipped or returned.' })
export class CodeProblem {
  @Field(() => String, { description: 'The code as it was given.' })
  code!: string;

  @Field(() => String, {
    description:
      'SERIAL_CODE_UNKNOWN, SERIAL_CODE_DUPLICATE, SERIAL_CODE_NOT_IN_WAREHOUSE, SERIAL_CODE_PRODUCT_MISMATCH, ' +
      'SERIAL_CODES_EXCEED_QUANTITY, SERIAL_CODE_NOT_OWNED or TOO_MANY_SERIAL_CODES.',
  })
  errorCode!: string;

  @Field(() => String, { description: 'Human-readable explanation.' })
  message!: string;
}

@ObjectType({ description: 'Result of shipping, receiving or returning serial codes (service only).' })
export class CodeBatchPayload {
  @Field(() => Int, {
    description: 'Codes changed, contents of cases and pallets included; a replay answers the first count.',
  })
  codeCount!: number;

  @Field(() => [UserError], { description: 'Business failures; empty on success (then nothing was written).' })
  errors!: UserError[];
}
