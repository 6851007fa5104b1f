import { EventType, isEventOfType, type DeliveredEvent, type EventFeed, type FeedHandle } from '@dnp/event-bus';
import type { ServiceClient } from '@dnp/subgraph-kit/service-client';
import { SESSION_REVOKED } from '@dnp/subgraph-kit/sessions';
import { TtlCache } from '@dnp/subgraph-kit/ttl-cache';
import { GraphQLError } from 'graphql';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';

/** Code of a refusal while the session state cannot be read (the dealers subgraph is unreachable). */
export const SESSION_CHECK_UNAVAILABLE = 'SESSION_CHECK_UNAVAILABLE';

/** What the gateway knows of an access token's session (from its verified claims). */
export interface SessionClaims {
  /** The `sid` claim; absent in tokens issued before sessions existed. */
  sessionId?: string;
  userId: string;
  /** The `iat` claim (epoch seconds). */
  issuedAt: number;
  /** When the token expires (epoch ms). */
  expMs: number;
}

/** Closes one live connection (graphql-ws close code and reason). */
export type CloseConnection = (code: number, reason: string) => void;

export interface SessionRevocationOptions {
  /** Service client of the dealers subgraph (sessionStatuses). */
  dealers: ServiceClient;
  /** A valid answer is trusted this long; older ones are asked again before the request goes on. */
  checkMs: number;
  /** Shares answers and revocations between gateways when set. */
  redisUrl?: string;
  log: Logger;
  /** Most sessions remembered (least recently used go first). */
  maxEntries?: number;
  /** How long a valid answer may still be used while the dealers subgraph cannot be asked. */
  outageGraceMs?: number;
}

/** A 401 refusing a token whose session has ended: the client must log in again, not refresh. */
export function sessionRevokedError(): GraphQLError {
  return new GraphQLError('This session has ended (logged out, or the user was disabled); log in again', {
    extensions: { code: SESSION_REVOKED, http: { status: 401 } },
  });
}

function unavailableError(): GraphQLError {
  return new GraphQLError('The session cannot be checked right now; retry shortly', {
    extensions: { code: SESSION_CHECK_UNAVAILABLE, http: { status: 503 } },
  });
}

interface Entry {
  key: string;
  claims: SessionClaims;
  revoked: boolean;
  /** When the answer was true at the dealers subgraph (epoch ms); -Infinity when never asked. */
  checkedAt: number;
  pending?: Promise<void>;
  /** Settles `pending` once the entry's lookup is done. */
  settle?: [() => void, (err: unknown) => void];
}

const STATUS_QUERY = `query SessionStatuses($sessions: [SessionCheckInput!]!) {
  sessionStatuses(sessions: $sessions) { revoked }
}`;
/** Most checks one call to the dealers subgraph carries (its limit). */
const MAX_BATCH = 500;
const REDIS_PREFIX = 'dnp-gw:session:';

/** The cache key of a token's session: its id, or user and issue time for tokens without one. */
function keyOf(claims: SessionClaims): string {
  return claims.sessionId ?? `${claims.userId}@${claims.issuedAt}`;
}

/**
 * Refuses access tokens whose session has ended, at a cost the hot path does not notice.
 *
 * Each session's state comes from the dealers subgraph (`sessionStatuses`, batched) and is kept
 * in a bounded LRU: a "valid" answer younger than `checkMs` costs nothing (no network, no await);
 * at half that age a request starts a background re-check, so steady traffic never waits; an
 * older answer is re-checked before the request goes on. Revocations are also pushed: the
 * gateway reads the dealers' `dealers.session_revoked` / `dealers.user_sessions_revoked` events
 * and applies them at once, closing live WebSocket connections of the session (4401).
 *
 * With Redis, answers are shared: a revoked session is a key every gateway reads (kept until the
 * session's tokens have expired), a valid answer a key living `checkMs` that carries when it was
 * true, so N gateways ask the dealers subgraph about a session once per interval instead of N
 * times, and a revocation one gateway learns is seen by all on their next check.
 */
export class SessionRevocation {
  /** Each entry lives until the session's longest-living token seen expires (a revocation matters until then). */
  private readonly entries: TtlCache<Entry>;
  private readonly queue = new Set<Entry>();
  private scheduled = false;
  private readonly watchers = new Map<string, { claims: SessionClaims; close: Set<CloseConnection> }>();
  private readonly redis: Redis | null;
  private readonly graceMs: number;
  private feed?: FeedHandle;
  private sweep?: NodeJS.Timeout;
  /** Counters for tests and /health. */
  readonly stats = { lookups: 0, checks: 0, revocations: 0, closed: 0 };

  constructor(private readonly opts: SessionRevocationOptions) {
    this.entries = new TtlCache(Infinity, opts.maxEntries ?? 50_000);
    this.graceMs = opts.outageGraceMs ?? 30_000;
    this.redis = opts.redisUrl
      ? new Redis(opts.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 })
      : null;
    // Connection errors are retried by ioredis; the dealers subgraph answers meanwhile.
    this.redis?.on('error', () => {});
  }

  /**
   * Resolves when the token's session stands; throws SESSION_REVOKED (401) when it has ended.
   * Returns nothing (no promise) on the fast path: a fresh valid answer.
   */
  check(claims: SessionClaims): Promise<void> | void {
    const now = Date.now();
    const entry = this.entry(claims);
    if (entry.revoked) throw sessionRevokedError();
    const age = now - entry.checkedAt;
    if (age < this.opts.checkMs) {
      if (age * 2 >= this.opts.checkMs) void this.refresh(entry).catch(() => undefined);
      return;
    }
    return this.refresh(entry).then(
      () => {
        if (entry.revoked) throw sessionRevokedError();
      },
      (err: unknown) => {
        if (entry.revoked) throw sessionRevokedError();
        // The dealers subgraph cannot answer: a recent valid answer carries a short outage.
        if (Date.now() - entry.checkedAt > this.graceMs) throw unavailableError();
        this.opts.log.warn({ err }, 'session check failed; using the last answer');
      },
    );
  }

  /** True when the session is known here to have ended (no lookup; for per-event checks). */
  isRevoked(claims: SessionClaims): boolean {
    return this.entries.get(keyOf(claims))?.revoked === true;
  }

  /** Closes `close`'s connection (4401 SESSION_REVOKED) once the session ends; call the result when it closes. */
  watch(claims: SessionClaims, close: CloseConnection): () => void {
    const key = keyOf(claims);
    let watched = this.watchers.get(key);
    if (!watched) this.watchers.set(key, (watched = { claims, close: new Set() }));
    watched.close.add(close);
    return () => {
      watched.close.delete(close);
      if (!watched.close.size && this.watchers.get(key) === watched) this.watchers.delete(key);
    };
  }

  /**
   * Starts applying the dealers' revocation events from `feed`, and re-checks the sessions of
   * open connections every `checkMs` (so a missed event still ends them within that bound).
   */
  async start(feed: EventFeed): Promise<void> {
    this.feed = await feed.read({ types: [EventType.SESSION_REVOKED, EventType.USER_SESSIONS_REVOKED] }, (d) =>
      this.onEvent(d),
    );
    this.sweep = setInterval(
      () => {
        for (const { claims } of this.watchers.values()) {
          const entry = this.entry(claims);
          if (!entry.revoked && Date.now() - entry.checkedAt >= this.opts.checkMs)
            void this.refresh(entry).catch(() => undefined);
        }
      },
      Math.max(250, this.opts.checkMs),
    );
    this.sweep.unref();
  }

  async close(): Promise<void> {
    clearInterval(this.sweep);
    await this.feed?.close();
    await this.opts.dealers.close();
    if (this.redis) await this.redis.quit().catch(() => this.redis!.disconnect());
  }

  private entry(claims: SessionClaims): Entry {
    const key = keyOf(claims);
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { key, claims, revoked: false, checkedAt: -Infinity };
      this.entries.set(key, entry, claims.expMs);
    } else if (claims.expMs > entry.claims.expMs) {
      // Remember the longest-living token seen for the session (how long a revocation matters).
      entry.claims = claims;
      this.entries.set(key, entry, claims.expMs);
    }
    return entry;
  }

  /** Re-checks an entry (joined with every other entry waiting, in one call). */
  private refresh(entry: Entry): Promise<void> {
    if (entry.pending) return entry.pending;
    entry.pending = new Promise<void>((resolve, reject) => {
      this.queue.add(entry);
      entry.settle = [resolve, reject];
    }).finally(() => {
      entry.pending = undefined;
    });
    if (!this.scheduled) {
      this.scheduled = true;
      // Gather every check of this turn of the event loop into one lookup.
      setImmediate(() => {
        this.scheduled = false;
        while (this.queue.size) {
          const batch = [...this.queue].slice(0, MAX_BATCH);
          for (const e of batch) this.queue.delete(e);
          void this.lookup(batch);
        }
      });
    }
    return entry.pending;
  }

  private async lookup(batch: Entry[]): Promise<void> {
    const startedAt = Date.now();
    try {
      const ask = await this.fromRedis(batch, startedAt);
      if (ask.length) {
        this.stats.lookups++;
        this.stats.checks += ask.length;
        const sessions = ask.map((e) => ({
          sessionId: e.claims.sessionId ?? null,
          userId: e.claims.userId,
          issuedAt: e.claims.issuedAt,
        }));
        const data = await this.opts.dealers.request<{ sessionStatuses: { revoked: boolean }[] }>(STATUS_QUERY, {
          sessions,
        });
        const shared: [string, string, number][] = [];
        ask.forEach((e, i) => {
          if (data.sessionStatuses[i]?.revoked) this.revoke(e.key, e.claims.expMs, e.claims);
          else if (!e.revoked) {
            e.checkedAt = Math.max(e.checkedAt, startedAt);
            shared.push([`${REDIS_PREFIX}ok:${e.key}`, String(startedAt), this.opts.checkMs]);
          }
        });
        this.share(shared);
      }
      for (const e of batch) e.settle?.[0]();
    } catch (err) {
      for (const e of batch) e.settle?.[1](err);
    }
  }

  /**
   * Answers what Redis knows (revoked markers; valid answers younger than `checkMs`) and returns
   * the entries left for the dealers subgraph. Without Redis, or when it fails, all of them.
   */
  private async fromRedis(batch: Entry[], now: number): Promise<Entry[]> {
    if (!this.redis || this.redis.status !== 'ready') return batch;
    let values: (string | null)[];
    try {
      values = await this.redis.mget(
        batch.flatMap((e) => [`${REDIS_PREFIX}revoked:${e.key}`, `${REDIS_PREFIX}ok:${e.key}`]),
      );
    } catch {
      return batch;
    }
    const ask: Entry[] = [];
    batch.forEach((e, i) => {
      const [revoked, ok] = [values[2 * i], values[2 * i + 1]];
      if (revoked) this.revoke(e.key, e.claims.expMs, e.claims, false);
      else if (ok && now - Number(ok) < this.opts.checkMs) e.checkedAt = Math.max(e.checkedAt, Number(ok));
      else ask.push(e);
    });
    return ask;
  }

  /**
   * Writes Redis keys (key, value, ttl ms). Revocations and valid answers use separate keys, and a
   * revocation wins on read.
   */
  private share(keys: [string, string, number][]): void {
    if (!this.redis || this.redis.status !== 'ready' || !keys.length) return;
    const pipeline = this.redis.pipeline();
    for (const [key, value, ttl] of keys) if (ttl > 0) pipeline.set(key, value, 'PX', Math.ceil(ttl));
    void pipeline.exec().catch(() => undefined);
  }

  /** Marks a session ended here (and in Redis), and closes its open connections. */
  private revoke(key: string, untilMs: number, claims?: SessionClaims, share = true): void {
    let entry = this.entries.get(key);
    if (!entry && claims) entry = this.entry(claims);
    if (!entry) {
      // Not seen here yet: remember it anyway, so its first request is refused without a lookup.
      entry = {
        key,
        claims: { sessionId: key, userId: '', issuedAt: 0, expMs: untilMs },
        revoked: true,
        checkedAt: Date.now(),
      };
      this.entries.set(key, entry, untilMs);
    }
    if (!entry.revoked) this.stats.revocations++;
    entry.revoked = true;
    if (share) this.share([[`${REDIS_PREFIX}revoked:${key}`, '1', untilMs - Date.now()]]);
    const watched = this.watchers.get(key);
    if (watched) {
      this.watchers.delete(key);
      for (const close of watched.close) {
        this.stats.closed++;
        close(4401, `${SESSION_REVOKED}: this session has ended; log in again`);
      }
    }
  }

  private onEvent({ event }: DeliveredEvent): void {
    if (isEventOfType(event, EventType.SESSION_REVOKED)) {
      const p = event.payload;
      this.revoke(p.sessionId, Date.parse(p.tokensExpireBy));
    } else if (isEventOfType(event, EventType.USER_SESSIONS_REVOKED)) {
      const p = event.payload;
      const until = Date.parse(p.tokensExpireBy);
      for (const sessionId of p.sessionIds) this.revoke(sessionId, until);
      // Tokens of the user without a session id: ask again before the next request is served.
      for (const e of this.entries.values())
        if (e.claims.userId === p.userId && !e.claims.sessionId) e.checkedAt = -Infinity;
      for (const { claims } of this.watchers.values())
        if (claims.userId === p.userId && !claims.sessionId)
          void this.refresh(this.entry(claims)).catch(() => undefined);
    }
  }
}
