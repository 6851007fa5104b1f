import { MikroORM, type EntityManager } from '@mikro-orm/core';
import { MariaDbDriver } from '@mikro-orm/mariadb';
import { SqliteDriver } from '@mikro-orm/sqlite';
import { startMariaDb, type TestMariaDb } from '@dnp/testing';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DocumentCounter,
  formatDocumentNumber,
  GAPLESS_COUNTER_ENTITIES,
  takeDocumentNumber,
  takeDocumentNumbers,
} from './gapless-counter.js';

// The same cases on both dialects the platform runs on: SQLite (one writer at a time) and a real
// MariaDB server (row locks, a pool of connections, transactions interleaving for real).

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
let mariadb: TestMariaDb | undefined;

const dialects = [
  {
    dialect: 'SQLite',
    open: () => MikroORM.init({ driver: SqliteDriver, dbName: ':memory:', entities: GAPLESS_COUNTER_ENTITIES }),
  },
  {
    dialect: 'MariaDB',
    open: async () => {
      mariadb = await startMariaDb({ logDir: join(ROOT, 'test-results', 'logs', `gapless-counter-${Date.now()}`) });
      mariadb.sql('CREATE DATABASE dnp_counter CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
      return MikroORM.init({
        driver: MariaDbDriver,
        clientUrl: mariadb.url('dnp_counter'),
        entities: GAPLESS_COUNTER_ENTITIES,
        pool: { min: 0, max: 20 },
      });
    },
  },
];

/** Thrown inside a transaction to roll it back on purpose. */
class Rollback extends Error {}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(dialects)('gapless document numbers on $dialect', ({ open }) => {
  let orm: MikroORM;
  /** Runs `work` in its own transaction; null when it rolled back on purpose. */
  const inTransaction = async <T>(work: (tx: EntityManager) => Promise<T>): Promise<T | null> => {
    try {
      return await orm.em.fork().transactional(work);
    } catch (err) {
      if (err instanceof Rollback) return null;
      throw err;
    }
  };
  const lastNumber = async (name: string, year: number) =>
    (await orm.em.fork().findOne(DocumentCounter, { name, year }))?.lastNumber ?? 0;

  beforeAll(async () => {
    orm = await open();
    await orm.schema.create();
  }, 120_000);
  afterAll(async () => {
    await orm?.close();
    await mariadb?.stop();
    mariadb = undefined;
  });

  it('numbers each (name, year) from 1, one after the other, and hands out blocks', async () => {
    const take = (name: string, year: number) => inTransaction((tx) => takeDocumentNumber(tx, name, year));
    expect([await take('INV', 2027), await take('INV', 2027), await take('INV', 2027)]).toEqual([1, 2, 3]);
    expect(await take('CN', 2027)).toBe(1);
    expect(await take('INV', 2028)).toBe(1);
    expect(await inTransaction((tx) => takeDocumentNumbers(tx, 'INV', 2027, 5))).toBe(4);
    expect(await take('INV', 2027)).toBe(9);
    expect(await lastNumber('INV', 2027)).toBe(9);
    expect(formatDocumentNumber('INV', 2027, 9)).toBe('INV-2027-00000009');
  });

  it("gives a rolled-back transaction's numbers to the next taker", async () => {
    const taken: number[] = [];
    const failed = await inTransaction(async (tx) => {
      taken.push(await takeDocumentNumber(tx, 'RB', 2027), await takeDocumentNumber(tx, 'RB', 2027));
      throw new Rollback();
    });
    expect(failed).toBeNull();
    expect(taken).toEqual([1, 2]);
    expect(await lastNumber('RB', 2027)).toBe(0);
    expect(await inTransaction((tx) => takeDocumentNumber(tx, 'RB', 2027))).toBe(1);
    await inTransaction(async (tx) => {
      expect(await takeDocumentNumber(tx, 'RB', 2027)).toBe(2);
      throw new Rollback();
    });
    expect(await inTransaction((tx) => takeDocumentNumber(tx, 'RB', 2027))).toBe(2);
  });

  it('gives concurrent takers distinct numbers with no gap, some of them rolling back', async () => {
    // The counter row does not exist yet, so the first takers also race to create it.
    const takers = Array.from({ length: 60 }, (_, i) =>
      inTransaction(async (tx) => {
        const n = await takeDocumentNumber(tx, 'RACE', 2027);
        await sleep(i % 3); // hold the number (and the row) while the others queue
        if (i % 5 === 4) throw new Rollback();
        return n;
      }),
    );
    const committed = (await Promise.all(takers)).filter((n): n is number => n !== null);
    expect(committed).toHaveLength(48);
    expect([...committed].sort((a, b) => a - b)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1));
    expect(await lastNumber('RACE', 2027)).toBe(48);
  });

  it('refuses to take a number outside a transaction, and malformed names, years and counts', async () => {
    await expect(takeDocumentNumber(orm.em.fork(), 'INV', 2027)).rejects.toThrow(/inside the transaction/);
    await expect(inTransaction((tx) => takeDocumentNumber(tx, 'inv', 2027))).rejects.toThrow(RangeError);
    await expect(inTransaction((tx) => takeDocumentNumber(tx, 'INV', 27))).rejects.toThrow(RangeError);
    await expect(inTransaction((tx) => takeDocumentNumbers(tx, 'INV', 2027, 0))).rejects.toThrow(RangeError);
    expect(() => formatDocumentNumber('INV', 2027, 100_000_000)).toThrow(RangeError);
  });
});
