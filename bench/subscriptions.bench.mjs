#!/usr/bin/env node
// Subscription fan-out benchmark. Boots the platform (SQLite, embedded event transport, one
// gateway) on free loopback ports, opens SUBSCRIBERS graphql-ws connections to the gateway (one
// `stockChanged(productId:)` subscription each, spread evenly over PRODUCTS products and over
// a few HQ sessions and a region manager, selecting fields of inventory and products), then fires
// RATE stock adjustments per second through the gateway for SECONDS seconds (round-robin over
// the products). Prints how many messages arrived against how many were due, the delivery
// latency from commit (the event's occurredAt) to the client, and the gateway's memory. A
// 3-second warm-up at the same rate comes first and is not measured.
//   node bench/subscriptions.bench.mjs [subscribers=2000] [rate=100] [seconds=15] [products=20] [sqlite|mariadb]
// `mariadb` runs the production mode: a MariaDB (one database per subgraph) and Redis Streams.
// Every loop is bounded: at most SECONDS × RATE adjustments, and the drain waits at most 30 s.
import { startPlatform, SUBGRAPHS } from '@dnp/runner';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { cpuMeter, printTable, sampleRss, sqlStatements } from './support.mjs';

const SUBSCRIBERS = Math.min(Number(process.argv[2] ?? 2000), 10_000);
const RATE = Math.min(Number(process.argv[3] ?? 100), 1000);
const SECONDS = Math.min(Number(process.argv[4] ?? 15), 120);
const PRODUCTS = Math.min(Number(process.argv[5] ?? 20), 100);
const MODE = process.argv[6] === 'mariadb' ? 'mariadb' : 'sqlite';
const WARMUP_SECONDS = 3;
const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dnp-bench-subs-'));
const logDir = join(work, 'logs');

const STOCK_CHANGED = `
  subscription Stock($productId: ID) {
    stockChanged(productId: $productId) {
      id onHand available belowSafetyStock
      product { id sku name }
      warehouse { id name }
    }
  }
`;
const ADJUST = 'mutation($input: AdjustStockInput!) { adjustStock(input: $input) { errors { code } } }';

/**
 * One subscriber speaking the graphql-ws protocol (graphql-transport-ws) over a bare `ws`
 * socket: connection_init with the token, one subscribe, then `next` messages. The library
 * client validates and dispatches every message; 2,000 of them on the same two cores as the
 * platform would measure the load generator more than the gateway. Resolves once subscribed.
 */
function subscribeRaw(url, authorization, payload, on) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization } })));
    socket.on('message', (data) => {
      const message = JSON.parse(data);
      if (message.type === 'next') on.next(message.payload);
      else if (message.type === 'error') on.error(message.payload);
      else if (message.type === 'ping') socket.send('{"type":"pong"}');
      else if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload }));
        resolve(socket);
      }
    });
    socket.on('close', (code, reason) => reject(new Error(`closed ${code} ${reason}`)));
    socket.on('error', reject);
  });
}

const percentile = (sorted, p) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

let mariadb;
let redis;
let platform;
const clients = [];
try {
  let db = { kind: 'sqlite', dir: join(work, 'data') };
  let eventBus = { kind: 'embedded' };
  if (MODE === 'mariadb') {
    const { startMariaDb, startRedis } = await import(pathToFileURL(join(root, 'packages/testing/dist/index.js')).href);
    [mariadb, redis] = await Promise.all([startMariaDb({ logDir }), startRedis({ logDir })]);
    for (const name of Object.keys(SUBGRAPHS))
      mariadb.sql(`CREATE DATABASE dnp_${name} CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci`);
    db = { kind: 'mariadb', url: (name) => mariadb.url(`dnp_${name}`) };
    eventBus = { kind: 'redis', url: redis.url };
  }
  platform = await startPlatform({
    root,
    db,
    eventBus,
    ports: 'free',
    logDir,
    seed: true,
    authSecret: randomBytes(32).toString('base64url'),
    internalSecret: randomBytes(32).toString('base64url'),
    nodeEnv: 'production',
    logLevel: 'warn',
  });
  const gql = async (query, variables, token) => {
    const res = await fetch(platform.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return res.json();
  };
  const login = async (username) => {
    const res = await gql('mutation($i: LoginInput!) { login(input: $i) { accessToken } }', {
      i: { username, password: 'Demo@2026' },
    });
    if (!res.data?.login) throw new Error(`login ${username}: ${JSON.stringify(res.errors)}`);
    return res.data.login.accessToken;
  };
  const hq = await login('hq_admin');
  // Viewers: several HQ sessions (one scope) and the East China manager (whose region holds the
  // HQ warehouse in Shanghai; the South China manager may not see it and would receive nothing).
  const viewers = [hq, await login('hq_admin'), await login('hq_admin'), await login('east_manager')];

  // Products stocked at the HQ warehouse (every viewer above may see it).
  const levels = await gql(
    `query { stockLevels(first: ${PRODUCTS}, filter: { warehouseId: "wh_hq" }) { edges { node { product { id } } } } }`,
    {},
    hq,
  );
  const products = levels.data.stockLevels.edges.map((e) => e.node.product.id);
  if (products.length < PRODUCTS) throw new Error(`only ${products.length} products at wh_hq`);

  const gatewayPid = platform.gateways[0].process.child.pid;
  const idleRss = sampleRss(gatewayPid).stop();
  const rss = sampleRss(gatewayPid, 200);

  // Open the subscribers (bounded concurrency while connecting).
  const latencies = [];
  const perProduct = new Map(products.map((p) => [p, 0]));
  let received = 0;
  let errors = 0;
  const wsUrl = platform.gatewayUrl.replace(/^http/, 'ws');
  const connectStart = Date.now();
  for (let i = 0; i < SUBSCRIBERS; i += 200) {
    const batch = [];
    for (let j = i; j < Math.min(i + 200, SUBSCRIBERS); j++) {
      const productId = products[j % products.length];
      perProduct.set(productId, perProduct.get(productId) + 1);
      // Every product gets subscribers of every viewer, so each event is re-read once per scope.
      const authorization = `Bearer ${viewers[Math.floor(j / products.length) % viewers.length]}`;
      batch.push(
        subscribeRaw(
          wsUrl,
          authorization,
          { query: STOCK_CHANGED, variables: { productId } },
          {
            next: (m) => {
              const at = m.extensions?.event?.occurredAt;
              if (m.errors || !at) errors++;
              else {
                received++;
                latencies.push(Date.now() - Date.parse(at));
              }
            },
            error: () => void errors++,
          },
        ).then((socket) => void clients.push(socket)),
      );
    }
    await Promise.all(batch);
  }
  // Wait (bounded) until the gateway has registered every subscription.
  const health = platform.gatewayUrl.replace(/\/graphql$/, '/health');
  for (let i = 0; i < 200; i++) {
    const h = await (await fetch(health)).json();
    if ((h.subscriptions?.active ?? 0) >= SUBSCRIBERS) break;
    await sleep(100);
  }
  const connectMs = Date.now() - connectStart;
  const connectedRss = rss.peek();

  // Fire RATE adjustments per second, without waiting for each, but with at most MAX_INFLIGHT
  // outstanding: a write backlog would queue the re-reads behind it in the inventory and measure
  // the database, not delivery. The table shows the rate achieved.
  const MAX_INFLIGHT = 16;
  const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
  const fire = async (count) => {
    const run = { due: 0, failures: 0, firstFailure: null, seconds: 0 };
    let outstanding = 0;
    const inflight = [];
    const start = Date.now();
    for (let n = 0; n < count; n++) {
      const wait = start + (n * 1000) / RATE - Date.now();
      if (wait > 0) await sleep(wait);
      while (outstanding >= MAX_INFLIGHT) await sleep(2);
      const productId = products[n % products.length];
      outstanding++;
      inflight.push(
        gql(
          ADJUST,
          {
            input: {
              warehouseId: 'wh_hq',
              productId,
              delta: 1,
              reason: 'RECEIPT',
              lotNumber: 'BENCH-LIVE',
              expiresAt,
              note: 'bench: subscriptions',
            },
          },
          hq,
        )
          .then((r) => {
            if (r.errors || r.data?.adjustStock.errors.length) {
              run.failures++;
              run.firstFailure ??= r.errors ?? r.data.adjustStock.errors;
            } else run.due += perProduct.get(productId);
          })
          .catch((err) => {
            run.failures++;
            run.firstFailure ??= String(err);
          })
          .finally(() => void outstanding--),
      );
    }
    await Promise.all(inflight);
    run.seconds = (Date.now() - start) / 1000;
    // Drain: wait (at most 30 s) for the last messages.
    for (let i = 0; i < 300 && received + errors < run.due; i++) await sleep(100);
    return run;
  };

  // Warm-up at the same rate (JIT, query plans of the re-reads, connections), not measured.
  await fire(Math.min(WARMUP_SECONDS * RATE, RATE * SECONDS));
  latencies.length = 0;
  received = 0;
  errors = 0;

  // CPU per change per process, so a change can be judged by its cost on a shared, noisy machine.
  const cpu = cpuMeter(platform, { mariadb, redis });
  const live0 = (await (await fetch(health)).json()).subscriptions ?? {};
  const q0 = await sqlStatements(platform);
  cpu.start();
  const total = RATE * SECONDS;
  const { due, failures: adjustFailures, firstFailure, seconds: fireSeconds } = await fire(total);
  const peakRss = rss.stop();
  const changes = Math.max(1, total - adjustFailures);
  const live1 = (await (await fetch(health)).json()).subscriptions ?? {};
  const live = { reReads: live1.reReads - live0.reReads, reReadEvents: live1.reReadEvents - live0.reReadEvents };
  const q1 = await sqlStatements(platform);
  const cpuRows = cpu.stop(changes, 'change').map((row) => ({
    ...row,
    'SQL/change': row.process in q1 ? ((q1[row.process] - q0[row.process]) / changes).toFixed(1) : '',
  }));

  latencies.sort((a, b) => a - b);
  printTable(
    `Subscriptions (${MODE === 'mariadb' ? 'MariaDB + Redis Streams' : 'SQLite + embedded streams'}): ` +
      `${SUBSCRIBERS} graphql-ws subscribers on one gateway, ${RATE} stock changes/s for ${SECONDS} s`,
    [
      {
        subscribers: SUBSCRIBERS,
        'connect s': (connectMs / 1000).toFixed(1),
        changes: total - adjustFailures,
        'changes/s': ((total - adjustFailures) / fireSeconds).toFixed(1),
        'msgs due': due,
        'msgs recv': received,
        'msg errors': errors,
        'p50 ms': percentile(latencies, 50),
        'p99 ms': percentile(latencies, 99),
        'max ms': latencies.at(-1) ?? NaN,
        // Re-read queries the gateway ran, and the events they carried (one query serves a whole group of subscribers).
        're-reads': live.reReads,
        'events/re-read': live.reReads ? (live.reReadEvents / live.reReads).toFixed(1) : '',
      },
    ],
  );
  printTable('Gateway memory (RSS)', [
    {
      'idle MiB': idleRss.toFixed(0),
      'subscribed MiB': connectedRss.toFixed(0),
      'peak MiB': peakRss.toFixed(0),
      'per subscriber KiB': (((connectedRss - idleRss) * 1024) / SUBSCRIBERS).toFixed(1),
    },
  ]);
  printTable(
    'CPU per process from the first change until the last message (all subscribers of a change count as one change)',
    cpuRows.filter((r) => r['CPU ms'] > 0),
  );
  if (adjustFailures)
    console.log(
      `\n${adjustFailures} adjustments failed (not counted as changes; their messages are not due); first: ` +
        `${JSON.stringify(firstFailure).slice(0, 300)}`,
    );
} finally {
  for (const socket of clients) socket.close();
  await platform?.stop();
  await redis?.stop();
  await mariadb?.stop();
}
