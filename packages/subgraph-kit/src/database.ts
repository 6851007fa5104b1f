import { helper, MikroORM, type Constructor, type EventSubscriber, type FlushEventArgs, type Options } from '@mikro-orm/core';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { MariaDbDriver } from '@mikro-orm/mariadb';
import { MySqlDriver } from '@mikro-orm/mysql';
import { Migrator, type Migration as MigrationBase } from '@mikro-orm/migrations';
import { AsyncLocalStorage } from 'node:async_hooks';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import type { BaseSubgraphConfig } from './service-config.js';
import { EVENT_ENTITIES } from '@dnp/event-bus';
import { eventMigrations } from './event-migrations/index.js';

/** Migrations of one subgraph, one list per SQL dialect (their DDL differs). */
export interface MigrationSet {
  sqlite: { name: string; class: Constructor<MigrationBase> }[];
  mysql: { name: string; class: Constructor<MigrationBase> }[];
}

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
 * tool. Every subgraph also gets the event tables (outbox, processed-events inbox) and the kit's
 * migrations for them, applied before its own; so a subgraph's migration diff never repeats them.
 */
export function ormOptions(opts: DatabaseOptions): Options {
  const { config } = opts;
  const counter = opts.counter;
  const sqlite = config.DB_CLIENT === 'sqlite';
  const common: Partial<Options> = {
    entities: [...((opts.entities ?? []) as unknown[]), ...EVENT_ENTITIES] as Options['entities'],
    extensions: [Migrator],
    migrations: {
      migrationsList: sqlite ? [...eventMigrations.sqlite, ...opts.migrations.sqlite] : [...eventMigrations.mysql, ...opts.migrations.mysql],
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
export function cacheSqliteStatements(database: { prepare: (sql: string) => unknown }, size = STATEMENT_CACHE_SIZE): void {
  const prepare = database.prepare.bind(database);
  const cache = new Map<string, { busy?: boolean }>();
  database.prepare = (sql: string) => {
    const hit = cache.get(sql);
    if (hit && !hit.busy) {
      cache.delete(sql);
      cache.set(sql, hit);
      return hit;
    }
    const stmt = prepare(sql) as { busy?: boolean };
    if (!hit) {
      if (cache.size >= size) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
    }
    return stmt;
  };
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
    await conn.execute('pragma foreign_keys = on');
    const native = (conn as unknown as { database?: { prepare: (sql: string) => unknown } }).database;
    if (native && typeof native.prepare === 'function') cacheSqliteStatements(native);
    orm.em.getEventManager().registerSubscriber(sqliteDateSnapshots);
  }
  const applied = await orm.migrator.up();
  if (applied.length) opts.log.info({ migrations: applied.map((m) => m.name) }, 'applied migrations');
  return orm;
}
