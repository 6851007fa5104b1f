import type { UserRole } from '@/generated/graphql';

/**
 * Which console routes each role may open. The API enforces the same rules (and filters every
 * list to the viewer's region); the console only hides what a role cannot use. Routes not listed
 * are open to every console role.
 */
export const HQ_ONLY_ROUTES = new Set(['audit', 'partner-keys']);

/** True when `role` may open the route named `name`. */
export function canOpen(role: UserRole | undefined, name: string | symbol | null | undefined): boolean {
  if (typeof name !== 'string' || !HQ_ONLY_ROUTES.has(name)) return true;
  return role === 'HQ_ADMIN';
}
