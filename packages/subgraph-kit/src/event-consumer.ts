import {
  createEventFeed,
  decodeFeedPosition,
  encodeFeedPosition,
  eventBusConfig,
  EVENT_CATALOG,
  handleOnce,
  RedisConsumerGroup,
  type DeliveredEvent,
  type DomainEvent,
  type EventType,
  type FeedHandle,
} from '@dnp/event-bus';
import type { EntityManager, MikroORM } from '@mikro-orm/core';
import { hostname } from 'node:os';
import type { Logger } from 'pino';
import { ConsumerDeadLetter, EventConsumerPosition } from './event-consumer.entity.js';
import { serviceUrls, type BaseSubgraphConfig } from './service-config.js';
import { Role, SignedViewerTokens, VIEWER_HEADER } from './viewer.js';

/**
 * One consumer of domain events in a subgraph. `once` consumers change the subgraph's database
 * (a read model): one instance handles each event, inside `handleOnce` keyed by `name`. An
 * `every-instance` consumer drops in-memory caches: every process sees every event from the
 * moment it starts, nothing is stored, and `tx` is a plain fork of the EntityManager.
 */
export interface EventConsumer {
  /** `<subgraph>:<what>`, e.g. `pricing:catalogue`: the `handleOnce` key, at most 60 characters. */
  name: string;
  /** The catalog types it handles; others never reach it. */
  types: EventType[];
  delivery: 'once' | 'every-instance';
  /** Applies one event; throwing makes it be retried with backoff (see `startEventConsumers`). */
  handle(tx: EntityManager, event: DomainEvent): Promise<void>;
}

/** The subgraph whose consumers run: its name (group and token audience), its database and logger. */
export interface ConsumerHost {
  name: string;
  orm: MikroORM;
  log: Logger;
}

/** The configuration consumers read (every subgraph's `BaseSubgraphConfig` has it). */
export type EventConsumerConfig = Pick<
  BaseSubgraphConfig,
  | 'EVENT_BUS'
  | 'REDIS_URL'
  | 'EVENT_STREAM_PREFIX'
  | 'INTERNAL_JWT_SECRET'
  | 'SUBGRAPH_URLS'
  | 'CONSUMER_MAX_ATTEMPTS'
  | 'PORT'
>;

/** Retry timing; the defaults give a failing event about 80 s before it is dead-lettered. Specs shorten it. */
export interface ConsumerTiming {
  /** First wait after a failure, doubled per attempt. Default 200 ms. */
  retryMs?: number;
  /** Longest wait between attempts. Default 30 s. */
  maxRetryMs?: number;
  /** Redis: entries pending this long with a silent instance are claimed. Default 30 s. */
  claimIdleMs?: number;
}

/** One consumer's counts in this process, for `/metrics`. */
interface ConsumerStats {
  handled: number;
  givenUp: number;
  /** Commit-to-handled time of the last event handled, in seconds. */
  lastLagSeconds: number;
  /** Commit time (ms) of the event being delivered now, retries included; null when idle. */
  inFlightSince: number | null;
}

/** Per subgraph, per consumer: counts of this process (several subgraphs share a process only in tests). */
const stats = new Map<string, Map<string, ConsumerStats>>();

/** The counts of `consumer` of `service`, created at zero on first use. */
function statsOf(service: string, consumer: string): ConsumerStats {
  let byConsumer = stats.get(service);
  if (!byConsumer) stats.set(service, (byConsumer = new Map()));
  let row = byConsumer.get(consumer);
  if (!row) byConsumer.set(consumer, (row = { handled: 0, givenUp: 0, lastLagSeconds: 0, inFlightSince: null }));
  return row;
}

/**
 * The consumers' lines of a subgraph's `/metrics` (Prometheus text): `dnp_consumer_lag_seconds`,
 * the age of the event being delivered (so a consumer stuck retrying shows a growing lag) or else
 * the commit-to-handled time of the last one, and `dnp_consumer_events_total` by outcome.
 */
export function consumerMetricLines(service: string): string[] {
  const byConsumer = stats.get(service);
  if (!byConsumer?.size) return [];
  const now = Date.now();
  const label = (consumer: string) => `service="${service}",consumer="${consumer}"`;
  const rows = [...byConsumer];
  return [
    '# HELP dnp_consumer_lag_seconds Age of the event a consumer is on, or commit-to-handled time of its last one.',
    '# TYPE dnp_consumer_lag_seconds gauge',
    ...rows.map(([consumer, s]) => {
      const lag = s.inFlightSince === null ? s.lastLagSeconds : Math.max(0, now - s.inFlightSince) / 1000;
      return `dnp_consumer_lag_seconds{${label(consumer)}} ${lag}`;
    }),
    '# HELP dnp_consumer_events_total Events a consumer handled, or gave up on after its attempts.',
    '# TYPE dnp_consumer_events_total counter',
    ...rows.flatMap(([consumer, s]) => [
      `dnp_consumer_events_total{${label(consumer)},outcome="handled"} ${s.handled}`,
      `dnp_consumer_events_total{${label(consumer)},outcome="given_up"} ${s.givenUp}`,
    ]),
  ];
}

/** The longest consumer name: `processed_events.consumer` is varchar(60). */
const MAX_NAME = 60;

/**
 * Starts `consumers` in a subgraph's `background` hook and returns their stop function (which
 * ends every reader and awaits the event in progress). On the Redis bus the `once` consumers
 * share one consumer group `<subgraph>:consumers` (this instance's consumer name: host name and
 * port, stable across restarts for the group's pending-entry recovery; a new group starts at the
 * stream's beginning) and each entry is acknowledged after every consumer listing its type
 * handled it. On the embedded bus each `once` consumer reads the `/events` streams of its types'
 * owners (EVENT_CATALOG) with a SERVICE token, resuming after the position stored in
 * `event_consumer_position` in the same transaction as each effect (from the outboxes'
 * beginning the first time). `every-instance` consumers read the fan-out feed from its current
 * end (the feed drops repeats by id, `RecentIds`). A failing handler is retried with backoff;
 * after CONSUMER_MAX_ATTEMPTS a `once` event is recorded in `consumer_dead_letter` and skipped,
 * with an error log naming it (an `every-instance` one is only logged).
 */
export function startEventConsumers(
  host: ConsumerHost,
  config: EventConsumerConfig,
  consumers: readonly EventConsumer[],
  timing: ConsumerTiming = {},
): () => Promise<void> {
  checkConsumers(consumers);
  const ctx = new ConsumerContext(host, config, timing);
  const once = consumers.filter((c) => c.delivery === 'once');
  const every = consumers.filter((c) => c.delivery === 'every-instance');
  const started: Promise<FeedHandle | undefined>[] = [];
  if (once.length && config.EVENT_BUS === 'redis') started.push(ctx.startGroup(once));
  else for (const consumer of once) started.push(ctx.startPositioned(consumer));
  if (every.length) started.push(ctx.startFanOut(every));
  return async () => {
    ctx.stopped = true;
    const handles = await Promise.all(started);
    const closing = handles.map((h) => h?.close());
    // After the readers were told to close: a retry that wakes now sees them closed.
    ctx.wakeAll();
    await Promise.all(closing);
  };
}

/** Refuses names `handleOnce` cannot store, repeated names and consumers of nothing, at start-up. */
function checkConsumers(consumers: readonly EventConsumer[]): void {
  const names = new Set<string>();
  for (const c of consumers) {
    if (!c.name || c.name.length > MAX_NAME)
      throw new Error(`Event consumer name "${c.name}" must have 1-60 characters`);
    if (names.has(c.name)) throw new Error(`Two event consumers are named "${c.name}"`);
    if (!c.types.length) throw new Error(`Event consumer "${c.name}" lists no event type`);
    names.add(c.name);
  }
}

/** Thrown out of a retry when the consumers stop: the event stays pending (Redis) or unstored (embedded). */
class ConsumersStopped extends Error {}

const MAX_ERROR_LENGTH = 2000;

/** What the readers share: the host, the bus, SERVICE tokens, retries and dead letters. */
class ConsumerContext {
  stopped = false;
  private readonly sleepers = new Set<() => void>();
  private readonly tokens: SignedViewerTokens;
  private readonly retryMs: number;
  private readonly maxRetryMs: number;

  constructor(
    private readonly host: ConsumerHost,
    private readonly config: EventConsumerConfig,
    private readonly timing: ConsumerTiming,
  ) {
    this.tokens = new SignedViewerTokens(config.INTERNAL_JWT_SECRET, 20);
    this.retryMs = timing.retryMs ?? 200;
    this.maxRetryMs = timing.maxRetryMs ?? 30_000;
  }

  /** Redis: one consumer group for every `once` consumer; an entry is acknowledged once all of them are done. */
  async startGroup(once: EventConsumer[]): Promise<FeedHandle> {
    const bus = eventBusConfig(this.config);
    if (bus.kind !== 'redis') throw new Error('startGroup needs the Redis bus');
    const group = new RedisConsumerGroup({
      url: bus.url,
      prefix: bus.prefix,
      group: `${this.host.name}:consumers`,
      consumer: `${hostname()}:${this.config.PORT}`,
      startAt: '0',
      claimIdleMs: this.timing.claimIdleMs,
      log: this.host.log,
    });
    const types = [...new Set(once.flatMap((c) => c.types))];
    return group.start(
      async ({ event }) => {
        for (const consumer of once) {
          if (!consumer.types.includes(event.type as EventType)) continue;
          const em = this.host.orm.em;
          await this.deliver(
            consumer,
            event,
            () => handleOnce(em, consumer.name, event.id, (tx) => consumer.handle(tx, event)),
            (error, attempts) => em.fork().transactional((tx) => deadLetter(tx, consumer, event, error, attempts)),
          );
        }
      },
      { types },
    );
  }

  /**
   * Embedded: one `once` consumer on the streams of its types' owners, resuming after its stored
   * position; each effect and the position move in one transaction (a skipped repeat or a dead
   * letter moves it too).
   */
  async startPositioned(consumer: EventConsumer): Promise<FeedHandle | undefined> {
    const sources = this.sourcesOf(consumer.types);
    const stored = await this.untilStopped(`${consumer.name}: reading its position`, () =>
      this.host.orm.em.fork().findOne(EventConsumerPosition, { consumer: consumer.name }),
    );
    if (stored === undefined) return undefined;
    const after = startPosition(stored?.position, Object.keys(sources));
    const feed = this.feed(sources);
    const em = this.host.orm.em;
    return feed.read({ after, types: consumer.types }, async ({ event, position }: DeliveredEvent) => {
      await this.quietlyStopped(() =>
        this.deliver(
          consumer,
          event,
          async () => {
            const done = await handleOnce(em, consumer.name, event.id, async (tx) => {
              await consumer.handle(tx, event);
              await savePosition(tx, consumer.name, position);
            });
            if (!done.handled) await savePosition(em.fork(), consumer.name, position);
          },
          (error, attempts) =>
            em.fork().transactional(async (tx) => {
              await deadLetter(tx, consumer, event, error, attempts);
              await savePosition(tx, consumer.name, position);
            }),
        ),
      );
    });
  }

  /** Every `every-instance` consumer on one fan-out feed from its current end; nothing stored. */
  async startFanOut(every: EventConsumer[]): Promise<FeedHandle> {
    const types = [...new Set(every.flatMap((c) => c.types))];
    const feed = this.feed(this.sourcesOf(types));
    return feed.read({ types }, async ({ event }) => {
      for (const consumer of every) {
        if (!consumer.types.includes(event.type as EventType)) continue;
        await this.quietlyStopped(() =>
          this.deliver(
            consumer,
            event,
            () => consumer.handle(this.host.orm.em.fork(), event),
            async () => undefined,
          ),
        );
      }
    });
  }

  /**
   * Runs `attempt` until it succeeds, waiting `retryMs` doubled per failure (at most
   * `maxRetryMs`); after CONSUMER_MAX_ATTEMPTS failures runs `giveUp` (repeated until it
   * succeeds) and returns. Throws ConsumersStopped when the consumers stop meanwhile.
   */
  async deliver(
    consumer: EventConsumer,
    event: DomainEvent,
    attempt: () => Promise<unknown>,
    giveUp: (error: string, attempts: number) => Promise<unknown>,
  ): Promise<void> {
    const about = { consumer: consumer.name, eventId: event.id, type: event.type, source: event.source };
    const counts = statsOf(this.host.name, consumer.name);
    const committedAt = Date.parse(event.occurredAt) || Date.now();
    counts.inFlightSince = committedAt;
    let wait = this.retryMs;
    for (let attempts = 1; ; attempts++) {
      if (this.stopped) throw new ConsumersStopped();
      try {
        await attempt();
        counts.handled++;
        counts.lastLagSeconds = Math.max(0, Date.now() - committedAt) / 1000;
        counts.inFlightSince = null;
        return;
      } catch (err) {
        if (this.stopped) throw new ConsumersStopped();
        if (attempts >= this.config.CONSUMER_MAX_ATTEMPTS) {
          const error = (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_LENGTH);
          await this.untilStopped(`${consumer.name}: recording a dead letter`, () => giveUp(error, attempts));
          if (this.stopped) throw new ConsumersStopped();
          counts.givenUp++;
          counts.inFlightSince = null;
          const deadLettered = consumer.delivery === 'once';
          this.host.log.error({ ...about, err, attempts, deadLettered }, 'event consumer gave up on an event: skipped');
          return;
        }
        this.host.log.warn({ ...about, err, attempts }, 'event consumer failed; retrying');
        await this.sleep(wait);
        wait = Math.min(wait * 2, this.maxRetryMs);
      }
    }
  }

  /** Runs `work` until it succeeds (logging each failure, with backoff); undefined when the consumers stop first. */
  async untilStopped<T>(what: string, work: () => Promise<T>): Promise<T | undefined> {
    let wait = this.retryMs;
    while (!this.stopped) {
      try {
        return await work();
      } catch (err) {
        if (this.stopped) break;
        this.host.log.warn({ err }, `${what} failed; retrying`);
        await this.sleep(wait);
        wait = Math.min(wait * 2, this.maxRetryMs);
      }
    }
    return undefined;
  }

  /** Ends every retry wait at once (on stop). */
  wakeAll(): void {
    for (const wake of this.sleepers) wake();
  }

  /** A fan-out reader: the Redis stream, or the given owners' `/events` streams with SERVICE tokens. */
  private feed(sources: Record<string, string>) {
    return createEventFeed(eventBusConfig(this.config), {
      sources,
      headers: async (source) => ({
        [VIEWER_HEADER]: await this.tokens.get(source, source, { userId: this.host.name, role: Role.SERVICE }),
      }),
      log: this.host.log,
    });
  }

  /** The `/graphql` URL of every subgraph that owns one of `types` (the embedded feed reads its `/events`). */
  private sourcesOf(types: readonly EventType[]): Record<string, string> {
    const urls = serviceUrls(this.config.SUBGRAPH_URLS);
    const sources: Record<string, string> = {};
    for (const type of types) {
      const owner = EVENT_CATALOG[type].owner;
      const url = urls[owner];
      if (!url) throw new Error(`No URL for ${owner}, the owner of ${type} (SUBGRAPH_URLS)`);
      sources[owner] = url;
    }
    return sources;
  }

  /** An embedded feed logs what its handler throws; a stop is no error there, and the feed is closing anyway. */
  private async quietlyStopped(work: () => Promise<void>): Promise<void> {
    try {
      await work();
    } catch (err) {
      if (!(err instanceof ConsumersStopped)) throw err;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.sleepers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.sleepers.add(done);
    });
  }
}

/**
 * Where a positioned consumer starts: after its stored position, with every source it has no
 * position for yet (the first start, or a type of a new owner) read from its outbox's beginning.
 */
export function startPosition(stored: string | undefined, sources: readonly string[]): string {
  let positions: Record<string, string> = {};
  if (stored) {
    try {
      positions = decodeFeedPosition(stored);
    } catch {
      positions = {};
    }
  }
  const out: Record<string, string> = {};
  for (const source of sources) out[source] = positions[source] ?? '0';
  return encodeFeedPosition(out);
}

/** Stores where `consumer` resumes, in `tx` (the effect's transaction). */
async function savePosition(tx: EntityManager, consumer: string, position: string): Promise<void> {
  await tx.upsert(EventConsumerPosition, { consumer, position, updatedAt: new Date() });
}

/** Records (or, for a repeat, refreshes) `event` as given up by `consumer`. */
async function deadLetter(
  tx: EntityManager,
  consumer: EventConsumer,
  event: DomainEvent,
  error: string,
  attempts: number,
): Promise<void> {
  await tx.upsert(ConsumerDeadLetter, {
    consumer: consumer.name,
    eventId: event.id,
    type: event.type,
    source: event.source,
    event: event as unknown as Record<string, unknown>,
    error,
    attempts,
    failedAt: new Date(),
  });
}
