import { LRUCache } from 'lru-cache';

/**
 * The one bounded cache of the platform, on `lru-cache`: the order saga's product and dealer
 * reads, pricing's reference data, the verified viewer tokens of a subgraph, signed service and
 * internal tokens, the gateway's viewers, partner keys and session answers. At most
 * `maxEntries` are kept (the least recently used go first); an entry lives `ttlMs`, or until the
 * moment given to `set`, and is checked on every hit, so an expired value is never answered.
 * `ttlMs` 0 (or `maxEntries` 0) turns caching off; `ttlMs` Infinity keeps entries until evicted.
 */
export class TtlCache<V> {
  /** Values are boxed: lru-cache holds no null or undefined, and a cached answer may be null. */
  private readonly cache: LRUCache<string, { value: V }> | null;

  /** `clock` gives epoch milliseconds (tests pass a fake one). */
  constructor(
    private readonly ttlMs: number,
    maxEntries = 10_000,
    private readonly clock: () => number = Date.now,
  ) {
    // No timer-debounced clock reads (ttlResolution 0): a hit is checked against the time now.
    this.cache =
      ttlMs > 0 && maxEntries > 0 ? new LRUCache({ max: maxEntries, ttlResolution: 0, perf: { now: clock } }) : null;
  }

  /** The cached value of `key` when it has not expired (it becomes the most recently used). */
  get(key: string): V | undefined {
    return this.cache?.get(key)?.value;
  }

  /**
   * Caches `value` until `expiresAt` (epoch ms; default now + `ttlMs`); a moment already past
   * forgets `key` instead.
   */
  set(key: string, value: V, expiresAt?: number): void {
    if (!this.cache) return;
    const now = this.clock();
    const until = expiresAt ?? now + this.ttlMs;
    if (until === Infinity) {
      this.cache.set(key, { value }, { ttl: 0 });
      return;
    }
    // lru-cache treats an entry as stale once its age is MORE than its ttl; expiring at `until`
    // means stale from the age `until - now`, hence one millisecond less. ttl 0 would mean "never".
    const ttl = Math.floor(until - now) - 1;
    if (ttl > 0) this.cache.set(key, { value }, { ttl, start: now });
    else this.cache.delete(key);
  }

  /** Forgets one entry. */
  delete(key: string): void {
    this.cache?.delete(key);
  }

  /** Forgets every entry. */
  clear(): void {
    this.cache?.clear();
  }

  /** The values not expired, most recently used first (reading them does not reorder them). */
  *values(): IterableIterator<V> {
    if (this.cache) for (const box of this.cache.values()) yield box.value;
  }

  /** How many entries are held (expired ones not yet looked at included). */
  get size(): number {
    return this.cache?.size ?? 0;
  }
}
