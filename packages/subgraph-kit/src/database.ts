import { helper, isRaw, MikroORM, raw, type EventSubscriber, type FlushEventArgs, type Options } from '@mikro-orm/core';
import { NativeQueryBuilder } from '@mikro-orm/sql';
import { CompiledQuery } from 'kysely';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { MariaDbDriver } from '@mikro-orm/mariadb';
import { MySqlDriver } from '@mikro-orm/mysql';
import { Migrator } from '@mikro-orm/migrations';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import type { BaseSubgraphConfig } from './service-config.js';
import { EVENT_ENTITIES } from '@dnp/event-bus';
import { eventMigrations } from './event-migrations/index.js';
import { EVENT_CONSUMER_ENTITIES } from './event-consumer.entity.js';
import type { MigrationSet } from './migration-set.js';
import { TtlCache } from './ttl-cache.js';
import { KIT_ENTITIES } from './upload.entity.js';
import { EXPORT_JOB_ENTITIES } from './export-job.entity.js';

export type { MigrationSet } from './migration-set.js';

/**
 * Counts SQL statements; read through `/metrics` so tests can prove the absence of N+1. Work
 * that belongs to no request (the outbox relay, alert scanners, event streams) runs inside
 * `uncounted`, so its polling never shows up between two requests' counts.
 */
export class QueryCounter {
  total = 0;
  private readonly background = new AsyncLocalStorage<true>();

  /** Counts one statement unless it was sent by background work. */
  count(): void {
    if (!this.background.getStore()) this.total++;
  }

  /** Runs `fn`, and every asynchronous task or timer it starts, without counting their statements. */
  uncounted<T>(fn: () => T): T {
    return this.background.run(true, fn);
  }

  reset(): void {
    this.total = 0;
  }
}

export interface DatabaseOptions {
  config: Pick<BaseSubgraphConfig, 'DB_CLIENT' | 'DB_PATH' | 'DB_URL' | 'DB_POOL_MAX' | 'LOG_LEVEL'>;
  entities: Options['entities'];
  migrations: MigrationSet;
  log: Logger;
  counter?: QueryCounter;
}

/**
 * Builds MikroORM options for the configured dialect; shared by the server and the migration
 * tool. Every subgraph also gets the event tables (outbox, processed-events inbox, consumer positions
 * and dead letters) and the kit's migrations for them, applied before its own; so a subgraph's
 * migration diff never repeats them.
 */
export function ormOptions(opts: DatabaseOptions): Options {
  const { config } = opts;
  const counter = opts.counter;
  const sqlite = config.DB_CLIENT === 'sqlite';
  const common: Partial<Options> = {
    entities: [
      ...((opts.entities ?? []) as unknown[]),
      ...EVENT_ENTITIES,
      ...EVENT_CONSUMER_ENTITIES,
      ...KIT_ENTITIES,
      ...EXPORT_JOB_ENTITIES,
    ] as Options['entities'],
    extensions: [Migrator],
    migrations: {
      migrationsList: sqlite
        ? [...eventMigrations.sqlite, ...opts.migrations.sqlite]
        : [...eventMigrations.mysql, ...opts.migrations.mysql],
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    allowGlobalContext: false,
    forceUtcTimezone: true,
    onQuery: (sql: string) => {
      counter?.count();
      return sql;
    },
    debug: config.LOG_LEVEL === 'trace',
  };
  if (sqlite) {
    const path = config.DB_PATH ?? ':memory:';
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    return { ...common, driver: SqliteDriver, dbName: path } as Options;
  }
  const driver = config.DB_CLIENT === 'mariadb' ? MariaDbDriver : MySqlDriver;
  return {
    ...common,
    driver,
    clientUrl: config.DB_URL,
    pool: { min: 0, max: config.DB_POOL_MAX },
  } as Options;
}

/** Most prepared statements kept per SQLite database. */
const STATEMENT_CACHE_SIZE = 500;

/**
 * Makes a better-sqlite3 database reuse prepared statements: kysely calls `prepare(sql)` for
 * every query, which parses and plans the SQL again each time. A bounded LRU keyed by the SQL
 * text returns the already prepared statement instead. Safe because better-sqlite3 runs a
 * statement to completion synchronously (`all`/`run`), so a statement is never in use twice;
 * only a streamed query (`iterate`) keeps one busy, and for that a cached statement that is
 * still busy is bypassed with a fresh one.
 */
export function cacheSqliteStatements(
  database: { prepare: (sql: string) => unknown },
  size = STATEMENT_CACHE_SIZE,
): void {
  const prepare = database.prepare.bind(database);
  const cache = new TtlCache<{ busy?: boolean }>(Infinity, size);
  database.prepare = (sql: string) => {
    const hit = cache.get(sql);
    if (hit && !hit.busy) return hit;
    const stmt = prepare(sql) as { busy?: boolean };
    if (!hit) cache.set(sql, stmt);
    return stmt;
  };
}

/** A value better-sqlite3 binds as is (after `sqliteBindValue`). */
function bindable(value: unknown): boolean {
  const type = typeof value;
  return (
    value == null ||
    type === 'string' ||
    type === 'number' ||
    type === 'bigint' ||
    type === 'boolean' ||
    value instanceof Date
  );
}

/** A parameter as SQLite stores it, the way MikroORM's SQLite platform would have written it inline. */
function sqliteBindValue(value: unknown): unknown {
  if (value == null) return null;
  if (value instanceof Date) return value.getTime();
  if (typeof value === 'boolean') return value ? 1 : 0;
  return value;
}

/** Placeholders (`?`) in `sql`, or -1 when it holds `??` (identifiers) or `\?`, which only inlining handles. */
function placeholders(sql: string): number {
  let n = 0;
  for (let i = sql.indexOf('?'); i >= 0; i = sql.indexOf('?', i + 1)) {
    if (sql[i + 1] === '?' || sql[i - 1] === '\\') return -1;
    n++;
  }
  return n;
}

interface SqlConnectionInternals {
  ensureConnection(): Promise<void>;
  getSql(query: string, formatted: string, context?: unknown): string;
  executeQuery<T>(sql: string, run: () => Promise<T>, context?: unknown): Promise<T>;
  transformRawResult(result: unknown, method: string): unknown;
  getClient(): { executeQuery(query: CompiledQuery): Promise<unknown> };
  getPlatform(): { formatQuery(sql: string, params: readonly unknown[]): string };
  config: { get(key: 'onQuery'): (sql: string, params: readonly unknown[]) => string };
  execute(
    query: unknown,
    params?: unknown,
    method?: string,
    ctx?: { executeQuery(query: CompiledQuery): Promise<unknown> },
    loggerContext?: unknown,
  ): Promise<unknown>;
}

/**
 * Makes MikroORM (7.2) send parameterized SQL to SQLite. It inlines every value into the SQL
 * text, so each statement has a new text: SQLite parses and plans it again, and the prepared
 * statement cache (`cacheSqliteStatements`) never hits. Statements whose parameters are plain
 * values (strings, numbers, booleans, dates, nulls: nearly all of them) go out as `?` + values
 * instead, converted as the SQLite platform would have written them; the rest (raw fragments,
 * arrays, JSON objects, identifier placeholders) are still inlined by MikroORM.
 */
export function bindSqliteParameters(connection: unknown): void {
  const conn = connection as SqlConnectionInternals;
  const inlined = conn.execute.bind(conn);
  conn.execute = async function execute(
    this: SqlConnectionInternals,
    query,
    params = [],
    method = 'all',
    ctx,
    loggerContext,
  ) {
    let sql: unknown = query;
    let values: unknown = params;
    if (sql instanceof NativeQueryBuilder) sql = sql.toRaw();
    if (typeof sql === 'string' && !Array.isArray(values)) sql = raw(sql, values as Record<string, unknown>);
    if (isRaw(sql)) {
      values = sql.params;
      sql = sql.sql;
    }
    const list = values as unknown[];
    if (typeof sql !== 'string' || !list.every(bindable) || placeholders(sql) !== list.length)
      return inlined(query, params, method, ctx, loggerContext);
    await conn.ensureConnection();
    const text = conn.config.get('onQuery')(sql, list);
    const bound = list.map(sqliteBindValue);
    const logged = conn.getSql(text, text, loggerContext);
    return conn.executeQuery(
      logged,
      async () =>
        conn.transformRawResult(await (ctx ?? conn.getClient()).executeQuery(CompiledQuery.raw(text, bound)), method),
      { query: text, params: list, ...(loggerContext as object) },
    );
  } as SqlConnectionInternals['execute'];
}

/**
 * Keeps MikroORM (7.2) on SQLite from writing back every datetime it loaded. There, a loaded
 * entity's original data holds the hydrated `Date` while the change computation snapshots the
 * column's database value (epoch ms), so every flush saw each loaded datetime as changed and sent
 * an UPDATE of it (two spurious statements per stock adjustment, for instance). Before each flush
 * the original data's dates are put in the database form the comparison uses.
 */
export const sqliteDateSnapshots: EventSubscriber = {
  beforeFlush({ uow }: FlushEventArgs) {
    for (const entity of uow.getIdentityMap()) {
      const original = helper(entity).__originalEntityData as Record<string, unknown> | undefined;
      if (!original) continue;
      for (const key in original) {
        const value = original[key];
        if (value instanceof Date) original[key] = value.getTime();
      }
    }
  },
};

/**
 * Opens the database and applies pending migrations. Schema changes only ever happen through
 * migrations, never schema sync, so production and tests run the same DDL.
 */
export async function openDatabase(opts: DatabaseOptions): Promise<MikroORM> {
  const orm = await MikroORM.init(ormOptions(opts));
  if (opts.config.DB_CLIENT === 'sqlite') {
    // WAL lets readers run while the single writer commits; busy_timeout waits instead of failing.
    const conn = orm.em.getConnection();
    await conn.execute('pragma journal_mode = wal');
    await conn.execute('pragma busy_timeout = 5000');
    // In WAL mode NORMAL syncs at checkpoints, not at every commit: a commit no longer blocks the
    // (synchronous) driver, and so the event loop, on an fsync. A crash of the process loses
    // nothing; only an OS crash or power cut may lose the last commits (the embedded default;
    // production runs on MariaDB).
    await conn.execute('pragma synchronous = normal');
    await conn.execute('pragma foreign_keys = on');
    const native = (conn as unknown as { database?: { prepare: (sql: string) => unknown } }).database;
    if (native && typeof native.prepare === 'function') cacheSqliteStatements(native);
    bindSqliteParameters(conn);
    orm.em.getEventManager().registerSubscriber(sqliteDateSnapshots);
  }
  const applied = await orm.migrator.up();
  if (applied.length) opts.log.info({ migrations: applied.map((m) => m.name) }, 'applied migrations');
  return orm;
}
