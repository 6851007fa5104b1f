import { EventType, type EventScope } from '@dnp/event-bus';
import type { Viewer } from '@dnp/subgraph-kit/viewer';

const EXPORT_PROGRESSED: string = EventType.EXPORT_PROGRESSED;

/**
 * Cheap pre-filter: false when the event's scope rules the viewer out. The scope may be wider
 * than the truth (the re-read through the supergraph applies the subgraphs' row scopes again),
 * so anything not ruled out here is passed on. `type` is the event's catalog type: a finance
 * clerk sees HQ-only events of finance only.
 */
export function scopeAllows(viewer: Viewer, scope: EventScope, type = ''): boolean {
  if (viewer.role === 'HQ_ADMIN' || viewer.role === 'SERVICE') return true;
  // An export's progress is its requester's alone, and a clerk's or an operator's carries an HQ-only scope:
  // only `exportProgressed(id)` subscribers of that job get here, and the owner's re-read answers the requester.
  if (type === EXPORT_PROGRESSED) return true;
  // A clerk reads every dealer's books: HQ's view of finance events, and for the rest its grants decide.
  if (viewer.role === 'FINANCE_CLERK') return !scope.hqOnly || type.startsWith('finance.');
  if (scope.hqOnly) return false;
  if (viewer.role === 'WAREHOUSE_OPERATOR') {
    // Only events naming one of its warehouses: an event without the list is about no warehouse of its.
    const mine = new Set(viewer.warehouseIds ?? []);
    return (scope.warehouseIds ?? []).some((id) => mine.has(id));
  }
  if (viewer.role === 'DEALER_ADMIN' || viewer.role === 'DEALER_STAFF') {
    // Its own dealer, and the dealers below it (a parent dealer reads their orders).
    if (!scope.dealerIds) return true;
    const readable = new Set([...(viewer.dealerId ? [viewer.dealerId] : []), ...(viewer.subDealerIds ?? [])]);
    return scope.dealerIds.some((id) => readable.has(id));
  }
  if (viewer.role === 'REGION_MANAGER') {
    return !scope.regionPath || (viewer.regionId !== undefined && scope.regionPath.includes(viewer.regionId));
  }
  if (viewer.role === 'PARTNER' && viewer.dealerId) {
    return !scope.dealerIds || scope.dealerIds.includes(viewer.dealerId);
  }
  return true;
}

/**
 * Subscribers whose viewers share this key see the same data, so one re-read per event serves
 * them all. HQ admins all see everything (no field reachable from a subscription depends on
 * which HQ admin asks); everyone else is keyed by their whole claims, user id included, so a
 * field that depends on the user is never shared across users.
 */
export function viewerScopeKey(viewer: Viewer): string {
  if (viewer.role === 'HQ_ADMIN') return 'HQ_ADMIN';
  return JSON.stringify([
    viewer.role,
    viewer.userId,
    viewer.dealerId ?? null,
    viewer.dealerGrade ?? null,
    viewer.regionId ?? null,
    viewer.regionPath ?? null,
    viewer.scopes ?? null,
    viewer.warehouseIds ?? null,
  ]);
}
