import type { ApolloServerPlugin } from '@apollo/server';
import { ServiceClient } from '@dnp/subgraph-kit/service-client';
import { GraphQLError } from 'graphql';
import type { GatewayContext } from '../gateway-context.js';
import { fieldNeed, type GatewayFeature } from '../gateway-feature.js';
import { PartnerKeys } from '../partner-keys.js';

/** The query the key lookup asks of the subgraph that resolves it (dealers on this platform). */
const LOOKUP_FIELD = 'partnerKeyIdentity';

/**
 * Partner API keys (`x-api-key`, `Authorization: ApiKey …`): looked up through `Query.partnerKeyIdentity`
 * on the subgraph that resolves it, cached and rate-limited per key, read-only. Without the lookup an API
 * key is refused as unknown.
 */
export const partnerKeysFeature: GatewayFeature = {
  name: 'partner-keys',
  needs: (graph) => [fieldNeed(graph, 'Query', LOOKUP_FIELD)],
  install(host) {
    const { config, graph } = host;
    const owner = graph.fieldOwners('Query', LOOKUP_FIELD)[0]!;
    const client = new ServiceClient({
      caller: 'gateway',
      target: owner,
      url: graph.url(owner),
      secret: config.INTERNAL_JWT_SECRET,
      timeoutMs: 5000,
    });
    const keys = new PartnerKeys(
      client,
      config.INTERNAL_JWT_SECRET,
      host.rateLimits,
      config.PARTNER_KEY_CACHE_SECONDS * 1000,
    );
    host.partnerKeys = keys;
    host.plugins.push(partnerReadOnlyPlugin());
    host.onClose(() => keys.close());
  },
};

/** Partner keys only read: any mutation or subscription with a key is refused (subgraphs refuse too). */
function partnerReadOnlyPlugin(): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, contextValue }) {
          if (contextValue.viewer?.role === 'PARTNER' && operation?.operation !== 'query') {
            throw new GraphQLError('Partner API keys are read-only', {
              extensions: { code: 'FORBIDDEN', http: { status: 403 } },
            });
          }
        },
      };
    },
  };
}
