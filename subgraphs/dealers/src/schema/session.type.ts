import { Field, Int, ObjectType } from 'type-graphql';

/** The answer to one session check the gateway asks for. */
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
