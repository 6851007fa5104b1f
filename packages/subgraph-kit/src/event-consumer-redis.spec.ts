import { EventType, ProcessedEvent, RedisPublisher, type DomainEvent } from '@dnp/event-bus';
import type { MikroORM } from '@mikro-orm/core';
import { startMariaDb, startRedis, waitFor, type TestMariaDb, type TestRedis } from '@dnp/testing';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { ConsumerDeadLetter, EventConsumerPosition } from './event-consumer.entity.js';
import { startEventConsumers, type EventConsumer, type EventConsumerConfig } from './event-consumer.js';
import { newEventId } from './outbox-events.js';

// The Redis bus on the production pair: a real Redis (the consumer group, the fan-out stream) and
// a real MariaDB (the kit's MySQL migration, handleOnce's inbox under concurrent instances).

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const log = pino({ level: 'silent' });
let mariadb: TestMariaDb;
let redis: TestRedis;
let orm: MikroORM;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  const logDir = join(ROOT, 'test-results', 'logs', `event-consumer-${Date.now()}`);
  [mariadb, redis] = await Promise.all([startMariaDb({ logDir }), startRedis({ logDir })]);
  mariadb.sql('CREATE DATABASE dnp_consumers CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
  orm = await openDatabase({
    config: { DB_CLIENT: 'mariadb', DB_URL: mariadb.url('dnp_consumers'), DB_POOL_MAX: 10, LOG_LEVEL: 'silent' },
    entities: [],
    migrations: { sqlite: [], mysql: [] },
    log,
  });
}, 180_000);

afterEach(async () => {
  for (const stop of stops.splice(0)) await stop();
});

afterAll(async () => {
  await orm?.close();
  await Promise.all([mariadb?.stop(), redis?.stop()]);
});

/** The bus of one test: its own stream (prefix), so groups and positions never meet another test's. */
function bus(prefix: string) {
  const config = (port: number): EventConsumerConfig => ({
    EVENT_BUS: 'redis',
    REDIS_URL: redis.url,
    EVENT_STREAM_PREFIX: prefix,
    INTERNAL_JWT_SECRET: 'event-consumer-spec-secret-0000',
    SUBGRAPH_URLS: '',
    CONSUMER_MAX_ATTEMPTS: 3,
    PORT: port,
  });
  return {
    /** Starts `consumers` as one "pricing" instance; `port` names the instance within the group. */
    start(port: number, ...consumers: EventConsumer[]): () => Promise<void> {
      const timing = { retryMs: 10, maxRetryMs: 20 };
      const stop = startEventConsumers({ name: 'pricing', orm, log }, config(port), consumers, timing);
      stops.push(stop);
      return stop;
    },
    /** XADDs one `products.product_changed` event per subject, as the products relay would. */
    async publish(...subjects: string[]): Promise<void> {
      const publisher = new RedisPublisher({ url: redis.url, prefix });
      await publisher.publish(subjects.map(productChanged));
      await publisher.close();
    },
  };
}

function productChanged(subjectId: string): DomainEvent {
  return {
    id: newEventId(),
    type: EventType.PRODUCT_CHANGED,
    source: 'products',
    occurredAt: new Date().toISOString(),
    subjectId,
    scope: { hqOnly: true },
    payload: { productId: subjectId, version: 1, change: 'UPDATED' },
  };
}

/** A consumer that records the subjects it is handed and may fail on purpose. */
function recorder(name: string, delivery: EventConsumer['delivery'], fail?: (subject: string) => boolean) {
  const seen: string[] = [];
  const consumer: EventConsumer = {
    name,
    delivery,
    types: [EventType.PRODUCT_CHANGED],
    async handle(tx, event) {
      seen.push(event.subjectId);
      if (fail?.(event.subjectId)) throw new Error(`cannot apply ${event.subjectId}`);
      // An effect in the handler's transaction, visible only when it commits.
      await tx.getConnection().execute('select 1', [], 'all', tx.getTransactionContext());
    },
  };
  return { consumer, seen };
}

/** Polls `check` every 20 ms until it holds (the harness's `waitFor`). */
const until = (what: string, check: () => boolean | Promise<boolean>) => waitFor(what, async () => check(), 20_000, 20);

const processed = (consumer: string) => orm.em.fork().count(ProcessedEvent, { consumer });
const subjects = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

describe('once consumers on the Redis bus (consumer group)', () => {
  it('start at the stream beginning, share events between instances and apply each once per consumer', async () => {
    const b = bus('share');
    await b.publish(...subjects('early_', 20));
    const catalogue = [recorder('pricing:catalogue', 'once'), recorder('pricing:catalogue', 'once')];
    const audit = [recorder('pricing:audit', 'once'), recorder('pricing:audit', 'once')];
    b.start(1, catalogue[0]!.consumer, audit[0]!.consumer);
    b.start(2, catalogue[1]!.consumer, audit[1]!.consumer);
    await b.publish(...subjects('late_', 180));
    await until('200 events for both consumers', async () => {
      return (await processed('pricing:catalogue')) === 200 && (await processed('pricing:audit')) === 200;
    });
    const handed = [...catalogue[0]!.seen, ...catalogue[1]!.seen];
    expect(handed).toHaveLength(200);
    expect(new Set(handed).size).toBe(200);
    expect(audit[0]!.seen.length + audit[1]!.seen.length).toBe(200);
    // The group's state is Redis's: nothing is written to the embedded bus's position table.
    expect(await orm.em.fork().count(EventConsumerPosition, {})).toBe(0);
  });

  it('resumes after a restart with what was published meanwhile, without repeats', async () => {
    const b = bus('restart');
    const first = recorder('pricing:restart', 'once');
    const stop = b.start(1, first.consumer);
    await b.publish('r1', 'r2');
    await until('the first two', () => first.seen.length === 2);
    await stop();
    await b.publish('r3');
    const second = recorder('pricing:restart', 'once');
    b.start(1, second.consumer);
    await until('the event published while stopped', () => second.seen.length === 1);
    await new Promise((r) => setTimeout(r, 300));
    expect(second.seen).toEqual(['r3']);
  });

  it('retries, then dead-letters a poison event, acknowledges it and goes on', async () => {
    const b = bus('poison');
    let failures = 1;
    const flaky = recorder('pricing:poison', 'once', (s) => s === 'bad' || (s === 'flaky' && failures-- > 0));
    const stop = b.start(1, flaky.consumer);
    await b.publish('flaky', 'bad', 'good');
    await until('the good event', async () => (await processed('pricing:poison')) === 2);
    expect(flaky.seen).toEqual(['flaky', 'flaky', 'bad', 'bad', 'bad', 'good']);
    const dead = await orm.em.fork().find(ConsumerDeadLetter, { consumer: 'pricing:poison' });
    expect(dead.map((d) => ({ subject: d.event.subjectId, attempts: d.attempts, error: d.error }))).toEqual([
      { subject: 'bad', attempts: 3, error: 'cannot apply bad' },
    ]);
    // Acknowledged: a restart of the same instance (which re-reads its pending entries) is not handed it again.
    await stop();
    const again = recorder('pricing:poison', 'once');
    b.start(1, again.consumer);
    await b.publish('after');
    await until('the next event', () => again.seen.length === 1);
    expect(again.seen).toEqual(['after']);
  });
});

describe('every-instance consumers on the Redis bus', () => {
  it('hand every instance every event published after it started', async () => {
    const b = bus('fanout');
    await b.publish('before');
    const caches = [recorder('pricing:caches', 'every-instance'), recorder('pricing:caches', 'every-instance')];
    b.start(1, caches[0]!.consumer);
    b.start(2, caches[1]!.consumer);
    await until('both readers to have started', async () => {
      await b.publish('mark');
      return caches.every((c) => c.seen.includes('mark'));
    });
    await b.publish('after');
    await until('both instances', () => caches.every((c) => c.seen.includes('after')));
    expect(caches.some((c) => c.seen.includes('before'))).toBe(false);
  });
});
