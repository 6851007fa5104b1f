import { shallowRef, type ShallowRef } from 'vue';

/** A signed-in session as the gateway's login and refresh mutations return it. */
export interface Session<User> {
  accessToken: string;
  refreshToken: string;
  /** ISO instant the access token expires at. */
  expiresAt: string;
  user: User;
}

/** The part of `localStorage` the store uses (tests pass an in-memory one). */
export type SessionStorageLike = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** Where `storage` events of other tabs arrive (the window in a browser). */
export interface StorageEventSource {
  addEventListener(type: 'storage', listener: (event: Pick<StorageEvent, 'key'>) => void): void;
}

export interface SessionStoreOptions {
  /** The localStorage key; benchmarks and tests seed it directly, so it is part of the app's contract. */
  storageKey: string;
  /** Defaults to the browser's localStorage. */
  storage?: SessionStorageLike;
  /** Defaults to the browser window; pass null to not follow other tabs. */
  events?: StorageEventSource | null;
}

/** One app's session: a reactive value kept in storage so a reload (or another tab) stays signed in. */
export interface SessionStore<User> {
  readonly storageKey: string;
  /** The current session; null when signed out. Reactive (Vue shallowRef); change it through save and clear. */
  readonly session: Readonly<ShallowRef<Session<User> | null>>;
  save(next: Session<User>): void;
  clear(): void;
}

/**
 * Reads a stored session, or null when there is none or it is not one: a half-written or
 * hand-edited value signs the user out rather than sending a broken token.
 */
export function readSession<User>(storage: SessionStorageLike, storageKey: string): Session<User> | null {
  try {
    const raw = storage.getItem(storageKey);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session<User>> | null;
    const complete = !!s && typeof s.accessToken === 'string' && typeof s.refreshToken === 'string';
    return complete && typeof s.expiresAt === 'string' && !!s.user ? (s as Session<User>) : null;
  } catch {
    return null;
  }
}

/**
 * Creates the app's session store. It follows other tabs: when one signs in, refreshes or signs
 * out, the `storage` event carries the new value here (a refresh rotates the refresh token, so a
 * tab that kept the old one would be signed out on its next refresh).
 */
export function createSessionStore<User>(options: SessionStoreOptions): SessionStore<User> {
  const { storageKey } = options;
  const storage = options.storage ?? globalThis.localStorage;
  const events = options.events === undefined ? (globalThis.window as StorageEventSource | undefined) : options.events;
  const session = shallowRef<Session<User> | null>(readSession<User>(storage, storageKey));
  events?.addEventListener('storage', (event) => {
    if (event.key === storageKey) session.value = readSession<User>(storage, storageKey);
  });
  return {
    storageKey,
    session,
    save(next) {
      storage.setItem(storageKey, JSON.stringify(next));
      session.value = next;
    },
    clear() {
      storage.removeItem(storageKey);
      session.value = null;
    },
  };
}

/** Milliseconds until the access token expires (negative when it has). */
export function msUntilExpiry(session: Pick<Session<unknown>, 'expiresAt'>, now = Date.now()): number {
  return Date.parse(session.expiresAt) - now;
}
