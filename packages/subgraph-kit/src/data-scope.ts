import { ForbiddenError } from './errors.js';
import { isDealerRole, MAX_WAREHOUSE_CLAIMS, Role, type Viewer } from './viewer.js';

/**
 * Which rows a viewer may read and for which dealer it may act, computed once per request from the
 * verified viewer (`ctx.scope`). Every subgraph filters with it: lists in SQL, single lookups and
 * `_entities` answer NOT_FOUND / null outside it, nested fields go through the same services.
 *
 * - `all`: HQ_ADMIN, the SERVICE identity (the order saga and other subgraphs) and FINANCE_CLERK, who
 *   reads every dealer's books; grants keep the clerk out of every order, stock, pricing, dealer and
 *   user mutation, so `all` never lets it act there.
 * - `region`: a REGION_MANAGER, rows whose dealer (or warehouse) lies in the manager's region subtree.
 * - `dealer`: DEALER_ADMIN / DEALER_STAFF read their own dealer and, read-only, their sub-dealers
 *   (`readDealerIds`, from the verified `subDealerIds` claim); they act only for `dealerId`. A
 *   PARTNER key with DEALER_READ gets the same shape for its dealer, read-only, without sub-dealers.
 * - `warehouse`: a WAREHOUSE_OPERATOR reads and acts only on rows of the warehouses in its verified
 *   `warehouseIds` claim; a row or table without a warehouse is outside it (`1 = 0`, false): an
 *   operator sees no dealer, price, order money or finance row.
 * - `none`: anonymous callers, catalogue-only partners and claims that lack what their role needs.
 */
export type DataScope =
  | { kind: 'all' }
  | {
      kind: 'region';
      regionId: string;
      /** "/reg_cn/reg_east/" when the region path is known, for an index-friendly prefix match. */ pathPrefix:
        string | null;
    }
  | { kind: 'dealer'; dealerId: string; readDealerIds: string[]; readOnly: boolean }
  | { kind: 'warehouse'; warehouseIds: string[] }
  | { kind: 'none' };

// Ids inside a scope end up in LIKE patterns and IN lists; our ids are "reg_…"/"dlr_…" words, so a
// claim of another shape can only narrow the scope (it is dropped), never widen it.
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The viewer's data scope (see DataScope). */
export function dataScopeOf(viewer: Viewer | null): DataScope {
  if (!viewer) return { kind: 'none' };
  if (viewer.role === Role.HQ_ADMIN || viewer.role === Role.SERVICE) return { kind: 'all' };
  if (viewer.role === Role.FINANCE_CLERK) return { kind: 'all' };
  if (viewer.role === Role.WAREHOUSE_OPERATOR) {
    const ids = [...new Set((viewer.warehouseIds ?? []).filter((id) => typeof id === 'string' && ID.test(id)))];
    return ids.length ? { kind: 'warehouse', warehouseIds: ids.slice(0, MAX_WAREHOUSE_CLAIMS) } : { kind: 'none' };
  }
  if (viewer.role === Role.REGION_MANAGER) {
    if (!viewer.regionId || !ID.test(viewer.regionId)) return { kind: 'none' };
    const path = viewer.regionPath;
    const pathPrefix =
      path?.length && path.at(-1) === viewer.regionId && path.every((id) => ID.test(id)) ? `/${path.join('/')}/` : null;
    return { kind: 'region', regionId: viewer.regionId, pathPrefix };
  }
  if (!viewer.dealerId || !ID.test(viewer.dealerId)) return { kind: 'none' };
  if (isDealerRole(viewer.role)) {
    const subs = (viewer.subDealerIds ?? []).filter((id) => ID.test(id) && id !== viewer.dealerId);
    return { kind: 'dealer', dealerId: viewer.dealerId, readDealerIds: [viewer.dealerId, ...subs], readOnly: false };
  }
  if (viewer.role === Role.PARTNER && viewer.scopes?.includes('DEALER_READ')) {
    return { kind: 'dealer', dealerId: viewer.dealerId, readDealerIds: [viewer.dealerId], readOnly: true };
  }
  return { kind: 'none' };
}

/**
 * A row as scopes see it: the dealer it belongs to (null for HQ-owned rows), that dealer's or its
 * own region path, and the warehouse it lies in (absent for rows of no warehouse: the warehouse
 * scope reads none of those).
 */
export interface ScopedRow {
  dealerId?: string | null;
  /** Materialized region path ("/reg_cn/reg_east/reg_js/"). */
  regionPath?: string | null;
  /** The warehouse of a stock level, lot, movement, shipment…; absent or null for rows of no warehouse. */
  warehouseId?: string | null;
  /**
   * The dealer that sells on the row (a sub-dealer's order to its parent, the parent's seller price
   * list); null or absent when the brand sells.
   */
  sellerDealerId?: string | null;
}

/**
 * True when `scope` may read `row`. Rows without a dealer (HQ stock, the base price list) are read by
 * `all` and by managers whose region holds them.
 */
export function canRead(scope: DataScope, row: ScopedRow): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'region':
      return Boolean(row.regionPath?.includes(`/${scope.regionId}/`));
    case 'dealer':
      return (
        (row.dealerId != null && scope.readDealerIds.includes(row.dealerId)) ||
        (row.sellerDealerId != null && row.sellerDealerId === scope.dealerId)
      );
    case 'warehouse':
      return row.warehouseId != null && scope.warehouseIds.includes(row.warehouseId);
    case 'none':
      return false;
  }
}

/**
 * True when `scope` may change data of `dealerId` (place or cancel its orders, scan its codes):
 * HQ and services always, a region manager inside its region, a dealer user only for its own
 * dealer (never a sub-dealer), a warehouse operator and a partner never.
 */
export function canActFor(scope: DataScope, dealerId: string, dealerRegionPath?: string | null): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'region':
      return Boolean(dealerRegionPath?.includes(`/${scope.regionId}/`));
    case 'dealer':
      return !scope.readOnly && scope.dealerId === dealerId;
    case 'warehouse':
    case 'none':
      return false;
  }
}

/**
 * True when `scope` may change `row` (acknowledge an alert, resolve it, …): a dealer's row needs
 * the right to act for that dealer (`canActFor`: never a sub-dealer's, never read-only); a row
 * no dealer owns (HQ and regional warehouses, an alert of the region where it was detected) is
 * changed by HQ and by the managers whose region holds it. A warehouse operator changes rows of its
 * warehouses only, whoever owns them (and nothing without a warehouse).
 */
export function canActOn(scope: DataScope, row: ScopedRow): boolean {
  if (scope.kind === 'all') return true;
  if (scope.kind === 'warehouse') return canRead(scope, row);
  if (row.dealerId != null) return canActFor(scope, row.dealerId, row.regionPath);
  return scope.kind === 'region' && canRead(scope, row);
}

/**
 * FORBIDDEN unless `scope` may change `row` (see canActOn). Callers load the row through their
 * read scope first, so a row the viewer cannot even read is NOT_FOUND before this runs; what is
 * left is a row it reads but may not change (a parent dealer and its sub-dealer's alert).
 */
export function assertCanActOn(scope: DataScope, row: ScopedRow, what: string): void {
  if (!canActOn(scope, row)) throw new ForbiddenError(`You may read this ${what} but not change it`);
}

/**
 * True when `scope` may act as the seller of `row` (review, ship or take payment for a sub-dealer's
 * order to it, set its seller prices): HQ and services always; a dealer user only on rows its own
 * dealer sells, never read-only. A row the brand sells (`sellerDealerId` null) is never a dealer's,
 * and a region manager, warehouse operator or partner never acts as a seller.
 */
export function canActAsSeller(scope: DataScope, row: ScopedRow): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'dealer':
      return !scope.readOnly && row.sellerDealerId != null && row.sellerDealerId === scope.dealerId;
    case 'region':
    case 'warehouse':
    case 'none':
      return false;
  }
}

/**
 * FORBIDDEN unless `scope` may act as the seller of `row` (see canActAsSeller). As with
 * assertCanActOn, the row was loaded through the read scope first: what is left is a row the viewer
 * reads (the buyer, a manager) but does not sell.
 */
export function assertCanActAsSeller(scope: DataScope, row: ScopedRow, what: string): void {
  if (!canActAsSeller(scope, row))
    throw new ForbiddenError(`You may read this ${what} but not act on it as its seller`);
}

/** A parameterised SQL condition. */
export interface ScopeSql {
  text: string;
  params: unknown[];
}

/** The columns (or properties) a table offers the scope; `warehouseId` only where rows lie in a warehouse. */
export interface ScopeColumns {
  dealerId: string;
  regionPath: string;
  warehouseId?: string;
  /** The selling dealer's id, on tables whose rows a dealer may sell (a dealer scope also reads those). */
  seller?: string;
}

/**
 * The scope as a SQL condition on a table with a dealer id column and a region path column, and a
 * warehouse id column where its rows lie in a warehouse (`null` = no restriction). `none`, and
 * `warehouse` on a table without a warehouse column, are a condition that holds for no row, so a
 * forgotten early return cannot leak. With a `seller` column a dealer scope also holds the rows its
 * dealer sells (parenthesised, so callers may AND it), like canRead.
 */
export function scopeSql(scope: DataScope, columns: ScopeColumns): ScopeSql | null {
  switch (scope.kind) {
    case 'all':
      return null;
    case 'region':
      return scope.pathPrefix
        ? { text: `${columns.regionPath} like ?`, params: [`${scope.pathPrefix}%`] }
        : { text: `${columns.regionPath} like ?`, params: [`%/${scope.regionId}/%`] };
    case 'dealer': {
      const own = `${columns.dealerId} in (${scope.readDealerIds.map(() => '?').join(', ')})`;
      return columns.seller
        ? { text: `(${own} or ${columns.seller} = ?)`, params: [...scope.readDealerIds, scope.dealerId] }
        : { text: own, params: [...scope.readDealerIds] };
    }
    case 'warehouse':
      return columns.warehouseId
        ? {
            text: `${columns.warehouseId} in (${scope.warehouseIds.map(() => '?').join(', ')})`,
            params: [...scope.warehouseIds],
          }
        : { text: '1 = 0', params: [] };
    case 'none':
      return { text: '1 = 0', params: [] };
  }
}

/**
 * The scope as a MikroORM filter on an entity with a dealer id property and a region path
 * property (and a warehouse id property where its rows lie in a warehouse): `{}` for no
 * restriction, `null` when the scope holds no row (callers return an empty page without querying).
 * With a `seller` property a dealer scope is an `$or` that also holds the rows its dealer sells.
 */
export function scopeFilter(scope: DataScope, props: ScopeColumns): Record<string, unknown> | null {
  switch (scope.kind) {
    case 'all':
      return {};
    case 'region':
      return { [props.regionPath]: { $like: scope.pathPrefix ? `${scope.pathPrefix}%` : `%/${scope.regionId}/%` } };
    case 'dealer': {
      const own = { [props.dealerId]: { $in: [...scope.readDealerIds] } };
      return props.seller ? { $or: [own, { [props.seller]: scope.dealerId }] } : own;
    }
    case 'warehouse':
      return props.warehouseId ? { [props.warehouseId]: { $in: [...scope.warehouseIds] } } : null;
    case 'none':
      return null;
  }
}
