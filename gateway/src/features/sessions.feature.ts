import { ServiceClient } from '@dnp/subgraph-kit/service-client';
import { fieldNeed, type GatewayFeature } from '../gateway-feature.js';
import { SessionRevocation } from '../session-revocation.js';

/** The query the session check asks of the subgraph that resolves it (dealers on this platform). */
const STATUS_FIELD = 'sessionStatuses';

/**
 * Session checks: an access token whose session has ended (logout, disabled user) is refused at once,
 * asked through `Query.sessionStatuses` and kept current by the revocation events of the event feed
 * (session-revocation.ts). Without it access tokens stand until they expire.
 */
export const sessionsFeature: GatewayFeature = {
  name: 'sessions',
  needs: (graph) => [fieldNeed(graph, 'Query', STATUS_FIELD)],
  install(host) {
    const { config, graph } = host;
    const owner = graph.fieldOwners('Query', STATUS_FIELD)[0]!;
    const sessions = new SessionRevocation({
      dealers: new ServiceClient({
        caller: 'gateway',
        target: owner,
        url: graph.url(owner),
        secret: config.INTERNAL_JWT_SECRET,
        timeoutMs: 5000,
      }),
      checkMs: config.SESSION_CHECK_SECONDS * 1000,
      redisUrl: config.REDIS_URL,
      log: host.log.child({ component: 'sessions' }),
    });
    host.sessions = sessions;
    host.onListen(() => sessions.start(host.feed()));
    host.onClose(() => sessions.close());
  },
};
