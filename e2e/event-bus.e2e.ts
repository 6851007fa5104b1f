import {
  handleOnce,
  OutboxEvent,
  OutboxRelay,
  OutboxRelayState,
  ProcessedEvent,
  RedisConsumerGroup,
  RedisEventFeed,
  RedisPublisher,
  type DeliveredEvent,
  type DomainEvent,
} from '@dnp/event-bus';
import { createLogger, insertOnce, openDatabase, recordEvent } from '@dnp/subgraph-kit';
import { startMariaDb, startRedis, type TestMariaDb, type TestRedis } from '@dnp/testing';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from './support/platform.js';

// The event bus on real servers: two relays of one subgraph sharing a MariaDB database publish
// every committed event to Redis Streams while Redis crashes and comes back; a consumer group
// whose instance dies before acknowledging hands the entries to another instance, and the
// consumers' inbox makes every effect happen once.

const log = createLogger('event-bus-e2e', 'silent');
type MikroORM = Awaited<ReturnType<typeof openDatabase>>;
const until = async (what: string, check: () => boolean | Promise<boolean>, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
};

describe('event bus on MariaDB and Redis', () => {
  let mariadb: TestMariaDb;
  let redis: TestRedis;
  const orms: MikroORM[] = [];

  beforeAll(async () => {
    const logDir = join(ROOT, 'test-results', 'logs', `event-bus-${Date.now()}`);
    mariadb = await startMariaDb({ logDir });
    mariadb.sql('CREATE DATABASE dnp_bus CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
    redis = await startRedis({ logDir, persistent: true });
    // Two "instances" of one subgraph: separate pools on the same database (migrated by the first).
    for (let i = 0; i < 2; i++) {
      orms.push(
        await openDatabase({
          config: { DB_CLIENT: 'mariadb', DB_URL: mariadb.url('dnp_bus'), DB_POOL_MAX: 5, LOG_LEVEL: 'silent' },
          entities: [],
          migrations: { sqlite: [], mysql: [] },
          log,
        }),
      );
    }
  });
  afterAll(async () => {
    for (const orm of orms) await orm.close();
    await redis?.stop();
    await mariadb?.stop();
  });

  it('two relays on one database publish each committed event once, in order, across a Redis crash', async () => {
    const publishers = orms.map(() => new RedisPublisher({ url: redis.url, prefix: 'relay' }));
    const relays = orms.map((orm, i) =>
      new OutboxRelay(orm, publishers[i]!, { pollMs: 100, batchSize: 20, log }).start(),
    );
    const feed = new RedisEventFeed({ url: redis.url, prefix: 'relay', blockMs: 500 });
    const got: DeliveredEvent[] = [];
    const reader = await feed.read({}, (d) => void got.push(d));
    await new Promise((r) => setTimeout(r, 300));

    // Four writers, two per instance, 40 transactions each of 1 to 3 events; Redis crashes midway.
    const committed: string[] = [];
    const writer = async (orm: MikroORM, w: number) => {
      for (let t = 0; t < 40; t++) {
        const ids = await orm.em.fork().transactional(async (tx) => {
          const out: string[] = [];
          for (let k = 0; k <= (t + w) % 3; k++)
            out.push(
              recordEvent(tx, {
                type: 'test.thing_happened',
                subjectId: `w${w}-t${t}-k${k}`,
                payload: { w, t, k },
              } as never).id,
            );
          return out;
        });
        committed.push(...ids);
        await new Promise((r) => setTimeout(r, 15));
      }
    };
    const writing = Promise.all([0, 1, 2, 3].map((w) => writer(orms[w % 2]!, w)));
    await new Promise((r) => setTimeout(r, 400));
    await redis.restart({ crash: true, downMs: 2000 });
    await writing;

    await until(
      'every committed event on the feed',
      () => new Set(got.map((d) => d.event.id)).size >= committed.length,
    );
    await reader.close();
    await Promise.all(relays.map((r) => r.stop()));
    await Promise.all(publishers.map((p) => p.close()));

    expect(new Set(got.map((d) => d.event.id))).toEqual(new Set(committed));
    // The feed drops repeats, so each event was delivered to this reader once.
    expect(got.length).toBe(committed.length);
    const rows = await orms[0]!.em.fork().find(OutboxEvent, {}, { orderBy: { position: 'asc' } });
    expect(rows.every((r) => r.publishedAt != null)).toBe(true);
    expect(rows.map((r) => r.position)).toEqual(rows.map((_, i) => i + 1));
    // Stream order follows the relays' positions (publication order), not just insertion order.
    const positionOf = new Map(rows.map((r) => [r.eventId, r.position!]));
    const streamOrder = got.map((d) => positionOf.get(d.event.id)!);
    expect(streamOrder).toEqual([...streamOrder].sort((a, b) => a - b));
  });

  it("a dead instance's unacknowledged entries go to another; the inbox makes each effect happen once", async () => {
    const publisher = new RedisPublisher({ url: redis.url, prefix: 'group' });
    const events: DomainEvent[] = Array.from({ length: 60 }, (_, i) => ({
      id: `evt_group${String(i).padStart(4, '0')}`,
      type: 'test.thing_happened',
      source: 'test',
      occurredAt: new Date().toISOString(),
      subjectId: `s${i}`,
      scope: {},
      payload: { i },
    }));
    const options = {
      url: redis.url,
      prefix: 'group',
      group: 'inbox-test',
      claimIdleMs: 1000,
      startAt: '0' as const,
      blockMs: 300,
    };
    const effects = new Map<string, number>();
    const consume = (name: string, dieAfter?: number) => {
      let n = 0;
      let die: () => void = () => undefined;
      const died = new Promise<void>((r) => (die = r));
      const handler = async (d: DeliveredEvent) => {
        if (dieAfter !== undefined && ++n > dieAfter) {
          // Dies in the middle: this entry stays pending, unacknowledged.
          die();
          await new Promise(() => undefined);
        }
        await handleOnce(orms[0]!.em, 'inbox-test', d.event.id, async () => {
          effects.set(d.event.id, (effects.get(d.event.id) ?? 0) + 1);
        });
      };
      return { start: () => new RedisConsumerGroup({ ...options, consumer: name }).start(handler), died };
    };

    const a = consume('a', 25);
    const handleA = await a.start();
    await publisher.publish(events);
    // A relay that published a batch twice (crash between XADD and its commit).
    await publisher.publish(events.slice(10, 20));
    await a.died;
    void handleA.close().catch(() => undefined);
    const b = await consume('b').start();
    await until('every event handled', () => events.every((e) => effects.has(e.id)), 30_000);
    await new Promise((r) => setTimeout(r, 500));
    await b.close();
    await publisher.close();

    expect([...effects.values()].every((n) => n === 1)).toBe(true);
    expect(effects.size).toBe(60);
    expect(await orms[0]!.em.fork().count(ProcessedEvent, { consumer: 'inbox-test' })).toBe(60);
  });

  it('insertOnce (INSERT IGNORE on MariaDB) inserts a row once and leaves the transaction usable', async () => {
    const em = orms[0]!.em.fork();
    const results = await em.transactional(async (tx) => [
      await insertOnce(tx, OutboxRelayState, { id: 7, lastPosition: 1 }, 'id'),
      await insertOnce(tx, OutboxRelayState, { id: 7, lastPosition: 2 }, 'id'),
      // Still usable after the ignored duplicate: this write commits with the first.
      await insertOnce(tx, OutboxRelayState, { id: 8, lastPosition: 3 }, 'id'),
    ]);
    expect(results).toEqual([true, false, true]);
    const rows = await orms[0]!.em.fork().find(OutboxRelayState, { id: { $in: [7, 8] } }, { orderBy: { id: 'asc' } });
    expect(rows.map((r) => [r.id, r.lastPosition])).toEqual([
      [7, 1],
      [8, 3],
    ]);
  });
});
