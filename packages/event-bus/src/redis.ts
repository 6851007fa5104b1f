import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { RecentIds } from './consumer.js';
import type { DeliveredEvent, DomainEvent, EventFeed, FeedHandle } from './event.js';
import type { EventPublisher } from './relay.js';

/**
 * Redis Streams transport. Every subgraph appends to ONE global stream, `<prefix>:events`, so a
 * gateway reads a single stream (one XREAD, one position to resume from) and a consumer group
 * sees every source in one order; consumers filter by `type`. Each entry has one field `e`, the
 * JSON of the DomainEvent. The stream is capped (`XADD MAXLEN ~`), so a reader can resume only
 * from positions that are still in it.
 */
export interface RedisBusOptions {
  /** redis://host:port[/db] */
  url: string;
  /** Key prefix; the stream is `<prefix>:events`. Default `dnp`. */
  prefix?: string;
  /** Approximate cap on the stream's length. Default 100 000 entries. */
  maxLen?: number;
  log?: Logger;
}

/** The stream key for a prefix. */
export function streamKey(prefix = 'dnp'): string {
  return `${prefix}:events`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function connect(url: string, blocking: boolean): Redis {
  const redis = new Redis(url, {
    // A publisher fails fast while Redis is away (the outbox keeps the rows); a reader waits.
    enableOfflineQueue: blocking,
    maxRetriesPerRequest: blocking ? null : 1,
    retryStrategy: (times) => Math.min(100 * times, 2000),
    lazyConnect: false,
  });
  // Errors surface on the commands; the connection reconnects by itself.
  redis.on('error', () => undefined);
  return redis;
}

function parseEntry(fields: string[]): DomainEvent | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2)
    if (fields[i] === 'e') return JSON.parse(fields[i + 1]!) as DomainEvent;
  return undefined;
}

type StreamReply = [string, [string, string[]][]][] | null;

/** Publishes to the global stream with XADD, one pipeline per batch; rejects when Redis is unreachable. */
export class RedisPublisher implements EventPublisher {
  private readonly redis: Redis;
  private readonly key: string;
  private readonly maxLen: number;

  constructor(opts: RedisBusOptions) {
    this.redis = connect(opts.url, false);
    this.key = streamKey(opts.prefix);
    this.maxLen = opts.maxLen ?? 100_000;
  }

  async publish(events: DomainEvent[]): Promise<void> {
    if (!events.length) return;
    // Not offline-queued, but a connection being (re)established is worth a short wait.
    if (this.redis.status !== 'ready') await this.ready(2000);
    const pipeline = this.redis.pipeline();
    for (const e of events) pipeline.xadd(this.key, 'MAXLEN', '~', String(this.maxLen), '*', 'e', JSON.stringify(e));
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([err]) => err);
    if (failed || results.length !== events.length) throw failed?.[0] ?? new Error('XADD pipeline returned no results');
  }

  private ready(ms: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.redis.off('ready', onReady);
        reject(new Error('Redis is not reachable'));
      }, ms);
      const onReady = () => {
        clearTimeout(timer);
        resolve();
      };
      this.redis.once('ready', onReady);
    });
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }
}

/**
 * A fan-out reader of the global stream (XREAD without a group: every reader sees every event).
 * Positions are stream ids. Without `after` it starts at the stream's current end, fixed once,
 * so events written while Redis is unreachable are still read after it comes back. Repeats of
 * an event id (a relay published twice) are dropped. Each `read` holds one Redis connection:
 * share one reader per process and fan out in memory.
 */
export class RedisEventFeed implements EventFeed {
  constructor(private readonly opts: RedisBusOptions & { blockMs?: number }) {}

  async read(
    opts: { after?: string; types?: string[] },
    onEvent: (delivered: DeliveredEvent) => void | Promise<void>,
  ): Promise<FeedHandle> {
    const redis = connect(this.opts.url, true);
    const key = streamKey(this.opts.prefix);
    const seen = new RecentIds();
    let closed = false;
    let last = opts.after;
    const loop = (async () => {
      while (!closed) {
        try {
          if (last === undefined) {
            const tail = (await redis.xrevrange(key, '+', '-', 'COUNT', 1)) as [string, string[]][];
            last = tail[0]?.[0] ?? '0-0';
          }
          const reply = (await redis.xread(
            'COUNT',
            500,
            'BLOCK',
            this.opts.blockMs ?? 2000,
            'STREAMS',
            key,
            last,
          )) as StreamReply;
          for (const [, entries] of reply ?? []) {
            for (const [id, fields] of entries) {
              last = id;
              const event = parseEntry(fields);
              if (!event || !seen.firstTime(event.id)) continue;
              if (opts.types?.length && !opts.types.includes(event.type)) continue;
              await onEvent({ event, position: id });
            }
          }
        } catch (err) {
          if (closed) break;
          this.opts.log?.warn({ err }, 'event feed read failed; retrying');
          await sleep(500);
        }
      }
    })();
    return {
      async close() {
        closed = true;
        redis.disconnect();
        await loop;
      },
    };
  }
}

export interface ConsumerGroupOptions extends RedisBusOptions {
  /** Group name, one per consuming service (e.g. `orders`); instances of it share the events. */
  group: string;
  /**
   * This instance's name within the group (e.g. host + pid); must be stable across restarts to reclaim
   * own pending entries.
   */
  consumer: string;
  /** Entries pending longer than this with another (dead) consumer are claimed. Default 30 s. */
  claimIdleMs?: number;
  /** Where a new group starts: `$` (only new events, default) or `0` (the whole stream). */
  startAt?: '$' | '0';
  blockMs?: number;
}

/**
 * A consumer group on the global stream (XREADGROUP/XACK): each event goes to one instance of
 * the group. An entry is acknowledged only after its handler resolved; on start (and every
 * `claimIdleMs`) the instance re-reads its own unacknowledged entries and claims those a dead
 * instance left (XAUTOCLAIM), so nothing is lost when an instance crashes. Handlers must be
 * idempotent (`handleOnce`): an entry can be handled again after a crash before its XACK.
 */
export class RedisConsumerGroup {
  constructor(private readonly opts: ConsumerGroupOptions) {}

  /** Joins the group (creating it when new) and hands every entry of the types asked for to `handler`. */
  async start(
    handler: (delivered: DeliveredEvent) => Promise<void>,
    filter: { types?: string[] } = {},
  ): Promise<FeedHandle> {
    const session = new GroupSession(this.opts, connect(this.opts.url, true), handler, filter);
    const loop = session.run();
    return {
      async close() {
        session.closed = true;
        session.redis.disconnect();
        await loop;
      },
    };
  }
}

type ClaimedEntries = [string, string[] | null][];

/** One started consumer: its connection, its read loop, and the recovery of pending entries. */
class GroupSession {
  closed = false;
  private readonly key: string;
  private readonly claimIdleMs: number;

  constructor(
    private readonly opts: ConsumerGroupOptions,
    readonly redis: Redis,
    private readonly handler: (delivered: DeliveredEvent) => Promise<void>,
    private readonly filter: { types?: string[] },
  ) {
    this.key = streamKey(opts.prefix);
    this.claimIdleMs = opts.claimIdleMs ?? 30_000;
  }

  /**
   * Reads new entries until closed, recovering pending ones every `claimIdleMs`; on a failure
   * waits 500 ms and recovers at once (entries whose handling failed stay pending until then).
   */
  async run(): Promise<void> {
    const { group, consumer } = this.opts;
    let ready = false;
    let lastRecovery = 0;
    while (!this.closed) {
      try {
        if (!ready) {
          await this.createGroup();
          ready = true;
        }
        if (Date.now() - lastRecovery >= this.claimIdleMs) {
          await this.recover();
          lastRecovery = Date.now();
        }
        const reply = (await this.redis.xreadgroup(
          'GROUP',
          group,
          consumer,
          'COUNT',
          200,
          'BLOCK',
          this.opts.blockMs ?? 2000,
          'STREAMS',
          this.key,
          '>',
        )) as StreamReply;
        await this.handle(reply?.[0]?.[1] ?? []);
      } catch (err) {
        if (this.closed) break;
        this.opts.log?.warn({ err }, 'consumer group read failed; retrying');
        // Entries whose handling failed stay pending and come back with the next recovery.
        lastRecovery = 0;
        await sleep(500);
      }
    }
  }

  /** XGROUP CREATE (with the stream), at `startAt`; a group that exists already is fine. */
  private async createGroup(): Promise<void> {
    try {
      await this.redis.xgroup('CREATE', this.key, this.opts.group, this.opts.startAt ?? '$', 'MKSTREAM');
    } catch (err) {
      if (!String((err as Error).message).includes('BUSYGROUP')) throw err;
    }
  }

  /** Hands each entry of the types asked for to the handler, then acknowledges it (filtered ones too). */
  private async handle(entries: ClaimedEntries): Promise<void> {
    const types = this.filter.types;
    for (const [id, fields] of entries) {
      if (this.closed) return;
      const event = fields ? parseEntry(fields) : undefined;
      if (event && (!types?.length || types.includes(event.type))) await this.handler({ event, position: id });
      await this.redis.xack(this.key, this.opts.group, id);
    }
  }

  /** Own entries delivered before a crash, then entries of instances that went quiet (XAUTOCLAIM). */
  private async recover(): Promise<void> {
    const { group, consumer } = this.opts;
    for (let i = 0; i < 100 && !this.closed; i++) {
      const reply = (await this.redis.xreadgroup(
        'GROUP',
        group,
        consumer,
        'COUNT',
        200,
        'STREAMS',
        this.key,
        '0',
      )) as StreamReply;
      const entries = reply?.[0]?.[1] ?? [];
      if (!entries.length) break;
      await this.handle(entries);
    }
    let cursor = '0-0';
    for (let i = 0; i < 100 && !this.closed; i++) {
      const [next, claimed] = (await this.redis.xautoclaim(
        this.key,
        group,
        consumer,
        this.claimIdleMs,
        cursor,
        'COUNT',
        200,
      )) as [string, ClaimedEntries];
      await this.handle(claimed);
      cursor = next;
      if (cursor === '0-0') break;
    }
  }
}
