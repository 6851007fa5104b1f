import {
  addDays,
  businessDate,
  cursorDate,
  daysBetween,
  decodeCursor,
  NotFoundError,
  pageSize,
  startOfBusinessDay,
  toPage,
  type Page,
} from '@dnp/subgraph-kit';
import type { FilterQuery } from '@mikro-orm/core';
import { inventorySettings, type ExpiryThresholds } from '../config.js';
import { ExpiryStatus, Lot } from '../entities/lot.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import type { LotFilter } from '../schema/inventory.input.js';
import { WarehouseService } from './warehouse.service.js';

/**
 * Business days from today to the lot's expiry day in the brand's zone (0 on that day, negative once
 * it has passed): a lot expiring at 00:30 Beijing time tomorrow has one day left at 23:30 tonight.
 */
export function daysToExpiry(
  expiresAt: Date,
  now: Date = new Date(),
  timeZone = inventorySettings.businessTimeZone,
): number {
  return daysBetween(businessDate(now, timeZone), businessDate(expiresAt, timeZone));
}

/** The red/yellow/blue warning level of a lot that expires in `days` days. */
export function expiryStatusOf(days: number, t: ExpiryThresholds = inventorySettings.expiry): ExpiryStatus {
  if (days <= t.red) return ExpiryStatus.RED;
  if (days <= t.yellow) return ExpiryStatus.YELLOW;
  if (days <= t.blue) return ExpiryStatus.BLUE;
  return ExpiryStatus.OK;
}

/**
 * The expiresAt range of a warning level, as a filter on lots: "at most `n` days left" is "expires
 * before the business day `n + 1` days from today begins", so the filter and `daysToExpiry` agree.
 */
export function expiryWindow(
  status: ExpiryStatus,
  now: Date,
  t: ExpiryThresholds = inventorySettings.expiry,
  timeZone = inventorySettings.businessTimeZone,
): FilterQuery<Lot> {
  const today = businessDate(now, timeZone);
  const before = (days: number) => startOfBusinessDay(addDays(today, days + 1), timeZone);
  switch (status) {
    case ExpiryStatus.RED:
      return { expiresAt: { $lt: before(t.red) } };
    case ExpiryStatus.YELLOW:
      return { expiresAt: { $gte: before(t.red), $lt: before(t.yellow) } };
    case ExpiryStatus.BLUE:
      return { expiresAt: { $gte: before(t.yellow), $lt: before(t.blue) } };
    default:
      return { expiresAt: { $gte: before(t.blue) } };
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
