import { z } from 'zod';

/** Development-only default secret; `parseConfig` refuses it when NODE_ENV=production. */
export const DEV_SECRET = 'dev-only-secret-change-me-in-production-0000';

/** Configuration every subgraph shares; a service's own `config.ts` extends it. */
export const baseSubgraphConfig = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** sqlite (embedded default), mariadb or mysql. */
  DB_CLIENT: z.enum(['sqlite', 'mariadb', 'mysql']).default('sqlite'),
  /** SQLite file, used when DB_CLIENT=sqlite. */
  DB_PATH: z.string().optional(),
  /** mysql://user:pass@host:port/database, used when DB_CLIENT is mariadb or mysql. */
  DB_URL: z.string().optional(),
  DB_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  /** Secret shared with the gateway to verify the forwarded viewer token. */
  INTERNAL_JWT_SECRET: z.string().min(16).default(DEV_SECRET),
  /** Exit when standard input closes: set by the runner so no process outlives its parent. */
  EXIT_WITH_PARENT: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  /** Direct URLs of other subgraphs for service calls, as `name=url,…` (see `serviceUrls`). */
  SUBGRAPH_URLS: z.string().default(''),
  /** Event transport: `embedded` (each subgraph serves its outbox at GET /events) or `redis` (Redis Streams). */
  EVENT_BUS: z.enum(['embedded', 'redis']).default('embedded'),
  /** redis://host:port, required when EVENT_BUS=redis. */
  REDIS_URL: z.string().optional(),
  /** Key prefix of the Redis stream (`<prefix>:events`). */
  EVENT_STREAM_PREFIX: z.string().regex(/^[A-Za-z0-9_.:-]+$/).default('dnp'),
  /** Approximate cap on the Redis stream's length (older entries are trimmed). */
  EVENT_STREAM_MAXLEN: z.coerce.number().int().min(1000).max(100_000_000).default(100_000),
  /** Safety-net interval of the outbox relay (it also wakes right after each commit with events). */
  EVENT_RELAY_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  /** On SIGTERM/SIGINT, how long requests in flight may take to finish before they are cut off, in ms. */
  SHUTDOWN_GRACE_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  /** Seed demo data when the database is empty. */
  SEED_DEMO_DATA: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});
export type BaseSubgraphConfig = z.infer<typeof baseSubgraphConfig>;

/**
 * Parses an environment with a zod schema and stops the process with a readable list of
 * problems when it does not fit, so a misconfigured service never half-starts.
 */
export function parseConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>, service: string): z.infer<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new Error(`Invalid configuration for ${service}:\n${lines.join('\n')}`);
  }
  const cfg = result.data as BaseSubgraphConfig;
  if (cfg.DB_CLIENT !== 'sqlite' && !cfg.DB_URL) {
    throw new Error(`Invalid configuration for ${service}:\n  - DB_URL: required when DB_CLIENT=${cfg.DB_CLIENT}`);
  }
  const bus = result.data as { EVENT_BUS?: string; REDIS_URL?: string };
  if (bus.EVENT_BUS === 'redis' && !bus.REDIS_URL) {
    throw new Error(`Invalid configuration for ${service}:\n  - REDIS_URL: required when EVENT_BUS=redis`);
  }
  if (cfg.NODE_ENV === 'production') {
    for (const [key, value] of Object.entries(result.data as Record<string, unknown>)) {
      if (value === DEV_SECRET) throw new Error(`Invalid configuration for ${service}:\n  - ${key}: must be set in production`);
    }
  }
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
  const urls = { ...DEFAULT_SUBGRAPH_URLS };
  for (const part of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    const i = part.indexOf('=');
    if (i <= 0) throw new Error(`Invalid configuration: SUBGRAPH_URLS entry "${part}" is not name=url`);
    urls[part.slice(0, i)] = part.slice(i + 1);
  }
  return urls;
}
