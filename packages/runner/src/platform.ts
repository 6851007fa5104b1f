import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, waitFor } from './ports.js';
import { startProcess, type ManagedProcess } from './process.js';

/** The seven subgraphs with their default ports on the embedded runtime. */
export const SUBGRAPHS = {
  products: 4001,
  dealers: 4002,
  pricing: 4003,
  inventory: 4004,
  orders: 4005,
  finance: 4006,
  traceability: 4007,
} as const;
export type SubgraphName = keyof typeof SUBGRAPHS;
export const GATEWAY_PORT = 4000;

/** Where each subgraph keeps its data. */
export type DatabaseChoice =
  { kind: 'sqlite'; dir: string } | { kind: 'mariadb' | 'mysql'; url: (subgraph: SubgraphName) => string };

export interface PlatformOptions {
  /** Repository root (holds subgraphs/, gateway/, schema/). */
  root: string;
  db: DatabaseChoice;
  /** Fixed default ports (4000–4007) or free ones chosen by the OS. */
  ports: 'default' | 'free';
  logDir: string;
  seed: boolean;
  authSecret: string;
  internalSecret: string;
  nodeEnv?: 'development' | 'production' | 'test';
  logLevel?: string;
  /** Extra environment for every process, e.g. STATIC_APPS for the gateway. */
  env?: Record<string, string>;
  gatewayEnv?: Record<string, string>;
  /** Extra environment for single subgraphs, e.g. a test-only fault switch for orders. */
  subgraphEnv?: Partial<Record<SubgraphName, Record<string, string>>>;
  supergraphPath?: string;
  /** Gateway processes (default 1). */
  gateways?: number;
  /**
   * Processes per subgraph (default 1), on one database. The extra instances start after the
   * first is healthy (it has migrated and seeded); gateway `i` talks to instance `i % count`.
   */
  replicas?: Partial<Record<SubgraphName, number>>;
  /**
   * How events travel: `embedded` (default: each subgraph serves its outbox at GET /events) or
   * Redis Streams at `url` (every process gets EVENT_BUS=redis, REDIS_URL and EVENT_STREAM_PREFIX).
   * Unset: whatever EVENT_BUS/REDIS_URL the parent's environment holds (embedded when none).
   */
  eventBus?: { kind: 'embedded' } | { kind: 'redis'; url: string; prefix?: string };
  /** Extra environment of single gateways by index (over `gatewayEnv`), e.g. one in a stricter mode. */
  perGatewayEnv?: Record<string, string>[];
}

export interface RunningProcess {
  name: string;
  url: string;
  port: number;
  process: ManagedProcess;
}

export interface RunningPlatform {
  gatewayUrl: string;
  gateways: RunningProcess[];
  subgraphs: Record<SubgraphName, RunningProcess>;
  /** Every instance of each subgraph, the first being `subgraphs[name]`. */
  replicas: Record<SubgraphName, RunningProcess[]>;
  /**
   * Stops one subgraph (SIGKILL when `crash`) and starts it again on the same port; `env`
   * replaces its extra environment (`subgraphEnv`) from then on (e.g. `{}` drops a fault switch).
   */
  restartSubgraph(name: SubgraphName, opts?: { crash?: boolean; env?: Record<string, string> }): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Node flags of every platform process. A larger young generation (semi-space, default 8–16 MiB
 * per half) means fewer scavenges for servers that allocate a short-lived object graph per
 * request (GraphQL execution, ORM rows): profiles of order placement spent a fifth of their CPU
 * in the garbage collector with the default.
 */
export const NODE_FLAGS = ['--enable-source-maps', '--max-semi-space-size=32'];

/**
 * True when the process at `url` answers its health route as `service` (a port taken by another process
 * answers as someone else): `/readyz` of a gateway (schema loaded, every subgraph answering), `/health`
 * of a subgraph.
 */
async function healthy(url: string, service: string): Promise<boolean> {
  const route = service === 'gateway' ? '/readyz' : '/health';
  const res = await fetch(url.replace(/\/graphql$/, route));
  if (!res.ok) return false;
  const body = (await res.json()) as { service?: string };
  if (body.service !== service)
    throw new Error(`${url} answers as ${body.service ?? 'an unknown service'}, not ${service}`);
  return true;
}

/**
 * Starts every subgraph and then the gateway as separate Node processes (built `dist/`), waits
 * until each is ready (a subgraph's /health, the gateway's /readyz), and returns their URLs. Everything
 * listens on 127.0.0.1.
 */
export async function startPlatform(opts: PlatformOptions): Promise<RunningPlatform> {
  mkdirSync(opts.logDir, { recursive: true });
  const names = Object.keys(SUBGRAPHS) as SubgraphName[];
  const ports: Record<string, number> = {};
  for (const name of names) ports[name] = opts.ports === 'default' ? SUBGRAPHS[name] : await freePort();
  const launcher = new Launcher(opts, names, ports);
  try {
    await launcher.startSubgraphs();
    await launcher.startReplicas();
    await launcher.startGateways();
  } catch (err) {
    await launcher.stopAll();
    throw err;
  }
  return {
    gatewayUrl: launcher.gateways[0]!.url,
    gateways: launcher.gateways,
    subgraphs: launcher.subgraphs,
    get replicas() {
      return launcher.instances();
    },
    async restartSubgraph(name, o = {}) {
      const old = launcher.subgraphs[name];
      if (o.crash) await old.process.kill();
      else await old.process.stop();
      if (o.env) launcher.extraEnv[name] = o.env;
      launcher.subgraphs[name] = launcher.spawnSubgraph(name);
      await waitHealthy(launcher.subgraphs[name]);
    },
    stop: () => launcher.stopAll(),
  };
}

/** The environment every process shares: the parent's, the secrets, and the event bus. */
function commonEnv(opts: PlatformOptions): Record<string, string> {
  return {
    ...(process.env as Record<string, string>),
    NODE_ENV: opts.nodeEnv ?? 'development',
    LOG_LEVEL: opts.logLevel ?? 'info',
    HOST: '127.0.0.1',
    EXIT_WITH_PARENT: 'true',
    AUTH_JWT_SECRET: opts.authSecret,
    INTERNAL_JWT_SECRET: opts.internalSecret,
    ...(opts.eventBus?.kind === 'redis'
      ? { EVENT_BUS: 'redis', REDIS_URL: opts.eventBus.url, EVENT_STREAM_PREFIX: opts.eventBus.prefix ?? 'dnp' }
      : opts.eventBus
        ? { EVENT_BUS: 'embedded' }
        : {}),
    ...opts.env,
  };
}

/** Waits (up to 2 minutes) until the process answers its health route as its service; fails early when it exits. */
async function waitHealthy(p: RunningProcess): Promise<void> {
  await waitFor(
    `${p.name} at ${p.url}`,
    async () => {
      if (p.process.child.exitCode !== null)
        throw new Error(`${p.name} exited with code ${p.process.child.exitCode}; see ${p.process.logFile}`);
      // Replicas ("pricing-2") and extra gateways ("gateway-2") answer as their service.
      return healthy(p.url, p.name.replace(/-\d+$/, ''));
    },
    120_000,
    150,
  );
}

/** The platform's processes as they start: subgraphs, then their replicas, then the gateways. */
class Launcher {
  readonly subgraphs = {} as Record<SubgraphName, RunningProcess>;
  /** Replicas beyond each subgraph's first instance ("pricing-2", …). */
  readonly extra: RunningProcess[] = [];
  readonly gateways: RunningProcess[] = [];
  /** Extra environment of single subgraphs; a restart may replace one. */
  readonly extraEnv: Partial<Record<SubgraphName, Record<string, string>>>;
  private readonly common: Record<string, string>;
  /** Every subgraph learns the others' direct URLs, for service calls (the order saga). */
  private readonly subgraphUrls: string;

  constructor(
    private readonly opts: PlatformOptions,
    private readonly names: SubgraphName[],
    private readonly ports: Record<string, number>,
  ) {
    this.common = commonEnv(opts);
    this.subgraphUrls = names.map((n) => `${n}=http://127.0.0.1:${ports[n]}/graphql`).join(',');
    this.extraEnv = { ...opts.subgraphEnv };
  }

  /** One subgraph's environment: its port, seeding, database and the other subgraphs' URLs. */
  subgraphEnv(name: SubgraphName): Record<string, string> {
    const { opts } = this;
    const env: Record<string, string> = {
      ...this.common,
      PORT: String(this.ports[name]),
      SEED_DEMO_DATA: String(opts.seed),
      DB_CLIENT: opts.db.kind,
      SUBGRAPH_URLS: this.subgraphUrls,
      ...this.extraEnv[name],
    };
    if (opts.db.kind === 'sqlite') {
      mkdirSync(opts.db.dir, { recursive: true });
      env.DB_PATH = join(opts.db.dir, `${name}.sqlite`);
    } else {
      env.DB_URL = opts.db.url(name);
    }
    return env;
  }

  /** Starts a subgraph's first instance on its port (not waiting for it). */
  spawnSubgraph(name: SubgraphName): RunningProcess {
    const main = join(this.opts.root, 'subgraphs', name, 'dist', 'main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (pnpm build)`);
    const proc = startProcess(name, process.execPath, [...NODE_FLAGS, main], {
      env: this.subgraphEnv(name),
      cwd: this.opts.root,
      logFile: join(this.opts.logDir, `${name}.log`),
    });
    return { name, port: this.ports[name]!, url: `http://127.0.0.1:${this.ports[name]}/graphql`, process: proc };
  }

  /** Every instance of each subgraph, the first one first. */
  instances(): Record<SubgraphName, RunningProcess[]> {
    return Object.fromEntries(
      this.names.map((n) => [n, [this.subgraphs[n], ...this.extra.filter((p) => p.name.startsWith(`${n}-`))]]),
    ) as Record<SubgraphName, RunningProcess[]>;
  }

  /** Stops the gateways, then every subgraph instance. */
  async stopAll(): Promise<void> {
    await Promise.all(this.gateways.map((g) => g.process.stop()));
    await Promise.all([...Object.values(this.subgraphs), ...this.extra].map((s) => s.process.stop()));
  }

  /** Starts every subgraph's first instance and waits until all are healthy (migrated and seeded). */
  async startSubgraphs(): Promise<void> {
    for (const name of this.names) this.subgraphs[name] = this.spawnSubgraph(name);
    await Promise.all(Object.values(this.subgraphs).map(waitHealthy));
  }

  /** Starts the extra instances (`replicas`) on free ports, on the same databases, and waits for them. */
  async startReplicas(): Promise<void> {
    const { opts } = this;
    for (const name of this.names) {
      for (let i = 1; i < (opts.replicas?.[name] ?? 1); i++) {
        const port = await freePort();
        const proc = startProcess(
          `${name}-${i + 1}`,
          process.execPath,
          ['--enable-source-maps', join(opts.root, 'subgraphs', name, 'dist', 'main.js')],
          {
            env: { ...this.subgraphEnv(name), PORT: String(port) },
            cwd: opts.root,
            logFile: join(opts.logDir, `${name}-${i + 1}.log`),
          },
        );
        this.extra.push({ name: proc.name, port, url: `http://127.0.0.1:${port}/graphql`, process: proc });
      }
    }
    await Promise.all(this.extra.map(waitHealthy));
  }

  /** Starts the gateways (gateway `i` talks to instance `i % count` of each subgraph) and waits for them. */
  async startGateways(): Promise<void> {
    const { opts, names } = this;
    const gatewayCount = opts.gateways ?? 1;
    for (let i = 0; i < gatewayCount; i++) {
      const port = opts.ports === 'default' && i === 0 ? GATEWAY_PORT : await freePort();
      const instances = this.instances();
      const env: Record<string, string> = {
        ...this.common,
        PORT: String(port),
        SUBGRAPH_URLS: names.map((n) => `${n}=${instances[n][i % instances[n].length]!.url}`).join(','),
        ...(opts.supergraphPath ? { SUPERGRAPH_PATH: opts.supergraphPath } : {}),
        ...opts.gatewayEnv,
        ...opts.perGatewayEnv?.[i],
      };
      const proc = startProcess(
        `gateway${i ? `-${i + 1}` : ''}`,
        process.execPath,
        [...NODE_FLAGS, join(opts.root, 'gateway', 'dist', 'main.js')],
        {
          env,
          cwd: opts.root,
          logFile: join(opts.logDir, `gateway${i ? `-${i + 1}` : ''}.log`),
        },
      );
      this.gateways.push({ name: proc.name, port, url: `http://127.0.0.1:${port}/graphql`, process: proc });
    }
    await Promise.all(this.gateways.map(waitHealthy));
  }
}
