import { findPlain, groupLoader, keyLoader } from '@dnp/subgraph-kit';
import DataLoader from 'dataloader';
import { Lot } from './entities/lot.entity.js';
import { ReservationLine } from './entities/reservation.entity.js';
import { StockLevel } from './entities/stock-level.entity.js';
import { Warehouse } from './entities/warehouse.entity.js';
import type { InventoryContext, InventoryLoaders } from './inventory-context.js';
import { StockLevelService } from './services/stock-level.service.js';
import { orderableWarehouses } from './services/warehouse.service.js';
import { cachedWarehouses } from './services/warehouse-cache.js';

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
