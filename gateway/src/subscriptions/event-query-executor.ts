import type { ApolloServer } from '@apollo/server';
import { signViewerToken, type Viewer } from '@dnp/subgraph-kit/viewer';
import type { FormattedExecutionResult } from 'graphql';
import type { GatewayContext } from '../gateway-context.js';
import type { EventQueryExecutor } from './subscription-engine.js';

const INTERNAL_TTL_SECONDS = 60;
const INTERNAL_RENEW_MS = 15_000;

/**
 * Runs the engine's re-read queries through the gateway's own Apollo Server (same parse and
 * validation caches, query planner and subgraph data sources as HTTP), as the subscriber's
 * viewer. The internal viewer token is signed once per viewer scope and renewed 15 s before it
 * expires, so thousands of subscribers cost no signing per event.
 */
export function apolloEventExecutor(apollo: ApolloServer<GatewayContext>, internalSecret: string, maxTokens = 10_000): EventQueryExecutor {
  const tokens = new Map<string, { token: Promise<string>; renewAt: number }>();
  // One token per viewer scope and subgraph: each is signed for the one subgraph it is sent to.
  const tokenFor = (scopeKey: string, subgraph: string, viewer: Viewer): Promise<string> => {
    const key = `${subgraph}\n${scopeKey}`;
    const now = Date.now();
    let entry = tokens.get(key);
    if (!entry || entry.renewAt <= now) {
      if (!entry && tokens.size >= maxTokens) tokens.delete(tokens.keys().next().value!);
      entry = { token: signViewerToken(internalSecret, subgraph, viewer, INTERNAL_TTL_SECONDS), renewAt: now + INTERNAL_TTL_SECONDS * 1000 - INTERNAL_RENEW_MS };
      tokens.set(key, entry);
    }
    return entry.token;
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
          viewerToken: (subgraph: string) => tokenFor(scopeKey, subgraph, viewer),
        },
      },
    );
    if (response.body.kind !== 'single') throw new Error('incremental delivery is not used for subscription re-reads');
    return response.body.singleResult as FormattedExecutionResult;
  };
}
