import { RecentIds, type DeliveredEvent, type DomainEvent, type EventFeed, type FeedHandle } from '@dnp/event-bus';
import { SESSION_REVOKED } from '@dnp/subgraph-kit/sessions';
import type { Viewer } from '@dnp/subgraph-kit/viewer';
import { GraphQLError, type FormattedExecutionResult } from 'graphql';
import type { Logger } from 'pino';
import { scopeAllows, viewerScopeKey } from './event-scope.js';
import type { SubscriptionFieldSpec } from './subscription-fields.js';
import { SUBJECT_VARIABLE, type ResolveQuery } from './subscription-query.js';

/** Runs one re-read query through the gateway's executor as `viewer` (the scope key names its data scope). */
export type EventQueryExecutor = (req: {
  query: string;
  variables: Record<string, unknown>;
  viewer: Viewer;
  scopeKey: string;
}) => Promise<FormattedExecutionResult>;

/** What a delivered payload carries besides `data`: the event, and its position to resume after. */
export interface EventExtensions {
  event: { id: string; type: string; occurredAt: string; position: string };
}

/** One message to a subscriber. */
export type SubscriptionResult = FormattedExecutionResult<Record<string, unknown>, EventExtensions>;

/** A subscription refused or ended by the gateway, with a stable code. */
export class SubscriptionError extends GraphQLError {
  constructor(code: string, message: string) {
    super(message, { extensions: { code } });
  }
}

export interface SubscribeRequest {
  spec: SubscriptionFieldSpec;
  /** The root field's coerced arguments (filters such as `productId`). */
  args: Record<string, unknown>;
  plan: ResolveQuery;
  viewer: Viewer;
  /** When the subscriber's access token expires (epoch ms); later events end the connection. */
  accessExpMs: number;
  /** True once the subscriber's session has ended (logout, disabled user); later events end the connection. */
  revoked?: () => boolean;
  /** Position of the last event the client saw: events after it are replayed first. */
  after?: string;
  /** Closes the subscriber's whole connection (graphql-ws close code and reason). */
  closeConnection(code: number, reason: string): void;
}

export interface SubscriptionEngineOptions {
  feed: EventFeed;
  execute: EventQueryExecutor;
  fields: readonly SubscriptionFieldSpec[];
  log: Logger;
  /** Undelivered messages one subscriber may have before it is dropped as too slow. */
  maxQueue?: number;
  /** Most events one resume may replay before it is refused (RESUME_WINDOW_EXCEEDED). */
  replayLimit?: number;
  /** Re-read queries in flight at once, over all groups. */
  concurrency?: number;
  /** Re-read queries of one group in flight at once; events arriving meanwhile wait and go together. */
  groupConcurrency?: number;
  /** Most events one re-read query carries. */
  maxBatch?: number;
  /**
   * Least time between two re-reads of one group (ms). An event for a group that has not been
   * read for this long goes out at once; under a burst, the events that arrive meanwhile wait
   * for the rest of the interval and go as one batch, so the re-read rate per group stays bounded.
   */
  lingerMs?: number;
  /** Events waiting for a re-read before the live feed is held back (backpressure to the bus). */
  maxWaiting?: number;
  /** A resume switches to the live feed once its replay has been quiet this long (ms). */
  replayQuietMs?: number;
}

/** An event waiting for its group's next re-read, and how to hand over its message. */
interface PendingRead {
  delivered: DeliveredEvent;
  settle(message: SubscriptionResult | null): void;
}

/** Subscribers sharing one re-read (query, variables, scope): their events waiting and reads running. */
interface ReadGroup {
  key: string;
  /** Any member: every member has the same plan and scope. */
  sub: Subscriber;
  waiting: PendingRead[];
  inFlight: number;
  /** Runs for `lingerMs` from each re-read's start; no re-read starts while it runs. */
  timer?: NodeJS.Timeout;
}

interface Replay {
  buffer: DeliveredEvent[];
  replayed: Set<string>;
  count: number;
  handle?: FeedHandle;
  timer?: NodeJS.Timeout;
}

/**
 * One graphql-ws subscription: an async iterator over its messages. Messages are queued as
 * promises in event order, so re-reads for consecutive events run concurrently while the
 * subscriber still receives them in order; a re-read that yields nothing (outside the viewer's
 * scope, or gone) is skipped.
 */
export class Subscriber implements AsyncIterableIterator<SubscriptionResult> {
  readonly groupKey: string;
  readonly scopeKey: string;
  replay?: Replay;
  private readonly queue: Promise<SubscriptionResult | null>[] = [];
  private wake?: () => void;
  private done = false;
  private failure?: Error;

  constructor(
    readonly req: SubscribeRequest,
    private readonly maxQueue: number,
    private readonly onEnd: (s: Subscriber) => void,
  ) {
    this.scopeKey = viewerScopeKey(req.viewer);
    this.groupKey = `${req.plan.query}\u0000${JSON.stringify(req.plan.variables)}\u0000${this.scopeKey}`;
  }

  /** False when the subscriber's arguments or scope rule the event out. */
  accepts(event: DomainEvent): boolean {
    return this.req.spec.matches(this.req.args, event) && scopeAllows(this.req.viewer, event.scope, event.type);
  }

  /** True (and the connection is closed) when the subscriber's access token has expired or its session ended. */
  expired(now: number): boolean {
    if (this.req.revoked?.()) {
      this.req.closeConnection(4401, `${SESSION_REVOKED}: this session has ended; log in again`);
      this.end();
      return true;
    }
    if (this.req.accessExpMs > now) return false;
    // 4403, not 4401: graphql-ws clients retry it, with connection params read again (a fresh token).
    this.req.closeConnection(4403, 'TOKEN_EXPIRED: the access token has expired; reconnect with a fresh one');
    this.end();
    return true;
  }

  push(message: Promise<SubscriptionResult | null>): void {
    if (this.done) return;
    if (this.queue.length >= this.maxQueue) {
      this.fail(
        new SubscriptionError(
          'SUBSCRIBER_TOO_SLOW',
          `More than ${this.maxQueue} messages were waiting; resubscribe with \`after\` to catch up`,
        ),
      );
      return;
    }
    this.queue.push(message);
    this.wake?.();
  }

  fail(error: Error): void {
    if (this.done) return;
    this.failure = error;
    this.queue.length = 0;
    this.wake?.();
  }

  async next(): Promise<IteratorResult<SubscriptionResult>> {
    for (;;) {
      if (this.failure) {
        const failure = this.failure;
        this.end();
        throw failure;
      }
      if (this.done) return { done: true, value: undefined };
      const head = this.queue.shift();
      if (head) {
        const message = await head;
        if (message && !this.done) return { done: false, value: message };
        continue;
      }
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }

  async return(): Promise<IteratorResult<SubscriptionResult>> {
    this.end();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private end(): void {
    if (this.done) return;
    this.done = true;
    this.queue.length = 0;
    this.wake?.();
    this.onEnd(this);
  }
}

/**
 * The gateway's subscription engine. It reads the whole event feed once per gateway process
 * (every gateway instance reads every event, so subscribers on each get it), drops duplicates,
 * pre-filters subscribers by event type, arguments and scope, and groups those left by
 * (re-read query, variables, viewer scope): each group's query runs once per event through the
 * gateway's executor, and its result goes to every member. Events that arrive while a group's
 * reads are running are re-read together in one query (see `pump`).
 */
export class SubscriptionEngine {
  private readonly byType = new Map<string, Set<Subscriber>>();
  /** Event ids seen lately (the feed delivers at least once; subscribers get each event once). */
  private readonly recent = new RecentIds(50_000);
  private live?: FeedHandle;
  private inFlight = 0;
  private waiting = 0;
  private readonly readGroups = new Map<string, ReadGroup>();
  /** Groups with events waiting, the only ones `pump` looks at. */
  private readonly ready = new Set<ReadGroup>();
  private readonly roomWaiters: (() => void)[] = [];
  private readonly maxQueue: number;
  private readonly replayLimit: number;
  private readonly concurrency: number;
  private readonly groupConcurrency: number;
  private readonly maxBatch: number;
  private readonly lingerMs: number;
  private readonly maxWaiting: number;
  private readonly replayQuietMs: number;
  /**
   * Counters for /health and the benchmark (`executions` counts re-read queries, `batched` the events
   * they carried).
   */
  readonly stats = { events: 0, duplicates: 0, executions: 0, batched: 0, deliveries: 0, subscribers: 0 };

  constructor(private readonly opts: SubscriptionEngineOptions) {
    this.maxQueue = opts.maxQueue ?? 500;
    this.replayLimit = opts.replayLimit ?? 1000;
    this.concurrency = opts.concurrency ?? 32;
    this.groupConcurrency = opts.groupConcurrency ?? 2;
    this.maxBatch = opts.maxBatch ?? 32;
    this.lingerMs = opts.lingerMs ?? 40;
    this.maxWaiting = opts.maxWaiting ?? 5000;
    this.replayQuietMs = opts.replayQuietMs ?? 500;
  }

  /** Starts reading the live feed (from now). */
  async start(): Promise<void> {
    const types = [...new Set(this.opts.fields.flatMap((f) => f.eventTypes))];
    this.live = await this.opts.feed.read({ types }, (d) => this.onLive(d));
  }

  /** Registers a subscription; iterate the result for its messages, `return()` to end it. */
  subscribe(req: SubscribeRequest): Subscriber {
    const sub = new Subscriber(req, this.maxQueue, (s) => this.remove(s));
    for (const type of req.spec.eventTypes) {
      let set = this.byType.get(type);
      if (!set) this.byType.set(type, (set = new Set()));
      set.add(sub);
    }
    this.stats.subscribers++;
    if (req.after) void this.startReplay(sub, req.after);
    return sub;
  }

  async close(): Promise<void> {
    await this.live?.close();
    for (const group of this.readGroups.values()) clearTimeout(group.timer);
    const all = new Set([...this.byType.values()].flatMap((s) => [...s]));
    await Promise.all([...all].map((s) => s.return()));
  }

  private remove(sub: Subscriber): void {
    let removed = false;
    for (const type of sub.req.spec.eventTypes) removed = this.byType.get(type)?.delete(sub) || removed;
    if (removed) this.stats.subscribers--;
    if (sub.replay) this.stopReplay(sub);
  }

  private async onLive(delivered: DeliveredEvent): Promise<void> {
    const { event } = delivered;
    if (!this.recent.firstTime(event.id)) {
      this.stats.duplicates++;
      return;
    }
    this.stats.events++;
    const subs = this.byType.get(event.type);
    if (!subs?.size) return;
    const now = Date.now();
    const groups = new Map<string, Subscriber[]>();
    for (const sub of subs) {
      if (sub.expired(now) || !sub.accepts(event)) continue;
      if (sub.replay) {
        sub.replay.buffer.push(delivered);
        continue;
      }
      const members = groups.get(sub.groupKey);
      if (members) members.push(sub);
      else groups.set(sub.groupKey, [sub]);
    }
    for (const [key, members] of groups) {
      let group = this.readGroups.get(key);
      if (!group) this.readGroups.set(key, (group = { key, sub: members[0]!, waiting: [], inFlight: 0 }));
      this.ready.add(group);
      const waiting = group.waiting;
      const message = new Promise<SubscriptionResult | null>((settle) => waiting.push({ delivered, settle }));
      this.waiting++;
      for (const sub of members) sub.push(message);
      this.stats.deliveries += members.length;
    }
    this.pump();
    // Backpressure: while too many events wait for re-reads, stop taking more from the feed.
    while (this.waiting >= this.maxWaiting) await new Promise<void>((r) => this.roomWaiters.push(r));
  }

  /**
   * Starts re-reads while there is room: each takes up to `maxBatch` of a group's waiting events
   * into one query. A group starts at most one read per `lingerMs` and runs at most
   * `groupConcurrency` at once, so under load its events gather meanwhile and the cost per event
   * falls as the rate rises, while a lone event is read at once.
   */
  private pump(): void {
    for (const group of this.ready) {
      if (this.inFlight >= this.concurrency) return;
      if (group.timer || group.inFlight >= this.groupConcurrency) continue;
      const batch = group.waiting.splice(0, this.maxBatch);
      if (!group.waiting.length) this.ready.delete(group);
      group.inFlight++;
      this.inFlight++;
      this.waiting -= batch.length;
      while (this.waiting < this.maxWaiting && this.roomWaiters.length) this.roomWaiters.shift()!();
      group.timer = setTimeout(() => {
        group.timer = undefined;
        this.retireIfIdle(group);
        this.pump();
      }, this.lingerMs);
      void this.readBatch(
        group.sub,
        batch.map((p) => p.delivered),
      )
        .then((messages) => batch.forEach((p, i) => p.settle(messages[i] ?? null)))
        .finally(() => {
          group.inFlight--;
          this.inFlight--;
          this.retireIfIdle(group);
          this.pump();
        });
    }
  }

  /** Forgets a group with nothing waiting, running or lingering (its next event starts afresh, read at once). */
  private retireIfIdle(group: ReadGroup): void {
    if (!group.waiting.length && !group.inFlight && !group.timer) this.readGroups.delete(group.key);
  }

  /** The message of one event for a subscriber, from the re-read result; null when nothing is to be sent. */
  private message(
    data: unknown,
    errors: FormattedExecutionResult['errors'],
    sub: Subscriber,
    delivered: DeliveredEvent,
  ): SubscriptionResult | null {
    // Null means the subject is outside the viewer's row scope (or gone): nothing to send.
    if (data == null) return null;
    const { event, position } = delivered;
    return {
      data: { [sub.req.plan.responseKey]: data },
      ...(errors?.length ? { errors } : {}),
      extensions: { event: { id: event.id, type: event.type, occurredAt: event.occurredAt, position } },
    };
  }

  /** Re-reads the subjects of `events` (one query) with the subscriber's selection; one message (or null) per event. */
  private async readBatch(sub: Subscriber, events: DeliveredEvent[]): Promise<(SubscriptionResult | null)[]> {
    if (events.length === 1) return [await this.resolve(sub, events[0]!)];
    const { plan, viewer } = sub.req;
    try {
      this.stats.executions++;
      this.stats.batched += events.length;
      const batch = plan.batch(events.map((d) => d.event.subjectId));
      const result = await this.opts.execute({
        query: batch.query,
        variables: { ...plan.variables, ...batch.variables },
        viewer,
        scopeKey: sub.scopeKey,
      });
      return events.map((d, i) => {
        const path = batch.pathOf(i);
        let data: unknown = result.data;
        for (const key of path) data = (data as Record<string | number, unknown> | null | undefined)?.[key];
        // Each subject's errors, with the path it would have had in a single re-read.
        const errors = result.errors
          ?.filter((e) => path.every((key, k) => e.path?.[k] === key))
          .map((e) => ({ ...e, path: [plan.responseKey, ...e.path!.slice(path.length)] }));
        return this.message(data, errors, sub, d);
      });
    } catch (err) {
      this.opts.log.warn({ err, events: events.length, field: sub.req.spec.field }, 'subscription re-read failed');
      return events.map(() => null);
    }
  }

  /** Re-reads one event's subject with the subscriber's selection; null when nothing is to be sent. */
  private async resolve(sub: Subscriber, delivered: DeliveredEvent): Promise<SubscriptionResult | null> {
    const { event } = delivered;
    const { plan, viewer } = sub.req;
    try {
      this.stats.executions++;
      this.stats.batched++;
      const result = await this.opts.execute({
        query: plan.query,
        variables: { ...plan.variables, [SUBJECT_VARIABLE]: event.subjectId },
        viewer,
        scopeKey: sub.scopeKey,
      });
      return this.message(result.data?.[plan.responseKey], result.errors, sub, delivered);
    } catch (err) {
      this.opts.log.warn({ err, eventId: event.id, field: sub.req.spec.field }, 'subscription re-read failed');
      return null;
    }
  }

  /**
   * Resume: a reader of its own replays the events after `after` while live events for this
   * subscriber are held back; once the replay reaches an event the live feed already brought (or
   * goes quiet), the held-back events not replayed follow, in order, and the reader closes.
   */
  private async startReplay(sub: Subscriber, after: string): Promise<void> {
    const replay: Replay = { buffer: [], replayed: new Set(), count: 0 };
    sub.replay = replay;
    const quiet = () => {
      clearTimeout(replay.timer);
      replay.timer = setTimeout(() => this.finishReplay(sub), this.replayQuietMs);
    };
    try {
      replay.handle = await this.opts.feed.read({ after, types: sub.req.spec.eventTypes }, (delivered) => {
        if (sub.replay !== replay) return;
        const { event } = delivered;
        if (replay.buffer.some((b) => b.event.id === event.id)) return this.finishReplay(sub);
        if (replay.replayed.has(event.id)) return;
        if (++replay.count > this.replayLimit) {
          this.stopReplay(sub);
          sub.fail(
            new SubscriptionError(
              'RESUME_WINDOW_EXCEEDED',
              `More than ${this.replayLimit} events happened after that position; reload the state ` +
                `with a query and subscribe without \`after\``,
            ),
          );
          return;
        }
        replay.replayed.add(event.id);
        quiet();
        if (sub.accepts(event)) sub.push(this.resolve(sub, delivered));
      });
      if (sub.replay !== replay) await replay.handle.close();
      else quiet();
    } catch (err) {
      this.stopReplay(sub);
      sub.fail(new SubscriptionError('RESUME_FAILED', `Cannot resume after "${after}": ${(err as Error).message}`));
    }
  }

  private finishReplay(sub: Subscriber): void {
    const replay = sub.replay;
    if (!replay) return;
    this.stopReplay(sub);
    for (const delivered of replay.buffer)
      if (!replay.replayed.has(delivered.event.id)) sub.push(this.resolve(sub, delivered));
  }

  private stopReplay(sub: Subscriber): void {
    const replay = sub.replay;
    if (!replay) return;
    sub.replay = undefined;
    clearTimeout(replay.timer);
    void replay.handle?.close().catch((err: unknown) => this.opts.log.warn({ err }, 'closing a replay reader failed'));
  }
}
