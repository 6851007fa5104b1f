import type { DeliveredEvent, DomainEvent, EventFeed, FeedHandle } from '@dnp/event-bus';
import type { Viewer } from '@dnp/subgraph-kit/viewer';
import { GraphQLError, type FormattedExecutionResult } from 'graphql';
import type { Logger } from 'pino';
import { scopeAllows, viewerScopeKey } from './event-scope.js';
import type { SubscriptionFieldSpec } from './subscription-fields.js';
import { SUBJECT_VARIABLE, type ResolveQuery } from './subscription-query.js';

/** Runs one re-read query through the gateway's executor as `viewer` (the scope key names its data scope). */
export type EventQueryExecutor = (req: { query: string; variables: Record<string, unknown>; viewer: Viewer; scopeKey: string }) => Promise<FormattedExecutionResult>;

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
  /** Re-read queries in flight at once; the live feed waits when they are all taken. */
  concurrency?: number;
  /** A resume switches to the live feed once its replay has been quiet this long (ms). */
  replayQuietMs?: number;
}

/** Event ids seen lately (the feed delivers at least once; subscribers get each event once). */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly max: number) {}
  /** True when `id` was seen before; remembers it otherwise. */
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value!);
    return false;
  }
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
    return this.req.spec.matches(this.req.args, event) && scopeAllows(this.req.viewer, event.scope);
  }

  /** True (and the connection is closed) when the subscriber's access token has expired. */
  expired(now: number): boolean {
    if (this.req.accessExpMs > now) return false;
    // 4403, not 4401: graphql-ws clients retry it, with connection params read again (a fresh token).
    this.req.closeConnection(4403, 'TOKEN_EXPIRED: the access token has expired; reconnect with a fresh one');
    this.end();
    return true;
  }

  push(message: Promise<SubscriptionResult | null>): void {
    if (this.done) return;
    if (this.queue.length >= this.maxQueue) {
      this.fail(new SubscriptionError('SUBSCRIBER_TOO_SLOW', `More than ${this.maxQueue} messages were waiting; resubscribe with \`after\` to catch up`));
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
 * gateway's executor, and its result goes to every member.
 */
export class SubscriptionEngine {
  private readonly byType = new Map<string, Set<Subscriber>>();
  private readonly recent = new RecentIds(50_000);
  private live?: FeedHandle;
  private inFlight = 0;
  private readonly slotWaiters: (() => void)[] = [];
  private readonly maxQueue: number;
  private readonly replayLimit: number;
  private readonly concurrency: number;
  private readonly replayQuietMs: number;
  /** Counters for /health and the benchmark. */
  readonly stats = { events: 0, duplicates: 0, executions: 0, deliveries: 0, subscribers: 0 };

  constructor(private readonly opts: SubscriptionEngineOptions) {
    this.maxQueue = opts.maxQueue ?? 500;
    this.replayLimit = opts.replayLimit ?? 1000;
    this.concurrency = opts.concurrency ?? 32;
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
    if (this.recent.seen(event.id)) {
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
    for (const members of groups.values()) {
      await this.slot();
      const message = this.resolve(members[0]!, delivered).finally(() => this.release());
      for (const sub of members) sub.push(message);
      this.stats.deliveries += members.length;
    }
  }

  private async slot(): Promise<void> {
    while (this.inFlight >= this.concurrency) await new Promise<void>((r) => this.slotWaiters.push(r));
    this.inFlight++;
  }

  private release(): void {
    this.inFlight--;
    this.slotWaiters.shift()?.();
  }

  /** Re-reads the event's subject with the subscriber's selection; null when nothing is to be sent. */
  private async resolve(sub: Subscriber, delivered: DeliveredEvent): Promise<SubscriptionResult | null> {
    const { event, position } = delivered;
    const { plan, viewer } = sub.req;
    try {
      this.stats.executions++;
      const result = await this.opts.execute({ query: plan.query, variables: { ...plan.variables, [SUBJECT_VARIABLE]: event.subjectId }, viewer, scopeKey: sub.scopeKey });
      // Null means the subject is outside the viewer's row scope (or gone): nothing to send.
      if (result.data?.[plan.responseKey] == null) return null;
      return {
        data: result.data,
        ...(result.errors?.length ? { errors: result.errors } : {}),
        extensions: { event: { id: event.id, type: event.type, occurredAt: event.occurredAt, position } },
      };
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
          sub.fail(new SubscriptionError('RESUME_WINDOW_EXCEEDED', `More than ${this.replayLimit} events happened after that position; reload the state with a query and subscribe without \`after\``));
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
    for (const delivered of replay.buffer) if (!replay.replayed.has(delivered.event.id)) sub.push(this.resolve(sub, delivered));
  }

  private stopReplay(sub: Subscriber): void {
    const replay = sub.replay;
    if (!replay) return;
    sub.replay = undefined;
    clearTimeout(replay.timer);
    void replay.handle?.close().catch((err: unknown) => this.opts.log.warn({ err }, 'closing a replay reader failed'));
  }
}
