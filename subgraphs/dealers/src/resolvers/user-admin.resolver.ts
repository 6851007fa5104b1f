import { Grant } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { DealersContext } from '../dealers-context.js';
import { User } from '../entities/user.entity.js';
import type { UserAdminService } from '../services/user-admin.service.js';

/** Builds the disable/enable resolver around a UserAdminService (which holds the session settings). */
export function createUserAdminResolver(admin: UserAdminService) {
  @Resolver(() => User)
  class UserAdminResolver {
    @Authorized(Grant.HQ_ADMIN, Grant.DEALER_ADMIN)
    @Mutation(() => User, {
      description:
        'Disables a user: it cannot log in, and every session of it ends at once (its access tokens are ' +
        'refused, its live connections closed, its refresh tokens revoked). ' +
        'Head office: any user; a dealer admin: the users of its own dealer. Fails with NOT_FOUND (unknown ' +
        'or out of reach), CANNOT_DISABLE_SELF or BAD_USER_INPUT. Disabling again changes nothing.',
    })
    disableUser(
      @Ctx() ctx: DealersContext,
      @Arg('id', () => ID, { description: 'The user to disable.' }) id: string,
      @Arg('reason', () => String, {
        nullable: true,
        description: 'Why, up to 500 characters (kept with the user and in the audit log).',
      })
      reason?: string | null,
    ) {
      return admin.disable(ctx, id, reason);
    }

    @Authorized(Grant.HQ_ADMIN, Grant.DEALER_ADMIN)
    @Mutation(() => User, {
      description:
        'Enables a disabled user again (its earlier sessions stay ended). Same rights as disableUser. Fails ' +
        'with NOT_FOUND or BAD_USER_INPUT. Enabling again changes nothing.',
    })
    enableUser(@Ctx() ctx: DealersContext, @Arg('id', () => ID, { description: 'The user to enable.' }) id: string) {
      return admin.enable(ctx, id);
    }
  }
  return UserAdminResolver;
}
