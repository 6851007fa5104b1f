import { createSessionStore } from '@dnp/web-kit';
import type { UserRole } from '@/generated/graphql';

/**
 * The signed-in session, kept in localStorage under one key so a reload (or another tab) keeps
 * the user signed in. Benchmarks and tests seed this key directly.
 */
export const SESSION_STORAGE_KEY = 'dnp.store.session';

/** Roles the storefront is for. */
export const STORE_ROLES: readonly UserRole[] = ['DEALER_ADMIN', 'DEALER_STAFF'];

/** The signed-in user as the storefront shows it (the login payload's `user`). */
export interface SessionUser {
  id: string;
  username: string;
  displayName: string;
  role: UserRole;
  dealer: { id: string; name: string; nameEn: string } | null;
}

/** The storefront's session store (the kit follows other tabs through the `storage` event). */
export const sessionStore = createSessionStore<SessionUser>({ storageKey: SESSION_STORAGE_KEY });

/** The current session; null when signed out. */
export const session = sessionStore.session;
export const saveSession = sessionStore.save;
export const clearSession = sessionStore.clear;
