import { Grant } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Dealer } from '../entities/dealer.entity.js';
import { Region } from '../entities/region.entity.js';
import { User } from '../entities/user.entity.js';
import type { DealersContext } from '../dealers-context.js';
import { UserFilter } from '../schema/user-admin.input.js';
import { UserConnection } from '../schema/user-admin.type.js';
import { UserQueryService } from '../services/user-query.service.js';
import { UserService } from '../services/user.service.js';

const users = new UserService();
const queries = new UserQueryService();

/** Who is told a user's account details (last login, invitation, why disabled), besides the user itself. */
const ACCOUNT_READERS =
  "head office, the admin of the user's dealer and the manager of its region; null for anyone else";

@Resolver(() => User)
export class UserResolver {
  @Authorized(Grant.ANYONE)
  @Query(() => User, {
    nullable: true,
    description: 'The logged-in user; null when the caller is anonymous, a partner key or a service.',
  })
  me(@Ctx() ctx: DealersContext) {
    return users.me(ctx);
  }

  @Authorized(Grant.HQ_ADMIN, Grant.REGION_MANAGER, Grant.DEALER_ADMIN, Grant.SERVICE)
  @Query(() => UserConnection, {
    description:
      'The users the caller administers or oversees, by username (Relay cursors): head office all; a regional ' +
      "manager the users of its region's dealers (read only); a dealer admin its own dealer's users.",
  })
  users(
    @Ctx() ctx: DealersContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => UserFilter, { nullable: true, description: 'Conditions the users must meet.' })
    filter?: UserFilter,
  ) {
    return queries.list(ctx, { first, after, filter });
  }

  @FieldResolver(() => Dealer, {
    nullable: true,
    description: 'The dealer a dealer user acts for; null for head office and managers.',
  })
  dealer(@Root() user: User, @Ctx() ctx: DealersContext) {
    return users.dealer(ctx, user);
  }

  @FieldResolver(() => Region, { nullable: true, description: "A manager's region, or a dealer user's home region." })
  region(@Root() user: User, @Ctx() ctx: DealersContext) {
    return users.region(ctx, user);
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: `When the user last logged in (null if never); told to the user, ${ACCOUNT_READERS}.`,
  })
  lastLoginAt(@Root() user: User, @Ctx() ctx: DealersContext) {
    return queries.accountDetail(ctx, user, (u) => u.lastLoginAt);
  }

  @FieldResolver(() => Date, {
    nullable: true,
    description: `When the user was invited (null for users that were not); told to the user, ${ACCOUNT_READERS}.`,
  })
  invitedAt(@Root() user: User, @Ctx() ctx: DealersContext) {
    return queries.accountDetail(ctx, user, (u) => u.invitedAt);
  }

  @FieldResolver(() => Boolean, {
    nullable: true,
    description:
      'True while an invitation or password-reset link of the user is open (unused and unexpired); ' +
      `told to the user, ${ACCOUNT_READERS}.`,
  })
  invitationPending(@Root() user: User, @Ctx() ctx: DealersContext) {
    return queries.invitationPending(ctx, user);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: `Why the user was disabled (null while enabled); told to the user, ${ACCOUNT_READERS}.`,
  })
  disabledReason(@Root() user: User, @Ctx() ctx: DealersContext) {
    return queries.accountDetail(ctx, user, (u) => u.disabledReason);
  }
}
