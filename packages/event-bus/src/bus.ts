import type { Logger } from 'pino';
import type { EventFeed } from './event.js';
import { HttpEventFeed } from './http-stream.js';
import { RedisEventFeed, RedisPublisher } from './redis.js';
import { outboxOnlyPublisher, type EventPublisher } from './relay.js';

/**
 * Which transport carries events, as the services' `config.ts` files parse it from
 * `EVENT_BUS`, `REDIS_URL`, `EVENT_STREAM_PREFIX` and `EVENT_STREAM_MAXLEN`.
 */
export type EventBusConfig = { kind: 'embedded' } | { kind: 'redis'; url: string; prefix: string; maxLen?: number };

/** Builds an EventBusConfig from parsed config values (no environment access here). */
export function eventBusConfig(values: {
  EVENT_BUS: 'embedded' | 'redis';
  REDIS_URL?: string;
  EVENT_STREAM_PREFIX?: string;
  EVENT_STREAM_MAXLEN?: number;
}): EventBusConfig {
  if (values.EVENT_BUS === 'embedded') return { kind: 'embedded' };
  if (!values.REDIS_URL) throw new Error('REDIS_URL is required when EVENT_BUS=redis');
  return {
    kind: 'redis',
    url: values.REDIS_URL,
    prefix: values.EVENT_STREAM_PREFIX ?? 'dnp',
    maxLen: values.EVENT_STREAM_MAXLEN,
  };
}

/** The publisher a subgraph's relay uses: XADD to Redis, or none (the embedded outbox stream serves itself). */
export function createEventPublisher(config: EventBusConfig, log?: Logger): EventPublisher {
  return config.kind === 'redis'
    ? new RedisPublisher({ url: config.url, prefix: config.prefix, maxLen: config.maxLen, log })
    : outboxOnlyPublisher;
}

/**
 * The fan-out feed a gateway reads. Redis: the global stream. Embedded: every subgraph's
 * `/events` stream, `sources` mapping subgraph name to its `/graphql` or `/events` URL, with
 * `headers` giving each connection a SERVICE token.
 */
export function createEventFeed(
  config: EventBusConfig,
  opts: {
    sources?: Record<string, string>;
    headers?: (source: string) => Promise<Record<string, string>>;
    log?: Logger;
  } = {},
): EventFeed {
  if (config.kind === 'redis') return new RedisEventFeed({ url: config.url, prefix: config.prefix, log: opts.log });
  const sources: Record<string, string> = {};
  for (const [name, url] of Object.entries(opts.sources ?? {})) sources[name] = url.replace(/\/graphql\/?$/, '/events');
  if (!Object.keys(sources).length) throw new Error("The embedded event feed needs the subgraphs' URLs (sources)");
  return new HttpEventFeed({ sources, headers: opts.headers, log: opts.log });
}
