import { Grant, Grants, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { DealersContext } from '../dealers-context.js';
import { User } from '../entities/user.entity.js';
import { InviteUserInput, SetUserRoleInput } from '../schema/user-admin.input.js';
import { InviteUserPayload, UserPayload } from '../schema/user-admin.type.js';
import type { InvitationResult, UserAdminService, UserResult } from '../services/user-admin.service.js';

/** An invitation result as its payload. */
function invitationPayload(result: InvitationResult): InviteUserPayload {
  return Object.assign(new InviteUserPayload(), { ...result, errors: toUserErrors(result.errors) });
}

/** A setUserRole result as its payload. */
function userPayload(result: UserResult): UserPayload {
  return Object.assign(new UserPayload(), { user: result.user, errors: toUserErrors(result.errors) });
}

/**
 * Builds the user administration resolver around a UserAdminService (which holds the session and
 * invitation settings).
 */
export function createUserAdminResolver(admin: UserAdminService) {
  @Resolver(() => User)
  class UserAdminResolver {
    @Authorized(...Grants.USER_ADMINS)
    @Mutation(() => InviteUserPayload, {
      description:
        'Invites a user: creates it without a password (it cannot log in) and answers the one-time link where it ' +
        'sets one (acceptInvitation). Head office: any role (REGION_MANAGER with its region, WAREHOUSE_OPERATOR ' +
        'with its warehouses) and dealer users of any dealer; a dealer admin: DEALER_ADMIN or DEALER_STAFF of its ' +
        'own dealer. Refusals: USERNAME_INVALID, USERNAME_TAKEN, ROLE_NOT_ALLOWED, REGION_REQUIRED, REGION_UNKNOWN, ' +
        'WAREHOUSES_REQUIRED, DEALER_REQUIRED, DEALER_NOT_ACTIVE; NOT_FOUND for a dealer out of reach.',
    })
    inviteUser(
      @Ctx() ctx: DealersContext,
      @Arg('input', () => InviteUserInput, { description: 'The new user.' }) input: InviteUserInput,
    ) {
      return admin.invite(ctx, input).then(invitationPayload);
    }

    @Authorized(...Grants.USER_ADMINS)
    @Mutation(() => UserPayload, {
      description:
        "Changes a user's role, with the region or warehouses it needs; every session of the user ends at once " +
        '(its next login carries the new role). Same rights as inviteUser; a dealer user stays a dealer user and a ' +
        'brand user a brand user. Refusals: CANNOT_CHANGE_OWN_ROLE, ROLE_NOT_ALLOWED, REGION_REQUIRED, ' +
        'REGION_UNKNOWN, WAREHOUSES_REQUIRED; NOT_FOUND for a user out of reach. The same role again changes nothing.',
    })
    setUserRole(
      @Ctx() ctx: DealersContext,
      @Arg('input', () => SetUserRoleInput, { description: 'The user and its new role.' }) input: SetUserRoleInput,
    ) {
      return admin.setRole(ctx, input).then(userPayload);
    }

    @Authorized(...Grants.USER_ADMINS)
    @Mutation(() => InviteUserPayload, {
      description:
        "Resets a user's password: no password logs it in any more, every session of it ends at once, and the " +
        'answer holds a one-time link where it sets a new one (acceptInvitation; a disabled user stays disabled). ' +
        'Same rights as disableUser; NOT_FOUND for a user out of reach.',
    })
    resetUserPassword(
      @Ctx() ctx: DealersContext,
      @Arg('id', () => ID, { description: 'The user whose password to reset.' }) id: string,
    ) {
      return admin.resetPassword(ctx, id).then(invitationPayload);
    }

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
