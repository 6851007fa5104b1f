import { dataScopeOf, type Viewer } from '@dnp/subgraph-kit';
import type { FilterQuery } from '@mikro-orm/core';
import type { Dealer } from '../entities/dealer.entity.js';

/**
 * The row filter that limits dealers to what `viewer` may see (the kit's DataScope, on the dealer
 * table), or null when it may see none.
 *
 * - HQ_ADMIN and SERVICE: every dealer.
 * - REGION_MANAGER: dealers whose home region lies in the manager's region subtree.
 * - DEALER_ADMIN / DEALER_STAFF: their dealer and every dealer below it (read-only for those; the
 *   dealer path here is the source of the `subDealerIds` claim other subgraphs filter with).
 * - PARTNER with DEALER_READ: the key's dealer only. Other partners and anonymous callers: none.
 * - WAREHOUSE_OPERATOR: none (the dealer table has no warehouse; a packing slip names its consignee).
 * - FINANCE_CLERK: every dealer (its scope is `all`; it reads every dealer's books).
 *
 * Ids come from the verified viewer and are ours ("reg_east", "dlr_0042"): the surrounding
 * slashes anchor whole ids, so the LIKE needs no escaping to stay exact in practice.
 */
export function dealerScope(viewer: Viewer | null): FilterQuery<Dealer> | null {
  const scope = dataScopeOf(viewer);
  switch (scope.kind) {
    case 'all':
      return {};
    case 'region':
      return { regionPath: { $like: scope.pathPrefix ? `${scope.pathPrefix}%` : `%/${scope.regionId}/%` } };
    case 'dealer':
      // A read-only key sees its dealer alone: the path ending in its id (loaders add their own `id`
      // condition, so the scope must not use `id`).
      return { dealerPath: { $like: scope.readOnly ? `%/${scope.dealerId}/` : `%/${scope.dealerId}/%` } };
    case 'warehouse':
    case 'none':
      return null;
  }
}
