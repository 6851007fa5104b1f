import {
  IsolationLevel,
  LockMode,
  type EntityManager,
  type FindOneOptions,
  type EventSubscriber,
  type FlushEventArgs,
  type MikroORM,
  type TransactionEventArgs,
} from '@mikro-orm/core';
import type { Logger } from 'pino';
import type { DomainEvent } from './event.js';
import { toDomainEvent } from './outbox.js';
import { OutboxEvent, OutboxRelayState } from './outbox.entity.js';

/** Where the relay hands committed events; `publish` rejects when the bus is unreachable. */
export interface EventPublisher {
  /** Publishes events in the given order; resolves once the bus holds them. */
  publish(events: DomainEvent[]): Promise<void>;
  close(): Promise<void>;
}

/** Publishes nowhere: on the embedded runtime the outbox itself is the stream (see `createOutboxStreamHandler`). */
export const outboxOnlyPublisher: EventPublisher = {
  async publish() {},
  async close() {},
};

export interface RelayOptions {
  /** Safety-net poll interval (ms); the relay also wakes right after a commit that recorded events. */
  pollMs?: number;
  /** Rows published per transaction. */
  batchSize?: number;
  /**
   * Least time between the starts of two runs (ms). A commit after a quiet spell is relayed at
   * once; under a stream of commits the rows of the interval go together, so the relay's few
   * statements are paid per batch rather than per commit. Default 20.
   */
  minIntervalMs?: number;
  /** Published rows older than this are deleted (the newest row is always kept). Default 7 days. */
  retentionMs?: number;
  log?: Logger;
  /**
   * Wraps every run, e.g. to mark it as background work for statement counting; a wake comes
   * from inside a request's flush, and the run must not belong to that request.
   */
  context?: <T>(run: () => T) => T;
}

/** Events the relay just published, in order: the first has `firstPosition`, the next one more, and so on. */
export interface PublishedBatch {
  events: DomainEvent[];
  firstPosition: number;
}

/** True when the ORM talks to SQLite (no row locks; one writer at a time anyway). */
export function isSqlite(orm: MikroORM | EntityManager): boolean {
  const driver = ('em' in orm ? orm.em : orm).getDriver();
  return /sqlite/i.test(driver.constructor.name);
}

/**
 * Find options that lock the rows read for the rest of the transaction (`SELECT … FOR UPDATE`)
 * on MariaDB/MySQL. SQLite has no row locks and needs none: its write transactions run one at a
 * time on the single connection. With the row locked, values computed from it stay exact until
 * commit, so the caller need not read it back after updating it.
 */
export function forUpdate(em: MikroORM | EntityManager): Pick<FindOneOptions<object>, 'lockMode'> {
  return isSqlite(em) ? {} : { lockMode: LockMode.PESSIMISTIC_WRITE };
}

type Executor = { execute(sql: string, params?: unknown[], method?: 'all' | 'get' | 'run'): Promise<unknown> };

/**
 * Moves committed outbox rows to the bus. Each run, in one READ COMMITTED transaction: locks
 * the relay state row (so several instances on one database take turns and never publish the
 * same rows, and positions grow in commit order), takes the oldest unpublished rows (`FOR
 * UPDATE SKIP LOCKED` on MariaDB/MySQL), publishes them, and marks them published with the next
 * positions. A failure anywhere rolls the marks back, so the rows are published again later:
 * delivery is at least once, and consumers deduplicate by event id.
 */
export class OutboxRelay {
  private readonly pollMs: number;
  private readonly batchSize: number;
  private readonly retentionMs: number;
  private readonly sqlite: boolean;
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = true;
  private lastPrune = 0;
  private pendingCommit = false;
  private readonly minIntervalMs: number;
  private lastRun = 0;
  private delayed?: NodeJS.Timeout;
  /** A commit recorded events since the last run started: the run may skip its probe. */
  private committed = false;
  private readonly listeners = new Set<(batch: PublishedBatch) => void>();

  constructor(
    private readonly orm: MikroORM,
    private readonly publisher: EventPublisher,
    private readonly opts: RelayOptions = {},
  ) {
    this.pollMs = opts.pollMs ?? 1000;
    this.batchSize = opts.batchSize ?? 200;
    this.minIntervalMs = opts.minIntervalMs ?? 20;
    this.retentionMs = opts.retentionMs ?? 7 * 24 * 3600_000;
    this.sqlite = isSqlite(orm);
  }

  /** Starts polling and wakes after every flush or commit that inserted outbox rows. */
  start(): this {
    if (!this.stopped) return this;
    this.stopped = false;
    // Arrow functions: `this` stays the relay inside the subscriber's callbacks.
    const subscriber: EventSubscriber = {
      afterFlush: (args: FlushEventArgs) => {
        if (this.stopped) return;
        const recorded = args.uow
          .getChangeSets()
          .some((cs) => cs.entity instanceof OutboxEvent && cs.type === 'create');
        if (!recorded) return;
        // Inside an explicit transaction the rows are not visible before the commit.
        if (args.em.isInTransaction()) this.pendingCommit = true;
        else {
          this.committed = true;
          this.wake();
        }
      },
      afterTransactionCommit: (_args: TransactionEventArgs) => {
        if (this.pendingCommit) {
          this.pendingCommit = false;
          this.committed = true;
          this.wake();
        }
      },
    };
    this.orm.em.getEventManager().registerSubscriber(subscriber);
    const inContext = this.opts.context ?? (<T>(run: () => T) => run());
    this.timer = inContext(() => setInterval(() => this.wake(), this.pollMs));
    this.timer.unref();
    this.wake();
    return this;
  }

  /** Called with each batch after it is committed as published (same process only). */
  onPublished(listener: (batch: PublishedBatch) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs the relay soon; coalesces with a run in progress or waiting out the interval. */
  wake(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.delayed) return;
    const wait = this.lastRun + this.minIntervalMs - Date.now();
    if (wait > 0) {
      this.delayed = setTimeout(() => {
        this.delayed = undefined;
        this.wake();
      }, wait);
      return;
    }
    this.lastRun = Date.now();
    const probe = !this.committed;
    this.committed = false;
    const inContext = this.opts.context ?? (<T>(run: () => T) => run());
    this.running = inContext(async () => {
      try {
        let n: number;
        let rounds = 0;
        let first = true;
        do {
          n = await this.runOnce(probe || !first);
          first = false;
        } while (n === this.batchSize && !this.stopped && ++rounds < 50);
        await this.pruneMaybe();
      } catch (err) {
        // Left unpublished; the next poll tries again.
        this.opts.log?.warn({ err }, 'outbox relay could not publish; will retry');
      } finally {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      }
    });
  }

  /**
   * Publishes one batch; returns how many rows it published (0 when none were waiting). With
   * `probe` (the default) a plain read first checks that rows wait, so an idle relay takes no
   * lock; a run right after a commit that recorded events skips it.
   */
  async runOnce(probe = true): Promise<number> {
    const em = this.orm.em.fork();
    if (probe && !(await em.findOne(OutboxEvent, { publishedAt: null }, { fields: ['seq'] }))) return 0;
    let published: DomainEvent[] = [];
    let firstPosition = 0;
    await em.transactional(
      async (tx) => {
        // Relays take turns on this one row; READ COMMITTED keeps InnoDB from locking gaps, so
        // producers inserting new outbox rows never wait for (or deadlock with) a relay.
        let state = await tx.findOne(OutboxRelayState, { id: 1 }, forUpdate(tx));
        if (!state) {
          state = tx.create(OutboxRelayState, { id: 1, lastPosition: 0 });
          await tx.flush();
        }
        const rows = await tx.find(
          OutboxEvent,
          { publishedAt: null },
          {
            orderBy: { seq: 'asc' },
            limit: this.batchSize,
            ...(this.sqlite ? {} : { lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE }),
          },
        );
        if (!rows.length) return;
        published = rows.map(toDomainEvent);
        await this.publisher.publish(published);
        const now = new Date();
        let next = state.lastPosition;
        firstPosition = next + 1;
        for (const row of rows) {
          row.position = ++next;
          row.publishedAt = now;
        }
        state.lastPosition = next;
      },
      this.sqlite ? {} : { isolationLevel: IsolationLevel.READ_COMMITTED },
    );
    if (published.length) for (const l of this.listeners) l({ events: published, firstPosition });
    return published.length;
  }

  /** Runs until nothing is waiting (at most `maxRounds` batches); for tests and shutdown. */
  async drain(maxRounds = 100): Promise<number> {
    await this.running;
    let total = 0;
    for (let i = 0; i < maxRounds; i++) {
      const n = await this.runOnce();
      total += n;
      if (n === 0) break;
    }
    return total;
  }

  private async pruneMaybe(): Promise<void> {
    if (Date.now() - this.lastPrune < 60_000) return;
    this.lastPrune = Date.now();
    const em = this.orm.em.fork();
    const max = (await (em as unknown as Executor).execute(
      'select max(position) as m from outbox_events',
      [],
      'all',
    )) as { m: unknown }[];
    if (max[0]?.m == null) return;
    // The newest row stays, so positions keep growing after a prune.
    await em.nativeDelete(OutboxEvent, {
      publishedAt: { $lt: new Date(Date.now() - this.retentionMs) },
      position: { $lt: Number(max[0].m) },
    });
  }

  /** Stops polling and waits for a run in progress. The publisher is closed by its owner. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    clearTimeout(this.delayed);
    this.delayed = undefined;
    await this.running;
  }
}
