import { cursorDate, decodeCursor, NotFoundError, pageSize, toPage, type Page } from '@dnp/subgraph-kit';
import type { FilterQuery } from '@mikro-orm/core';
import { inventorySettings, type ExpiryThresholds } from '../config.js';
import { ExpiryStatus, Lot } from '../entities/lot.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import type { LotFilter } from '../schema/inventory.input.js';
import { WarehouseService } from './warehouse.service.js';

const DAY_MS = 86_400_000;

/**
 * Whole days until `expiresAt`, rounded up (0 or less once expired). Rounding up keeps the
 * status derived from days identical to the one the list filter derives from timestamps.
 */
export function daysToExpiry(expiresAt: Date, now: Date = new Date()): number {
  return Math.ceil((expiresAt.getTime() - now.getTime()) / DAY_MS);
}

/** The red/yellow/blue warning level of a lot that expires in `days` days. */
export function expiryStatusOf(days: number, t: ExpiryThresholds = inventorySettings.expiry): ExpiryStatus {
  if (days <= t.red) return ExpiryStatus.RED;
  if (days <= t.yellow) return ExpiryStatus.YELLOW;
  if (days <= t.blue) return ExpiryStatus.BLUE;
  return ExpiryStatus.OK;
}

/** The expiresAt range of a warning level, as a filter on lots. */
export function expiryWindow(
  status: ExpiryStatus,
  now: Date,
  t: ExpiryThresholds = inventorySettings.expiry,
): FilterQuery<Lot> {
  const at = (days: number) => new Date(now.getTime() + days * DAY_MS);
  switch (status) {
    case ExpiryStatus.RED:
      return { expiresAt: { $lte: at(t.red) } };
    case ExpiryStatus.YELLOW:
      return { expiresAt: { $gt: at(t.red), $lte: at(t.yellow) } };
    case ExpiryStatus.BLUE:
      return { expiresAt: { $gt: at(t.yellow), $lte: at(t.blue) } };
    default:
      return { expiresAt: { $gt: at(t.blue) } };
  }
}

/** Lot reads: the expiry watch list, scoped to the viewer's warehouses. */
export class LotService {
  private readonly warehouses = new WarehouseService();

  constructor(private readonly thresholds: ExpiryThresholds = inventorySettings.expiry) {}

  /** One page of lots, first-expiry-first, in the warehouses the viewer may see. */
  async list(
    ctx: InventoryContext,
    args: { first?: number | null; after?: string | null; filter?: LotFilter | null },
    now: Date = new Date(),
  ): Promise<Page<Lot>> {
    const limit = pageSize(args.first);
    const filter = args.filter ?? {};
    const visible = await this.warehouses.visibleIds(ctx);
    const where: FilterQuery<Lot>[] = [];
    if (filter.warehouseId) {
      if (!visible.has(filter.warehouseId)) throw new NotFoundError('Warehouse', filter.warehouseId);
      where.push({ warehouseId: filter.warehouseId });
    } else {
      where.push({ warehouseId: { $in: [...visible] } });
    }
    if (filter.productId) where.push({ productId: filter.productId });
    if (!filter.includeEmpty) where.push({ quantity: { $gt: 0 } });
    if (filter.expiryStatus) where.push(expiryWindow(filter.expiryStatus, now, this.thresholds));
    const base: FilterQuery<Lot> = { $and: where };
    const page: FilterQuery<Lot>[] = [];
    if (args.after) {
      const [value, id] = decodeCursor(args.after, 2) as [string, string];
      const at = cursorDate(value);
      page.push({ $or: [{ expiresAt: { $gt: at } }, { expiresAt: at, id: { $gt: id } }] });
    }
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([] as Lot[])
        : ctx.em.find(Lot, page.length ? { $and: [base, ...page] } : base, {
            orderBy: { expiresAt: 'asc', id: 'asc' },
            limit: limit + 1,
          }),
      ctx.em.count(Lot, base),
    ]);
    return toPage(rows, limit, Boolean(args.after), total, (l) => [l.expiresAt.toISOString(), l.id]);
  }

  /** Days until the lot expires (0 or negative once expired). */
  daysToExpiry(lot: Lot, now: Date = new Date()): number {
    return daysToExpiry(lot.expiresAt, now);
  }

  /** The lot's warning level under the configured thresholds. */
  expiryStatus(lot: Lot, now: Date = new Date()): ExpiryStatus {
    return expiryStatusOf(daysToExpiry(lot.expiresAt, now), this.thresholds);
  }
}
