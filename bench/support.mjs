// Shared helpers for the benchmarks: boot the platform, sample a process's memory, run a
// bounded autocannon load and print a table.
import autocannon from 'autocannon';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Pool } from 'undici';

/** Samples a process's resident memory every `everyMs` until stopped; returns the peak in MiB. */
export function sampleRss(pid, everyMs = 100) {
  let peak = 0;
  const read = () => {
    try {
      const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (m) peak = Math.max(peak, Number(m[1]) / 1024);
    } catch {
      // the process may have exited
    }
  };
  read();
  const timer = setInterval(read, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      read();
      return peak;
    },
    peek: () => peak,
  };
}

/** CPU time (user + system, ms) a process has used so far, from /proc/<pid>/stat (10 ms ticks). */
export function cpuMs(pid) {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/**
 * CPU used between `start()` and `stop()` by the platform's gateways and subgraphs and by the
 * `extra` servers (`{ mariadb, redis }`, each with a `process`; absent ones are skipped):
 * `stop(per, label)` gives table rows with the total and the CPU per unit of work (`per` units,
 * e.g. orders or changes), the load generator (this process) last.
 */
export function cpuMeter(platform, extra = {}) {
  const procs = [
    ...platform.gateways.map((g) => [g.name, g.process.child.pid]),
    ...Object.entries(platform.subgraphs).map(([n, s]) => [n, s.process.child.pid]),
    ...Object.entries(extra)
      .filter(([, server]) => server)
      .map(([n, server]) => [n, server.process.child.pid]),
  ];
  let before;
  let self0;
  return {
    start() {
      before = new Map(procs.map(([n, pid]) => [n, cpuMs(pid)]));
      self0 = process.cpuUsage();
    },
    stop(per, label) {
      const self = process.cpuUsage(self0);
      const rows = procs.map(([n, pid]) => {
        const used = cpuMs(pid) - before.get(n);
        return { process: n, 'CPU ms': used, [`CPU ms/${label}`]: (used / per).toFixed(2) };
      });
      const selfMs = Math.round((self.user + self.system) / 1000);
      rows.push({ process: 'load generator', 'CPU ms': selfMs, [`CPU ms/${label}`]: (selfMs / per).toFixed(2) });
      return rows;
    },
  };
}

/** SQL statements each subgraph has run so far (its `dnp_db_queries_total` metric). */
export async function sqlStatements(platform) {
  return Object.fromEntries(
    await Promise.all(
      Object.entries(platform.subgraphs).map(async ([n, s]) => {
        const text = await fetch(new URL('/metrics', s.url)).then((r) => r.text());
        return [n, Number(/dnp_db_queries_total\{[^}]*\} (\d+)/.exec(text)?.[1] ?? 0)];
      }),
    ),
  );
}

/**
 * Runs autocannon against a GraphQL endpoint: `connections` concurrent connections for at most
 * `seconds` and at most `maxRequests` requests, whichever ends first.
 */
export async function load({
  url,
  query,
  variables,
  headers = {},
  connections = 50,
  seconds = 10,
  maxRequests = 200_000,
}) {
  const result = await autocannon({
    url,
    method: 'POST',
    connections,
    duration: seconds,
    maxOverallRequests: maxRequests,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

/** Prints rows as an aligned text table. */
export function printTable(title, rows) {
  const cols = Object.keys(rows[0]);
  const width = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(width[i])).join(' | ')} |`;
  console.log(`\n${title}`);
  console.log(line(cols));
  console.log(`|${width.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(cols.map((c) => r[c])));
}

/**
 * Milliseconds a fixed piece of CPU work takes in this process (integer loop, allocation, a
 * SHA-256 of 1 MiB; the median of five). The virtual machines here run at speeds that drift by up
 * to 2× within minutes, so benches print this next to their figures: a run is comparable with
 * another only at a similar figure.
 */
export function calibrationMs() {
  const buf = Buffer.alloc(1 << 20, 7);
  const work = () => {
    let x = 0;
    for (let i = 0; i < 1e7; i++) x = (x * 31 + i) | 0;
    const objects = [];
    for (let i = 0; i < 1e5; i++) objects.push({ a: i, b: String(i) });
    return x + objects.length + createHash('sha256').update(buf).digest()[0];
  };
  work();
  const times = [];
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    work();
    times.push(performance.now() - t0);
  }
  return Math.round(times.sort((a, b) => a - b)[2]);
}

/** The value at quantile `q` (0–1) of ascending `sorted` numbers, rounded to whole ms. */
export function percentile(sorted, q) {
  if (sorted.length === 0) return '';
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(0);
}

/** The one-minute load average and the CPU count, to print next to figures on a shared machine. */
export function machineLoad() {
  const [one] = readFileSync('/proc/loadavg', 'utf8').split(' ');
  return `load ${one} on ${availableParallelism()} CPUs`;
}

const LOGIN = 'mutation($i: LoginInput!) { login(input: $i) { accessToken } }';

/**
 * Boots a throw-away MariaDB (one database per subgraph) and the seeded platform on free loopback
 * ports, like place-order.bench.mjs, with a GraphQL client on the dispatcher's request API (cheap
 * for the load generator that shares the cores). `stop()` ends everything it started. With
 * `options.redis` the events travel on Redis Streams (a throw-away Redis, returned as `redis`), else
 * on the embedded bus.
 */
export async function bootBenchPlatform(prefix, options = {}) {
  // A start-up can outlast the runner's 2 min health wait when other work shares the cores: once
  // more from scratch before giving up.
  for (let attempt = 1; ; attempt++) {
    try {
      return await bootOnce(prefix, options);
    } catch (err) {
      if (attempt >= 2 || !/Timed out/.test(err.message)) throw err;
      console.log(`the platform did not come up in time (${err.message}); starting again`);
    }
  }
}

async function bootOnce(prefix, { subgraphEnv, redis: withRedis = false }) {
  const root = fileURLToPath(new URL('..', import.meta.url));
  const { startMariaDb, startRedis } = await import(pathToFileURL(join(root, 'packages/testing/dist/index.js')).href);
  const { startPlatform, SUBGRAPHS } = await import('@dnp/runner');
  const logDir = join(mkdtempSync(join(tmpdir(), `dnp-bench-${prefix}-`)), 'logs');
  const mariadb = await startMariaDb({ logDir });
  const redis = withRedis ? await startRedis({ logDir }) : undefined;
  let platform;
  let pool;
  const stop = async () => {
    await pool?.close();
    await platform?.stop();
    await redis?.stop();
    await mariadb.stop();
  };
  try {
    for (const name of Object.keys(SUBGRAPHS))
      mariadb.sql(`CREATE DATABASE dnp_${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    const secret = () => randomBytes(32).toString('base64url');
    platform = await startPlatform({
      root,
      ports: 'free',
      logDir,
      seed: true,
      nodeEnv: 'production',
      logLevel: 'warn',
      authSecret: secret(),
      internalSecret: secret(),
      db: { kind: 'mariadb', url: (name) => mariadb.url(`dnp_${name}`) },
      ...(redis ? { eventBus: { kind: 'redis', url: redis.url } } : {}),
      subgraphEnv,
    });
  } catch (err) {
    await stop();
    throw err;
  }
  const gateway = new URL(platform.gatewayUrl);
  pool = new Pool(gateway.origin, { connections: 64 });
  /** One GraphQL request through the gateway; answers the parsed body. */
  const gql = async (query, variables, token) => {
    const headers = { 'content-type': 'application/json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const res = await pool.request({
      path: gateway.pathname,
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    return res.body.json();
  };
  /** An access token for a demo user (all share the password Demo@2026). */
  const login = (username) =>
    gql(LOGIN, { i: { username, password: 'Demo@2026' } }).then((res) => {
      const token = res.data?.login?.accessToken;
      if (!token) throw new Error(`login ${username}: ${JSON.stringify(res.errors)}`);
      return token;
    });
  return { mariadb, redis, platform, gql, login, logDir, stop };
}

/**
 * SQL on one database of a bench MariaDB through the `mariadb` client over TCP: `rows(sql)` answers
 * the rows as arrays of strings (tab-separated output), `script(text)` feeds a long script on stdin
 * (bulk inserts larger than an argument may be).
 */
export function mariadbClient(mariadb, database) {
  const args = ['--no-defaults', '-h127.0.0.1', `-P${mariadb.port}`, '-udnp', '-pdnp', '-N', '-B', database];
  const run = (input) => execFileSync('mariadb', args, { input, encoding: 'utf8', maxBuffer: 256 << 20 });
  return {
    rows: (sql) =>
      run(sql)
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => l.split('\t')),
    script: (text) => run(text),
  };
}
