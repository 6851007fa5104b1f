import { createSessionStore } from '@dnp/web-kit';
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

/** The console's localStorage key (tests seed it directly). */
export const SESSION_STORAGE_KEY = 'dnp.console.session';

/** Roles allowed into the HQ console (operators and clerks see only their pages: lib/access.ts). */
export const CONSOLE_ROLES: readonly UserRole[] = ['HQ_ADMIN', 'REGION_MANAGER', 'WAREHOUSE_OPERATOR', 'FINANCE_CLERK'];

/** The console's session store (the kit follows other tabs through the `storage` event). */
export const sessionStore = createSessionStore<SessionUser>({ storageKey: SESSION_STORAGE_KEY });

/** The current session; null when signed out. */
export const session = sessionStore.session;
export const saveSession = sessionStore.save;
export const clearSession = sessionStore.clear;
