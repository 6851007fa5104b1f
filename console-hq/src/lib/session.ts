import { computed, reactive } from 'vue';
import type { UserRole } from '@/generated/graphql';

/** The signed-in user as the console shows it (login payload's `user`). */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  dealer?: { id: string; name: string; nameEn: string } | null;
  region?: { id: string; name: string; nameEn: string } | null;
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  /** ISO instant the access token stops working. */
  expiresAt: string;
  user: SessionUser;
}

const STORAGE_KEY = 'dnp.console.session';

/** Roles allowed into the HQ console. */
export const CONSOLE_ROLES: readonly UserRole[] = ['HQ_ADMIN', 'REGION_MANAGER'];

function load(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const parsed = JSON.parse(raw) as Session;
    if (!parsed.accessToken || !parsed.refreshToken || !parsed.user) return null;
    return parsed;
  } catch {
    return null;
  }
}

/** The one session state of the app, persisted in localStorage. */
export const sessionState = reactive<{ session: Session | null }>({ session: load() });

export const isSignedIn = computed(() => sessionState.session !== null);

export function saveSession(session: Session): void {
  sessionState.session = session;
  localStorage.setItem(STORAGE_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  sessionState.session = null;
  localStorage.removeItem(STORAGE_KEY);
}

/** Milliseconds until the access token expires (negative when it already has). */
export function msUntilExpiry(session: Session, now = Date.now()): number {
  return new Date(session.expiresAt).getTime() - now;
}
