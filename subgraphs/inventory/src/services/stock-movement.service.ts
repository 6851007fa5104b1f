import { cursorDate, decodeCursor, NotFoundError, pageSize, Role, toPage, type Page } from '@dnp/subgraph-kit';
import type { FilterQuery } from '@mikro-orm/core';
import { StockMovement } from '../entities/stock-movement.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import type { StockMovementFilter } from '../schema/inventory.input.js';
import { WarehouseService } from './warehouse.service.js';

/** Reads of the stock ledger; HQ, region managers and warehouse operators only. */
export class StockMovementService {
  private readonly warehouses = new WarehouseService();

  /** One page of ledger entries, newest first, in the viewer's warehouses; FORBIDDEN for dealers. */
  async list(
    ctx: InventoryContext,
    args: { first?: number | null; after?: string | null; filter?: StockMovementFilter | null },
  ): Promise<Page<StockMovement>> {
    ctx.requireRole(Role.HQ_ADMIN, Role.SERVICE, Role.REGION_MANAGER, Role.WAREHOUSE_OPERATOR);
    const limit = pageSize(args.first);
    const filter = args.filter ?? {};
    const where: FilterQuery<StockMovement>[] = [];
    if (filter.warehouseId) {
      if (!(await this.warehouses.isVisible(ctx, filter.warehouseId)))
        throw new NotFoundError('Warehouse', filter.warehouseId);
      where.push({ warehouseId: filter.warehouseId });
    } else if (!ctx.isHq) {
      where.push({ warehouseId: { $in: [...(await this.warehouses.visibleIds(ctx))] } });
    }
    if (filter.productId) where.push({ productId: filter.productId });
    const base: FilterQuery<StockMovement> = where.length ? { $and: where } : {};
    const page: FilterQuery<StockMovement>[] = [];
    if (args.after) {
      const [value, id] = decodeCursor(args.after, 2) as [string, string];
      const at = cursorDate(value);
      page.push({ $or: [{ createdAt: { $lt: at } }, { createdAt: at, id: { $lt: id } }] });
    }
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([] as StockMovement[])
        : ctx.em.find(StockMovement, page.length ? { $and: [base, ...page] } : base, {
            orderBy: { createdAt: 'desc', id: 'desc' },
            limit: limit + 1,
          }),
      ctx.em.count(StockMovement, base),
    ]);
    return toPage(rows, limit, Boolean(args.after), total, (m) => [m.createdAt.toISOString(), m.id]);
  }
}
