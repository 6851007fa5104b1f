import type { MikroORM } from '@mikro-orm/core';
import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema, printSchema } from 'graphql';
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { runSubgraph, type StartedSubgraph, type SubgraphDefinition } from './bootstrap.js';
import type { RequestContext } from './request-context.js';
import { DEV_SECRET } from './base-config.js';
import { baseSubgraphConfig, parseConfig } from './service-config.js';
import { signViewerToken, VIEWER_HEADER } from './viewer.js';

/** The order things happened in, as the fake subgraph's request, loop and probes report them. */
let steps: string[] = [];
let started: StartedSubgraph | undefined;

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await pause(10);
  }
}

/** A database round trip: it fails once the pool is closed, so a step logged after it ran on an open database. */
const touch = (orm: MikroORM) => orm.em.fork().getConnection().execute('select 1');

/**
 * A subgraph with one slow query field (`slow` takes `requestMs` and then reads the database) and a
 * background loop whose iterations take `iterationMs` and then read the database.
 */
function fakeSubgraph(requestMs: number, iterationMs: number): SubgraphDefinition<object> {
  const query = new GraphQLObjectType<unknown, RequestContext<object>>({
    name: 'Query',
    fields: {
      slow: {
        type: GraphQLBoolean,
        async resolve(_src, _args, ctx) {
          steps.push('request started');
          await pause(requestMs);
          await ctx.em.getConnection().execute('select 1');
          steps.push('request finished');
          return true;
        },
      },
    },
  });
  const schema = new GraphQLSchema({ query });
  return {
    name: 'fake',
    entities: [],
    migrations: { sqlite: [], mysql: [] },
    createLoaders: () => ({}),
    buildSchema: async () => ({ schema, sdl: printSchema(schema) }),
    background: (orm) => {
      let stopped = false;
      const loop = (async () => {
        for (let i = 0; i < 1000 && !stopped; i++) {
          steps.push('iteration started');
          await pause(iterationMs);
          await touch(orm);
          steps.push('iteration finished');
        }
      })();
      return async () => {
        stopped = true;
        await loop;
        steps.push('loop stopped');
      };
    },
  };
}

/** Starts the fake subgraph on a free port; `codes` collects the exit codes instead of exiting. */
async function start(def: SubgraphDefinition<object>, graceMs: number) {
  const env = { PORT: '0', LOG_LEVEL: 'silent', SHUTDOWN_GRACE_MS: String(graceMs) };
  const config = parseConfig(baseSubgraphConfig, env, 'fake');
  const codes: number[] = [];
  started = await runSubgraph(def, config, { signals: false, exit: (c) => codes.push(c) });
  return { running: started, codes };
}

/** POSTs the `slow` query; resolves with the status, or with the network error's code. */
async function postSlow(port: number): Promise<number | string> {
  // Subgraphs answer only calls carrying the gateway's token (here: an anonymous viewer's).
  const token = await signViewerToken(DEV_SECRET, 'fake', null);
  return new Promise((resolve) => {
    const body = JSON.stringify({ query: '{ slow }' });
    const headers = {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
      [VIEWER_HEADER]: token,
    };
    const req = request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
    req.end(body);
  });
}

afterEach(async () => {
  await started?.close().catch(() => undefined);
  started = undefined;
  steps = [];
});

describe('runSubgraph shutdown', () => {
  it('stops accepting, finishes the request in flight, stops the loop, then closes the database; exits 0', async () => {
    const { running, codes } = await start(fakeSubgraph(400, 150), 5000);
    const { port, orm } = running;
    await until('a loop iteration', () => steps.includes('iteration started'));
    const inFlight = postSlow(port);
    await until('the request to start', () => steps.includes('request started'));

    const shutdown = running.shutdown('SIGTERM');
    steps.push('shutdown began');
    // A new connection is refused at once, while the request in flight is still running.
    expect(await postSlow(port)).toBe('ECONNREFUSED');
    steps.push('new connection refused');
    await shutdown;
    steps.push('exited');

    expect(await inFlight).toBe(200);
    expect(codes).toEqual([0]);
    expect(await orm.isConnected()).toBe(false);
    const at = (step: string) => steps.indexOf(step);
    expect(at('new connection refused')).toBeLessThan(at('request finished'));
    expect(at('request finished')).toBeLessThan(at('loop stopped'));
    // The iteration running when the loop was told to stop finished on an open database.
    expect(steps.lastIndexOf('iteration finished')).toBeLessThan(at('loop stopped'));
    expect(steps.lastIndexOf('iteration started')).toBeLessThan(steps.lastIndexOf('iteration finished'));
    expect(at('loop stopped')).toBeLessThan(at('exited'));
    expect(steps.filter((s) => s === 'request finished')).toHaveLength(1);
  });

  it('cuts a request off after SHUTDOWN_GRACE_MS', async () => {
    const { running, codes } = await start(fakeSubgraph(3000, 20), 100);
    const inFlight = postSlow(running.port);
    await until('the request to start', () => steps.includes('request started'));
    const begun = Date.now();
    await running.shutdown('SIGTERM');
    expect(Date.now() - begun).toBeLessThan(2000);
    expect(await inFlight).toBe('ECONNRESET');
    expect(steps).not.toContain('request finished');
    expect(codes).toEqual([0]);
  });

  it('exits at once with 128 + the signal number on a second signal', async () => {
    const { running, codes } = await start(fakeSubgraph(500, 20), 5000);
    const inFlight = postSlow(running.port);
    await until('the request to start', () => steps.includes('request started'));
    const first = running.shutdown('SIGTERM');
    await running.shutdown('SIGINT');
    expect(codes).toEqual([130]);
    expect(steps).not.toContain('request finished');
    // (A real process is gone here; the test lets the first drain finish to clean up.)
    await first;
    await inFlight;
  });
});
