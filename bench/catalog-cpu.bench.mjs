#!/usr/bin/env node
// Where the catalogue query's CPU goes: boots the platform like catalog.bench.mjs, loads
//   products(first: 20) { sku name price availability }
// through the gateway and prints, per process, the CPU milliseconds spent per request (user +
// system from /proc/<pid>/stat), so a change can be judged by CPU cost rather than by
// throughput on a shared, noisy machine.
//   node bench/catalog-cpu.bench.mjs [seconds=10] [connections=50]
import { startPlatform } from '@dnp/runner';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { load, printTable } from './support.mjs';

const seconds = Math.min(Number(process.argv[2] ?? 10), 60);
const connections = Number(process.argv[3] ?? 50);
const root = fileURLToPath(new URL('..', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'dnp-bench-'));
const platform = await startPlatform({
  root,
  db: { kind: 'sqlite', dir: join(work, 'data') },
  ports: 'free',
  logDir: join(work, 'logs'),
  seed: true,
  authSecret: randomBytes(32).toString('base64url'),
  internalSecret: randomBytes(32).toString('base64url'),
  nodeEnv: 'production',
  logLevel: 'warn',
});
const ticks = (pid) => {
  const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(f[11]) + Number(f[12])) * 10; // clock ticks of 10 ms
};
try {
  const login = await fetch(platform.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation { login(input: { username: "nj_admin", password: "Demo@2026" }) { accessToken } }',
    }),
  }).then((r) => r.json());
  const headers = { authorization: `Bearer ${login.data.login.accessToken}` };
  const query =
    '{ products(first: 20) { edges { node { sku name price { amount currency } availability { available } } } } }';
  await load({ url: platform.gatewayUrl, query, headers, seconds: 2, connections });
  const procs = [
    ...platform.gateways.map((g) => [g.name, g.process.child.pid]),
    ...Object.entries(platform.subgraphs).map(([n, s]) => [n, s.process.child.pid]),
  ];
  const before = new Map(procs.map(([n, pid]) => [n, ticks(pid)]));
  const self0 = process.cpuUsage();
  const r = await load({ url: platform.gatewayUrl, query, headers, seconds, connections });
  const self = process.cpuUsage(self0);
  const rows = procs.map(([n, pid]) => ({
    process: n,
    'CPU ms': ticks(pid) - before.get(n),
    'CPU ms/request': ((ticks(pid) - before.get(n)) / r.requests).toFixed(2),
  }));
  rows.push({
    process: 'load generator',
    'CPU ms': Math.round((self.user + self.system) / 1000),
    'CPU ms/request': ((self.user + self.system) / 1000 / r.requests).toFixed(2),
  });
  printTable(
    `Catalogue query through the gateway: ${r.rps.toFixed(0)} req/s, p50 ${r.p50} ms, p99 ${r.p99} ms, ` +
      `${r.requests} requests, ${r.errors} errors`,
    rows,
  );
} finally {
  await platform.stop();
}
