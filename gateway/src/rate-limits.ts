import { GraphQLError } from 'graphql';
import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** The code of every rate-limit refusal (partner keys, logins). */
export const RATE_LIMITED = 'RATE_LIMITED';

/** A RATE_LIMITED error answered with HTTP 429 and Retry-After (whole seconds). */
export function rateLimitedError(message: string, msBeforeNext: number): GraphQLError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  return new GraphQLError(message, {
    extensions: {
      code: RATE_LIMITED,
      retryAfterSeconds,
      http: { status: 429, headers: new Map([['retry-after', String(retryAfterSeconds)]]) },
    },
  });
}

/** True when a limiter rejected because points ran out (not because its store failed). */
export function isLimitReached(err: unknown): err is RateLimiterRes {
  return err instanceof RateLimiterRes;
}

/**
 * Makes rate limiters on one store: process memory by default, or Redis when a URL is given, so
 * several gateways share their counters. A Redis limiter falls back to an in-memory one while
 * Redis is unreachable (the limit then holds per gateway instead of failing every request).
 */
export class RateLimiterStore {
  private readonly redis: Redis | null;
  private readonly limiters = new Map<string, RateLimiterAbstract>();

  constructor(redisUrl: string) {
    this.redis = redisUrl
      ? new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false })
      : null;
    // Connection errors are retried by ioredis; the insurance limiter answers meanwhile.
    this.redis?.on('error', () => {});
  }

  /** Whether counters are shared through Redis. */
  get shared(): boolean {
    return this.redis !== null;
  }

  /** The limiter allowing `points` per `durationSeconds` under `prefix` (one per distinct setting). */
  limiter(prefix: string, points: number, durationSeconds: number): RateLimiterAbstract {
    const id = `${prefix}:${points}:${durationSeconds}`;
    let limiter = this.limiters.get(id);
    if (!limiter) {
      const opts = { keyPrefix: `dnp-gw:${id}`, points, duration: durationSeconds };
      limiter = this.redis
        ? new RateLimiterRedis({
            ...opts,
            storeClient: this.redis,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory(opts),
          })
        : new RateLimiterMemory(opts);
      this.limiters.set(id, limiter);
    }
    return limiter;
  }

  async close(): Promise<void> {
    if (this.redis) await this.redis.quit().catch(() => this.redis!.disconnect());
  }
}
