import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import type { MikroORM } from '@mikro-orm/core';
import express from 'express';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { ErrorCode, INTERNAL_ERROR_MESSAGE, isCodedError } from './errors.js';
import { consumerMetricLines } from './event-consumer.js';
import { graphqlHttpHandler, MAX_BODY_BYTES } from './graphql-http.js';
import { formatInputGuardError, inputGuardPlugin, inputGuardRule } from './input-guard.js';
import type { QueryCounter } from './database.js';
import { RequestContext } from './request-context.js';
import { REQUEST_ID_HEADER, requestIdFrom } from './request-id.js';
import type { BaseSubgraphConfig } from './service-config.js';
import { VIEWER_HEADER, verifyViewerToken } from './viewer.js';

export interface SubgraphServerOptions<L extends object> {
  name: string;
  config: BaseSubgraphConfig;
  schema: GraphQLSchema;
  orm: MikroORM;
  log: Logger;
  counter: QueryCounter;
  /** Creates the request's dataloaders; called once per request. */
  createLoaders: (ctx: RequestContext<L>) => L;
  /** Extra routes (e.g. internal service endpoints) mounted before /graphql. */
  routes?: (app: express.Express) => void;
}

export interface RunningSubgraph {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** A started subgraph server whose shutdown phases the kit runs one by one (see `runSubgraph`). */
export interface SubgraphServer extends RunningSubgraph {
  /**
   * Stops accepting connections and waits at most `graceMs` for the requests in flight; then
   * drops the connections still open. Resolves with how many requests were cut off.
   */
  drain(graceMs: number): Promise<{ unfinished: number }>;
  /** Stops Apollo and closes the database pool; called after `drain` and the background work. */
  release(): Promise<void>;
}

/** Logs errors that are not expected business failures, with the operation that caused them. */
function errorLoggingPlugin(log: Logger): ApolloServerPlugin<RequestContext<object>> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, operationName, contextValue }) {
          for (const err of errors) {
            const code = err.extensions?.code;
            if (!code || code === ErrorCode.INTERNAL_SERVER_ERROR) {
              (contextValue?.log ?? log).error({ err: err.originalError ?? err, operationName }, 'unexpected error');
            }
          }
        },
      };
    },
  };
}

/**
 * In production an unexpected error (a driver's message, a TypeError: no code, or
 * INTERNAL_SERVER_ERROR) reaches the caller only as a generic INTERNAL_SERVER_ERROR; the
 * original is logged by `errorLoggingPlugin`. Coded errors (AppError, Apollo's request errors)
 * pass unchanged.
 */
export function maskUnexpected(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (isCodedError(formatted.extensions)) return formatted;
  return {
    message: INTERNAL_ERROR_MESSAGE,
    ...(formatted.path ? { path: formatted.path } : {}),
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/**
 * Starts a subgraph: Apollo Server 5 at `/graphql` (served straight from node `http`, see
 * `graphqlHttpHandler`), with `/health`, `/metrics` and any extra routes on express.
 * Each request gets a verified viewer (from the gateway's token), a forked EntityManager and
 * fresh loaders; calls without a valid gateway or service token are refused.
 */
export async function startSubgraphServer<L extends object>(opts: SubgraphServerOptions<L>): Promise<SubgraphServer> {
  const { config, log } = opts;
  const apollo = await startApollo(opts);
  const app = operationalRoutes(opts);
  const graphql = graphqlHttpHandler(apollo, requestContextOf(opts), MAX_BODY_BYTES, log);
  // /graphql goes straight to Apollo; everything else (health, metrics, events) through express.
  const { server, drain } = drainableServer((req, res) => {
    const url = req.url ?? '';
    if (url === '/graphql' || url.startsWith('/graphql?')) graphql(req, res);
    else app(req, res);
  }, log);
  await new Promise<void>((resolve) => server.listen(config.PORT, config.HOST, () => resolve()));
  // Keep idle gateway connections open longer than the gateway's agent keeps them.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${config.HOST}:${port}/graphql`;
  log.info({ url }, `${opts.name} subgraph ready`);
  const release = async () => {
    await apollo.stop();
    await opts.orm.close();
  };
  return {
    url,
    port,
    drain,
    release,
    async close() {
      await drain(0);
      await release();
    },
  };
}

/** Apollo with the input guard, error logging and (in production) masking of uncoded errors. */
async function startApollo<L extends object>(opts: SubgraphServerOptions<L>): Promise<ApolloServer<RequestContext<L>>> {
  const production = opts.config.NODE_ENV === 'production';
  const apollo = new ApolloServer<RequestContext<L>>({
    schema: opts.schema,
    introspection: true,
    includeStacktraceInErrorResponses: !production,
    // Cache control is on by default and wraps every field resolver to collect hints nobody
    // sets here (the gateway does not cache); off, resolvers run unwrapped.
    plugins: [
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      errorLoggingPlugin(opts.log) as ApolloServerPlugin<RequestContext<L>>,
      // NUL bytes, lone surrogates, huge numbers and invalid dates never reach a resolver or SQL.
      inputGuardPlugin<RequestContext<L>>(),
      ...(production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
    validationRules: [inputGuardRule()],
    formatError: (formatted) =>
      production ? maskUnexpected(formatInputGuardError(formatted)) : formatInputGuardError(formatted),
  });
  await apollo.start();
  return apollo;
}

/** The express app of everything but /graphql: /health (database reachable), /metrics, extra routes. */
function operationalRoutes<L extends object>(opts: SubgraphServerOptions<L>): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.get('/health', async (_req, res) => {
    try {
      await opts.orm.em.fork().getConnection().execute('select 1');
      res.json({ status: 'ok', service: opts.name });
    } catch (err) {
      // The database's message stays in the log: /health is reachable by whoever reaches the port.
      opts.log.error({ err }, 'health check failed');
      res.status(503).json({ status: 'error', service: opts.name });
    }
  });
  app.get('/metrics', (_req, res) => {
    const mem = process.memoryUsage();
    res
      .type('text/plain')
      .send(
        [
          `# HELP dnp_db_queries_total SQL statements sent to the database since start.`,
          `# TYPE dnp_db_queries_total counter`,
          `dnp_db_queries_total{service="${opts.name}"} ${opts.counter.total}`,
          `# TYPE process_resident_memory_bytes gauge`,
          `process_resident_memory_bytes ${mem.rss}`,
          ...consumerMetricLines(opts.name),
          '',
        ].join('\n'),
      );
  });
  opts.routes?.(app);
  return app;
}

/** Builds each request's context: the verified viewer, a forked EntityManager, a request id and loaders. */
function requestContextOf<L extends object>(
  opts: SubgraphServerOptions<L>,
): (req: IncomingMessage) => Promise<RequestContext<L>> {
  return async (req) => {
    const header = req.headers[VIEWER_HEADER];
    const viewer = await verifyViewerToken(
      opts.config.INTERNAL_JWT_SECRET,
      opts.name,
      Array.isArray(header) ? header[0] : header,
    );
    // Never the header as sent: a direct caller could put anything in it (see requestIdFrom).
    const requestId = requestIdFrom(req.headers[REQUEST_ID_HEADER]);
    return new RequestContext<L>(
      viewer,
      opts.orm.em.fork(),
      opts.log.child({ requestId }),
      requestId,
      opts.createLoaders,
    );
  };
}

/**
 * An HTTP server that counts the requests in flight, so a shutdown can wait for them (bounded)
 * before closing connections: `drain` refuses new connections, waits at most `graceMs`, then
 * drops what is still open and reports how many requests it cut off.
 */
function drainableServer(
  handle: (req: IncomingMessage, res: ServerResponse) => void,
  log: Logger,
): { server: Server; drain: (graceMs: number) => Promise<{ unfinished: number }> } {
  let inFlight = 0;
  let draining = false;
  const settled = new Set<() => void>();
  const server = createServer((req, res) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) for (const notify of settled) notify();
    });
    // A keep-alive connection used while draining is closed after this response.
    if (draining) res.setHeader('connection', 'close');
    handle(req, res);
  });
  const closed = new Promise<void>((resolve) => server.once('close', () => resolve()));
  const drain = async (graceMs: number) => {
    if (!draining) {
      draining = true;
      // New connections are refused from here on; idle keep-alive ones are closed now.
      server.close();
      server.closeIdleConnections();
    }
    if (inFlight > 0) {
      let notify = () => {};
      const done = new Promise<void>((resolve) => (notify = resolve));
      settled.add(notify);
      const timer = setTimeout(notify, graceMs);
      await done;
      clearTimeout(timer);
      settled.delete(notify);
    }
    const unfinished = inFlight;
    if (unfinished) log.warn({ unfinished, graceMs }, 'shutdown grace period over: closing requests still in flight');
    server.closeAllConnections();
    await closed;
    return { unfinished };
  };
  return { server, drain };
}
