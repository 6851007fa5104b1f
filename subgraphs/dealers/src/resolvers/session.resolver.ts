import { Grant } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, Directive, Query, Resolver } from 'type-graphql';
import type { DealersContext } from '../dealers-context.js';
import type { SessionService } from '../services/session.service.js';
import { SessionCheckInput } from '../schema/session.input.js';
import { SessionStatus } from '../schema/session.type.js';

/** Builds the gateway's session-check resolver around a SessionService. */
export function createSessionResolver(sessions: SessionService) {
  @Resolver()
  class SessionResolver {
    @Authorized(Grant.SERVICE)
    @Query(() => [SessionStatus], {
      description:
        "Whether each access token's session still stands (at most 500 per call), in the order asked. " +
        'Service callers (the gateway) only; not exposed by the gateway.',
    })
    @Directive('@inaccessible')
    sessionStatuses(
      @Ctx() ctx: DealersContext,
      @Arg('sessions', () => [SessionCheckInput], { description: 'The tokens to check.' }) checks: SessionCheckInput[],
    ) {
      return sessions.statuses(ctx, checks);
    }
  }
  return SessionResolver;
}
