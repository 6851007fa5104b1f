import { Field, ObjectType } from 'type-graphql';
import { User } from '../entities/user.entity.js';

/** What login and refresh return: a new token pair and its user. */
@ObjectType({ description: 'The tokens of a session and the user they belong to.' })
export class AuthPayload {
  @Field(() => String, {
    description: 'Bearer token for the gateway (HS256 JWT, short-lived); send as `Authorization: Bearer …`.',
  })
  accessToken!: string;

  @Field(() => String, {
    description: 'Opaque token that buys a new token pair once through `refreshToken`; keep it secret.',
  })
  refreshToken!: string;

  @Field(() => Date, { description: 'When the access token expires.' })
  expiresAt!: Date;

  @Field(() => User, { description: 'The logged-in user.' })
  user!: User;
}
