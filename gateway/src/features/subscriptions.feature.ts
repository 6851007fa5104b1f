import type { ValidationRule } from 'graphql';
import type { GatewayFeature } from '../gateway-feature.js';
import { withLimitCodes } from '../operation-limits.js';
import { apolloEventExecutor } from '../subscriptions/event-query-executor.js';
import { SubscriptionEngine } from '../subscriptions/subscription-engine.js';
import { SUBSCRIPTION_FIELDS, type SubscriptionFieldSpec } from '../subscriptions/subscription-fields.js';
import {
  attachSubscriptionServer,
  validatorWithRules,
  type ConnectionIdentity,
} from '../subscriptions/subscription-server.js';
import type { SupergraphInfo } from '../supergraph-info.js';

/** The `SUBSCRIPTION_FIELDS` rows this supergraph can serve: its Subscription field and by-id query exist. */
export function servedSubscriptionFields(graph: SupergraphInfo): SubscriptionFieldSpec[] {
  return SUBSCRIPTION_FIELDS.filter(
    (f) => graph.hasField('Subscription', f.field) && graph.hasField('Query', f.byIdQuery),
  );
}

/**
 * Subscriptions: graphql-ws on the same server and path, fed by the process's one event feed, each
 * event's subject re-read through the supergraph with the subscriber's scope, with the HTTP path's
 * identity and operation limits. Serves only the rows of `SUBSCRIPTION_FIELDS` whose fields and by-id
 * queries the supergraph has; attached when there is at least one.
 */
export function subscriptionsFeature(validationRules?: ValidationRule[]): GatewayFeature {
  return {
    name: 'subscriptions',
    needs: (graph) => [
      {
        what: 'a Subscription field of SUBSCRIPTION_FIELDS with its by-id query',
        met: servedSubscriptionFields(graph).length > 0,
      },
    ],
    install(host) {
      const { config, log, limits } = host;
      const fields = servedSubscriptionFields(host.graph);
      let engine: SubscriptionEngine | undefined;
      let server: ReturnType<typeof attachSubscriptionServer> | undefined;
      host.onListen(async (gateway) => {
        engine = new SubscriptionEngine({
          feed: host.feed(),
          execute: apolloEventExecutor(gateway.apollo, config.INTERNAL_JWT_SECRET),
          fields,
          log: log.child({ component: 'subscriptions' }),
          maxQueue: config.SUBSCRIPTION_QUEUE_LIMIT,
          replayLimit: config.SUBSCRIPTION_REPLAY_LIMIT,
          concurrency: config.SUBSCRIPTION_CONCURRENCY,
        });
        await engine.start();
        server = attachSubscriptionServer({
          server: gateway.server,
          path: '/graphql',
          engine,
          schema: gateway.apiSchema,
          authenticate: async (authorization): Promise<ConnectionIdentity> => {
            const { viewer, session } = await host.viewers.resolve(authorization);
            const sessions = host.sessions;
            if (!session) return { viewer, accessExpMs: Infinity };
            if (!sessions) return { viewer, accessExpMs: session.expMs };
            await sessions.check(session);
            return {
              viewer,
              accessExpMs: session.expMs,
              watch: (close) => sessions.watch(session, close),
              revoked: () => sessions.isRevoked(session),
            };
          },
          // The HTTP path's operation limits (armor's rules, our cost with the variables) apply here too.
          validate: withLimitCodes(validatorWithRules(validationRules ?? limits.validationRules)),
          checkOperation: limits.checkCost,
          fields,
          maxSubscriptionsPerConnection: config.SUBSCRIPTIONS_PER_CONNECTION,
          log: log.child({ component: 'subscriptions' }),
          production: config.NODE_ENV === 'production',
        });
      });
      host.status('subscriptions', () => {
        if (!engine) return undefined;
        const s = engine.stats;
        return { active: s.subscribers, events: s.events, reReads: s.executions, reReadEvents: s.batched };
      });
      host.onClose(async () => {
        await server?.close();
        await engine?.close();
      });
    },
  };
}
