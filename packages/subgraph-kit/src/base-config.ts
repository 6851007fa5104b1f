import { z } from 'zod';

/**
 * Configuration shared by the gateway and every subgraph: the fields both read, with one
 * meaning and one default each. A subpath of its own (`@dnp/subgraph-kit/base-config`) that pulls
 * in only zod, so the gateway extends it without loading the rest of the kit.
 */

/** Development-only default secret; refused when NODE_ENV=production (see `baseConfigProblems`). */
export const DEV_SECRET = 'dev-only-secret-change-me-in-production-0000';

/** The brand's time zone when `BUSINESS_TIME_ZONE` is not set: China has one zone and no daylight saving. */
export const DEFAULT_BUSINESS_TIME_ZONE = 'Asia/Shanghai';

// ICU's list of canonical IANA zones leaves out "UTC", which operators expect to be able to name.
let timeZones: ReadonlySet<string> | undefined;

/** True when `name` is an IANA time zone this Node knows (`Intl.supportedValuesOf('timeZone')`) or "UTC". */
export function isTimeZone(name: string): boolean {
  timeZones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  return timeZones.has(name);
}

/** The fields every process shares; the gateway's and each subgraph's `config.ts` extend it. */
export const baseConfig = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  /** Required for a subgraph; the gateway defaults it to 4000. */
  PORT: z.coerce.number().int().min(0).max(65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Signs (gateway, services) and verifies (subgraphs) the short-lived internal viewer token. */
  INTERNAL_JWT_SECRET: z.string().min(16).default(DEV_SECRET),
  /** Exit when standard input closes: set by the runner so no process outlives its parent. */
  EXIT_WITH_PARENT: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /**
   * Direct URLs of the subgraphs as `name=url,…`: a subgraph's service calls (over the embedded
   * defaults, see `serviceUrls`), the gateway's replacements of the URLs in the supergraph.
   */
  SUBGRAPH_URLS: z.string().default(''),
  /** Event transport: `embedded` (each subgraph serves its outbox at GET /events) or `redis` (Redis Streams). */
  EVENT_BUS: z.enum(['embedded', 'redis']).default('embedded'),
  /**
   * redis://host:port: the event stream (required when EVENT_BUS=redis); the gateway also keeps
   * the partner-key, login and session counters several gateways share there.
   */
  REDIS_URL: z.string().optional(),
  /** Key prefix of the Redis stream (`<prefix>:events`); the same value everywhere. */
  EVENT_STREAM_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.:-]+$/)
    .default('dnp'),
  /**
   * The brand's time zone (IANA name): business days, months and years (invoice numbers, due
   * dates, statement periods, aging) begin and end there; instants are stored in UTC.
   */
  BUSINESS_TIME_ZONE: z
    .string()
    .default(DEFAULT_BUSINESS_TIME_ZONE)
    .refine(isTimeZone, 'must be an IANA time zone name such as Asia/Shanghai (or UTC)'),
  /**
   * The most of an order's total a dealer may pay with its rebate balance, in basis points (3000 =
   * 30 %). Pricing's quote, orders' saga and finance's hold read the same value, so they agree.
   */
  REBATE_MAX_ORDER_SHARE_BP: z.coerce.number().int().min(0).max(10_000).default(3000),
  /** The folder of the blob store (uploads, product images); shared by a subgraph's replicas. */
  BLOB_DIR: z.string().min(1).default('./data/blobs'),
  /** Where blobs live: `folder` (BLOB_DIR) or `s3` (an S3 bucket or an S3-compatible server, the S3_* fields). */
  BLOB_STORE: z.enum(['folder', 's3']).default('folder'),
  /** The S3 API's base URL for an S3-compatible server (http://host:port); unset for AWS itself. */
  S3_ENDPOINT: z.url({ protocol: /^https?$/ }).optional(),
  /** The bucket's region (any name an S3-compatible server accepts, e.g. us-east-1); required for `s3`. */
  S3_REGION: z.string().min(1).optional(),
  /** The bucket holding the blobs (created beforehand; the store never creates it); required for `s3`. */
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name')
    .optional(),
  /** Access key of the store's credentials; unset with S3_SECRET_ACCESS_KEY for the SDK's default chain (roles). */
  S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  /** Secret of S3_ACCESS_KEY_ID; set both or neither. */
  S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers need, instead of bucket subdomains. */
  S3_FORCE_PATH_STYLE: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** Hours an upload waits to be attached to a mutation before the sweeper removes it. */
  UPLOAD_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 30)
    .default(24),
});
export type BaseConfig = z.infer<typeof baseConfig>;

/** A configuration problem: the variable and what is wrong with it. */
export interface ConfigProblem {
  key: string;
  message: string;
}

/**
 * The rules across the shared fields: REDIS_URL is required for the redis bus, and in production
 * no variable may keep the development secret.
 */
export function baseConfigProblems(cfg: Record<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (cfg.EVENT_BUS === 'redis' && !cfg.REDIS_URL)
    problems.push({ key: 'REDIS_URL', message: 'required when EVENT_BUS=redis' });
  problems.push(...blobStoreProblems(cfg));
  if (cfg.NODE_ENV === 'production') {
    for (const [key, value] of Object.entries(cfg))
      if (value === DEV_SECRET) problems.push({ key, message: 'must be set in production' });
  }
  return problems;
}

/**
 * BLOB_STORE=s3 needs a bucket and its region, and credentials whole (a key and its secret together,
 * or neither for the SDK's default chain).
 */
function blobStoreProblems(cfg: Record<string, unknown>): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  if (cfg.BLOB_STORE === 's3') {
    for (const key of ['S3_BUCKET', 'S3_REGION'])
      if (!cfg[key]) problems.push({ key, message: 'required when BLOB_STORE=s3' });
    if (!cfg.S3_ACCESS_KEY_ID !== !cfg.S3_SECRET_ACCESS_KEY) {
      const key = cfg.S3_ACCESS_KEY_ID ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
      problems.push({ key, message: 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are set together or not at all' });
    }
  }
  return problems;
}

/**
 * Parses a `name=value,name=value` configuration variable (SUBGRAPH_URLS, STATIC_APPS): parts
 * and both sides trimmed, empty parts skipped; a part without a name fails startup naming the
 * variable.
 */
export function nameValuePairs(text: string, variable: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = part.indexOf('=');
    if (i <= 0) throw new Error(`Invalid configuration: ${variable} entry "${part}" is not a name=value pair`);
    out[part.slice(0, i).trim()] = part.slice(i + 1).trim();
  }
  return out;
}
