import { canActFor, canRead, dataScopeOf, scopeFilter, type DataScope, type Viewer } from '@dnp/subgraph-kit';
import type { FilterQuery } from '@mikro-orm/core';
import type { SerialCode } from '../entities/serial-code.entity.js';

/**
 * Which serial codes a viewer may see: the kit's DataScope over the code's owner. HQ and services
 * see all; a manager sees codes shipped to dealers whose home region lies in their subtree (codes
 * HQ still holds are HQ business); a dealer user sees its own dealer's codes and, read-only, its
 * sub-dealers'; a DEALER_READ partner its dealer's; a warehouse operator the codes lying in its
 * warehouses; catalogue partners and anonymous callers none.
 */
export type CodeScope = DataScope;

/** The viewer's code scope (see CodeScope). */
export function codeScope(viewer: Viewer | null): CodeScope {
  return dataScopeOf(viewer);
}

/** True when `code` lies in `scope`; used on rows already loaded (parents, children). */
export function inScope(scope: CodeScope, code: SerialCode): boolean {
  return canRead(scope, {
    dealerId: code.ownerDealerId,
    regionPath: code.ownerRegionPath,
    warehouseId: code.locationWarehouseId,
  });
}

/** True when the viewer may scan `code` (change it): never a sub-dealer's code, never a read-only key. */
export function canScan(scope: CodeScope, code: SerialCode): boolean {
  if (scope.kind === 'all') return true;
  return code.ownerDealerId != null && canActFor(scope, code.ownerDealerId, code.ownerRegionPath);
}

/** The same scope as a query condition; null when the viewer sees nothing, so no query is needed. */
export function scopeWhere(scope: CodeScope): FilterQuery<SerialCode> | null {
  return scopeFilter(scope, {
    dealerId: 'ownerDealerId',
    regionPath: 'ownerRegionPath',
    warehouseId: 'locationWarehouseId',
  }) as FilterQuery<SerialCode> | null;
}
