import type { UserRole } from '@/generated/graphql';

/**
 * Which console routes each role may open. The API enforces the same rules (and filters every
 * list to the viewer's region or warehouses); the console only hides what a role cannot use.
 * Routes not listed are open to HQ and region managers.
 */
export const HQ_ONLY_ROUTES = new Set(['audit', 'partner-keys']);

/**
 * Roles that use only a few pages: a warehouse operator its warehouses' stock, a finance clerk
 * the dealers and their credit (the dealer profile's credit panel). Every other page would only
 * show it refusals.
 */
const ROLE_ROUTES: Partial<Record<UserRole, ReadonlySet<string>>> = {
  WAREHOUSE_OPERATOR: new Set(['stock']),
  FINANCE_CLERK: new Set(['dealers', 'dealer']),
};

/** Pages every signed-in role reaches (and the login page itself). */
const ALWAYS_OPEN = new Set(['login', 'not-found']);

/** True when `role` may open the route named `name`. */
export function canOpen(role: UserRole | undefined, name: string | symbol | null | undefined): boolean {
  if (typeof name !== 'string' || ALWAYS_OPEN.has(name)) return true;
  const only = role ? ROLE_ROUTES[role] : undefined;
  if (only) return only.has(name);
  if (!HQ_ONLY_ROUTES.has(name)) return true;
  return role === 'HQ_ADMIN';
}

/** The page a role lands on after login, and where a page it may not open sends it. */
export function homeRoute(role: UserRole | undefined): string {
  if (role === 'WAREHOUSE_OPERATOR') return 'stock';
  if (role === 'FINANCE_CLERK') return 'dealers';
  return 'dashboard';
}
