import { EventType, OutboxEvent } from '@dnp/event-bus';
import { EntitySchema, type EntityManager } from '@mikro-orm/core';
import { Migration } from '@mikro-orm/migrations';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AlertLifecycle,
  alertStateFilters,
  dealerAlertScope,
  moveAlertStatus,
  raiseAlert,
  raiseAlertOnce,
  resolveAlert,
  scanAlertCondition,
} from './alert-lifecycle.js';
import { AUDIT_ENTITIES, AuditEntry } from './audit.js';
import type { SubgraphDefinition } from './bootstrap.js';
import { scopeFilter } from './data-scope.js';
import { openTestSubgraph, type TestSubgraph } from './test-context.js';
import { Role, type Viewer } from './viewer.js';

/** A subgraph's alert as the lifecycle sees it: an owner, an open key, a work state. */
class TestAlert {
  id!: string;
  dealerId!: string | null;
  regionPath!: string;
  openKey!: string | null;
  status!: string;
  value!: number;
  raisedAt!: Date;
  resolvedAt!: Date | null;
  acknowledgedAt!: Date | null;
  acknowledgedBy!: string | null;
}
const TestAlertSchema = new EntitySchema<TestAlert>({
  class: TestAlert,
  tableName: 'test_alert',
  properties: {
    id: { type: 'string', primary: true },
    dealerId: { type: 'string', nullable: true },
    regionPath: { type: 'string' },
    openKey: { type: 'string', nullable: true, unique: true },
    status: { type: 'string' },
    value: { type: 'integer' },
    raisedAt: { type: 'datetime' },
    resolvedAt: { type: 'datetime', nullable: true },
    acknowledgedAt: { type: 'datetime', nullable: true },
    acknowledgedBy: { type: 'string', nullable: true },
  },
});

class TestAlertTables extends Migration {
  override up(): void {
    this.addSql(
      'create table `test_alert` (`id` text not null primary key, `dealer_id` text null, ' +
        '`region_path` text not null, `open_key` text null, `status` text not null, `value` integer not null, ' +
        '`raised_at` datetime not null, ' +
        '`resolved_at` datetime null, `acknowledged_at` datetime null, `acknowledged_by` text null);',
    );
    this.addSql('create unique index `test_alert_open_key_unique` on `test_alert` (`open_key`);');
    this.addSql(
      'create table `audit_entry` (`id` text not null primary key, `at` datetime not null, `actor_id` text not null, ' +
        '`actor_role` text not null, `actor_dealer_id` text null, `actor_name` text null, `operation` text not null, ' +
        '`action` text not null, `entity_type` text not null, `entity_id` text not null, `before` text null, ' +
        '`after` text null, `request_id` text null);',
    );
  }
}

const definition: SubgraphDefinition<object> = {
  name: 'inventory',
  entities: [TestAlertSchema, ...AUDIT_ENTITIES],
  migrations: { sqlite: [{ name: 'TestAlertTables', class: TestAlertTables }], mysql: [] },
  createLoaders: () => ({}),
  buildSchema: () => Promise.reject(new Error('no schema in this spec')),
};

const hq: Viewer = { userId: 'usr_hq', role: Role.HQ_ADMIN };
const east: Viewer = { userId: 'usr_east', role: Role.REGION_MANAGER, regionId: 'reg_east' };
const west: Viewer = { userId: 'usr_west', role: Role.REGION_MANAGER, regionId: 'reg_west' };
const dealerA: Viewer = { userId: 'usr_a', role: Role.DEALER_ADMIN, dealerId: 'dlr_a' };
const parent: Viewer = { userId: 'usr_p', role: Role.DEALER_ADMIN, dealerId: 'dlr_p', subDealerIds: ['dlr_a'] };
const EAST = '/reg_cn/reg_east/';

let db: TestSubgraph<object>;
let n = 0;
beforeAll(async () => {
  db = await openTestSubgraph(definition);
});
afterAll(() => db.close());

const raisedEvents = () =>
  db.orm.em.fork().find(OutboxEvent, { type: EventType.INVENTORY_ALERT_RAISED }, { orderBy: { seq: 'asc' } });
const rows = (where: Partial<TestAlert> = {}) => db.orm.em.fork().find(TestAlert, where, { orderBy: { id: 'asc' } });

/** A raise of the alert of `key` (null: one per occurrence), owned by `dealerId` in the east. */
function raiseOf(key: string | null, dealerId: string | null = 'dlr_a', value = 1) {
  const id = `tal_${String(++n).padStart(4, '0')}`;
  const at = new Date('2026-12-01T08:00:00Z');
  return {
    row: { id, dealerId, regionPath: EAST, openKey: key, status: 'OPEN', value, raisedAt: at, resolvedAt: null },
    at,
    event: {
      type: EventType.INVENTORY_ALERT_RAISED,
      scope: { dealerIds: dealerId ? [dealerId] : [], regionPath: ['reg_cn', 'reg_east'] },
      payload: {
        kind: 'TEST',
        warehouseId: 'wh_1',
        productId: 'prd_1',
        stockLevelId: null,
        lotId: null,
        value,
        threshold: 0,
      },
    },
  };
}

const raiseOnce = (tx: EntityManager, key: string, dealerId?: string | null) =>
  raiseAlertOnce(tx, TestAlert, raiseOf(key, dealerId));

describe('raising', () => {
  it('raises once per open key, with its event in the same transaction, which stays usable', async () => {
    const before = (await raisedEvents()).length;
    const results = await db.orm.em.fork().transactional(async (tx) => {
      const first = await raiseOnce(tx, 'LOW:1');
      const second = await raiseOnce(tx, 'LOW:1');
      return [first, second, await raiseOnce(tx, 'LOW:2')];
    });
    expect(results).toEqual([true, false, true]);
    const raised = await rows({ openKey: 'LOW:1' });
    expect(raised).toHaveLength(1);
    expect(raised[0]).toMatchObject({ status: 'OPEN', acknowledgedAt: null, acknowledgedBy: null });
    const events = (await raisedEvents()).slice(before);
    expect(events.map((e) => e.subjectId)).toEqual([raised[0]!.id, expect.any(String)]);
    expect(events[0]).toMatchObject({ scope: { dealerIds: ['dlr_a'] }, payload: { kind: 'TEST', value: 1 } });
    expect(new Date(events[0]!.occurredAt).toISOString()).toBe('2026-12-01T08:00:00.000Z');
  });

  it('drops the event with the alert when the transaction rolls back', async () => {
    const before = (await raisedEvents()).length;
    await expect(
      db.orm.em.fork().transactional(async (tx) => {
        await raiseOnce(tx, 'LOW:rollback');
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await rows({ openKey: 'LOW:rollback' })).toHaveLength(0);
    expect(await raisedEvents()).toHaveLength(before);
  });

  it('raises an alert of its own for every occurrence when there is no open key', async () => {
    const before = (await raisedEvents()).length;
    await db.orm.em.fork().transactional(async (tx) => {
      await raiseAlert(tx, TestAlert, raiseOf(null, null));
      await raiseAlert(tx, TestAlert, raiseOf(null, null));
    });
    expect(await raisedEvents()).toHaveLength(before + 2);
    expect(await db.orm.em.fork().count(TestAlert, { openKey: null, dealerId: null })).toBe(2);
  });
});

describe('resolving and scanning', () => {
  it('resolves an open alert once, freeing its key for the next episode', async () => {
    const [alert] = await rows({ openKey: 'LOW:2' });
    const at = new Date('2026-12-02T00:00:00Z');
    expect(await resolveAlert(db.orm.em.fork(), TestAlert, alert!, at)).toBe(1);
    expect(await resolveAlert(db.orm.em.fork(), TestAlert, alert!, at)).toBe(0);
    expect((await rows({ id: alert!.id }))[0]).toMatchObject({ openKey: null, resolvedAt: at });
    expect(await db.orm.em.fork().transactional((tx) => raiseOnce(tx, 'LOW:2'))).toBe(true);
  });

  it('raises what holds without an open alert, resolves what cleared, calling back for each', async () => {
    const holding = ['SCAN:1', 'SCAN:2', 'SCAN:3'];
    const scan = (keys: string[], gone: string[], forgotten: string[] = []) =>
      scanAlertCondition(db.orm.em, {
        entity: TestAlert,
        holding: keys,
        keyOf: (k) => k,
        raise: (tx, k) => raiseOnce(tx, k),
        clears: {
          where: { openKey: { $like: 'SCAN:%' } },
          gone: (open) => open.filter((a) => gone.includes(a.openKey!)),
          onResolve: (a) => forgotten.push(a.openKey!),
        },
      });
    expect(await scan(holding, [])).toEqual({ raised: 3, cleared: 0 });
    expect(await scan(holding, [])).toEqual({ raised: 0, cleared: 0 });
    const forgotten: string[] = [];
    expect(await scan(['SCAN:1', 'SCAN:3'], ['SCAN:2'], forgotten)).toEqual({ raised: 0, cleared: 1 });
    expect(forgotten).toEqual(['SCAN:2']);
    // The condition is back: a new alert for a new episode, the resolved one stays as it was.
    expect(await scan(holding, [])).toEqual({ raised: 1, cleared: 0 });
    expect(await rows({ openKey: 'SCAN:2' })).toMatchObject([{ resolvedAt: null }]);
    expect(await db.orm.em.fork().count(TestAlert, { openKey: null, resolvedAt: { $ne: null } })).toBe(2);
  });

  it('leaves alerts open for good when the condition has no clearing', async () => {
    const scan = () =>
      scanAlertCondition(db.orm.em, {
        entity: TestAlert,
        holding: [7, 8],
        keyOf: (i) => `KEEP:${i}`,
        raise: (tx, i) => raiseOnce(tx, `KEEP:${i}`),
      });
    expect(await scan()).toEqual({ raised: 2, cleared: 0 });
    expect(await scan()).toEqual({ raised: 0, cleared: 0 });
  });
});

const lifecycle = new AlertLifecycle<TestAlert>({
  entity: TestAlert,
  label: 'Test alert',
  what: 'test alert',
  entityType: 'TestAlert',
  acknowledgeOperation: 'acknowledgeTestAlert',
  // The DataScope's rows: a parent dealer reads its sub-dealers' alerts (but may not act on them).
  readScope: (ctx) => scopeFilter(ctx.scope, { dealerId: 'dealerId', regionPath: 'regionPath' }),
  ownerOf: (a) => ({ dealerId: a.dealerId, regionPath: a.regionPath }),
});

describe('AlertLifecycle', () => {
  it('lists alerts in scope newest first, with the state filters; nothing for callers without a scope', async () => {
    const all = await lifecycle.list(db.context(hq), [], { first: 100 });
    expect(all.totalCount).toBe(await db.orm.em.fork().count(TestAlert, {}));
    const ids = all.edges.map((e) => e.node.id);
    expect(ids).toEqual([...ids].sort().reverse());
    const dealerOnly = await lifecycle.list(db.context(dealerA), [], { first: 100 });
    expect(dealerOnly.edges.every((e) => e.node.dealerId === 'dlr_a')).toBe(true);
    expect((await lifecycle.list(db.context(west), [], { first: 100 })).totalCount).toBe(0);
    const open = await lifecycle.list(db.context(hq), alertStateFilters({ open: true }), { first: 100 });
    expect(open.edges.every((e) => e.node.resolvedAt === null)).toBe(true);
    const resolved = await lifecycle.list(db.context(hq), alertStateFilters({ open: false }), { first: 100 });
    expect(open.totalCount + resolved.totalCount).toBe(all.totalCount);
    expect(await lifecycle.list(db.context(null), [], { first: 5 })).toMatchObject({ totalCount: 0, edges: [] });
  });

  it('gets an alert in scope and answers NOT_FOUND outside it', async () => {
    const [alert] = await rows({ openKey: 'LOW:1' });
    expect((await lifecycle.get(db.context(parent), alert!.id)).id).toBe(alert!.id);
    await expect(lifecycle.get(db.context(west), alert!.id)).rejects.toMatchObject({
      extensions: { code: 'NOT_FOUND' },
      message: expect.stringContaining('Test alert'),
    });
  });

  it('acknowledges once for those who may act for the owner, audited once', async () => {
    const [alert] = await rows({ openKey: 'LOW:1' });
    const id = alert!.id;
    await expect(lifecycle.acknowledge(db.context(parent), id)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    await expect(lifecycle.acknowledge(db.context({ ...dealerA, role: Role.DEALER_STAFF }), id)).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    expect(await db.orm.em.fork().count(AuditEntry, { entityId: id })).toBe(0);
    expect((await lifecycle.acknowledge(db.context(dealerA), id)).acknowledgedBy).toBe('usr_a');
    expect((await lifecycle.acknowledge(db.context(east), id)).acknowledgedBy).toBe('usr_a');
    expect(await db.orm.em.fork().find(AuditEntry, { entityId: id })).toMatchObject([
      { operation: 'acknowledgeTestAlert', action: 'ACKNOWLEDGE', actorId: 'usr_a', entityType: 'TestAlert' },
    ]);
    const unacked = await lifecycle.list(db.context(hq), alertStateFilters({ acknowledged: false }), { first: 100 });
    expect(unacked.edges.some((e) => e.node.id === id)).toBe(false);
  });
});

describe('moveAlertStatus', () => {
  const move = (viewer: Viewer, alert: TestAlert, to: string) =>
    moveAlertStatus(db.context(viewer), TestAlert, alert, {
      to,
      resolved: 'RESOLVED',
      owner: { regionPath: alert.regionPath },
      label: 'Test alert',
      entityType: 'TestAlert',
      operation: to === 'RESOLVED' ? 'resolveTestAlert' : 'acknowledgeTestAlert',
    });

  it('acknowledges, then resolves, records the first person once, and refuses to move a resolved alert', async () => {
    const [alert] = await rows({ openKey: 'KEEP:7' });
    const acked = await move(east, alert!, 'ACKNOWLEDGED');
    expect(acked).toMatchObject({ status: 'ACKNOWLEDGED', acknowledgedBy: 'usr_east' });
    expect((await move(hq, acked, 'ACKNOWLEDGED')).acknowledgedBy).toBe('usr_east');
    const resolved = await move(hq, acked, 'RESOLVED');
    expect(resolved).toMatchObject({ status: 'RESOLVED', acknowledgedBy: 'usr_east' });
    await expect(move(hq, resolved, 'ACKNOWLEDGED')).rejects.toMatchObject({ code: 'ALERT_RESOLVED' });
    const audits = await db.orm.em.fork().find(AuditEntry, { entityId: alert!.id }, { orderBy: { id: 'asc' } });
    expect(audits.map((a) => [a.operation, a.action, a.actorId])).toEqual([
      ['acknowledgeTestAlert', 'ACKNOWLEDGED', 'usr_east'],
      ['resolveTestAlert', 'RESOLVED', 'usr_hq'],
    ]);
  });

  it('refuses those who may not act for the region, and the second of two people acting at once', async () => {
    const [alert] = await rows({ openKey: 'KEEP:8' });
    await expect(move(west, alert!, 'RESOLVED')).rejects.toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    const stale = { ...alert! };
    await move(east, alert!, 'RESOLVED');
    await expect(move(hq, stale, 'ACKNOWLEDGED')).rejects.toMatchObject({ code: 'CONFLICT' });
    expect((await rows({ id: alert!.id }))[0]).toMatchObject({ status: 'RESOLVED', acknowledgedBy: 'usr_east' });
  });
});

describe('dealerAlertScope', () => {
  it('gives HQ and services all rows, managers their subtree, dealer users their own; refuses the rest', () => {
    expect(dealerAlertScope(hq)).toEqual({});
    expect(dealerAlertScope({ userId: 'orders', role: Role.SERVICE })).toEqual({});
    expect(dealerAlertScope(east)).toEqual({ regionPath: { $like: '%/reg_east/%' } });
    expect(dealerAlertScope(parent)).toEqual({ dealerId: 'dlr_p' });
    expect(() => dealerAlertScope({ userId: 'usr_m', role: Role.REGION_MANAGER })).toThrow(/not allowed/);
    expect(() => dealerAlertScope({ userId: 'key', role: Role.PARTNER, dealerId: 'dlr_a' })).toThrow(/not allowed/);
  });
});
