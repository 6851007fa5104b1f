import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { graphql, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { pino } from 'pino';
import type { SubgraphDefinition } from './bootstrap.js';
import { openDatabase, QueryCounter } from './database.js';
import { RequestContext } from './request-context.js';
import { UploadRecord } from './upload.entity.js';
import type { Viewer } from './viewer.js';

/** An in-memory SQLite copy of a subgraph's database, for unit tests of its services. */
export interface TestSubgraph<L extends object> {
  orm: MikroORM;
  counter: QueryCounter;
  /** A fresh request context (own EntityManager and loaders) for `viewer`. */
  context(viewer: Viewer | null): RequestContext<L>;
  /** Runs an operation against the subgraph's federated schema as `viewer` (a fresh context each call). */
  execute(source: string, variables?: Record<string, unknown>, viewer?: Viewer | null): Promise<ExecutionResult>;
  close(): Promise<void>;
}

/** Migrates a fresh in-memory SQLite database for `def` and optionally seeds its demo data. */
export async function openTestSubgraph<L extends object>(
  def: SubgraphDefinition<L>,
  opts: { seed?: boolean } = {},
): Promise<TestSubgraph<L>> {
  const log = pino({ level: 'silent' });
  const counter = new QueryCounter();
  const orm = await openDatabase({
    config: { DB_CLIENT: 'sqlite', DB_PATH: ':memory:', DB_POOL_MAX: 1, LOG_LEVEL: 'silent' },
    entities: def.entities,
    migrations: def.migrations,
    log,
    counter,
  });
  if (opts.seed && def.seed) await def.seed(orm.em.fork(), log);
  let n = 0;
  let schema: GraphQLSchema | undefined;
  const context = (viewer: Viewer | null) =>
    new RequestContext<L>(viewer, orm.em.fork(), log, `test-${++n}`, def.createLoaders);
  return {
    orm,
    counter,
    context,
    async execute(source, variables, viewer = null) {
      schema ??= (await def.buildSchema()).schema;
      return graphql({ schema, source, variableValues: variables, contextValue: context(viewer) });
    },
    close: () => orm.close(),
  };
}

/**
 * Puts unconsumed upload rows with `ids` of `purpose` (owned by `ownerUserId`, null for anonymous) into
 * the test database, replacing rows with those ids: a spec can attach the same ids again after an
 * earlier test consumed them. No blob is written; only the staging rows a mutation claims.
 */
export async function stageUploads(
  em: EntityManager,
  ids: readonly string[],
  purpose: string,
  ownerUserId: string | null,
): Promise<void> {
  const now = new Date();
  await em.nativeDelete(UploadRecord, { id: { $in: [...ids] } });
  for (const id of ids)
    em.persist(
      Object.assign(new UploadRecord(), {
        id,
        purpose,
        ownerUserId,
        blobKey: `uploads/spec/${id.toLowerCase()}`,
        contentType: 'application/pdf',
        byteSize: 4,
        sha256: '0'.repeat(64),
        createdAt: now,
        expiresAt: new Date(now.getTime() + 3_600_000),
        consumedAt: null,
      }),
    );
  await em.flush();
}
