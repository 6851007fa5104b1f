import { findPlain, groupLoader, keyLoader } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { Lot } from './entities/lot.entity.js';
import { ReservationLine } from './entities/reservation.entity.js';
import { StockLevel } from './entities/stock-level.entity.js';
import { Warehouse } from './entities/warehouse.entity.js';
import type { InventoryContext, InventoryLoaders } from './inventory-context.js';
import { StockLevelService } from './services/stock-level.service.js';
import { orderableWarehouses } from './services/warehouse.service.js';

const KIND_RANK: Record<string, number> = { HQ: 0, REGIONAL: 1, DEALER: 2 };

/** Warehouses in display order: HQ, then regional, then dealer warehouses, each by code. */
export function byKindAndCode(a: Warehouse, b: Warehouse): number {
  return KIND_RANK[a.kind]! - KIND_RANK[b.kind]! || a.code.localeCompare(b.code);
}

/**
 * How long the warehouse list is reused across requests. Warehouses are reference data: this
 * service never writes them (only the demo seed and migrations do), so a change made elsewhere
 * shows in every process within this bound. Stock is never cached.
 */
export const WAREHOUSE_TTL_MS = 5_000;
const warehouseCache = new WeakMap<object, { rows: Promise<Warehouse[]>; until: number }>();

/**
 * Every warehouse in display order, shared by the requests of one ORM for WAREHOUSE_TTL_MS.
 * The rows are frozen plain objects (not managed by any request's EntityManager), shared by
 * all requests: copy before use. Nothing in this service writes warehouses; a write path added
 * later must drop this process's entry (`warehouseCache.delete(em.config)`).
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

/** Creates fresh loaders for one request. */
export function createInventoryLoaders(ctx: InventoryContext): InventoryLoaders {
  let all: Promise<Warehouse[]> | undefined;
  // Each request gets its own copies: GraphQL layers may annotate them (e.g. __typename).
  const allWarehouses = () =>
    (all ??= cachedWarehouses(ctx.em).then((rows) => rows.map((w) => ({ ...w }) as Warehouse)));
  const stockLevels = new StockLevelService();
  return {
    allWarehouses,
    warehouseById: new DataLoader(async (ids) => {
      const byId = new Map((await allWarehouses()).map((w) => [w.id, w]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    lotById: keyLoader(ctx.em, Lot, 'id'),
    lotsByStockLevel: new DataLoader(
      async (keys) => {
        const pairs = keys.map((k) => k.split('|') as [string, string]);
        const rows = await ctx.em.find(
          Lot,
          { quantity: { $gt: 0 }, $or: pairs.map(([warehouseId, productId]) => ({ warehouseId, productId })) },
          { orderBy: { expiresAt: 'asc', id: 'asc' } },
        );
        const groups = new Map<string, Lot[]>();
        for (const lot of rows) {
          const key = `${lot.warehouseId}|${lot.productId}`;
          groups.set(key, [...(groups.get(key) ?? []), lot]);
        }
        return keys.map((k) => groups.get(k) ?? []);
      },
      { maxBatchSize: 500 },
    ),
    orderableStockByProduct: new DataLoader(
      async (productIds) => {
        const warehouses = orderableWarehouses(ctx.viewer, await allWarehouses());
        const rank = new Map(warehouses.map((w, i) => [w.id, i]));
        const rows = warehouses.length
          ? await findPlain(ctx.em, StockLevel, {
              productId: { $in: [...productIds] },
              warehouseId: { $in: [...rank.keys()] },
            })
          : [];
        const groups = new Map<string, StockLevel[]>();
        for (const row of rows) groups.set(row.productId, [...(groups.get(row.productId) ?? []), row]);
        return productIds.map((id) =>
          (groups.get(id) ?? []).sort((a, b) => rank.get(a.warehouseId)! - rank.get(b.warehouseId)!),
        );
      },
      { maxBatchSize: 1000 },
    ),
    stockPageByWarehouse: new DataLoader((keys) => stockLevels.pagesByWarehouse(ctx, keys), {
      cacheKeyFn: (k) => JSON.stringify(k),
    }),
    linesByReservation: groupLoader(
      ctx.em,
      ReservationLine,
      'reservationId',
      {},
      { productId: 'asc', warehouseId: 'asc', id: 'asc' },
    ),
  };
}
