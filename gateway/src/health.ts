import type { Fetcher } from '@apollo/utils.fetcher';
import type { Request, Response } from 'express';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { Logger } from 'pino';

/** What `/readyz` reports of one subgraph: `ok`, or why it is not ready. */
export type SubgraphReadiness = 'ok' | 'unreachable' | 'timeout' | 'bad answer' | `http ${number}`;

/** The ping every subgraph answers whatever its schema: GraphQL's own `{ __typename }`. */
const PING = JSON.stringify({ query: '{ __typename }' });

/** How often the event-loop delay histogram starts over, so `/livez` reports the recent past. */
const LOOP_WINDOW_MS = 60_000;

/**
 * GET /livez: the process itself (design gateway.md §1): event-loop delay over the last minute and the
 * heap. Always 200 while the process answers; a supervisor reads the numbers.
 */
export function livenessRoute(): { handler: (req: Request, res: Response) => void; stop: () => void } {
  const loop = monitorEventLoopDelay({ resolution: 20 });
  loop.enable();
  const reset = setInterval(() => loop.reset(), LOOP_WINDOW_MS);
  reset.unref();
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  return {
    handler: (_req, res) => {
      const heap = getHeapStatistics();
      res.json({
        status: 'ok',
        service: 'gateway',
        uptimeSeconds: Math.round(process.uptime()),
        eventLoopDelayMs: {
          mean: Number.isNaN(loop.mean) ? 0 : ms(loop.mean),
          p99: ms(loop.percentile(99)),
          max: ms(loop.max),
        },
        heap: {
          usedBytes: heap.used_heap_size,
          totalBytes: heap.total_heap_size,
          limitBytes: heap.heap_size_limit,
        },
      });
    },
    stop: () => {
      clearInterval(reset);
      loop.disable();
    },
  };
}

/** What `/readyz` reads from the gateway. */
export interface ReadinessSources {
  /** Subgraph name → GraphQL URL. */
  urls: Record<string, string>;
  /** The pooled agent the gateway's subgraph fetches use. */
  fetcher: Fetcher;
  /** Each ping's budget (READY_TIMEOUT_MS). */
  timeoutMs: number;
  /** Headers of a ping to one subgraph (an anonymous viewer token, as for an anonymous caller). */
  headers: (subgraph: string) => Promise<Record<string, string>>;
  /** True once Apollo has loaded the supergraph. */
  schemaLoaded: () => boolean;
  /** The features: attached ones by name, skipped ones with what they miss. */
  features: { attached: string[]; skipped: Record<string, string[]> };
  /** Extra sections (e.g. subscription counters), read per answer; undefined ones are left out. */
  sections: () => Record<string, unknown>;
  log: Logger;
}

/**
 * GET /readyz: 200 when the schema is loaded and every subgraph answers `{ __typename }` through the
 * pooled agent within the timeout; 503 otherwise, naming the failing subgraphs (never their addresses).
 */
export function readinessRoute(src: ReadinessSources): (req: Request, res: Response) => Promise<void> {
  return async (_req, res) => {
    const checks = await Promise.all(
      Object.entries(src.urls).map(async ([name, url]) => [name, await ping(src, name, url)] as const),
    );
    const failing = checks.filter(([, s]) => s !== 'ok').map(([name]) => name);
    const schema = src.schemaLoaded();
    const ready = schema && failing.length === 0;
    res.status(ready ? 200 : 503).json({
      status: ready ? 'ok' : 'degraded',
      service: 'gateway',
      schema: schema ? 'loaded' : 'loading',
      subgraphs: Object.fromEntries(checks),
      ...(failing.length ? { failing } : {}),
      features: src.features,
      ...src.sections(),
    });
  };
}

/** One subgraph's readiness: its answer to `{ __typename }` within the timeout. */
async function ping(src: ReadinessSources, name: string, url: string): Promise<SubgraphReadiness> {
  const signal = AbortSignal.timeout(src.timeoutMs);
  try {
    const res = await src.fetcher(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', ...(await src.headers(name)) },
      body: PING,
      signal,
    } as Parameters<Fetcher>[1]);
    const text = await res.text();
    if (!res.ok) return `http ${res.status}`;
    const body = JSON.parse(text) as { data?: { __typename?: unknown } };
    return typeof body.data?.__typename === 'string' ? 'ok' : 'bad answer';
  } catch (err) {
    if (signal.aborted) return 'timeout';
    if (err instanceof SyntaxError) return 'bad answer';
    // The fetch error names the subgraph's address: logged, not shown.
    src.log.warn({ err, subgraph: name }, 'subgraph readiness check failed');
    return 'unreachable';
  }
}
