import {
  canActFor,
  canRead,
  ForbiddenError,
  Role,
  scopeSql as kitScopeSql,
  type DataScope,
  type RequestContext,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import type { Order } from '../entities/order.entity.js';

/**
 * A parameterised SQL fragment. Raw SQL is used where the ORM cannot express the query (grouping,
 * window functions).
 */
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

/** Which orders a viewer may see: the kit's DataScope (see its documentation). */
export type OrderScope = DataScope;

/**
 * The viewer's order scope: HQ and services see everything, a region manager the orders of
 * dealers in their region subtree, a dealer user their own dealer's orders and, read-only, its
 * sub-dealers', a DEALER_READ partner its dealer's. UNAUTHENTICATED for anonymous callers,
 * FORBIDDEN for viewers without an order scope (catalogue-only partners).
 */
export function orderScope(ctx: RequestContext<object>): OrderScope {
  ctx.requireViewer();
  const scope = ctx.scope;
  if (scope.kind === 'none') throw new ForbiddenError('Your role has no access to orders');
  return scope;
}

/**
 * The scope as a condition on `sales_order` (ids and paths are ours, so they hold no LIKE wildcards
 * worth escaping).
 */
export function scopeSql(scope: OrderScope, alias = ''): SqlPart | null {
  const col = (name: string) => (alias ? `${alias}.${name}` : name);
  return kitScopeSql(scope, {
    dealerId: col('dealer_id'),
    regionPath: col('dealer_region_path'),
    seller: col('seller_dealer_id'),
  });
}

/** The same rule for one loaded order (reference and id lookups). */
export function inScope(
  scope: OrderScope,
  order: Pick<Order, 'dealerId' | 'dealerRegionPath'> & { sellerDealerId?: string | null },
): boolean {
  return canRead(scope, {
    dealerId: order.dealerId,
    regionPath: order.dealerRegionPath,
    sellerDealerId: order.sellerDealerId ?? null,
  });
}

/** True when the viewer may change `order` (cancel it): never for a sub-dealer's order or a read-only key. */
export function canChange(scope: OrderScope, order: Pick<Order, 'dealerId' | 'dealerRegionPath'>): boolean {
  return canActFor(scope, order.dealerId, order.dealerRegionPath);
}

/** Requires a dashboard viewer (HQ, region manager or a service); dealers get FORBIDDEN. */
export function dashboardScope(ctx: RequestContext<object>): OrderScope {
  ctx.requireRole(Role.HQ_ADMIN, Role.REGION_MANAGER, Role.SERVICE);
  return orderScope(ctx);
}
