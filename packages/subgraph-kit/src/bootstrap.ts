import type { MikroORM, EntityManager, Options } from '@mikro-orm/core';
import { createEventPublisher, createOutboxStreamHandler, eventBusConfig, OutboxRelay } from '@dnp/event-bus';
import type { GraphQLSchema } from 'graphql';
import { writeFileSync } from 'node:fs';
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
   * Background work started once the server listens (e.g. a periodic alert scanner); returns
   * its stop function, awaited before the database closes.
   */
  background?: (orm: MikroORM, log: Logger) => () => Promise<void>;
  /** Extra express routes, e.g. internal endpoints for service calls. */
  routes?: Parameters<typeof startSubgraphServer>[0]['routes'];
}

/**
 * Opens the database, migrates, seeds when asked, starts the outbox relay, builds the schema and
 * starts serving (`/graphql`, `/health`, `/metrics`, and `/events`: the outbox as server-sent
 * events for SERVICE callers, the embedded event transport).
 */
export async function runSubgraph<L extends object>(
  def: SubgraphDefinition<L>,
  config: BaseSubgraphConfig,
): Promise<RunningSubgraph & { orm: MikroORM; relay: OutboxRelay; uncounted: <T>(fn: () => T) => T }> {
  const log = createLogger(def.name, config.LOG_LEVEL);
  const counter = new QueryCounter();
  const orm = await openDatabase({ config, entities: def.entities, migrations: def.migrations, log, counter });
  if (config.SEED_DEMO_DATA && def.seed) {
    const em = orm.em.fork();
    if (!(await def.isSeeded?.(em))) {
      const started = Date.now();
      await def.seed(em, log);
      log.info({ ms: Date.now() - started }, 'seeded demo data');
    }
  }
  const publisher = createEventPublisher(eventBusConfig(config), log);
  // Background work (relay, event streams, scanners) is kept out of the per-request statement counts.
  const uncounted = <T,>(fn: () => T): T => counter.uncounted(fn);
  const relay = new OutboxRelay(orm, publisher, { pollMs: config.EVENT_RELAY_POLL_MS, log, context: uncounted }).start();
  const events = createOutboxStreamHandler({
    orm,
    relay,
    log,
    async authorize(req) {
      const header = req.headers[VIEWER_HEADER];
      const viewer = await verifyViewerToken(config.INTERNAL_JWT_SECRET, def.name, Array.isArray(header) ? header[0] : header);
      if (viewer?.role !== Role.SERVICE) throw new ForbiddenError('Only services read the event stream');
    },
  });
  const { schema } = await def.buildSchema();
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
      def.routes?.(app);
    },
  });
  const stopBackground = uncounted(() => def.background?.(orm, log));
  const running: RunningSubgraph = {
    ...server,
    async close() {
      events.close();
      await stopBackground?.();
      await relay.stop();
      await server.close();
      await publisher.close();
    },
  };
  const shutdown = async (signal: string) => {
    log.info({ signal }, 'shutting down');
    await running.close().catch((err) => log.error({ err }, 'error while closing'));
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  if (config.EXIT_WITH_PARENT) {
    // The parent holds our stdin open; when it dies, the pipe closes and we follow.
    process.stdin.once('close', () => void shutdown('parent exited'));
    process.stdin.resume();
  }
  return { ...running, orm, relay, uncounted };
}

/**
 * Writes the subgraph SDL that composition reads; run by each subgraph's `print-sdl` script.
 * A path given as the first command-line argument replaces `defaultPath` (used by
 * `scripts/schema.mjs --check` to compare without touching the committed file).
 */
export async function writeSubgraphSdl(def: Pick<SubgraphDefinition<object>, 'buildSchema'>, defaultPath: string): Promise<void> {
  const { sdl } = await def.buildSchema();
  writeFileSync(process.argv[2] ?? defaultPath, `# Generated by print-sdl from the type-graphql classes. Do not edit.\n${sdl}\n`);
}
