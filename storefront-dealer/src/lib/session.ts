import { shallowRef } from 'vue';
import type { UserRole } from '@/generated/graphql';

/**
 * The signed-in session, kept in localStorage under one key so a reload (or another tab) keeps
 * the user signed in. Benchmarks and tests seed this key directly.
 */
export const SESSION_STORAGE_KEY = 'dnp.store.session';

/** Roles the storefront is for. */
export const STORE_ROLES: readonly UserRole[] = ['DEALER_ADMIN', 'DEALER_STAFF'];

export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  dealer: { id: string; name: string; nameEn: string } | null;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** ISO instant the access token expires at. */
  expiresAt: string;
  user: SessionUser;
}

function read(): Session | null {
  try {
    const raw = localStorage.getItem(SESSION_STORAGE_KEY);
    if (!raw) return null;
    const s = JSON.parse(raw) as Partial<Session>;
    return s.accessToken && s.refreshToken && s.expiresAt && s.user ? (s as Session) : null;
  } catch {
    return null;
  }
}

/** The current session; null when signed out. */
export const session = shallowRef<Session | null>(read());

export function saveSession(next: Session): void {
  localStorage.setItem(SESSION_STORAGE_KEY, JSON.stringify(next));
  session.value = next;
}

export function clearSession(): void {
  localStorage.removeItem(SESSION_STORAGE_KEY);
  session.value = null;
}

/** Milliseconds until the access token expires (negative when it has). */
export function msUntilExpiry(s: Session): number {
  return Date.parse(s.expiresAt) - Date.now();
}

// Another tab signed in, refreshed or signed out: follow it.
window.addEventListener('storage', (e) => {
  if (e.key === SESSION_STORAGE_KEY) session.value = read();
});
