import { Field, InputType, Int } from 'type-graphql';

/** One access token the gateway asks about (its `sid`, `sub` and `iat` claims). */
@InputType({ description: 'An access token to check: its session, user and issue time.' })
export class SessionCheckInput {
  @Field(() => String, {
    nullable: true,
    description: "The token's `sid` claim (absent in tokens issued before sessions existed).",
  })
  sessionId?: string | null;

  @Field(() => String, { description: "The token's subject (user id)." })
  userId!: string;

  @Field(() => Int, { description: "The token's `iat` claim (epoch seconds)." })
  issuedAt!: number;
}
