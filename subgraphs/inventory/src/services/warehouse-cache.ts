import { findPlain } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { Warehouse } from '../entities/warehouse.entity.js';

const KIND_RANK: Record<string, number> = { HQ: 0, REGIONAL: 1, DEALER: 2 };

/** Warehouses in display order: HQ, then regional, then dealer warehouses, each by code. */
export function byKindAndCode(a: Warehouse, b: Warehouse): number {
  return KIND_RANK[a.kind]! - KIND_RANK[b.kind]! || a.code.localeCompare(b.code);
}

/**
 * How long the warehouse list is reused across requests. Warehouses are reference data: this
 * service's own writes (warehouse administration) drop this process's entry at once; a change
 * made by another process shows within this bound. Stock is never cached.
 */
export const WAREHOUSE_TTL_MS = 5_000;
const warehouseCache = new WeakMap<object, { rows: Promise<Warehouse[]>; until: number }>();

/**
 * Every warehouse in display order, shared by the requests of one ORM for WAREHOUSE_TTL_MS.
 * The rows are frozen plain objects (not managed by any request's EntityManager), shared by
 * all requests: copy before use. Every write path drops this process's entry
 * (`dropCachedWarehouses`).
 */
export function cachedWarehouses(em: EntityManager): Promise<Warehouse[]> {
  const key = em.config;
  const now = Date.now();
  const hit = warehouseCache.get(key);
  if (hit && hit.until > now) return hit.rows;
  const rows = findPlain(em, Warehouse, {}).then(
    (list) => Object.freeze(list.sort(byKindAndCode).map((w) => Object.freeze(w))) as Warehouse[],
  );
  warehouseCache.set(key, { rows, until: now + WAREHOUSE_TTL_MS });
  rows.catch(() => warehouseCache.delete(key));
  return rows;
}

/** Forgets this process's warehouse list, after a warehouse was written (the next read loads it again). */
export function dropCachedWarehouses(em: EntityManager): void {
  warehouseCache.delete(em.config);
}
