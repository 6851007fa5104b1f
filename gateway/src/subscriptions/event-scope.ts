import type { EventScope } from '@dnp/event-bus';
import type { Viewer } from '@dnp/subgraph-kit/viewer';

/**
 * Cheap pre-filter: false when the event's scope rules the viewer out. The scope may be wider
 * than the truth (the re-read through the supergraph applies the subgraphs' row scopes again),
 * so anything not ruled out here is passed on.
 */
export function scopeAllows(viewer: Viewer, scope: EventScope): boolean {
  if (viewer.role === 'HQ_ADMIN' || viewer.role === 'SERVICE') return true;
  if (scope.hqOnly) return false;
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
  ]);
}
