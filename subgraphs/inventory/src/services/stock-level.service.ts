import { canRead, decodeCursor, NotFoundError, pageSize, toPage, UserInputError, type Page } from '@dnp/subgraph-kit';
import { raw, type FilterQuery } from '@mikro-orm/core';
import type { Lot } from '../entities/lot.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import type { Warehouse } from '../entities/warehouse.entity.js';
import type { InventoryContext, WarehouseStockPageKey } from '../inventory-context.js';
import { StockLevelSort, type StockLevelFilter, type WarehouseStockLevelFilter } from '../schema/inventory.input.js';
import { WarehouseService } from './warehouse.service.js';

/** Most ids one `stockLevelsByIds` call may ask for. */
export const MAX_IDS = 100;

/** A product's stock summed over warehouses (the resolver answers it as `Availability`). */
export interface ProductAvailability {
  available: number;
  onHand: number;
  reserved: number;
  inStock: boolean;
  warehouseCount: number;
}

const SORTS: Record<StockLevelSort, { column: 'productId' | 'onHand' | 'updatedAt'; dir: 'asc' | 'desc' }> = {
  [StockLevelSort.PRODUCT_ASC]: { column: 'productId', dir: 'asc' },
  [StockLevelSort.ON_HAND_ASC]: { column: 'onHand', dir: 'asc' },
  [StockLevelSort.ON_HAND_DESC]: { column: 'onHand', dir: 'desc' },
  [StockLevelSort.RECENTLY_UPDATED]: { column: 'updatedAt', dir: 'desc' },
};

/** Condition on "available below safety stock", in SQL so it filters and counts in the database. */
export function belowSafetyWhere(below: boolean): FilterQuery<StockLevel> {
  return {
    [raw('on_hand - reserved - quarantined - safety_stock')]: below ? { $lt: 0 } : { $gte: 0 },
  } as FilterQuery<StockLevel>;
}

/** Units that can still be ordered from one stock level: quarantined units are on hand but never for sale. */
export function availableOf(level: Pick<StockLevel, 'onHand' | 'reserved' | 'quarantined'>): number {
  return Math.max(0, level.onHand - level.reserved - level.quarantined);
}

/** Stock level reads: lists, per-warehouse pages, a product's availability. */
export class StockLevelService {
  private readonly warehouses = new WarehouseService();

  /** One page of the stock levels in the viewer's scope, filtered and sorted (HQ dashboard). */
  async list(
    ctx: InventoryContext,
    args: {
      first?: number | null;
      after?: string | null;
      filter?: StockLevelFilter | null;
      sort?: StockLevelSort | null;
    },
  ): Promise<Page<StockLevel>> {
    const limit = pageSize(args.first);
    const sort = SORTS[args.sort ?? StockLevelSort.PRODUCT_ASC];
    const filter = args.filter ?? {};
    const visible = await this.warehouses.visibleIds(ctx);
    const where: FilterQuery<StockLevel>[] = [];
    if (filter.warehouseId) {
      if (!visible.has(filter.warehouseId)) throw new NotFoundError('Warehouse', filter.warehouseId);
      where.push({ warehouseId: filter.warehouseId });
    } else {
      where.push({ warehouseId: { $in: [...visible] } });
    }
    if (filter.productId) where.push({ productId: filter.productId });
    if (filter.belowSafetyStock != null) where.push(belowSafetyWhere(filter.belowSafetyStock));

    const base: FilterQuery<StockLevel> = { $and: where };
    const page: FilterQuery<StockLevel>[] = [];
    if (args.after) {
      const [value, id] = decodeCursor(args.after, 2) as [string | number, string];
      const v = sort.column === 'updatedAt' ? new Date(String(value)) : value;
      const op = sort.dir === 'asc' ? '$gt' : '$lt';
      page.push({
        $or: [{ [sort.column]: { [op]: v } }, { [sort.column]: v, id: { [op]: id } }],
      } as FilterQuery<StockLevel>);
    }
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([] as StockLevel[])
        : ctx.em.find(StockLevel, page.length ? { $and: [base, ...page] } : base, {
            orderBy: { [sort.column]: sort.dir, id: sort.dir } as never,
            limit: limit + 1,
          }),
      ctx.em.count(StockLevel, base),
    ]);
    return toPage(rows, limit, Boolean(args.after), total, (s) => [
      sort.column === 'updatedAt' ? s.updatedAt.toISOString() : s[sort.column],
      s.id,
    ]);
  }

  /** One stock level by id; NOT_FOUND when unknown or in a warehouse outside the viewer's scope. */
  async byId(ctx: InventoryContext, id: string): Promise<StockLevel> {
    const [level] = await this.byIds(ctx, [id]);
    if (!level) throw new NotFoundError('StockLevel', id);
    return level;
  }

  /**
   * Stock levels by id, in the order asked: null for an id that is unknown or in a warehouse
   * outside the viewer's scope (one query for all). BAD_USER_INPUT for more than MAX_IDS ids.
   */
  async byIds(ctx: InventoryContext, ids: readonly string[]): Promise<(StockLevel | null)[]> {
    if (ids.length > MAX_IDS) throw new UserInputError(`At most ${MAX_IDS} ids per request`, 'ids');
    if (!ids.length) return [];
    const [levels, visible] = await Promise.all([
      ctx.em.find(StockLevel, { id: { $in: [...new Set(ids)] } }),
      this.warehouses.visibleIds(ctx),
    ]);
    const byId = new Map(levels.filter((l) => visible.has(l.warehouseId)).map((l) => [l.id, l]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  /**
   * The stock levels of a product in the warehouses the viewer may order from (batched). Callers
   * without a data scope (anonymous, catalogue-only partners) get none: per-warehouse stock, its
   * warehouses and lots are not catalogue data; they see the aggregate `availability` only. A
   * warehouse operator gets those of its own warehouses only, as everywhere else.
   */
  async forProduct(ctx: InventoryContext, productId: string): Promise<StockLevel[]> {
    const scope = ctx.scope;
    if (scope.kind === 'none') return [];
    const levels = await ctx.loaders.orderableStockByProduct.load(productId);
    if (scope.kind !== 'warehouse') return levels;
    return levels.filter((level) => canRead(scope, { warehouseId: level.warehouseId }));
  }

  /**
   * A product's stock summed over the warehouses the viewer may order from (batched); the catalogue's
   * aggregate, for everyone.
   */
  async availability(ctx: InventoryContext, productId: string): Promise<ProductAvailability> {
    const levels = await ctx.loaders.orderableStockByProduct.load(productId);
    const available = levels.reduce((n, s) => n + availableOf(s), 0);
    return {
      available,
      onHand: levels.reduce((n, s) => n + s.onHand, 0),
      reserved: levels.reduce((n, s) => n + s.reserved, 0),
      inStock: available > 0,
      warehouseCount: levels.filter((s) => availableOf(s) > 0).length,
    };
  }

  /**
   * One page of a warehouse's stock levels by product id; an empty page when the viewer may not
   * see the warehouse. Batched: every warehouse of a list asking the same page costs one query.
   */
  async warehousePage(
    ctx: InventoryContext,
    warehouse: Warehouse,
    args: { first?: number | null; after?: string | null; filter?: WarehouseStockLevelFilter | null },
  ): Promise<Page<StockLevel>> {
    const limit = pageSize(args.first);
    const afterProductId = args.after ? String(decodeCursor(args.after, 1)[0]) : null;
    if (!(await this.warehouses.isVisible(ctx, warehouse.id)))
      return toPage([], limit, Boolean(args.after), 0, () => []);
    return ctx.loaders.stockPageByWarehouse.load({
      warehouseId: warehouse.id,
      limit,
      afterProductId,
      productId: args.filter?.productId ?? null,
      belowSafetyStock: args.filter?.belowSafetyStock ?? null,
    });
  }

  /**
   * Batch function of `stockPageByWarehouse`: per distinct set of page arguments, one query for
   * the first `limit + 1` rows of every warehouse (a window function numbers the rows within
   * each warehouse) and one grouped count.
   */
  async pagesByWarehouse(ctx: InventoryContext, keys: readonly WarehouseStockPageKey[]): Promise<Page<StockLevel>[]> {
    const groups = new Map<string, WarehouseStockPageKey[]>();
    for (const key of keys) {
      const sig = JSON.stringify([key.limit, key.afterProductId, key.productId, key.belowSafetyStock]);
      groups.set(sig, [...(groups.get(sig) ?? []), key]);
    }
    const results = new Map<WarehouseStockPageKey, Page<StockLevel>>();
    const conn = ctx.em.getConnection();
    for (const group of groups.values()) {
      const { limit, afterProductId, productId, belowSafetyStock } = group[0]!;
      const ids = [...new Set(group.map((k) => k.warehouseId))];
      const conds = [`s.warehouse_id in (${ids.map(() => '?').join(', ')})`];
      const params: unknown[] = [...ids];
      if (productId) {
        conds.push('s.product_id = ?');
        params.push(productId);
      }
      if (belowSafetyStock != null)
        conds.push(
          belowSafetyStock
            ? 's.on_hand - s.reserved - s.quarantined < s.safety_stock'
            : 's.on_hand - s.reserved - s.quarantined >= s.safety_stock',
        );
      const where = conds.join(' and ');
      const counts: { warehouse_id: string; n: number | string }[] = await conn.execute(
        `select s.warehouse_id, count(*) as n from stock_level s where ${where} group by s.warehouse_id`,
        params,
        'all',
      );
      const totals = new Map(counts.map((c) => [c.warehouse_id, Number(c.n)]));
      const rowsByWarehouse = new Map<string, StockLevel[]>();
      if (limit > 0) {
        const pageConds = afterProductId ? `${where} and s.product_id > ?` : where;
        const pageParams = afterProductId ? [...params, afterProductId] : params;
        const rows: Record<string, unknown>[] = await conn.execute(
          `select t.* from (select s.*, row_number() over (partition by s.warehouse_id order by s.product_id) as rn_` +
            ` from stock_level s where ${pageConds}) t` +
            ` where t.rn_ <= ? order by t.warehouse_id, t.product_id`,
          [...pageParams, limit + 1],
          'all',
        );
        for (const row of rows) {
          delete row.rn_;
          const level = ctx.em.map(StockLevel, row as never);
          rowsByWarehouse.set(level.warehouseId, [...(rowsByWarehouse.get(level.warehouseId) ?? []), level]);
        }
      }
      for (const key of group) {
        const rows = rowsByWarehouse.get(key.warehouseId) ?? [];
        results.set(
          key,
          toPage(rows, limit, afterProductId != null, totals.get(key.warehouseId) ?? 0, (s) => [s.productId]),
        );
      }
    }
    return keys.map((k) => results.get(k)!);
  }

  /** Lots with units left of a stock level, first-expiry-first (batched). */
  lots(ctx: InventoryContext, level: StockLevel): Promise<Lot[]> {
    return ctx.loaders.lotsByStockLevel.load(`${level.warehouseId}|${level.productId}`);
  }
}
