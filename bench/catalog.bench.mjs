#!/usr/bin/env node
// Catalogue benchmark (issue: platform spine). Boots the platform on the embedded default with
// free loopback ports, logs in a dealer, then loads
//   products(first: 20) { sku name price availability }
// through the gateway and directly on the products subgraph (same selection minus the fields
// other subgraphs own), 50 connections, bounded by time and request count. Prints req/s,
// p50/p99 latency and the gateway's peak RSS.
//   node bench/catalog.bench.mjs [seconds=10]
import { startPlatform } from '@dnp/runner';
import { signViewerToken } from '@dnp/subgraph-kit/viewer';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, printTable, sampleRss } from './support.mjs';

const seconds = Math.min(Number(process.argv[2] ?? 10), 60);
const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dnp-bench-'));
const internalSecret = randomBytes(32).toString('base64url');
const platform = await startPlatform({
  root,
  db: { kind: 'sqlite', dir: join(work, 'data') },
  ports: 'free',
  logDir: join(work, 'logs'),
  seed: true,
  authSecret: randomBytes(32).toString('base64url'),
  internalSecret,
  nodeEnv: 'production',
  logLevel: 'warn',
});
try {
  const login = await fetch(platform.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation { login(input: { username: "nj_admin", password: "Demo@2026" }) { accessToken user { id } } }',
    }),
  }).then((r) => r.json());
  const token = login.data.login.accessToken;
  const full =
    '{ products(first: 20) { edges { node { sku name price { amount currency } availability { available } } } } }';
  const local = '{ products(first: 20) { edges { node { id sku name } } } }';
  const gateway = platform.gateways[0];
  const rss = sampleRss(gateway.process.child.pid);
  const rows = [];
  // Warm-up.
  await load({ url: platform.gatewayUrl, query: full, headers: { authorization: `Bearer ${token}` }, seconds: 2 });
  const viaGateway = await load({
    url: platform.gatewayUrl,
    query: full,
    headers: { authorization: `Bearer ${token}` },
    seconds,
  });
  const gatewayPeak = rss.stop();
  rows.push({
    target: 'gateway (3 subgraphs)',
    connections: 50,
    'req/s': viaGateway.rps.toFixed(0),
    'p50 ms': viaGateway.p50,
    'p99 ms': viaGateway.p99,
    requests: viaGateway.requests,
    errors: viaGateway.errors,
    'gateway peak RSS MiB': gatewayPeak.toFixed(0),
  });
  const viewer = await signViewerToken(
    internalSecret,
    'products',
    { userId: 'usr_nj_admin', role: 'DEALER_ADMIN' },
    3600,
  );
  const direct = await load({
    url: platform.subgraphs.products.url,
    query: local,
    headers: { 'x-dnp-viewer': viewer },
    seconds,
  });
  rows.push({
    target: 'products subgraph direct',
    connections: 50,
    'req/s': direct.rps.toFixed(0),
    'p50 ms': direct.p50,
    'p99 ms': direct.p99,
    requests: direct.requests,
    errors: direct.errors,
    'gateway peak RSS MiB': '-',
  });
  printTable(`Catalogue query, ${seconds} s per target, embedded SQLite, ${process.version}`, rows);
} finally {
  await platform.stop();
}
