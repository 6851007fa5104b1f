import { describe, expect, it } from 'vitest';
import {
  createSessionStore,
  msUntilExpiry,
  readSession,
  type SessionStorageLike,
  type StorageEventSource,
} from './session-store';

/** A Map-backed storage and a hand-fired `storage` event source: the browser's two inputs. */
function browserLike() {
  const map = new Map<string, string>();
  const storage: SessionStorageLike = {
    getItem: (k) => map.get(k) ?? null,
    setItem: (k, v) => void map.set(k, v),
    removeItem: (k) => void map.delete(k),
  };
  const listeners: ((e: { key: string | null }) => void)[] = [];
  const events: StorageEventSource = { addEventListener: (_type, l) => void listeners.push(l) };
  return { map, storage, events, fire: (key: string) => listeners.forEach((l) => l({ key })) };
}

const KEY = 'dnp.test.session';
const session = { accessToken: 'a1', refreshToken: 'r1', expiresAt: '2030-01-01T00:00:00.000Z', user: { id: 'u1' } };

describe('session store', () => {
  it('starts from what storage holds, saves and clears through it', () => {
    const b = browserLike();
    b.map.set(KEY, JSON.stringify(session));
    const store = createSessionStore<{ id: string }>({ storageKey: KEY, storage: b.storage, events: b.events });
    expect(store.session.value).toEqual(session);
    store.save({ ...session, accessToken: 'a2' });
    expect(JSON.parse(b.map.get(KEY)!).accessToken).toBe('a2');
    expect(store.session.value?.accessToken).toBe('a2');
    store.clear();
    expect(b.map.has(KEY)).toBe(false);
    expect(store.session.value).toBeNull();
  });

  it('follows another tab signing in and out, and ignores other keys', () => {
    const b = browserLike();
    const store = createSessionStore<{ id: string }>({ storageKey: KEY, storage: b.storage, events: b.events });
    expect(store.session.value).toBeNull();
    b.map.set(KEY, JSON.stringify(session));
    b.fire('some.other.key');
    expect(store.session.value).toBeNull();
    b.fire(KEY);
    expect(store.session.value?.refreshToken).toBe('r1');
    b.map.delete(KEY);
    b.fire(KEY);
    expect(store.session.value).toBeNull();
  });

  it('reads a broken or incomplete stored value as signed out', () => {
    const b = browserLike();
    for (const raw of [
      '{',
      'null',
      '"text"',
      JSON.stringify({ ...session, refreshToken: undefined }),
      JSON.stringify({ ...session, user: null }),
    ]) {
      b.map.set(KEY, raw);
      expect(readSession(b.storage, KEY)).toBeNull();
    }
  });

  it('counts the milliseconds left on the access token', () => {
    const now = Date.parse('2030-01-01T00:00:00.000Z');
    expect(msUntilExpiry(session, now - 5_000)).toBe(5_000);
    expect(msUntilExpiry(session, now + 1_000)).toBe(-1_000);
  });
});
