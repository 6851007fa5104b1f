import type { MikroORM } from '@mikro-orm/core';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { RecentIds } from './consumer.js';
import type { DeliveredEvent, DomainEvent, EventFeed, FeedHandle } from './event.js';
import { toDomainEvent } from './outbox.js';
import { OutboxEvent } from './outbox.entity.js';
import type { OutboxRelay, PublishedBatch } from './relay.js';

/**
 * The embedded transport: each subgraph serves its own outbox as server-sent events at
 * `GET /events?after=<position>&types=a,b`, in `position` order (the relay's publication
 * order). The first message is `event: hello` with the position the stream starts after;
 * each event is `id: <position>` + `event: event` + `data: <DomainEvent JSON>`. Without
 * `after` the stream starts at the current end.
 */
export interface OutboxStreamOptions {
  orm: MikroORM;
  /** Wakes the stream as soon as this process's relay published (other instances: by polling). */
  relay?: OutboxRelay;
  /** Rejects callers that may not read the stream (the kit accepts SERVICE tokens only). */
  authorize(req: IncomingMessage): Promise<void>;
  pollMs?: number;
  heartbeatMs?: number;
  log?: Logger;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** An HTTP handler (node `req`/`res`) serving the outbox stream; `close` ends every open stream. */
export interface OutboxStreamHandler {
  (req: IncomingMessage, res: ServerResponse): void;
  close(): void;
}

/** An HTTP handler (node `req`/`res`, so express mounts it as is) serving the outbox stream. */
export function createOutboxStreamHandler(opts: OutboxStreamOptions): OutboxStreamHandler {
  const timing = { pollMs: opts.pollMs ?? 1000, heartbeatMs: opts.heartbeatMs ?? 15_000 };
  const wakers = new Set<(batch?: PublishedBatch) => void>();
  const open = new Set<ServerResponse>();
  opts.relay?.onPublished((batch) => {
    for (const w of wakers) w(batch);
  });
  const serve = async (req: IncomingMessage, res: ServerResponse) => {
    if (!(await authorized(opts, req, res))) return;
    const query = streamQuery(req, res);
    if (!query) return;
    const stream = new OutboxStream(opts.orm, res, query.types, timing);
    wakers.add(stream.waker);
    open.add(res);
    res.on('close', () => {
      open.delete(res);
      wakers.delete(stream.waker);
      stream.end();
    });
    try {
      await stream.run(query.after);
    } catch (err) {
      opts.log?.warn({ err }, 'event stream failed');
    } finally {
      wakers.delete(stream.waker);
      open.delete(res);
      res.end();
    }
  };
  const handler = (req: IncomingMessage, res: ServerResponse) => void serve(req, res);
  return Object.assign(handler, {
    close() {
      for (const res of open) res.destroy();
      open.clear();
    },
  });
}

/** Runs `authorize`; a refusal is answered as JSON with its code and status (401, or 403 for FORBIDDEN). */
async function authorized(opts: OutboxStreamOptions, req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  try {
    await opts.authorize(req);
    return true;
  } catch (err) {
    // Kit errors are GraphQLErrors: the code (and maybe an HTTP status) sit in `extensions`.
    const e = err as {
      status?: number;
      code?: string;
      message?: string;
      extensions?: { code?: string; http?: { status?: number } };
    };
    const code = e.code ?? e.extensions?.code ?? 'UNAUTHENTICATED';
    const status = e.status ?? e.extensions?.http?.status ?? (code === 'FORBIDDEN' ? 403 : 401);
    res
      .writeHead(status, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: { code, message: e.message } }));
    return false;
  }
}

/** The stream's `after` and `types` parameters; answers 400 (and gives null) for a malformed `after`. */
function streamQuery(req: IncomingMessage, res: ServerResponse): { after: string | null; types: string[] } | null {
  const url = new URL(req.url ?? '/', 'http://local');
  const after = url.searchParams.get('after');
  const types = (url.searchParams.get('types') ?? '').split(',').filter(Boolean);
  if (after !== null && !/^\d+$/.test(after)) {
    res
      .writeHead(400, { 'content-type': 'application/json' })
      .end(JSON.stringify({ error: { code: 'BAD_USER_INPUT', message: 'after must be a position (digits)' } }));
    return null;
  }
  return { after, types };
}

/**
 * One open event stream: writes the outbox after its cursor, from the relay's published batches
 * when they follow on from the cursor (no read back), else from the table; sleeps between rounds
 * until the relay publishes or `pollMs` passes, and writes a heartbeat when quiet.
 */
class OutboxStream {
  private closed = false;
  private wake: () => void = () => undefined;
  /** Batches this process's relay published since the loop last looked. */
  private handed: PublishedBatch[] = [];
  private cursor = 0;
  private lastWrite = 0;

  constructor(
    private readonly orm: MikroORM,
    private readonly res: ServerResponse,
    private readonly types: string[],
    private readonly timing: { pollMs: number; heartbeatMs: number },
  ) {}

  /** The relay's hook: keeps the published batch and wakes the loop. */
  readonly waker = (batch?: PublishedBatch): void => {
    if (batch) this.handed.push(batch);
    this.wake();
  };

  /** The response closed: the loop ends at its next check. */
  end(): void {
    this.closed = true;
    this.wake();
  }

  /** Writes `hello` with the starting position (after `after`, or the current end), then streams until closed. */
  async run(after: string | null): Promise<void> {
    this.cursor = after !== null ? Number(after) : await this.endPosition();
    this.res.writeHead(200, {
      'content-type': 'text/event-stream',
      'cache-control': 'no-store',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.res.write(`event: hello\ndata: ${JSON.stringify({ position: String(this.cursor) })}\n\n`);
    this.lastWrite = Date.now();
    while (!this.closed) {
      if (await this.catchUp()) continue;
      if (Date.now() - this.lastWrite >= this.timing.heartbeatMs) {
        this.res.write(': keep-alive\n\n');
        this.lastWrite = Date.now();
      }
      if (this.handed.length) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.timing.pollMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  /** Writes what follows the cursor; true when a full page was read from the table (more may follow). */
  private async catchUp(): Promise<boolean> {
    const batches = this.handed;
    this.handed = [];
    const fresh = batches
      .flatMap((b) => b.events.map((event, i) => ({ position: b.firstPosition + i, event })))
      .filter((e) => e.position > this.cursor);
    if (batches.length && fresh.every((e, i) => e.position === this.cursor + 1 + i)) {
      for (const { position, event } of fresh) await this.send(position, event);
      return false;
    }
    const rows = await this.orm.em
      .fork()
      .find(OutboxEvent, { position: { $gt: this.cursor } }, { orderBy: { position: 'asc' }, limit: 500 });
    for (const row of rows) await this.send(row.position!, toDomainEvent(row));
    return rows.length === 500;
  }

  /** Moves the cursor past the event and writes it when its type is asked for (waiting out back-pressure). */
  private async send(position: number, event: DomainEvent): Promise<void> {
    this.cursor = position;
    if (this.types.length && !this.types.includes(event.type)) return;
    const ok = this.res.write(`id: ${this.cursor}\nevent: event\ndata: ${JSON.stringify(event)}\n\n`);
    this.lastWrite = Date.now();
    if (!ok && !this.closed) await new Promise((r) => this.res.once('drain', r));
  }

  /** The outbox's last position (0 when empty). */
  private async endPosition(): Promise<number> {
    const max = await (this.orm.em.fork() as unknown as { execute(sql: string): Promise<{ m: unknown }[]> }).execute(
      'select max(position) as m from outbox_events',
    );
    return Number(max[0]?.m ?? 0);
  }
}

/** Encodes per-source positions into one opaque feed position. */
export function encodeFeedPosition(positions: Record<string, string>): string {
  return Buffer.from(JSON.stringify(positions)).toString('base64url');
}

/** Decodes a position made by `encodeFeedPosition`; throws on anything else. */
export function decodeFeedPosition(position: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(position, 'base64url').toString('utf8'));
  } catch {
    throw new Error('Invalid event position');
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('Invalid event position');
  for (const v of Object.values(parsed))
    if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new Error('Invalid event position');
  return parsed as Record<string, string>;
}

export interface HttpEventFeedOptions {
  /** Each source's stream URL, e.g. `{ inventory: 'http://127.0.0.1:4004/events' }`. */
  sources: Record<string, string>;
  /** Headers for each (re)connect to `source`, e.g. a fresh SERVICE token signed for that subgraph. */
  headers?: (source: string) => Promise<Record<string, string>>;
  /** Wait before reconnecting after a failure (doubles up to 5 s). */
  retryMs?: number;
  log?: Logger;
}

/**
 * The gateway's feed on the embedded runtime: reads every subgraph's `/events` stream and
 * merges them. A delivered position is the composite of every source's position (opaque,
 * base64url), so `after` resumes each source where it was. A source that drops is reconnected
 * with its own last position, so nothing committed is skipped; repeats are dropped by id.
 */
export class HttpEventFeed implements EventFeed {
  constructor(private readonly opts: HttpEventFeedOptions) {}

  async read(
    opts: { after?: string; types?: string[] },
    onEvent: (delivered: DeliveredEvent) => void | Promise<void>,
  ): Promise<FeedHandle> {
    const positions: Record<string, string> = opts.after ? decodeFeedPosition(opts.after) : {};
    const seen = new RecentIds();
    const aborts = new Set<AbortController>();
    let closed = false;
    let chain: Promise<void> = Promise.resolve();
    const deliver = (d: DeliveredEvent) =>
      (chain = chain
        .then(() => onEvent(d))
        .catch((err: unknown) => this.opts.log?.error({ err, eventId: d.event.id }, 'event handler failed')));
    const readSource = async (source: string, base: string) => {
      let backoff = this.opts.retryMs ?? 250;
      while (!closed) {
        const abort = new AbortController();
        aborts.add(abort);
        try {
          const url = new URL(base);
          if (positions[source] !== undefined) url.searchParams.set('after', positions[source]!);
          if (opts.types?.length) url.searchParams.set('types', opts.types.join(','));
          const res = await fetch(url, {
            headers: { accept: 'text/event-stream', ...(await this.opts.headers?.(source)) },
            signal: abort.signal,
          });
          if (!res.ok || !res.body) throw new Error(`${source} event stream answered ${res.status}`);
          const decoder = new TextDecoder();
          let buffer = '';
          for await (const chunk of res.body as AsyncIterable<Uint8Array>) {
            buffer += decoder.decode(chunk, { stream: true });
            let end: number;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const message = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              let kind = 'message';
              let data = '';
              let id: string | undefined;
              for (const line of message.split('\n')) {
                if (line.startsWith('event: ')) kind = line.slice(7);
                else if (line.startsWith('data: ')) data += line.slice(6);
                else if (line.startsWith('id: ')) id = line.slice(4);
              }
              if (kind === 'hello') {
                positions[source] ??= (JSON.parse(data) as { position: string }).position;
              } else if (kind === 'event' && id) {
                positions[source] = id;
                backoff = this.opts.retryMs ?? 250;
                const event = JSON.parse(data) as DeliveredEvent['event'];
                if (!seen.firstTime(event.id)) continue;
                await deliver({ event, position: encodeFeedPosition(positions) });
              }
            }
          }
          if (!closed) throw new Error(`${source} event stream ended`);
        } catch (err) {
          if (closed) break;
          this.opts.log?.debug({ err, source }, 'event stream dropped; reconnecting');
          await sleep(backoff);
          backoff = Math.min(backoff * 2, 5000);
        } finally {
          aborts.delete(abort);
        }
      }
    };
    const loops = Object.entries(this.opts.sources).map(([source, url]) => readSource(source, url));
    return {
      async close() {
        closed = true;
        for (const a of aborts) a.abort();
        await Promise.allSettled(loops);
        await chain.catch(() => undefined);
      },
    };
  }
}
