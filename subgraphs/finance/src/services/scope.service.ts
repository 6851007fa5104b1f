import { Role, isDealerRole, type Viewer } from '@dnp/subgraph-kit';

/** What part of the finance data a viewer may see. */
export type FinanceScope =
  | { kind: 'all' }
  | { kind: 'region'; regionId: string }
  | { kind: 'dealer'; dealerId: string }
  | { kind: 'none' };

// Region ids come from a signed token, but they end up inside a LIKE pattern: only accept the
// shape our own ids have, so a malformed claim can only narrow the scope, never widen it.
const REGION_ID = /^reg_[a-z0-9_]{1,60}$/;

/**
 * The viewer's finance scope: HQ and services see everything, a region manager the dealers
 * registered in their region subtree, a dealer user their own dealer; anyone else nothing.
 */
export function financeScope(viewer: Viewer | null): FinanceScope {
  if (!viewer) return { kind: 'none' };
  if (viewer.role === Role.HQ_ADMIN || viewer.role === Role.SERVICE) return { kind: 'all' };
  if (viewer.role === Role.REGION_MANAGER && viewer.regionId && REGION_ID.test(viewer.regionId)) return { kind: 'region', regionId: viewer.regionId };
  if (isDealerRole(viewer.role) && viewer.dealerId) return { kind: 'dealer', dealerId: viewer.dealerId };
  return { kind: 'none' };
}

/** True when a row of `dealerId`, registered under `regionPath`, is inside `scope`. */
export function inScope(scope: FinanceScope, dealerId: string, regionPath: string): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'region':
      return regionPath.includes(`/${scope.regionId}/`);
    case 'dealer':
      return scope.dealerId === dealerId;
    default:
      return false;
  }
}

/**
 * True when the viewer may read a dealer's payment behaviour: whoever may see its account, and
 * also the users of a dealer higher up its supply chain (a parent dealer's view of its
 * sub-dealers, which the dealers subgraph's health score relies on).
 */
export function inPaymentStatsScope(scope: FinanceScope, account: { dealerId: string; dealerRegionPath: string; dealerPath: string }): boolean {
  if (inScope(scope, account.dealerId, account.dealerRegionPath)) return true;
  return scope.kind === 'dealer' && account.dealerPath.includes(`/${scope.dealerId}/`);
}

/**
 * The row filter of a scope for tables with `dealerId` and `dealerRegionPath` columns; null when
 * the scope holds nothing. Region paths are built from our own ids (and the region id is
 * checked above), so the pattern holds no user-supplied wildcards.
 */
export function scopeWhere(scope: FinanceScope): Record<string, unknown> | null {
  switch (scope.kind) {
    case 'all':
      return {};
    case 'region':
      return { dealerRegionPath: { $like: `%/${scope.regionId}/%` } };
    case 'dealer':
      return { dealerId: scope.dealerId };
    default:
      return null;
  }
}
