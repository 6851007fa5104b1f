import { Field, InputType, Int, ObjectType } from 'type-graphql';

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

@ObjectType({ description: "Whether an access token's session still stands." })
export class SessionStatus {
  @Field(() => String, { nullable: true, description: 'As asked.' })
  sessionId!: string | null;

  @Field(() => String, { description: 'As asked.' })
  userId!: string;

  @Field(() => Int, { description: 'As asked.' })
  issuedAt!: number;

  @Field(() => Boolean, {
    description: 'True when the token must be refused: the session ended or the user is disabled.',
  })
  revoked!: boolean;
}
