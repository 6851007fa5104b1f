import { isDealerRole, Role, type Viewer } from '@dnp/subgraph-kit';
import type { FilterQuery } from '@mikro-orm/core';
import type { SerialCode } from '../entities/serial-code.entity.js';

/** Which serial codes a viewer may see. */
export type CodeScope =
  | { kind: 'all' }
  | { kind: 'none' }
  | { kind: 'region'; regionId: string }
  | { kind: 'dealer'; dealerId: string };

/**
 * The data scope of codes: HQ and services see all; a manager sees codes shipped to dealers whose
 * home region lies in their subtree (codes HQ still holds are HQ business); a dealer user sees
 * its own dealer's codes; partners and anonymous callers see none.
 */
export function codeScope(viewer: Viewer | null): CodeScope {
  if (!viewer) return { kind: 'none' };
  if (viewer.role === Role.HQ_ADMIN || viewer.role === Role.SERVICE) return { kind: 'all' };
  if (viewer.role === Role.REGION_MANAGER && viewer.regionId) return { kind: 'region', regionId: viewer.regionId };
  if (isDealerRole(viewer.role) && viewer.dealerId) return { kind: 'dealer', dealerId: viewer.dealerId };
  return { kind: 'none' };
}

/** True when `code` lies in `scope`; used on rows already loaded (parents, children). */
export function inScope(scope: CodeScope, code: SerialCode): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'none':
      return false;
    case 'region':
      return code.ownerRegionPath?.includes(`/${scope.regionId}/`) ?? false;
    case 'dealer':
      return code.ownerDealerId === scope.dealerId;
  }
}

/** The same scope as a query condition; null when the viewer sees nothing, so no query is needed. */
export function scopeWhere(scope: CodeScope): FilterQuery<SerialCode> | null {
  switch (scope.kind) {
    case 'all':
      return {};
    case 'none':
      return null;
    case 'region':
      // Region ids are our own prefixed ids and hold no LIKE wildcards.
      return { ownerRegionPath: { $like: `%/${scope.regionId}/%` } };
    case 'dealer':
      return { ownerDealerId: scope.dealerId };
  }
}
