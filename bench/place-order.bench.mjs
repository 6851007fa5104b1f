#!/usr/bin/env node
// Order placement benchmark (the order saga). Boots the platform on a fresh MariaDB (one database
// per subgraph, like e2e/support/platform.ts), logs in 50 ACTIVE dealers (demo users are the
// dealer codes lower-cased, password Demo@2026; the ones with the most available credit), raises
// the stock of 20 products at the HQ warehouse, then fires placeOrder through the gateway from
// 50 concurrent dealers for a bounded time and request count. Every request is a full saga:
// products, dealers, pricing, inventory and finance calls plus the orders writes.
// Prints orders/s, p50/p99 latency and the outcome counts.
//   node bench/place-order.bench.mjs [seconds=20] [maxRequests=20000] [paced=100]
// A 5 s run with a single dealer (one request at a time) first gives the uncontended latency.
// The main run is closed-loop (each dealer sends its next order when the last one answered), so
// it measures capacity and the latency at saturation. A paced run follows: orders arrive at a
// fixed rate (`paced` per second, the dealers in turn, not waiting for answers) for the same
// time, which gives the latency at that throughput. paced=0 skips it.
import { startPlatform, SUBGRAPHS } from '@dnp/runner';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Pool } from 'undici';
import { calibrationMs, cpuMeter, printTable, sqlStatements } from './support.mjs';

const seconds = Math.min(Number(process.argv[2] ?? 20), 120);
const maxRequests = Math.min(Number(process.argv[3] ?? 20_000), 100_000);
const pacedRate = Math.min(Number(process.argv[4] ?? 100), 1_000);
const DEALERS = 50;
const PRODUCTS = 20;
const root = fileURLToPath(new URL('..', import.meta.url));
const { startMariaDb } = await import(pathToFileURL(join(root, 'packages/testing/dist/index.js')).href);
const work = mkdtempSync(join(tmpdir(), 'dnp-bench-order-'));
const logDir = join(work, 'logs');

const mariadb = await startMariaDb({ logDir });
for (const name of Object.keys(SUBGRAPHS))
  mariadb.sql(`CREATE DATABASE dnp_${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
let platform;
let pool;
try {
  platform = await startPlatform({
    root,
    db: { kind: 'mariadb', url: (name) => mariadb.url(`dnp_${name}`) },
    ports: 'free',
    logDir,
    seed: true,
    authSecret: randomBytes(32).toString('base64url'),
    internalSecret: randomBytes(32).toString('base64url'),
    nodeEnv: 'production',
    logLevel: 'warn',
  });
  // The dispatcher's request API rather than fetch: the load generator shares the two cores with
  // the platform, so its own cost per request is kept small.
  const gateway = new URL(platform.gatewayUrl);
  pool = new Pool(gateway.origin, { connections: 64 });
  const gql = async (query, variables, token) => {
    const res = await pool.request({
      path: gateway.pathname,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return res.body.json();
  };
  const login = async (username) => {
    const res = await gql('mutation($i: LoginInput!) { login(input: $i) { accessToken } }', {
      i: { username, password: 'Demo@2026' },
    });
    if (!res.data?.login) throw new Error(`login ${username}: ${JSON.stringify(res.errors)}`);
    return res.data.login.accessToken;
  };
  const hq = await login('hq_admin');

  // ACTIVE dealers with the most available credit, so most orders can be approved.
  const active = [];
  let after = null;
  do {
    const res = await gql(
      'query($after: String) { dealers(first: 100, after: $after, filter: { status: ACTIVE }) { edges { node ' +
        '{ code status creditAccount { available { amount } } } } pageInfo { hasNextPage endCursor } } }',
      { after },
      hq,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    for (const { node } of res.data.dealers.edges)
      if (node.status === 'ACTIVE')
        active.push({ code: node.code, available: Number(node.creditAccount?.available.amount ?? 0) });
    after = res.data.dealers.pageInfo.hasNextPage ? res.data.dealers.pageInfo.endCursor : null;
  } while (after);
  active.sort((a, b) => b.available - a.available);
  // The Jiangsu agent and the Nanjing dealer log in as js_admin / nj_admin instead of their codes.
  const tokens = [];
  for (const d of active) {
    if (tokens.length >= DEALERS) break;
    tokens.push(await login(d.code.toLowerCase()).catch(() => null));
    if (!tokens.at(-1)) tokens.pop();
  }

  // Products sold nationwide, with plenty of stock at the HQ warehouse.
  const products = (
    await gql(`{ products(first: ${PRODUCTS}) { edges { node { id sku salesRegionIds } } } }`, {}, hq)
  ).data.products.edges
    .map((e) => e.node)
    .filter((p) => !p.salesRegionIds);
  const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
  for (const p of products) {
    const res = await gql(
      'mutation($i: AdjustStockInput!) { adjustStock(input: $i) { errors { code message } } }',
      {
        i: {
          warehouseId: 'wh_hq',
          productId: p.id,
          delta: 200_000,
          reason: 'RECEIPT',
          lotNumber: `BENCH-${Date.now()}`,
          expiresAt,
          note: 'bench',
        },
      },
      hq,
    );
    if (res.errors || res.data.adjustStock.errors.length)
      throw new Error(`adjustStock ${p.sku}: ${JSON.stringify(res.errors ?? res.data.adjustStock.errors)}`);
  }

  const PLACE =
    'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { order { id status } errors { code } } }';
  const run = async (runSeconds, limit, workers = tokens) => {
    const latencies = [];
    const outcomes = {};
    let sent = 0;
    const started = performance.now();
    const until = started + runSeconds * 1000;
    const worker = async (token, w) => {
      for (let i = 0; performance.now() < until && sent < limit; i++) {
        sent++;
        const p = products[(w + i) % products.length];
        const t0 = performance.now();
        let outcome;
        try {
          const res = await gql(
            PLACE,
            { input: { idempotencyKey: randomUUID(), lines: [{ productId: p.id, quantity: 1 + (i % 3) }] } },
            token,
          );
          const r = res.data?.placeOrder;
          outcome = res.errors
            ? `error ${res.errors[0]?.extensions?.code ?? res.errors[0]?.message}`
            : r.order
              ? r.order.status === 'REJECTED'
                ? `REJECTED ${r.errors[0]?.code}`
                : r.order.status
              : `refused ${r.errors[0]?.code}`;
        } catch (err) {
          outcome = `transport ${err.message}`;
        }
        latencies.push(performance.now() - t0);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
    };
    await Promise.all(workers.map((t, w) => worker(t, w)));
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(0);
    return {
      requests: latencies.length,
      elapsed,
      rps: latencies.length / elapsed,
      p50: pct(0.5),
      p99: pct(0.99),
      outcomes,
    };
  };

  /**
   * Orders at a fixed rate for `runSeconds` (the dealers in turn, answers not awaited), then waits for
   * every answer (at most 60 s).
   */
  const paced = async (rate, runSeconds) => {
    const latencies = [];
    const outcomes = {};
    const pending = [];
    const started = performance.now();
    const total = Math.min(Math.round(rate * runSeconds), maxRequests);
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const p = products[i % products.length];
      const t0 = performance.now();
      pending.push(
        gql(
          PLACE,
          { input: { idempotencyKey: randomUUID(), lines: [{ productId: p.id, quantity: 1 + (i % 3) }] } },
          tokens[i % tokens.length],
        )
          .then(
            (res) =>
              res.errors
                ? `error ${res.errors[0]?.extensions?.code}`
                : (res.data.placeOrder.order?.status ?? `refused ${res.data.placeOrder.errors[0]?.code}`),
            (err) => `transport ${err.message}`,
          )
          .then((outcome) => {
            latencies.push(performance.now() - t0);
            outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
          }),
      );
    }
    await Promise.race([Promise.all(pending), new Promise((r) => setTimeout(r, 60_000).unref())]);
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    const pct = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]?.toFixed(0);
    return {
      sent: total,
      answered: latencies.length,
      rps: latencies.length / elapsed,
      p50: pct(0.5),
      p99: pct(0.99),
      outcomes,
    };
  };

  // CPU per order per process, so a change can be judged by its CPU cost rather than by
  // throughput on a shared, noisy machine.
  const cpu = cpuMeter(platform, { mariadb });
  await run(3, 1_000); // warm-up: connections, JIT, caches
  const single = await run(5, 1_000, tokens.slice(0, 1));
  printTable('placeOrder, one request at a time (uncontended latency)', [
    { 'orders/s': single.rps.toFixed(1), 'p50 ms': single.p50, 'p99 ms': single.p99, requests: single.requests },
  ]);
  // Everything the database was sent (transaction control and the outbox relays included).
  const questions = () => Number(mariadb.sql("show global status like 'Questions'").trim().split(/\s+/)[1]);
  const q0 = await sqlStatements(platform);
  const questions0 = questions();
  const calibrationBefore = calibrationMs();
  cpu.start();
  const r = await run(seconds, maxRequests);
  const questions1 = questions();
  const calibrationAfter = calibrationMs();
  const q1 = await sqlStatements(platform);
  const cpuRows = cpu.stop(r.requests, 'order').map((row) => ({
    ...row,
    'SQL/order': row.process in q1 ? ((q1[row.process] - q0[row.process]) / r.requests).toFixed(1) : '',
  }));
  printTable(
    `placeOrder through the gateway, ${DEALERS} concurrent dealers, ${seconds} s (max ${maxRequests}), ` +
      `MariaDB, ${cpus().length} CPUs, ${process.version}`,
    [
      {
        'orders/s': r.rps.toFixed(1),
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        requests: r.requests,
        seconds: r.elapsed.toFixed(1),
        'DB statements/order': ((questions1 - questions0) / r.requests).toFixed(1),
        'calibration ms': `${calibrationBefore}/${calibrationAfter}`,
      },
    ],
  );
  console.log(
    '(calibration: ms of a fixed CPU task before/after the run, ~25 on a fast machine; these VMs drift up to ' +
      "3× slower, which scales every figure. The load generator's CPU ms/order below is a second gauge: its " +
      'work per order is fixed)',
  );
  printTable('CPU per process during the concurrent run', cpuRows);
  printTable(
    'Outcomes',
    Object.entries(r.outcomes)
      .sort((a, b) => b[1] - a[1])
      .map(([outcome, count]) => ({ outcome, count })),
  );
  if (pacedRate > 0) {
    const calibration = calibrationMs();
    const p = await paced(pacedRate, seconds);
    printTable(`placeOrder paced at ${pacedRate}/s from ${DEALERS} dealers in turn, ${seconds} s (open loop)`, [
      {
        'offered/s': pacedRate,
        sent: p.sent,
        answered: p.answered,
        'p50 ms': p.p50,
        'p99 ms': p.p99,
        outcomes: Object.entries(p.outcomes)
          .map(([o, n]) => `${o} ${n}`)
          .join(', '),
        'calibration ms': calibration,
      },
    ]);
  }
} finally {
  await pool?.close();
  await platform?.stop();
  await mariadb.stop();
}
