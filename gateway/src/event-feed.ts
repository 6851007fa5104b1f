import { createEventFeed, eventBusConfig, type EventFeed } from '@dnp/event-bus';
import { Role, signViewerToken, VIEWER_HEADER } from '@dnp/subgraph-kit';
import type { Logger } from 'pino';
import type { GatewayConfig } from './config.js';

/**
 * The gateway's fan-out feed of every subgraph's committed events, from its configuration:
 * with EVENT_BUS=redis the global Redis stream; on the embedded default each subgraph's
 * `/events` stream (`subgraphUrls`: name → its /graphql URL), read with a SERVICE token signed
 * for each connection. Open one `read` per gateway process and fan out in memory.
 */
export function createGatewayEventFeed(
  config: Pick<GatewayConfig, 'EVENT_BUS' | 'REDIS_URL' | 'EVENT_STREAM_PREFIX' | 'INTERNAL_JWT_SECRET'>,
  subgraphUrls: Record<string, string>,
  log?: Logger,
): EventFeed {
  return createEventFeed(eventBusConfig(config), {
    sources: subgraphUrls,
    headers: async (source) => ({
      [VIEWER_HEADER]: await signViewerToken(config.INTERNAL_JWT_SECRET, source, {
        userId: 'gateway',
        role: Role.SERVICE,
      }),
    }),
    log,
  });
}
