import { connectionType, UserError } from '@dnp/subgraph-kit';
import { Field, ObjectType } from 'type-graphql';
import { User } from '../entities/user.entity.js';

/** A page of users (`UserConnection` with `UserEdge`), Relay-style. */
export const UserConnection = connectionType(User, 'User', 'user');

@ObjectType({ description: 'The answer of inviteUser and resetUserPassword: the user and its one-time link.' })
export class InviteUserPayload {
  @Field(() => User, { nullable: true, description: 'The user; null when the input was refused.' })
  user!: User | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The link where the user sets its password (`<storefront>/invite/<token>`). Shown only in this answer: ' +
      'it is never stored or shown again. Null when the input was refused.',
  })
  invitationUrl!: string | null;

  @Field(() => Date, { nullable: true, description: 'When the link stops working; null when refused.' })
  expiresAt!: Date | null;

  @Field(() => [UserError], { description: 'Why the input was refused (one code each); empty on success.' })
  errors!: UserError[];
}

@ObjectType({ description: 'The answer of setUserRole.' })
export class UserPayload {
  @Field(() => User, { nullable: true, description: 'The user as it stands now; null when the input was refused.' })
  user!: User | null;

  @Field(() => [UserError], { description: 'Why the input was refused (one code each); empty on success.' })
  errors!: UserError[];
}
