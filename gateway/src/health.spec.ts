import express from 'express';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { livenessRoute, readinessRoute } from './health.js';
import { keepAliveFetcher } from './http-fetcher.js';

/** Subgraph stand-ins on one server: one answers `{ __typename }`, one hangs, one fails, one answers no data. */
let upstream: Server;
let gateway: Server;
let base: string;
let loaded = true;
const seenHeaders: string[] = [];
const http = keepAliveFetcher(4);
const liveness = livenessRoute();

beforeAll(async () => {
  const sub = express();
  sub.use(express.json());
  sub.post('/:name/graphql', (req, res) => {
    seenHeaders.push(String(req.headers['x-test-viewer']));
    const name = req.params.name;
    if (name === 'slow') return void setTimeout(() => res.json({ data: { __typename: 'Query' } }), 5000);
    if (name === 'broken') return void res.status(500).json({ errors: [{ message: 'boom' }] });
    if (name === 'odd') return void res.json({ errors: [{ message: 'no' }] });
    res.json({ data: { __typename: req.body?.query === '{ __typename }' ? 'Query' : 'Wrong' } });
  });
  let up: string;
  [upstream, up] = await onLoopback(sub);
  const app = express();
  const route = (names: string[], timeoutMs: number) =>
    readinessRoute({
      // Nothing listens on port 1: that subgraph is unreachable.
      urls: Object.fromEntries(
        names.map((n) => [n, n === 'gone' ? 'http://127.0.0.1:1/graphql' : `${up}/${n}/graphql`]),
      ),
      fetcher: http.fetcher,
      timeoutMs,
      headers: async (subgraph) => ({ 'x-test-viewer': `token-for-${subgraph}` }),
      schemaLoaded: () => loaded,
      features: { attached: ['uploads'], skipped: { 'partner-keys': ['Query.partnerKeyIdentity'] } },
      sections: () => ({ subscriptions: { active: 0 } }),
      log: pino({ level: 'silent' }),
    });
  app.get('/ready-ok', route(['good', 'also'], 10_000));
  app.get('/ready-bad', route(['good', 'slow', 'broken', 'odd', 'gone'], 1000));
  app.get('/livez', liveness.handler);
  [gateway, base] = await onLoopback(app);
});

/** Serves `app` on a free loopback port: the server and its base URL. */
function onLoopback(app: express.Express): Promise<[Server, string]> {
  return new Promise((ok) => {
    const server = app.listen(0, '127.0.0.1', () =>
      ok([server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`]),
    );
  });
}

afterAll(async () => {
  liveness.stop();
  await http.close();
  upstream.closeAllConnections();
  await new Promise((r) => upstream.close(r));
  await new Promise((r) => gateway.close(r));
});

describe('/readyz', () => {
  it('is 200 when the schema is loaded and every subgraph answers { __typename }, listing the features', async () => {
    const res = await fetch(`${base}/ready-ok`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      status: 'ok',
      service: 'gateway',
      schema: 'loaded',
      subgraphs: { good: 'ok', also: 'ok' },
      features: { attached: ['uploads'], skipped: { 'partner-keys': ['Query.partnerKeyIdentity'] } },
      subscriptions: { active: 0 },
    });
    // Each ping carries the headers made for its subgraph.
    expect(seenHeaders).toEqual(expect.arrayContaining(['token-for-good', 'token-for-also']));
  });

  it('is 503 naming each failing subgraph and why: timeout, HTTP status, no answer, unreachable', async () => {
    const started = Date.now();
    const res = await fetch(`${base}/ready-bad`);
    // The slow one is given up after READY_TIMEOUT_MS, not waited for.
    expect(Date.now() - started).toBeLessThan(4000);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { failing: string[]; subgraphs: Record<string, string> };
    expect(body.subgraphs).toEqual({
      good: 'ok',
      slow: 'timeout',
      broken: 'http 500',
      odd: 'bad answer',
      gone: 'unreachable',
    });
    expect(body.failing).toEqual(['slow', 'broken', 'odd', 'gone']);
  });

  it('is 503 while the schema is not loaded', async () => {
    loaded = false;
    const res = await fetch(`${base}/ready-ok`);
    loaded = true;
    expect(res.status).toBe(503);
    expect(((await res.json()) as { schema: string }).schema).toBe('loading');
  });
});

describe('/livez', () => {
  it('reports the event loop delay and the heap', async () => {
    const res = await fetch(`${base}/livez`);
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      status: string;
      eventLoopDelayMs: { mean: number; p99: number; max: number };
      heap: { usedBytes: number; limitBytes: number };
    };
    expect(body.status).toBe('ok');
    expect(body.eventLoopDelayMs.p99).toBeGreaterThanOrEqual(0);
    expect(body.heap.usedBytes).toBeGreaterThan(0);
    expect(body.heap.limitBytes).toBeGreaterThan(body.heap.usedBytes);
  });
});
