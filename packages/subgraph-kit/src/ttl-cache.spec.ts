import { describe, expect, it } from 'vitest';
import { TtlCache } from './ttl-cache.js';

/** A clock the test moves; it starts past 0 (lru-cache reads a start of 0 as "no expiry"). */
function fakeClock(start = 10_000) {
  const clock = { now: start, read: () => clock.now };
  return clock;
}

describe('TtlCache', () => {
  it('answers within the TTL and forgets after it', () => {
    const clock = fakeClock();
    const cache = new TtlCache<number>(1_000, 10, clock.read);
    cache.set('a', 1);
    clock.now += 999;
    expect(cache.get('a')).toBe(1);
    clock.now += 1;
    expect(cache.get('a')).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the least recently used', () => {
    const clock = fakeClock();
    const cache = new TtlCache<number>(1_000, 2, clock.read);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
    cache.get('b');
    cache.set('d', 4);
    expect([cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([2, undefined, 4]);
    expect(cache.size).toBe(2);
  });

  it('caches nothing with a TTL of 0 or no room', () => {
    for (const cache of [new TtlCache<number>(0), new TtlCache<number>(1_000, 0)]) {
      cache.set('a', 1);
      expect(cache.get('a')).toBeUndefined();
    }
  });

  it('keeps an entry until the moment given to set, and not a moment already past', () => {
    const clock = fakeClock();
    const cache = new TtlCache<string>(1_000, 10, clock.read);
    cache.set('long', 'x', clock.now + 5_000);
    cache.set('past', 'y', clock.now);
    expect(cache.get('past')).toBeUndefined();
    clock.now += 4_999;
    expect(cache.get('long')).toBe('x');
    clock.now += 1;
    expect(cache.get('long')).toBeUndefined();
    cache.set('forever', 'z', Infinity);
    clock.now += 1e9;
    expect(cache.get('forever')).toBe('z');
  });

  it('caches null answers, and forgets on delete and clear', () => {
    const cache = new TtlCache<string | null>(1_000);
    cache.set('none', null);
    cache.set('one', '1');
    expect(cache.get('none')).toBeNull();
    cache.delete('none');
    expect(cache.get('none')).toBeUndefined();
    cache.clear();
    expect(cache.get('one')).toBeUndefined();
  });
});
