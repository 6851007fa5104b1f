import { getMetadataStorage, type AuthChecker } from 'type-graphql';
import { ForbiddenError, UnauthenticatedError } from './errors.js';
import type { RequestContext } from './request-context.js';
import { Role, type Viewer } from './viewer.js';

/**
 * What a partner API key may do (the gateway sets `viewer.scopes` for PARTNER callers).
 * CATALOG_READ: the catalogue and list prices. DEALER_READ: read-only, the rows of the key's dealer.
 */
export const PartnerScope = {
  CATALOG_READ: 'CATALOG_READ',
  DEALER_READ: 'DEALER_READ',
} as const;
export type PartnerScope = (typeof PartnerScope)[keyof typeof PartnerScope];

/**
 * The grants an `@Authorized(...)` decorator lists. A grant is a role, a partner scope
 * (`Grant.CATALOG_READ` lets a PARTNER whose key holds CATALOG_READ through) or ANYONE (also
 * anonymous callers; the catalogue and login). A PARTNER passes only through a partner-scope grant,
 * never through the PARTNER role name, so every partner-visible operation names the scope it needs.
 */
export const Grant = {
  ...Role,
  ANYONE: 'ANYONE',
  CATALOG_READ: 'PARTNER:CATALOG_READ',
  DEALER_READ: 'PARTNER:DEALER_READ',
} as const;
export type Grant = (typeof Grant)[keyof typeof Grant];

/** Grant groups most operations use, so each resolver's list reads as a sentence. */
export const Grants = {
  /** HQ and the service identity. */
  HQ: [Grant.HQ_ADMIN, Grant.SERVICE],
  /** HQ, region managers and the service identity. */
  MANAGERS: [Grant.HQ_ADMIN, Grant.REGION_MANAGER, Grant.SERVICE],
  /** Dealer users (admin and staff). */
  DEALER_USERS: [Grant.DEALER_ADMIN, Grant.DEALER_STAFF],
  /**
   * HQ, managers, dealer users and the service identity; not partners. Warehouse operators and finance
   * clerks are in no group but their own: each read they need names them, so no existing operation
   * (and no mutation) opens to them by accident.
   */
  STAFF: [Grant.HQ_ADMIN, Grant.REGION_MANAGER, Grant.DEALER_ADMIN, Grant.DEALER_STAFF, Grant.SERVICE],
  /** STAFF plus a partner key with DEALER_READ (read-only dealer data). */
  DEALER_READERS: [
    Grant.HQ_ADMIN,
    Grant.REGION_MANAGER,
    Grant.DEALER_ADMIN,
    Grant.DEALER_STAFF,
    Grant.SERVICE,
    Grant.DEALER_READ,
  ],
  /** Every signed-in caller that may read the catalogue (STAFF and both partner scopes). */
  CATALOG_READERS: [
    Grant.HQ_ADMIN,
    Grant.REGION_MANAGER,
    Grant.DEALER_ADMIN,
    Grant.DEALER_STAFF,
    Grant.SERVICE,
    Grant.CATALOG_READ,
    Grant.DEALER_READ,
  ],
  /**
   * HQ, warehouse operators and the service identity: the warehouse's own work (shipping, receiving
   * returns), each row further limited to the operator's warehouses by its DataScope.
   */
  WAREHOUSE: [Grant.HQ_ADMIN, Grant.WAREHOUSE_OPERATOR, Grant.SERVICE],
  /** HQ, finance clerks and the service identity: payments, bank imports and lines, statements. */
  FINANCE: [Grant.HQ_ADMIN, Grant.FINANCE_CLERK, Grant.SERVICE],
  /**
   * Who may act as a seller (two-tier distribution): HQ for the brand, a parent dealer's admin for its own
   * sales (each row further checked with `canActAsSeller`), and the service identity.
   */
  SELLERS: [Grant.HQ_ADMIN, Grant.DEALER_ADMIN, Grant.SERVICE],
  /** Who administers users: HQ (every user) and a dealer's admin (its own dealer's staff only). */
  USER_ADMINS: [Grant.HQ_ADMIN, Grant.DEALER_ADMIN, Grant.SERVICE],
  /** Who may ask for a credit-limit change (approving one is HQ's alone). */
  CREDIT_REQUESTERS: [Grant.HQ_ADMIN, Grant.REGION_MANAGER, Grant.FINANCE_CLERK, Grant.SERVICE],
  /** Who writes rebate policies, targets and awards: HQ admins and finance clerks (rr §6). */
  REBATE_ADMINS: [Grant.HQ_ADMIN, Grant.FINANCE_CLERK, Grant.SERVICE],
} as const;

/** True when `viewer` (null for anonymous) holds one of `grants`. */
export function holdsGrant(viewer: Viewer | null, grants: readonly string[]): boolean {
  if (grants.includes(Grant.ANYONE)) return true;
  if (!viewer) return false;
  if (viewer.role === Role.PARTNER) return (viewer.scopes ?? []).some((s) => grants.includes(`PARTNER:${s}`));
  return grants.includes(viewer.role);
}

/**
 * The type-graphql auth checker every subgraph schema uses (wired by buildFederatedSchema).
 * Anonymous callers get UNAUTHENTICATED, callers without a listed grant FORBIDDEN; row scopes are
 * then the services' job (DataScope).
 */
export const authChecker: AuthChecker<RequestContext<object>, string> = ({ context }, grants) => {
  if (holdsGrant(context.viewer, grants)) return true;
  if (!context.viewer) throw new UnauthenticatedError();
  throw new ForbiddenError(`Your role (${context.viewer.role}) may not do this`);
};

/**
 * Fails the schema build when a query, mutation or subscription of `resolvers` lacks
 * `@Authorized(...)`: every root operation states who may call it, so a forgotten check cannot
 * ship as "open to everyone".
 */
export function assertEveryOperationAuthorized(resolvers: readonly Function[]): void {
  const storage = getMetadataStorage();
  const targets = new Set(resolvers);
  // Keyed by the class itself, not its name: several subgraphs have a `DealerResolver`.
  const declared = new Map<Function, Set<string>>();
  for (const a of storage.authorizedFields) {
    if (!declared.has(a.target)) declared.set(a.target, new Set());
    declared.get(a.target)!.add(a.fieldName);
  }
  const wholeClass = new Set(storage.authorizedResolver.map((a) => a.target));
  const missing = [...storage.queries, ...storage.mutations, ...storage.subscriptions]
    .filter(
      (op) => targets.has(op.target) && !wholeClass.has(op.target) && !declared.get(op.target)?.has(op.methodName),
    )
    .map((op) => `${op.target.name}.${op.methodName}`);
  if (missing.length) throw new Error(`Every root operation needs @Authorized(...); missing on: ${missing.join(', ')}`);
}
