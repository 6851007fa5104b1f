import { baseConfig, baseConfigProblems, DEV_SECRET, nameValuePairs } from '@dnp/subgraph-kit/base-config';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { parseCorsOrigins } from './security-headers.js';

/** Gateway configuration (the kit's shared base, its own PORT default); the only place that reads the environment. */
const schema = baseConfig
  .extend({
    PORT: baseConfig.shape.PORT.default(4000),
    /** Any composed supergraph file; subgraph URLs inside it can be overridden below. */
    SUPERGRAPH_PATH: z.string().default(fileURLToPath(new URL('../../schema/supergraph.graphql', import.meta.url))),
    /** Verifies users' access tokens (signed by the dealers subgraph). */
    AUTH_JWT_SECRET: z.string().min(32).default(DEV_SECRET),
    /**
     * How long `/readyz` waits for each subgraph's answer to `{ __typename }` (ms) before reporting it
     * as not ready (`timeout`).
     */
    READY_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(2000),
    /** Max concurrent keep-alive connections per subgraph. */
    SUBGRAPH_CONNECTIONS: z.coerce.number().int().min(1).max(1024).default(64),
    /** Folders of built apps to serve, as `mount=folder` pairs, e.g. `/store=storefront-dealer/dist`. */
    STATIC_APPS: z.string().default(''),
    /**
     * Browser origins allowed to call the API cross-origin (comma-separated `scheme://host[:port]`);
     * empty (the default) allows none. `*` allows any origin but `null`, outside production only.
     */
    CORS_ORIGINS: z
      .string()
      .default('')
      .refine(
        (v) =>
          v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
            .every((o) => o === '*' || /^https?:\/\/[^/\s*]+$/.test(o)),
        'each origin must be scheme://host[:port] (no path, no "null"), or *',
      ),
    /**
     * Express `trust proxy`: `false`, `true`, a hop count or addresses; decides the client IP the
     * login limit counts.
     */
    TRUST_PROXY: z.string().default('false'),
    /**
     * @apollo/gateway reports usage to Apollo's endpoint unless this is `true` (it reads the process
     * environment when a gateway is built): off by default, `false` opts in.
     */
    APOLLO_TELEMETRY_DISABLED: z.enum(['true', 'false', '1', '0']).default('true'),
    /** Hide "Did you mean …" suggestions and stack traces; defaults to on when NODE_ENV=production. */
    HIDE_ERROR_DETAILS: z.enum(['true', 'false']).optional(),
    /** Largest accepted request body (express/bytes syntax, e.g. `100kb`). */
    MAX_BODY_SIZE: z
      .string()
      .regex(/^\d+(b|kb|mb)?$/i)
      .default('100kb'),
    /**
     * Largest body accepted from HQ and finance clerk access tokens (bank files travel base64 in
     * `importBankStatement`); the token is verified before the body is read. Everyone else keeps
     * MAX_BODY_SIZE.
     */
    MAX_FINANCE_BODY_SIZE: z
      .string()
      .regex(/^\d+(b|kb|mb)?$/i)
      .default('4mb'),
    /** Largest file `POST /uploads` accepts (express/bytes syntax); larger is refused with 413 UPLOAD_TOO_LARGE. */
    MAX_UPLOAD_SIZE: z
      .string()
      .regex(/^\d+(b|kb|mb)?$/i)
      .default('5mb'),
    /** Dealer applications (`submitDealerApplication`) one client IP may submit per hour. */
    APPLICATION_RATE_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(5),
    /** Failed invitation-link attempts (`acceptInvitation`) one client IP may make per hour. */
    INVITATION_RATE_PER_HOUR: z.coerce.number().int().min(1).max(10_000).default(20),
    /** Operation limits (docs/domain.md, Access; README "Limits"). */
    MAX_QUERY_CHARACTERS: z.coerce.number().int().min(100).default(15_000),
    MAX_QUERY_TOKENS: z.coerce.number().int().min(50).default(1_500),
    MAX_QUERY_DEPTH: z.coerce.number().int().min(2).default(16),
    MAX_QUERY_ALIASES: z.coerce.number().int().min(0).default(15),
    MAX_QUERY_DIRECTIVES: z.coerce.number().int().min(0).default(20),
    MAX_QUERY_COST: z.coerce.number().int().min(100).default(20_000),
    /**
     * Registered operations (codegen manifests): `off`, `allow` (hashes resolve; any document runs) or
     * `enforce` (first-party callers may only run registered ones).
     */
    TRUSTED_DOCUMENTS: z.enum(['off', 'allow', 'enforce']).default('allow'),
    /** Comma-separated manifest files (hash → document); defaults to the two apps' generated manifests. */
    TRUSTED_DOCUMENTS_PATHS: z.string().default(''),
    /** How long a resolved partner key is reused; a revoked key stops working within this time. */
    PARTNER_KEY_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
    /**
     * How long a "session still stands" answer is trusted before the dealers subgraph is asked
     * again (seconds, up to 2): the longest a revocation can take when its event is missed.
     */
    SESSION_CHECK_SECONDS: z.coerce.number().min(0).max(2).default(2),
    /** Failed logins allowed per login name and client IP before a lockout. */
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    /** Failed logins allowed per client IP (any login name) within the lockout window. */
    LOGIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(50),
    /** Lockout window in seconds: failures are counted over it, and a locked caller waits it out. */
    LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).default(900),
    /** Most graphql-ws subscriptions one connection may hold. */
    SUBSCRIPTIONS_PER_CONNECTION: z.coerce.number().int().min(1).max(1000).default(50),
    /** Undelivered messages one subscription may have queued before it is ended as too slow. */
    SUBSCRIPTION_QUEUE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(500),
    /** Most events a resuming subscription (`after`) may replay before it is refused. */
    SUBSCRIPTION_REPLAY_LIMIT: z.coerce.number().int().min(0).max(1_000_000).default(1000),
    /** Re-read queries for subscription events in flight at once per gateway. */
    SUBSCRIPTION_CONCURRENCY: z.coerce.number().int().min(1).max(1024).default(32),
  })
  .superRefine((cfg, ctx) => {
    for (const { key, message } of baseConfigProblems(cfg)) ctx.addIssue({ code: 'custom', path: [key], message });
    if (cfg.NODE_ENV === 'production' && cfg.CORS_ORIGINS.split(',').some((o) => o.trim() === '*')) {
      ctx.addIssue({
        code: 'custom',
        path: ['CORS_ORIGINS'],
        message: 'must list the allowed origins in production, not *',
      });
    }
  });

const APP_MANIFESTS = ['storefront-dealer', 'console-hq'].map((app) =>
  fileURLToPath(new URL(`../../${app}/src/generated/persisted-documents.json`, import.meta.url)),
);

function trustProxy(text: string): boolean | number | string {
  if (text === 'true' || text === 'false') return text === 'true';
  return /^\d+$/.test(text) ? Number(text) : text;
}

/** Parses an environment into the gateway configuration; throws a readable list of problems. */
export function loadConfig(env: Record<string, string | undefined>) {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  - ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration for gateway:\n${lines.join('\n')}`);
  }
  const c = result.data;
  return {
    ...c,
    subgraphUrls: nameValuePairs(c.SUBGRAPH_URLS, 'SUBGRAPH_URLS'),
    staticApps: nameValuePairs(c.STATIC_APPS, 'STATIC_APPS'),
    corsOrigins: parseCorsOrigins(c.CORS_ORIGINS),
    trustProxy: trustProxy(c.TRUST_PROXY),
    hideErrorDetails: c.HIDE_ERROR_DETAILS ? c.HIDE_ERROR_DETAILS === 'true' : c.NODE_ENV === 'production',
    trustedDocumentPaths: c.TRUSTED_DOCUMENTS_PATHS
      ? c.TRUSTED_DOCUMENTS_PATHS.split(',')
          .map((s) => s.trim())
          .filter(Boolean)
      : APP_MANIFESTS,
    operationLimits: {
      maxCharacters: c.MAX_QUERY_CHARACTERS,
      maxTokens: c.MAX_QUERY_TOKENS,
      maxDepth: c.MAX_QUERY_DEPTH,
      maxAliases: c.MAX_QUERY_ALIASES,
      maxDirectives: c.MAX_QUERY_DIRECTIVES,
      maxCost: c.MAX_QUERY_COST,
    },
  };
}

export type GatewayConfig = ReturnType<typeof loadConfig>;

/**
 * Hands the settings @apollo/gateway reads from the process environment (not from its options) to
 * it; called before a gateway is built, so a configuration without the variable still sends nothing.
 */
export function applyApolloEnvironment(c: Pick<GatewayConfig, 'APOLLO_TELEMETRY_DISABLED'>): void {
  process.env.APOLLO_TELEMETRY_DISABLED = c.APOLLO_TELEMETRY_DISABLED === '0' ? 'false' : c.APOLLO_TELEMETRY_DISABLED;
}

/** The configuration of this process. */
export const config = loadConfig(process.env);
