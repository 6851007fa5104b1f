import { ForbiddenError, isDealerRole, Role, type RequestContext } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import type { Order } from '../entities/order.entity.js';

/** A parameterised SQL fragment. Raw SQL is used where the ORM cannot express the query (grouping, window functions). */
export interface SqlPart {
  text: string;
  params: unknown[];
}

/** Joins conditions with AND; an empty list is "always true". */
export function and(parts: (SqlPart | null | undefined)[]): SqlPart {
  const list = parts.filter((p): p is SqlPart => p != null);
  if (!list.length) return { text: '1 = 1', params: [] };
  return { text: list.map((p) => `(${p.text})`).join(' and '), params: list.flatMap((p) => p.params) };
}

/** A `?` placeholder list for an IN clause. */
export function placeholders(n: number): string {
  return Array.from({ length: n }, () => '?').join(', ');
}

/** A Date as the driver expects it in a raw query (SQLite stores epoch milliseconds, MySQL datetimes). */
export function dbDate(em: EntityManager, date: Date): unknown {
  return em.getPlatform().processDateProperty(date);
}

/** A date read back from a raw query: epoch ms (SQLite), a Date or a "YYYY-MM-DD hh:mm:ss" UTC string (MySQL). */
export function toDate(value: unknown): Date | null {
  if (value == null) return null;
  if (value instanceof Date) return value;
  if (typeof value === 'number' || typeof value === 'bigint') return new Date(Number(value));
  const text = String(value);
  if (/^\d+$/.test(text)) return new Date(Number(text));
  return new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text.replace(' ', 'T')}Z`);
}

/** A number read back from an aggregate (MySQL answers SUM as a decimal string, MariaDB COUNT as a BigInt). */
export function toNumber(value: unknown): number {
  return value == null ? 0 : Number(value);
}

/** Which orders a viewer may see. */
export type OrderScope =
  | { kind: 'all' }
  | { kind: 'region'; regionId: string; pathPrefix: string | null }
  | { kind: 'dealer'; dealerId: string };

/**
 * The viewer's order scope: HQ and services see everything, a region manager the orders of
 * dealers in their region subtree, a dealer user their own dealer's orders. UNAUTHENTICATED for
 * anonymous callers, FORBIDDEN for roles without an order scope (partners for now).
 */
export function orderScope(ctx: RequestContext<object>): OrderScope {
  const viewer = ctx.requireViewer();
  if (viewer.role === Role.HQ_ADMIN || viewer.role === Role.SERVICE) return { kind: 'all' };
  if (viewer.role === Role.REGION_MANAGER) {
    if (!viewer.regionId) throw new ForbiddenError('A region manager without a region sees no orders');
    // The forwarded path makes the scope an index-friendly prefix; without it we fall back to "contains".
    const path = viewer.regionPath;
    const pathPrefix = path?.length && path.at(-1) === viewer.regionId ? `/${path.join('/')}/` : null;
    return { kind: 'region', regionId: viewer.regionId, pathPrefix };
  }
  if (isDealerRole(viewer.role) && viewer.dealerId) return { kind: 'dealer', dealerId: viewer.dealerId };
  throw new ForbiddenError('Your role has no access to orders');
}

/** The scope as a condition on `sales_order` (ids and paths are ours, so they hold no LIKE wildcards worth escaping). */
export function scopeSql(scope: OrderScope, alias = ''): SqlPart | null {
  const col = (name: string) => (alias ? `${alias}.${name}` : name);
  switch (scope.kind) {
    case 'all':
      return null;
    case 'region':
      return scope.pathPrefix
        ? { text: `${col('dealer_region_path')} like ?`, params: [`${scope.pathPrefix}%`] }
        : { text: `${col('dealer_region_path')} like ?`, params: [`%/${scope.regionId}/%`] };
    case 'dealer':
      return { text: `${col('dealer_id')} = ?`, params: [scope.dealerId] };
  }
}

/** The same rule for one loaded order (reference and id lookups). */
export function inScope(scope: OrderScope, order: Pick<Order, 'dealerId' | 'dealerRegionPath'>): boolean {
  switch (scope.kind) {
    case 'all':
      return true;
    case 'region':
      return order.dealerRegionPath.includes(`/${scope.regionId}/`);
    case 'dealer':
      return order.dealerId === scope.dealerId;
  }
}

/** Requires a dashboard viewer (HQ, region manager or a service); dealers get FORBIDDEN. */
export function dashboardScope(ctx: RequestContext<object>): OrderScope {
  ctx.requireRole(Role.HQ_ADMIN, Role.REGION_MANAGER, Role.SERVICE);
  return orderScope(ctx);
}
