import type { MikroORM, EntityManager, Options } from '@mikro-orm/core';
import { createEventPublisher, createOutboxStreamHandler, eventBusConfig, OutboxRelay } from '@dnp/event-bus';
import type { Express } from 'express';
import type { GraphQLSchema } from 'graphql';
import { writeFileSync } from 'node:fs';
import { constants } from 'node:os';
import type { Logger } from 'pino';
import { openDatabase, QueryCounter, type MigrationSet } from './database.js';
import { createLogger } from './logger.js';
import type { RequestContext } from './request-context.js';
import { startSubgraphServer, type RunningSubgraph } from './server.js';
import type { BaseSubgraphConfig } from './service-config.js';
import { ForbiddenError } from './errors.js';
import { Role, VIEWER_HEADER, verifyViewerToken } from './viewer.js';

/** Everything that makes one subgraph; its `main.ts` passes this and its parsed config to `runSubgraph`. */
export interface SubgraphDefinition<L extends object> {
  name: string;
  entities: Options['entities'];
  migrations: MigrationSet;
  buildSchema: () => Promise<{ schema: GraphQLSchema; sdl: string }>;
  createLoaders: (ctx: RequestContext<L>) => L;
  /** Inserts demo data; called at start-up when SEED_DEMO_DATA=true and `isSeeded` says no. */
  seed?: (em: EntityManager, log: Logger) => Promise<void>;
  isSeeded?: (em: EntityManager) => Promise<boolean>;
  /**
   * ALL the subgraph's background work (alert scanners, reconcilers, saga resumers, consumers),
   * started once the server listens, outside the per-request statement counts. Returns its stop
   * function, which must end every loop and await the iteration in progress: `runSubgraph` calls
   * it on shutdown after the requests in flight and before the relay and the database close. No
   * subgraph starts loops or installs signal handlers of its own.
   */
  background?: BackgroundWork;
  /** Extra express routes, e.g. internal endpoints for service calls or `uploadRoute`. */
  routes?: (app: Express, env: RouteEnvironment) => void;
}

/** Background work: started once the server listens, returns its stop function (see `background`). */
export type BackgroundWork = (orm: MikroORM, log: Logger) => () => Promise<void>;

/**
 * What a subgraph's extra routes get besides the app: its name, configuration, database and log, and
 * `background` to register work the route needs (e.g. the upload sweeper), run and stopped with the
 * definition's own.
 */
export interface RouteEnvironment {
  name: string;
  config: BaseSubgraphConfig;
  orm: MikroORM;
  log: Logger;
  background: (work: BackgroundWork) => void;
}

/** How `runSubgraph` ends the process; tests replace both. */
export interface RunSubgraphOptions {
  /** Installs the SIGTERM/SIGINT (and parent-exit) handlers; default true. */
  signals?: boolean;
  /** Ends the process with a code; default `process.exit`. */
  exit?: (code: number) => void;
}

/** What `runSubgraph` returns: the running server, its database and relay, and its shutdown. */
export type StartedSubgraph = RunningSubgraph & {
  orm: MikroORM;
  relay: OutboxRelay;
  uncounted: <T>(fn: () => T) => T;
  /**
   * What a signal does: the first call runs `close` and exits 0 (1 when closing failed); a
   * second call, while the first is still draining, exits at once with 128 + the signal number.
   */
  shutdown: (signal: string) => Promise<void>;
};

/**
 * Opens the database, migrates, seeds when asked, starts the outbox relay, builds the schema and
 * starts serving (`/graphql`, `/health`, `/metrics`, and `/events`: the outbox as server-sent
 * events for SERVICE callers, the embedded event transport), then starts the definition's
 * background work. It alone owns the process's lifecycle. `close` (and so a SIGTERM/SIGINT)
 * drains in this order: stop accepting connections and end the event streams, let requests in
 * flight finish (at most SHUTDOWN_GRACE_MS), stop the background work (awaiting its running
 * iteration), stop the relay, then close Apollo, the database pool and the event publisher.
 */
export async function runSubgraph<L extends object>(
  def: SubgraphDefinition<L>,
  config: BaseSubgraphConfig,
  opts: RunSubgraphOptions = {},
): Promise<StartedSubgraph> {
  const log = createLogger(def.name, config.LOG_LEVEL);
  const counter = new QueryCounter();
  const orm = await openDatabase({ config, entities: def.entities, migrations: def.migrations, log, counter });
  await seedIfAsked(def, config, orm, log);
  const publisher = createEventPublisher(eventBusConfig(config), log);
  // Background work (relay, event streams, scanners) is kept out of the per-request statement counts.
  const uncounted = <T>(fn: () => T): T => counter.uncounted(fn);
  const relay = new OutboxRelay(orm, publisher, {
    pollMs: config.EVENT_RELAY_POLL_MS,
    log,
    context: uncounted,
  }).start();
  const events = serviceEventStream(def.name, config, orm, relay, log);
  const { schema } = await def.buildSchema();
  const work: BackgroundWork[] = def.background ? [def.background] : [];
  const server = await startSubgraphServer<L>({
    name: def.name,
    config,
    schema,
    orm,
    log,
    counter,
    createLoaders: def.createLoaders,
    routes: (app) => {
      app.get('/events', (req, res) => uncounted(() => events(req, res)));
      def.routes?.(app, { name: def.name, config, orm, log, background: (w) => work.push(w) });
    },
  });
  const stops = uncounted(() => work.map((start) => start(orm, log)));
  const stopBackground = () => Promise.all(stops.map((stop) => stop()));
  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= (async () => {
      // The server's sync part runs first: no new connection is accepted once drain is called.
      const drained = server.drain(config.SHUTDOWN_GRACE_MS);
      events.close();
      await drained;
      await stopBackground();
      await relay.stop();
      await server.release();
      await publisher.close();
      log.info('shut down');
    })());
  const shutdown = shutdownOnSignal(close, log, opts.exit ?? ((code: number) => process.exit(code)));
  if (opts.signals ?? true) {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => void shutdown(signal));
    if (config.EXIT_WITH_PARENT) {
      // The parent holds our stdin open; when it dies, the pipe closes and we follow.
      process.stdin.once('close', () => void shutdown('SIGTERM'));
      process.stdin.resume();
    }
  }
  return { url: server.url, port: server.port, close, orm, relay, uncounted, shutdown };
}

/** Seeds the demo data when SEED_DEMO_DATA is on, the definition has a seeder and it has not run yet. */
async function seedIfAsked<L extends object>(
  def: SubgraphDefinition<L>,
  config: BaseSubgraphConfig,
  orm: MikroORM,
  log: Logger,
): Promise<void> {
  if (config.SEED_DEMO_DATA && def.seed) {
    const em = orm.em.fork();
    if (!(await def.isSeeded?.(em))) {
      const started = Date.now();
      await def.seed(em, log);
      log.info({ ms: Date.now() - started }, 'seeded demo data');
    }
  }
}

/** GET /events: the outbox as server-sent events, for SERVICE callers only (the embedded event transport). */
function serviceEventStream(
  name: string,
  config: BaseSubgraphConfig,
  orm: MikroORM,
  relay: OutboxRelay,
  log: Logger,
): ReturnType<typeof createOutboxStreamHandler> {
  return createOutboxStreamHandler({
    orm,
    relay,
    log,
    async authorize(req) {
      const header = req.headers[VIEWER_HEADER];
      const viewer = await verifyViewerToken(
        config.INTERNAL_JWT_SECRET,
        name,
        Array.isArray(header) ? header[0] : header,
      );
      if (viewer?.role !== Role.SERVICE) throw new ForbiddenError('Only services read the event stream');
    },
  });
}

/**
 * What a signal does: the first runs `close` and exits 0 (1 when closing failed); a second one,
 * while the first is still draining, exits at once with 128 + the signal number.
 */
function shutdownOnSignal(
  close: () => Promise<void>,
  log: Logger,
  exit: (code: number) => void,
): (signal: string) => Promise<void> {
  let signalled = false;
  return async (signal) => {
    if (signalled) {
      log.warn({ signal }, 'second signal while shutting down: exiting now');
      exit(128 + (constants.signals[signal as keyof typeof constants.signals] ?? 0));
      return;
    }
    signalled = true;
    log.info({ signal }, 'shutting down');
    const failed = await close().then(
      () => false,
      (err: unknown) => {
        log.error({ err }, 'error while closing');
        return true;
      },
    );
    exit(failed ? 1 : 0);
  };
}

/**
 * Writes the subgraph SDL that composition reads; run by each subgraph's `print-sdl` script.
 * A path given as the first command-line argument replaces `defaultPath` (used by
 * `scripts/schema.mjs --check` to compare without touching the committed file).
 */
export async function writeSubgraphSdl(
  def: Pick<SubgraphDefinition<object>, 'buildSchema'>,
  defaultPath: string,
): Promise<void> {
  const { sdl } = await def.buildSchema();
  writeFileSync(
    process.argv[2] ?? defaultPath,
    `# Generated by print-sdl from the type-graphql classes. Do not edit.\n${sdl}\n`,
  );
}
