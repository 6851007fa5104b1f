import type { ApolloServer } from '@apollo/server';
import { TtlCache } from '@dnp/subgraph-kit/ttl-cache';
import type { Viewer } from '@dnp/subgraph-kit/viewer';
import type { FormattedExecutionResult } from 'graphql';
import type { GatewayContext } from '../gateway-context.js';
import { InternalTokens } from '../viewer-cache.js';
import type { EventQueryExecutor } from './subscription-engine.js';

/**
 * Runs the engine's re-read queries through the gateway's own Apollo Server (same parse and
 * validation caches, query planner and subgraph data sources as HTTP), as the subscriber's
 * viewer. Internal viewer tokens come from one `InternalTokens` per viewer scope (signed per
 * subgraph, renewed before expiry, as for HTTP requests), so thousands of subscribers cost no
 * signing per event.
 */
export function apolloEventExecutor(
  apollo: ApolloServer<GatewayContext>,
  internalSecret: string,
  maxScopes = 10_000,
): EventQueryExecutor {
  const byScope = new TtlCache<InternalTokens>(Infinity, maxScopes);
  const tokensOf = (scopeKey: string, viewer: Viewer): InternalTokens => {
    let tokens = byScope.get(scopeKey);
    if (!tokens) {
      tokens = new InternalTokens(internalSecret, viewer);
      byScope.set(scopeKey, tokens);
    }
    return tokens;
  };
  let sequence = 0;
  return async ({ query, variables, viewer, scopeKey }) => {
    const response = await apollo.executeOperation(
      { query, variables },
      {
        contextValue: {
          viewer: { ...viewer },
          requestId: `sub-${process.pid}-${++sequence}`,
          clientIp: 'subscription',
          viewerToken: (subgraph: string) => tokensOf(scopeKey, viewer).get(subgraph),
        },
      },
    );
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not used for subscription re-reads');
    return response.body.singleResult as FormattedExecutionResult;
  };
}
