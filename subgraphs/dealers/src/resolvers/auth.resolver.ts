import { Grant } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { DealersContext } from '../dealers-context.js';
import type { AuthService } from '../services/auth.service.js';
import { LoginInput } from '../schema/auth.input.js';
import { AuthPayload } from '../schema/auth.type.js';
import { AcceptInvitationInput } from '../schema/user-admin.input.js';

/**
 * Builds the login/refresh resolver around an AuthService. A factory because the service holds
 * configuration (the signing secret) and type-graphql creates resolver instances itself; the
 * schema only includes the resolver classes it is given, so one class per schema is fine.
 */
export function createAuthResolver(auth: AuthService) {
  @Resolver()
  class AuthResolver {
    @Authorized(Grant.ANYONE)
    @Mutation(() => AuthPayload, {
      description:
        'Logs in with a username and password. Fails with INVALID_CREDENTIALS, ACCOUNT_DISABLED or BAD_USER_INPUT.',
    })
    login(
      @Ctx() ctx: DealersContext,
      @Arg('input', () => LoginInput, { description: 'The credentials.' }) input: LoginInput,
    ) {
      return auth.login(ctx, input);
    }

    @Authorized(Grant.ANYONE)
    @Mutation(() => AuthPayload, {
      description:
        'Sets the password of the user an invitation or password-reset link was issued for and logs it in ' +
        '(an invitation also enables the user). Each link works once, until it expires. Fails with ' +
        'INVITATION_INVALID (unknown, used or expired: one code for all), PASSWORD_TOO_WEAK (nothing written) or ' +
        'ACCOUNT_DISABLED (the password is set, but the user is disabled or its dealer has left the network).',
    })
    acceptInvitation(
      @Ctx() ctx: DealersContext,
      @Arg('input', () => AcceptInvitationInput, { description: 'The token and the chosen password.' })
      input: AcceptInvitationInput,
    ) {
      return auth.acceptInvitation(ctx, input);
    }

    @Authorized(Grant.ANYONE)
    @Mutation(() => AuthPayload, {
      description:
        'Exchanges a refresh token for a new token pair; the old refresh token stops working. Fails with ' +
        'INVALID_TOKEN, TOKEN_EXPIRED or ACCOUNT_DISABLED.',
    })
    refreshToken(
      @Ctx() ctx: DealersContext,
      @Arg('refreshToken', () => String, { description: 'The refresh token from `login` or the previous refresh.' })
      refreshToken: string,
    ) {
      return auth.refresh(ctx, refreshToken);
    }

    @Authorized(Grant.ANYONE)
    @Mutation(() => Boolean, {
      description:
        'Logs out: revokes the refresh token so the session cannot be renewed. True when a live token was ' +
        'revoked, false when it was unknown or already revoked.',
    })
    logout(
      @Ctx() ctx: DealersContext,
      @Arg('refreshToken', () => String, { description: 'The refresh token of the session to end.' })
      refreshToken: string,
    ) {
      return auth.logout(ctx, refreshToken);
    }
  }
  return AuthResolver;
}
