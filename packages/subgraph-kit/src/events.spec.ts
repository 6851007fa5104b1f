import {
  createOutboxStreamHandler,
  EventType,
  handleOnce,
  HttpEventFeed,
  MemoryBus,
  OutboxEvent,
  OutboxRelay,
  type DeliveredEvent,
  type DomainEvent,
  type EventPublisher,
} from '@dnp/event-bus';
import type { MikroORM } from '@mikro-orm/core';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { recordEvent } from './outbox-events.js';

const log = pino({ level: 'silent' });
let orm: MikroORM;

beforeEach(async () => {
  // No subgraph entities: the kit adds the event tables and their migration to every database.
  orm = await openDatabase({
    config: { DB_CLIENT: 'sqlite', DB_PATH: ':memory:', DB_POOL_MAX: 1, LOG_LEVEL: 'silent' },
    entities: [],
    migrations: { sqlite: [], mysql: [] },
    log,
  });
});
afterEach(async () => {
  await orm.close();
});

const stockChanged = (n: number) => ({
  type: EventType.STOCK_CHANGED,
  subjectId: `stk_${n}`,
  scope: { dealerIds: ['dlr_1'] },
  payload: {
    productId: 'prd_1',
    warehouseId: 'wh_1',
    onHand: n,
    reserved: 0,
    available: n,
    safetyStock: 0,
    version: n,
  },
});

async function until(what: string, check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('outbox', () => {
  it('commits events with the transaction that records them, and drops them on rollback', async () => {
    await orm.em.fork().transactional(async (tx) => {
      recordEvent(tx, stockChanged(1));
    });
    await expect(
      orm.em.fork().transactional(async (tx) => {
        recordEvent(tx, stockChanged(2));
        await tx.flush();
        throw new Error('change failed');
      }),
    ).rejects.toThrow('change failed');
    const rows = await orm.em.fork().find(OutboxEvent, {});
    expect(rows.map((r) => r.subjectId)).toEqual(['stk_1']);
    expect(rows[0]).toMatchObject({
      source: 'inventory',
      type: EventType.STOCK_CHANGED,
      publishedAt: null,
      position: null,
    });
    expect(rows[0]!.eventId).toMatch(/^evt_/);
  });

  it('refuses an event type without a subgraph prefix', () => {
    // Only a cast gets an uncatalogued type past the compiler; the runtime check still refuses it.
    const bad = { type: 'stock_changed' as EventType, subjectId: 'x', payload: {} as never };
    expect(() => recordEvent(orm.em.fork(), bad)).toThrow(/<subgraph>\.<name>/);
  });
});

describe('relay', () => {
  it('publishes unpublished rows in order, once, and numbers their positions', async () => {
    const bus = new MemoryBus();
    const got: DomainEvent[] = [];
    await bus.read({}, (d) => void got.push(d.event));
    const em = orm.em.fork();
    for (let i = 1; i <= 5; i++) recordEvent(em, stockChanged(i));
    await em.flush();
    const relay = new OutboxRelay(orm, bus, { batchSize: 2 });
    expect(await relay.drain()).toBe(5);
    expect(await relay.drain()).toBe(0);
    expect(got.map((e) => e.subjectId)).toEqual(['stk_1', 'stk_2', 'stk_3', 'stk_4', 'stk_5']);
    const rows = await orm.em.fork().find(OutboxEvent, {}, { orderBy: { seq: 'asc' } });
    expect(rows.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
    expect(rows.every((r) => r.publishedAt instanceof Date)).toBe(true);
  });

  it('keeps rows unpublished while the bus is down and publishes them when it is back', async () => {
    const bus = new MemoryBus();
    let down = true;
    const flaky: EventPublisher = {
      publish: (events) => (down ? Promise.reject(new Error('bus down')) : bus.publish(events)),
      close: async () => undefined,
    };
    const got: string[] = [];
    await bus.read({}, (d) => void got.push(d.event.subjectId));
    const em = orm.em.fork();
    recordEvent(em, stockChanged(1));
    await em.flush();
    const relay = new OutboxRelay(orm, flaky);
    await expect(relay.runOnce()).rejects.toThrow('bus down');
    expect(await orm.em.fork().count(OutboxEvent, { publishedAt: null })).toBe(1);
    down = false;
    expect(await relay.drain()).toBe(1);
    expect(got).toEqual(['stk_1']);
  });

  it('wakes right after a commit that recorded events, without waiting for the poll', async () => {
    const bus = new MemoryBus();
    const got: string[] = [];
    await bus.read({}, (d) => void got.push(d.event.subjectId));
    const relay = new OutboxRelay(orm, bus, { pollMs: 60_000 }).start();
    try {
      await until('the first idle run', () => relay.drain().then(() => true));
      await orm.em.fork().transactional(async (tx) => {
        recordEvent(tx, stockChanged(7));
      });
      await until('the event to be published', () => got.length === 1, 3000);
      expect(got).toEqual(['stk_7']);
    } finally {
      await relay.stop();
    }
  });
});

describe('handleOnce', () => {
  it('runs a consumer effect once per event id, and not at all when the effect fails', async () => {
    let runs = 0;
    const effect = async (tx: Parameters<Parameters<typeof handleOnce>[3]>[0]) => {
      runs++;
      recordEvent(tx, stockChanged(runs));
      return runs;
    };
    expect(await handleOnce(orm.em, 'orders', 'evt_a', effect)).toEqual({ handled: true, result: 1 });
    expect(await handleOnce(orm.em, 'orders', 'evt_a', effect)).toEqual({ handled: false });
    // Another consumer has its own inbox.
    expect(await handleOnce(orm.em, 'finance', 'evt_a', effect)).toEqual({ handled: true, result: 2 });
    await expect(handleOnce(orm.em, 'orders', 'evt_b', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    expect(await handleOnce(orm.em, 'orders', 'evt_b', effect)).toEqual({ handled: true, result: 3 });
    expect(await orm.em.fork().count(OutboxEvent, {})).toBe(3);
  });
});

describe('embedded HTTP stream', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((r) => server?.close(r) ?? r(undefined));
    server = undefined;
  });

  it('streams published events to an authorised feed, and resumes after a position', async () => {
    const relay = new OutboxRelay(orm, { publish: async () => undefined, close: async () => undefined });
    const handler = createOutboxStreamHandler({
      orm,
      relay,
      pollMs: 50,
      async authorize(req) {
        if (req.headers['x-test-token'] !== 'ok')
          throw Object.assign(new Error('no'), { status: 401, code: 'GATEWAY_TOKEN_REQUIRED' });
      },
    });
    server = createServer((req, res) => handler(req, res));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;

    expect((await fetch(url)).status).toBe(401);

    const record = async (from: number, to: number) => {
      const em = orm.em.fork();
      for (let i = from; i <= to; i++) recordEvent(em, stockChanged(i));
      await em.flush();
      await relay.drain();
    };
    await record(1, 2); // before the reader: not delivered (it starts at the end)
    const feed = new HttpEventFeed({ sources: { inventory: url }, headers: async () => ({ 'x-test-token': 'ok' }) });
    const got: DeliveredEvent[] = [];
    const handle = await feed.read({}, (d) => void got.push(d));
    await new Promise((r) => setTimeout(r, 200));
    await record(3, 5);
    await until('three events', () => got.length === 3);
    await handle.close();
    expect(got.map((d) => d.event.subjectId)).toEqual(['stk_3', 'stk_4', 'stk_5']);

    // A reader that saw stk_3 resumes after it and gets the rest, including what came meanwhile.
    await record(6, 6);
    const resumed: string[] = [];
    const again = await feed.read(
      { after: got[0]!.position, types: [EventType.STOCK_CHANGED] },
      (d) => void resumed.push(d.event.subjectId),
    );
    await until('the rest', () => resumed.length === 3);
    await again.close();
    expect(resumed).toEqual(['stk_4', 'stk_5', 'stk_6']);
    handler.close();
  });
});
