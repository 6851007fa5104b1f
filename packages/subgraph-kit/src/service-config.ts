import { z } from 'zod';
import { baseConfig, baseConfigProblems, nameValuePairs } from './base-config.js';

/**
 * Configuration every subgraph shares: the base the gateway shares too, plus the database, the
 * outbox relay and seeding. A service's own `config.ts` extends it.
 */
export const baseSubgraphConfig = baseConfig.extend({
  /** sqlite (embedded default), mariadb or mysql. */
  DB_CLIENT: z.enum(['sqlite', 'mariadb', 'mysql']).default('sqlite'),
  /** SQLite file, used when DB_CLIENT=sqlite. */
  DB_PATH: z.string().optional(),
  /** mysql://user:pass@host:port/database, used when DB_CLIENT is mariadb or mysql. */
  DB_URL: z.string().optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Approximate cap on the Redis stream's length (older entries are trimmed). */
  EVENT_STREAM_MAXLEN: z.coerce.number().int().min(1000).max(100_000_000).default(100_000),
  /** Safety-net interval of the outbox relay (it also wakes right after each commit with events). */
  EVENT_RELAY_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** On SIGTERM/SIGINT, how long requests in flight may take to finish before they are cut off, in ms. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /**
   * Attempts an event consumer makes at one event (with backoff) before it records the event in
   * `consumer_dead_letter` and skips it (see `startEventConsumers`).
   */
  CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(1000).default(10),
  /** Seed demo data when the database is empty. */
  SEED_DEMO_DATA: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});
export type BaseSubgraphConfig = z.infer<typeof baseSubgraphConfig>;

/**
 * Parses an environment with a zod schema and stops the process with a readable list of
 * problems when it does not fit, so a misconfigured service never half-starts.
 */
export function parseConfig<S extends z.ZodType>(
  schema: S,
  env: Record<string, string | undefined>,
  service: string,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid configuration for ${service}:\n${lines.join('\n')}`);
  }
  const cfg = result.data as BaseSubgraphConfig;
  if (cfg.DB_CLIENT !== 'sqlite' && !cfg.DB_URL) {
    throw new Error(`Invalid configuration for ${service}:\n  - DB_URL: required when DB_CLIENT=${cfg.DB_CLIENT}`);
  }
  const problem = baseConfigProblems(result.data as Record<string, unknown>)[0];
  if (problem) throw new Error(`Invalid configuration for ${service}:\n  - ${problem.key}: ${problem.message}`);
  return result.data;
}

/** Default direct URLs of the subgraphs on the embedded runtime. */
export const DEFAULT_SUBGRAPH_URLS: Record<string, string> = {
  products: 'http://127.0.0.1:4001/graphql',
  dealers: 'http://127.0.0.1:4002/graphql',
  pricing: 'http://127.0.0.1:4003/graphql',
  inventory: 'http://127.0.0.1:4004/graphql',
  orders: 'http://127.0.0.1:4005/graphql',
  finance: 'http://127.0.0.1:4006/graphql',
  traceability: 'http://127.0.0.1:4007/graphql',
};

/** Parses `SUBGRAPH_URLS` (`name=url,…`) over the embedded defaults. */
export function serviceUrls(text: string): Record<string, string> {
  return { ...DEFAULT_SUBGRAPH_URLS, ...nameValuePairs(text, 'SUBGRAPH_URLS') };
}
