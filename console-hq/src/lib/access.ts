import type { UserRole } from '@/generated/graphql';
import { MASTER_DATA_ROUTES } from '@/network-routes';
import { PRICE_CONTROL_HQ_ROUTES, REBATE_ROUTES } from '@/rebates-routes';

/** The warehouse pages: the queue, a shipment's ship form and its packing slip (operators and HQ). */
export const WAREHOUSE_ROUTES = ['warehouse', 'shipment', 'packing-slip'] as const;

/** The returns queue: HQ reviews, operators receive into their warehouses, region managers read. */
export const RETURNS_ROUTES = ['returns', 'return'] as const;

/** The finance pages (clerks, HQ, and region managers reading their region's rows). */
export const FINANCE_ROUTES = [
  'invoices',
  'invoice',
  'payments',
  'statements',
  'statement',
  'aging',
  'bank-lines',
  'bank-imports',
] as const;

/**
 * Which console routes each role may open. The API enforces the same rules (and filters every
 * list to the viewer's region or warehouses); the console only hides what a role cannot use.
 * Routes not listed are open to HQ and region managers.
 */
// Bank lines and bank files need the FINANCE grant: region managers read finance rows but not the bank's.
export const HQ_ONLY_ROUTES = new Set(['audit', 'partner-keys', 'bank-lines', 'bank-imports', ...WAREHOUSE_ROUTES]);
// Master data is HQ's: the products, categories, warehouses and safety-stock writes answer FORBIDDEN to others.
for (const name of MASTER_DATA_ROUTES) HQ_ONLY_ROUTES.add(name);
// Rebates answer HQ admins and finance clerks only (REBATE_ADMINS); minimum resale prices are HQ's to set.
for (const name of [...REBATE_ROUTES, ...PRICE_CONTROL_HQ_ROUTES]) HQ_ONLY_ROUTES.add(name);

/**
 * Roles that use only a few pages: a warehouse operator its warehouses' stock and shipping queue,
 * a finance clerk the dealers and their credit (the dealer profile's credit panel) and the finance
 * pages. Every other page would only
 * show it refusals.
 */
const ROLE_ROUTES: Partial<Record<UserRole, ReadonlySet<string>>> = {
  WAREHOUSE_OPERATOR: new Set(['stock', ...WAREHOUSE_ROUTES, ...RETURNS_ROUTES]),
  FINANCE_CLERK: new Set(['dealers', 'dealer', ...FINANCE_ROUTES, 'credit-changes', ...REBATE_ROUTES]),
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
