import { EntitySchema, type EntityManager, type MikroORM } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditEntry } from './audit.js';
import { openDatabase } from './database.js';
import { KeyedHoldTable, type HoldRow } from './keyed-hold-table.js';
import { HoldRefusal } from './keyed-hold-write.js';
import { RequestContext } from './request-context.js';
import { Role } from './viewer.js';

type Status = 'HELD' | 'RELEASED' | 'SPENT';

/** A hold of some units, standing in for a subgraph's reservation or credit hold. */
class Hold implements HoldRow<Status> {
  id!: string;
  key!: string;
  dealerId!: string;
  units!: number;
  status!: Status;
  createdAt!: Date;
  updatedAt!: Date;
}
const HoldSchema = new EntitySchema<Hold>({
  class: Hold,
  tableName: 'test_hold',
  properties: {
    id: { type: 'string', primary: true },
    key: { type: 'string', unique: true },
    dealerId: { type: 'string' },
    units: { type: 'integer' },
    status: { type: 'string' },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
  },
});

class CreateTables extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      'create table `test_hold` (`id` text not null primary key, `key` text not null, `dealer_id` text not null,' +
        ' `units` integer not null, `status` text not null, `created_at` datetime not null,' +
        ' `updated_at` datetime not null);',
    );
    this.addSql('create unique index `test_hold_key_unique` on `test_hold` (`key`);');
    this.addSql(
      'create table `audit_entry` (`id` text not null primary key, `at` datetime not null, `actor_id` text not null,' +
        ' `actor_role` text not null, `actor_dealer_id` text null, `actor_name` text null, `operation` text not null,' +
        ' `action` text not null, `entity_type` text not null, `entity_id` text not null, `before` text null,' +
        ' `after` text null, `request_id` text null);',
    );
  }
}

const holds = new KeyedHoldTable<Hold, Status>({
  entity: Hold,
  idPrefix: 'tsh',
  entityType: 'TestHold',
  noun: 'test hold',
  states: { live: 'HELD', released: 'RELEASED', settled: 'SPENT' },
  releasedCode: 'TEST_HOLD_RELEASED',
  settledCode: 'TEST_HOLD_SPENT',
  operations: { release: 'releaseTestHold', settle: 'spendTestHold' },
  settleAction: 'SPEND',
  words: { settled: 'was spent', settle: 'be spent' },
  tombstone: { units: 0 },
  auditState: (row) => ({ units: row.units }),
});

const log = pino({ level: 'silent' });
const service = { userId: 'test-service', role: Role.SERVICE };
let orm: MikroORM;
const context = () => new RequestContext(service, orm.em.fork(), log, 'test-request', () => ({}));
const at = (minute: number) => new Date(Date.UTC(2026, 5, 1, 12, minute));

beforeEach(async () => {
  orm = await openDatabase({
    config: { DB_CLIENT: 'sqlite', DB_PATH: ':memory:', DB_POOL_MAX: 1, LOG_LEVEL: 'silent' },
    entities: [HoldSchema, AuditEntry],
    migrations: { sqlite: [{ name: 'CreateTables', class: CreateTables }], mysql: [] },
    log,
  });
});
afterEach(async () => {
  await orm.close();
});

async function insertHold(key: string, units: number, createdAt = at(0), status: Status = 'HELD'): Promise<string> {
  const id = `tsh_${key}`;
  await orm.em.fork().insert(Hold, { id, key, dealerId: 'dlr_1', units, status, createdAt, updatedAt: createdAt });
  return id;
}

async function rowOf(key: string): Promise<Hold | null> {
  return orm.em.fork().findOne(Hold, { key });
}

async function audits(): Promise<{ operation: string; action: string; before: unknown; after: unknown }[]> {
  const rows = await orm.em.fork().find(AuditEntry, {}, { orderBy: { id: 'asc' } });
  const json = (s: string | null) => (s == null ? null : JSON.parse(s));
  return rows.map((r) => ({ operation: r.operation, action: r.action, before: json(r.before), after: json(r.after) }));
}

/** An effect that counts its runs and writes in the move's transaction (so a rollback undoes it). */
function counting() {
  const seen: string[] = [];
  const effect = async (tx: EntityManager, row: Hold) => {
    seen.push(row.key);
    await tx.nativeUpdate(Hold, { id: row.id }, { units: 0 });
  };
  return { seen, effect };
}

describe('KeyedHoldTable', () => {
  it('replay: null for an unused key, the hold for the same request, IDEMPOTENCY_KEY_REUSED for another', async () => {
    expect(await holds.replay(context(), 'ord_1', () => true)).toBeNull();
    await insertHold('ord_1', 5);
    const same = await holds.replay(context(), 'ord_1', (row) => row.units === 5);
    expect(same).toMatchObject({ key: 'ord_1', units: 5, status: 'HELD' });
    const other = holds.replay(context(), 'ord_1', async (row, em) => (await em.count(Hold, { id: row.id })) === 2);
    await expect(other).rejects.toBeInstanceOf(HoldRefusal);
    await expect(other).rejects.toMatchObject({
      errors: [
        {
          code: 'IDEMPOTENCY_KEY_REUSED',
          message: 'Key "ord_1" was already used for a different test hold',
          field: 'key',
        },
      ],
    });
  });

  it('releasing an unknown key leaves an audited tombstone that refuses a later hold under the key', async () => {
    const result = await holds.release(context(), 'ord_early', at(1), counting().effect);
    expect(result).toEqual({ released: false, row: null, errors: [] });
    expect(await rowOf('ord_early')).toMatchObject({ dealerId: '', units: 0, status: 'RELEASED' });
    expect(await audits()).toEqual([
      {
        operation: 'releaseTestHold',
        action: 'RELEASE',
        before: null,
        after: { key: 'ord_early', status: 'RELEASED', tombstone: true },
      },
    ]);
    await expect(holds.replay(context(), 'ord_early', () => true)).rejects.toMatchObject({
      errors: [
        { code: 'TEST_HOLD_RELEASED', field: 'key', message: expect.stringContaining('"ord_early" was released') },
      ],
    });
    // Released again: still nothing held, no second tombstone.
    expect((await holds.release(context(), 'ord_early', at(2), counting().effect)).released).toBe(false);
    expect(await orm.em.fork().count(Hold, {})).toBe(1);
    // Settling a tombstone is settling a released hold.
    expect((await holds.settle(context(), 'ord_early', at(2), counting().effect)).errors[0]?.code).toBe(
      'TEST_HOLD_RELEASED',
    );
  });

  it('release moves a live hold once, with its effect and audit entry in the same transaction', async () => {
    await insertHold('ord_r', 7);
    const { seen, effect } = counting();
    const first = await holds.release(context(), 'ord_r', at(3), effect);
    expect(first).toMatchObject({ released: true, errors: [], row: { key: 'ord_r', status: 'RELEASED', units: 7 } });
    // The answer is a detached copy of the row as it was moved, an instance of the entity.
    expect(first.row).toBeInstanceOf(Hold);
    expect(first.row!.updatedAt.toISOString()).toBe(at(3).toISOString());
    expect(await rowOf('ord_r')).toMatchObject({ status: 'RELEASED', units: 0 });
    const again = await holds.release(context(), 'ord_r', at(4), effect);
    expect(again).toMatchObject({ released: true, errors: [], row: { status: 'RELEASED' } });
    expect(seen).toEqual(['ord_r']);
    expect(await audits()).toEqual([
      {
        operation: 'releaseTestHold',
        action: 'RELEASE',
        before: { status: 'HELD', units: 7 },
        after: { status: 'RELEASED', units: 7 },
      },
    ]);
    expect(await holds.settle(context(), 'ord_r', at(5), effect)).toEqual({
      row: null,
      errors: [
        {
          code: 'TEST_HOLD_RELEASED',
          message: 'Test hold "ord_r" was released and can no longer be spent',
          field: 'key',
        },
      ],
    });
  });

  it('settle moves a live hold once; a settled hold cannot be released; an unknown key is NOT_FOUND', async () => {
    await insertHold('ord_s', 3);
    const { seen, effect } = counting();
    expect(await holds.settle(context(), 'ord_s', at(6), effect)).toMatchObject({
      row: { status: 'SPENT' },
      errors: [],
    });
    expect((await holds.settle(context(), 'ord_s', at(7), effect)).row?.status).toBe('SPENT');
    expect(seen).toEqual(['ord_s']);
    expect((await audits()).map((a) => [a.operation, a.action])).toEqual([['spendTestHold', 'SPEND']]);
    expect(await holds.release(context(), 'ord_s', at(8), effect)).toMatchObject({
      released: false,
      row: { status: 'SPENT' },
      errors: [{ code: 'TEST_HOLD_SPENT', message: 'Test hold "ord_s" was spent and can no longer be released' }],
    });
    expect(await holds.settle(context(), 'ord_none', at(8), effect)).toEqual({
      row: null,
      errors: [{ code: 'NOT_FOUND', message: 'Test hold "ord_none" was not found', field: 'key' }],
    });
  });

  it('a malformed key is BAD_USER_INPUT and leaves no tombstone', async () => {
    const result = await holds.release(context(), '-bad key', at(1), counting().effect);
    expect(result.errors.map((e) => [e.code, e.field])).toEqual([['BAD_USER_INPUT', 'key']]);
    expect(await orm.em.fork().count(Hold, {})).toBe(0);
  });

  it('a failing effect rolls the move back: the hold stays live, no audit entry', async () => {
    await insertHold('ord_f', 2);
    const failing = async () => {
      throw new Error('stock row gone');
    };
    await expect(holds.release(context(), 'ord_f', at(1), failing)).rejects.toThrow('stock row gone');
    expect(await rowOf('ord_f')).toMatchObject({ status: 'HELD', units: 2 });
    expect(await audits()).toEqual([]);
  });

  it('concurrent releases of one key apply the effect once', async () => {
    await insertHold('ord_c', 4);
    const { seen, effect } = counting();
    const results = await Promise.all([1, 2, 3].map(() => holds.release(context(), 'ord_c', at(1), effect)));
    expect(results.map((r) => r.released)).toEqual([true, true, true]);
    expect(seen).toEqual(['ord_c']);
  });

  it('live pages through live holds in (createdAt, id) order', async () => {
    await insertHold('k_b', 1, at(1));
    await insertHold('k_a', 1, at(1));
    await insertHold('k_c', 1, at(0));
    await insertHold('k_gone', 1, at(0), 'RELEASED');
    await insertHold('k_spent', 1, at(2), 'SPENT');
    const em = orm.em.fork();
    const first = await holds.live(em, null, 2);
    expect(first.map((h) => h.key)).toEqual(['k_c', 'k_a']);
    expect((await holds.live(em, first[1]!, 2)).map((h) => h.key)).toEqual(['k_b']);
  });
});
