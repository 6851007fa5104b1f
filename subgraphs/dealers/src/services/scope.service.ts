import { isDealerRole, Role, type Viewer } from '@dnp/subgraph-kit';
import type { FilterQuery } from '@mikro-orm/core';
import type { Dealer } from '../entities/dealer.entity.js';

/**
 * The row filter that limits dealers to what `viewer` may see, or null when it may see none.
 *
 * - HQ_ADMIN and SERVICE: every dealer.
 * - REGION_MANAGER: dealers whose home region lies in the manager's region subtree.
 * - DEALER_ADMIN / DEALER_STAFF (and a PARTNER bound to a dealer): their dealer and its sub-dealers.
 *
 * Ids come from the verified viewer and are ours ("reg_east", "dlr_0042"): the surrounding
 * slashes anchor whole ids, so the LIKE needs no escaping to stay exact in practice.
 */
export function dealerScope(viewer: Viewer | null): FilterQuery<Dealer> | null {
  if (!viewer) return null;
  if (viewer.role === Role.HQ_ADMIN || viewer.role === Role.SERVICE) return {};
  if (viewer.role === Role.REGION_MANAGER) return viewer.regionId ? { regionPath: { $like: `%/${viewer.regionId}/%` } } : null;
  if ((isDealerRole(viewer.role) || viewer.role === Role.PARTNER) && viewer.dealerId) return { dealerPath: { $like: `%/${viewer.dealerId}/%` } };
  return null;
}
