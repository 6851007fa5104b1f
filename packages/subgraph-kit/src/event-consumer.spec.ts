import {
  createOutboxStreamHandler,
  decodeFeedPosition,
  encodeFeedPosition,
  EventType,
  OutboxRelay,
  outboxOnlyPublisher,
  ProcessedEvent,
  type DomainEvent,
} from '@dnp/event-bus';
import { waitFor } from '@dnp/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { MikroORM } from '@mikro-orm/core';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { ConsumerDeadLetter, EventConsumerPosition } from './event-consumer.entity.js';
import {
  consumerMetricLines,
  startEventConsumers,
  startPosition,
  type EventConsumer,
  type EventConsumerConfig,
} from './event-consumer.js';
import { recordEvent } from './outbox-events.js';
import { Role, VIEWER_HEADER, verifyViewerToken } from './viewer.js';

// The embedded bus for real: a "products" source (its own SQLite outbox, relay and /events
// stream over HTTP, refusing anything but a SERVICE token signed for it) and a consuming
// subgraph on another SQLite database.

const log = pino({ level: 'silent' });
const SECRET = 'event-consumer-spec-secret-0000';
const sqlite = { DB_CLIENT: 'sqlite', DB_PATH: ':memory:', DB_POOL_MAX: 1, LOG_LEVEL: 'silent' } as const;

let source: MikroORM;
let relay: OutboxRelay;
let server: Server;
let stream: ReturnType<typeof createOutboxStreamHandler>;
let orm: MikroORM;
let config: EventConsumerConfig;
const stops: (() => Promise<void>)[] = [];

beforeEach(async () => {
  source = await openDatabase({ config: sqlite, entities: [], migrations: { sqlite: [], mysql: [] }, log });
  relay = new OutboxRelay(source, outboxOnlyPublisher, { pollMs: 50 }).start();
  stream = createOutboxStreamHandler({
    orm: source,
    relay,
    pollMs: 50,
    async authorize(req) {
      const viewer = await verifyViewerToken(SECRET, 'products', req.headers[VIEWER_HEADER] as string | undefined);
      if (viewer?.role !== Role.SERVICE) throw Object.assign(new Error('services only'), { code: 'FORBIDDEN' });
    },
  });
  server = createServer((req, res) => stream(req, res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  orm = await openDatabase({ config: sqlite, entities: [], migrations: { sqlite: [], mysql: [] }, log });
  config = {
    EVENT_BUS: 'embedded',
    REDIS_URL: undefined,
    EVENT_STREAM_PREFIX: 'dnp',
    INTERNAL_JWT_SECRET: SECRET,
    SUBGRAPH_URLS: `products=http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    CONSUMER_MAX_ATTEMPTS: 3,
    PORT: 0,
  };
});

afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
  stream.close();
  await new Promise((r) => server.close(r));
  await relay.stop();
  await source.close();
  await orm.close();
});

/** Commits one `products.category_changed` event per id in the source's outbox. */
async function categoriesChanged(...ids: string[]): Promise<void> {
  await source.em.fork().transactional(async (tx) => {
    for (const id of ids)
      recordEvent(tx, {
        type: EventType.CATEGORY_CHANGED,
        subjectId: id,
        scope: { hqOnly: true },
        payload: { categoryId: id, parentId: null, path: `/${id}/`, depth: 1, change: 'UPDATED' },
      });
  });
}

/** Starts `consumers` as the "pricing" subgraph on `orm`, with quick retries. */
function start(...consumers: EventConsumer[]): () => Promise<void> {
  const stop = startEventConsumers({ name: 'pricing', orm, log }, config, consumers, { retryMs: 10, maxRetryMs: 20 });
  stops.push(stop);
  return stop;
}

/** A consumer that records the subject of every event it is handed (`seen`) and may fail on purpose. */
function recorder(name: string, delivery: EventConsumer['delivery'], fail?: (event: DomainEvent) => boolean) {
  const seen: string[] = [];
  const consumer: EventConsumer = {
    name,
    delivery,
    types: [EventType.CATEGORY_CHANGED],
    async handle(_tx, event) {
      seen.push(event.subjectId);
      if (fail?.(event)) throw new Error(`cannot apply ${event.subjectId}`);
    },
  };
  return { consumer, seen };
}

/** Polls `check` every 20 ms until it holds (the harness's `waitFor`). */
const until = (what: string, check: () => boolean | Promise<boolean>) => waitFor(what, async () => check(), 8000, 20);

const processed = (consumer: string) => orm.em.fork().count(ProcessedEvent, { consumer });
const storedPosition = async (consumer: string) =>
  (await orm.em.fork().findOne(EventConsumerPosition, { consumer }))?.position;

describe('a once consumer on the embedded bus', () => {
  it('reads from the outbox beginning, stores its position with each effect and resumes after it', async () => {
    await categoriesChanged('cat_1', 'cat_2');
    const first = recorder('pricing:catalogue', 'once');
    const stop = start(first.consumer);
    await until('both events', () => first.seen.length === 2);
    await categoriesChanged('cat_3');
    await until('the third event', async () => (await processed('pricing:catalogue')) === 3);
    expect(first.seen).toEqual(['cat_1', 'cat_2', 'cat_3']);
    expect(decodeFeedPosition((await storedPosition('pricing:catalogue'))!)).toEqual({ products: '3' });
    await stop();

    // A restart resumes after the stored position: nothing is handed over twice.
    await categoriesChanged('cat_4');
    const second = recorder('pricing:catalogue', 'once');
    start(second.consumer);
    await until('the event committed while stopped', () => second.seen.length === 1);
    await new Promise((r) => setTimeout(r, 200));
    expect(second.seen).toEqual(['cat_4']);
  });

  it('applies a replayed event once (handleOnce) and still moves the position past it', async () => {
    await categoriesChanged('cat_1', 'cat_2');
    const first = recorder('pricing:catalogue', 'once');
    const stop = start(first.consumer);
    await until('both events', async () => (await processed('pricing:catalogue')) === 2);
    await stop();
    // As after a lost position write: the stream hands both events over again.
    await orm.em.fork().nativeDelete(EventConsumerPosition, {});
    const replay = recorder('pricing:catalogue', 'once');
    start(replay.consumer);
    await until('the position to be stored again', async () => (await storedPosition('pricing:catalogue')) != null);
    expect(replay.seen).toEqual([]);
    expect(await processed('pricing:catalogue')).toBe(2);
    expect(decodeFeedPosition((await storedPosition('pricing:catalogue'))!)).toEqual({ products: '2' });
  });

  it('retries a failing event with backoff, in order: later events wait for it', async () => {
    let failures = 2;
    const flaky = recorder('pricing:catalogue', 'once', (e) => e.subjectId === 'cat_1' && failures-- > 0);
    start(flaky.consumer);
    await categoriesChanged('cat_1', 'cat_2');
    await until('both events applied', async () => (await processed('pricing:catalogue')) === 2);
    expect(flaky.seen).toEqual(['cat_1', 'cat_1', 'cat_1', 'cat_2']);
    expect(await orm.em.fork().count(ConsumerDeadLetter, {})).toBe(0);
  });

  it('dead-letters an event after CONSUMER_MAX_ATTEMPTS and goes on with the next', async () => {
    const poison = recorder('pricing:catalogue', 'once', (e) => e.subjectId === 'cat_bad');
    start(poison.consumer);
    await categoriesChanged('cat_bad', 'cat_ok');
    await until('the next event applied', async () => (await processed('pricing:catalogue')) === 1);
    expect(poison.seen).toEqual(['cat_bad', 'cat_bad', 'cat_bad', 'cat_ok']);
    const [dead] = await orm.em.fork().find(ConsumerDeadLetter, {});
    expect(dead).toMatchObject({
      consumer: 'pricing:catalogue',
      type: EventType.CATEGORY_CHANGED,
      source: 'products',
      attempts: 3,
      error: 'cannot apply cat_bad',
    });
    expect(dead!.event).toMatchObject({ subjectId: 'cat_bad', payload: { categoryId: 'cat_bad' } });
    // The poison event's effect never committed; the position is past both.
    expect(await orm.em.fork().count(ProcessedEvent, { eventId: dead!.eventId })).toBe(0);
    expect(decodeFeedPosition((await storedPosition('pricing:catalogue'))!)).toEqual({ products: '2' });
  });
});

describe('consumer metrics', () => {
  it("report each consumer's outcomes and the lag of what it handled", async () => {
    const metered = recorder('pricing:metered', 'once', (e) => e.subjectId === 'cat_bad');
    start(metered.consumer);
    await categoriesChanged('cat_bad', 'cat_ok');
    await until('the good event', async () => (await processed('pricing:metered')) === 1);
    const lines = consumerMetricLines('pricing').filter((l) => l.includes('pricing:metered'));
    expect(lines).toContain(
      'dnp_consumer_events_total{service="pricing",consumer="pricing:metered",outcome="handled"} 1',
    );
    expect(lines).toContain(
      'dnp_consumer_events_total{service="pricing",consumer="pricing:metered",outcome="given_up"} 1',
    );
    const lag = lines.find((l) => l.startsWith('dnp_consumer_lag_seconds'));
    expect(Number(lag?.split(' ')[1])).toBeGreaterThanOrEqual(0);
    expect(Number(lag?.split(' ')[1])).toBeLessThan(10);
    expect(consumerMetricLines('inventory')).toEqual([]);
  });
});

describe('every-instance consumers', () => {
  it('hand each instance every event from its start, and store nothing', async () => {
    await categoriesChanged('cat_old');
    // "From its start" counts positions: the relay places a committed event a moment later, and a
    // stream opened before that would (rightly) hand it on. Wait until cat_old has its place.
    await until('the relay to place cat_old', async () => {
      const sql = 'select count(*) as n from outbox_events where position is not null';
      const rows = (await source.em.getConnection().execute(sql)) as { n: unknown }[];
      return Number(rows[0]?.n) === 1;
    });
    const a = recorder('pricing:caches', 'every-instance');
    const b = recorder('pricing:caches', 'every-instance');
    start(a.consumer);
    start(b.consumer);
    // Both streams have said hello (their start position) once a marker event reaches both.
    await until('the streams to open', async () => {
      await categoriesChanged('cat_mark');
      return a.seen.includes('cat_mark') && b.seen.includes('cat_mark');
    });
    await categoriesChanged('cat_new');
    await until('both instances', () => a.seen.includes('cat_new') && b.seen.includes('cat_new'));
    expect(a.seen).not.toContain('cat_old');
    expect(b.seen).not.toContain('cat_old');
    expect(await orm.em.fork().count(EventConsumerPosition, {})).toBe(0);
    expect(await orm.em.fork().count(ProcessedEvent, {})).toBe(0);
  });
});

describe('startEventConsumers', () => {
  it('refuses names handleOnce cannot store, repeated names and consumers of nothing', () => {
    const ok = recorder('pricing:a', 'once').consumer;
    expect(() => start({ ...ok, name: 'x'.repeat(61) })).toThrow(/1-60 characters/);
    expect(() => start(ok, { ...ok })).toThrow(/Two event consumers/);
    expect(() => start({ ...ok, types: [] })).toThrow(/no event type/);
  });

  it('starts a source without a stored position at its beginning and keeps the positions it has', () => {
    expect(decodeFeedPosition(startPosition(undefined, ['products', 'dealers']))).toEqual({
      products: '0',
      dealers: '0',
    });
    const stored = encodeFeedPosition({ products: '7' });
    expect(decodeFeedPosition(startPosition(stored, ['products', 'dealers']))).toEqual({ products: '7', dealers: '0' });
    expect(decodeFeedPosition(startPosition('not a position', ['products']))).toEqual({ products: '0' });
  });
});
