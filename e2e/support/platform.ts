import { startPlatform, SUBGRAPHS, type PlatformOptions, type RunningPlatform, type SubgraphName } from '@dnp/runner';
import { startMariaDb, startRedis, startS3Server, type TestMariaDb, type TestRedis, type TestS3 } from '@dnp/testing';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DEMO_PASSWORD = 'Demo@2026';
export type DbMode = 'sqlite' | 'mariadb';

/** A GraphQL response as the gateway sends it. */
export interface GqlResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: (string | number)[]; extensions?: { code?: string; [k: string]: unknown } }[];
}

/** A platform booted for a test file, with small helpers to call it. */
export interface TestPlatform {
  platform: RunningPlatform;
  mode: DbMode;
  authSecret: string;
  internalSecret: string;
  gql<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string,
    url?: string,
  ): Promise<GqlResponse<T>>;
  /** Logs in a demo user through the gateway and returns the access token. */
  login(username: string): Promise<string>;
  /** SQL statements a subgraph has sent so far (from its /metrics). */
  queryCount(subgraph: SubgraphName): Promise<number>;
  mariadb?: TestMariaDb;
  /** The Redis server carrying events, when booted with `redis: true`. */
  redis?: TestRedis;
  /** The S3-compatible server holding the subgraphs' blobs, when booted with `s3: true`. */
  s3?: TestS3;
  /** On SQLite: the folder holding each subgraph's `<name>.sqlite` file (tests read fixtures from it). */
  dataDir?: string;
  stop(): Promise<void>;
}

/** POSTs a GraphQL operation and returns status, data and errors. */
export async function postGraphql<T = any>(
  url: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<GqlResponse<T>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as Omit<GqlResponse<T>, 'status'>;
  return { status: res.status, ...body };
}

/** How `bootPlatform` boots: seeding, the built apps, events over Redis, extra environment. */
export interface BootOptions {
  seed?: boolean;
  apps?: boolean;
  subgraphEnv?: Partial<Record<SubgraphName, Record<string, string>>>;
  /** Carry events over Redis Streams (a persistent test Redis) instead of the embedded HTTP streams. */
  redis?: boolean;
  /** Keep the subgraphs' blobs (uploads, product images) in a test S3 server's bucket (BLOB_STORE=s3). */
  s3?: boolean;
  /** Extra gateway environment, e.g. TRUSTED_DOCUMENTS=enforce. */
  gatewayEnv?: Record<string, string>;
  /** Gateway processes (default 1, 2 with the apps) and the extra environment of each by index. */
  gateways?: number;
  perGatewayEnv?: Record<string, string>[];
  /** Processes per subgraph (default 1); gateway `i` talks to instance `i % count`. */
  replicas?: Partial<Record<SubgraphName, number>>;
}

/** The servers a platform stands on besides its own processes. */
interface BackingServices {
  mariadb?: TestMariaDb;
  redis?: TestRedis;
  s3?: TestS3;
}

/** Stops whichever backing servers were started. */
async function stopBackingServices({ mariadb, redis, s3 }: BackingServices): Promise<void> {
  await mariadb?.stop();
  await redis?.stop();
  await s3?.stop();
}

/**
 * Boots the whole platform as real processes on free loopback ports: on SQLite files in a
 * temporary folder, or on a fresh MariaDB server with one database per subgraph.
 */
export async function bootPlatform(mode: DbMode, opts: BootOptions = {}): Promise<TestPlatform> {
  const work = mkdtempSync(join(tmpdir(), `dnp-e2e-${mode}-`));
  const logDir = join(ROOT, 'test-results', 'logs', `${mode}-${Date.now()}`);
  const backing = await startBackingServices(mode, opts, logDir);
  const { mariadb, redis, s3 } = backing;
  const authSecret = randomBytes(32).toString('base64url');
  const internalSecret = randomBytes(32).toString('base64url');
  let platform: RunningPlatform;
  try {
    platform = await startPlatform({
      ...platformOptions(mode, opts, backing, join(work, 'data')),
      logDir,
      authSecret,
      internalSecret,
    });
  } catch (err) {
    await stopBackingServices(backing);
    throw err;
  }
  const apiUrl = opts.apps && !opts.perGatewayEnv ? platform.gateways[1]!.url : platform.gatewayUrl;
  const gql = <T>(query: string, variables?: Record<string, unknown>, token?: string, url = apiUrl) =>
    postGraphql<T>(url, query, variables, token ? { authorization: `Bearer ${token}` } : {});
  return {
    platform,
    mode,
    authSecret,
    internalSecret,
    mariadb,
    redis,
    s3,
    dataDir: mode === 'sqlite' ? join(work, 'data') : undefined,
    gql,
    async login(username) {
      const res = await gql<{ login: { accessToken: string } }>(
        'mutation Login($input: LoginInput!) { login(input: $input) { accessToken } }',
        { input: { username, password: DEMO_PASSWORD } },
      );
      if (!res.data?.login) throw new Error(`login ${username} failed: ${JSON.stringify(res.errors)}`);
      return res.data.login.accessToken;
    },
    async queryCount(subgraph) {
      const text = await (await fetch(platform.subgraphs[subgraph].url.replace(/\/graphql$/, '/metrics'))).text();
      const m = /dnp_db_queries_total\{[^}]*\} (\d+)/.exec(text);
      if (!m) throw new Error(`no query counter in ${subgraph} /metrics`);
      return Number(m[1]);
    },
    async stop() {
      await platform.stop();
      await stopBackingServices(backing);
    },
  };
}

/** Alert scans run once at start, then not again within the run (a refusal's row counts stay still). */
const QUIET_SCANS = { ALERT_SCAN_INTERVAL_MS: '3600000' };

/**
 * The one option set of the seeded MariaDB + Redis platform that the order-to-cash and rebates files share
 * through `bootSharedPlatform('mariadb', SEEDED_MARIADB)`: a boot of it costs half a minute of the CI
 * budget. Quiet alert scans (the bad-input file compares every table's row count) and the fulfilment
 * resumer every half second (the concurrency file's failed invoices are issued again by it).
 */
export const SEEDED_MARIADB: BootOptions = {
  seed: true,
  redis: true,
  subgraphEnv: {
    orders: { ...QUIET_SCANS, FULFILMENT_RESUME_INTERVAL_MS: '500' },
    inventory: QUIET_SCANS,
    finance: QUIET_SCANS,
  },
};

/** A shared boot, the files holding it, and the timer that stops it once none does. */
interface SharedBoot {
  boot: Promise<TestPlatform>;
  holders: number;
  idle?: NodeJS.Timeout;
}

const sharedBoots = new Map<string, SharedBoot>();

/**
 * How long a shared platform no file holds stays up for the next file to take it (the files sharing a
 * boot run one after another: e2e/support/boot-group-sequencer.ts), before it stops: an idle platform's
 * scans, relays and consumers cost a quarter of the 2 CI cores, which slowed every later file.
 */
const SHARED_IDLE_STOP_MS = 15_000;

/**
 * The platform of `bootPlatform(mode, opts)`, booted once for the test files that ask for the same
 * options one after another: e2e files run in one process (`isolate: false`), and a boot costs 15-25 s
 * of the CI budget. Files sharing it must create the rows they assert on (or read the expected figures
 * from the API at test time), never rely on the seed being untouched. `stop()` lets it go: the platform
 * stops once no file has held it for SHARED_IDLE_STOP_MS (a later file asking again boots it afresh).
 */
export function bootSharedPlatform(mode: DbMode, opts: BootOptions = {}): Promise<TestPlatform> {
  const key = JSON.stringify([mode, opts]);
  let shared = sharedBoots.get(key);
  if (!shared) {
    const boot = bootPlatform(mode, opts);
    shared = { boot, holders: 0 };
    sharedBoots.set(key, shared);
    boot.catch(() => sharedBoots.delete(key));
  }
  const held = shared;
  held.holders++;
  clearTimeout(held.idle);
  let released = false;
  const release = async () => {
    if (released) return;
    released = true;
    if (--held.holders > 0) return;
    held.idle = setTimeout(() => {
      if (held.holders > 0 || sharedBoots.get(key) !== held) return;
      sharedBoots.delete(key);
      void held.boot.then((platform) => platform.stop()).catch(() => undefined);
    }, SHARED_IDLE_STOP_MS);
    held.idle.unref();
  };
  return held.boot.then((platform) => ({ ...platform, stop: release }));
}

/**
 * A fresh MariaDB with one database per subgraph (MariaDB mode), a persistent Redis and an S3 server
 * (when asked).
 */
async function startBackingServices(mode: DbMode, opts: BootOptions, logDir: string): Promise<BackingServices> {
  let mariadb: TestMariaDb | undefined;
  if (mode === 'mariadb') {
    mariadb = await startMariaDb({ logDir });
    for (const name of Object.keys(SUBGRAPHS))
      mariadb.sql(`CREATE DATABASE dnp_${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
  }
  let redis: TestRedis | undefined;
  let s3: TestS3 | undefined;
  try {
    if (opts.redis) redis = await startRedis({ logDir, persistent: true });
    if (opts.s3) s3 = await startS3Server({ logDir });
  } catch (err) {
    await stopBackingServices({ mariadb, redis });
    throw err;
  }
  return { mariadb, redis, s3 };
}

/** The runner's options for a test platform: free ports, production mode, the databases and event bus. */
function platformOptions(
  mode: DbMode,
  opts: BootOptions,
  { mariadb, redis, s3 }: BackingServices,
  sqliteDir: string,
): Omit<PlatformOptions, 'logDir' | 'authSecret' | 'internalSecret'> {
  return {
    root: ROOT,
    db:
      mode === 'sqlite'
        ? { kind: 'sqlite', dir: sqliteDir }
        : { kind: 'mariadb', url: (name) => mariadb!.url(`dnp_${name}`) },
    ports: 'free',
    seed: opts.seed ?? true,
    nodeEnv: 'production',
    logLevel: 'warn',
    subgraphEnv: s3 ? withBlobStore(opts.subgraphEnv, s3.env) : opts.subgraphEnv,
    replicas: opts.replicas,
    eventBus: redis ? { kind: 'redis', url: redis.url } : { kind: 'embedded' },
    gatewayEnv: {
      // The built apps (vite build) are served by the gateway, as in production.
      ...(opts.apps
        ? { STATIC_APPS: `/store=${join(ROOT, 'storefront-dealer/dist')},/console=${join(ROOT, 'console-hq/dist')}` }
        : {}),
      ...opts.gatewayEnv,
    },
    // With the apps, the gateway that serves them accepts only their registered operations
    // (TRUSTED_DOCUMENTS=enforce), which proves the built apps send nothing else; a second
    // gateway in the default mode takes the tests' own ad-hoc API calls.
    gateways: opts.gateways ?? (opts.apps ? 2 : 1),
    perGatewayEnv: opts.perGatewayEnv ?? (opts.apps ? [{ TRUSTED_DOCUMENTS: 'enforce' }, {}] : undefined),
  };
}

/** Every subgraph's extra environment with the blob store's variables added (a test's own values win). */
function withBlobStore(
  subgraphEnv: BootOptions['subgraphEnv'],
  blobEnv: Record<string, string>,
): Partial<Record<SubgraphName, Record<string, string>>> {
  const names = Object.keys(SUBGRAPHS) as SubgraphName[];
  return Object.fromEntries(names.map((name) => [name, { ...blobEnv, ...subgraphEnv?.[name] }]));
}
