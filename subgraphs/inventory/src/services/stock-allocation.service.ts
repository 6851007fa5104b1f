import { WarehouseKind, type Warehouse } from '../entities/warehouse.entity.js';

/** What the planner needs of a stock level. */
export interface LevelRow {
  id: string;
  warehouseId: string;
  productId: string;
  onHand: number;
  reserved: number;
  /** Units on hand held back from sale: never planned. */
  quarantined: number;
}

/** What the planner needs of a lot. */
export interface LotRow {
  id: string;
  warehouseId: string;
  productId: string;
  quantity: number;
  reserved: number;
  quarantined: number;
  expiresAt: Date;
}

/** Units of one product to take from one warehouse, from one lot (null: unlotted stock). */
export interface PlannedLine {
  productId: string;
  warehouseId: string;
  levelId: string;
  lotId: string | null;
  quantity: number;
}

/** A product the warehouses cannot cover: how much was asked and how much could be had. */
export interface Shortage {
  productId: string;
  requested: number;
  available: number;
}

/** An allocation plan: lines to reserve when every product is covered, else the shortages. */
export interface AllocationPlan {
  lines: PlannedLine[];
  shortages: Shortage[];
}

/** Units of a lot that may still be reserved: neither reserved nor quarantined. */
function freeOf(lot: LotRow): number {
  return lot.quantity - lot.reserved - lot.quarantined;
}

/** Region ids of a materialized path ("/reg_cn/reg_east/" → ["reg_cn", "reg_east"]). */
function pathIds(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** How many leading region ids two paths share. */
export function commonPrefixLength(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

const KIND_ORDER: Record<string, number> = { [WarehouseKind.REGIONAL]: 0, [WarehouseKind.HQ]: 1 };

/**
 * The warehouses an order may be served from, best first: active HQ and regional warehouses
 * only (never a dealer's own), nearest to the dealer's region path first (longest common
 * prefix), then regional before HQ, then by id.
 */
export function rankWarehouses(all: readonly Warehouse[], dealerRegionPath: readonly string[]): Warehouse[] {
  const candidates = all.filter((w) => w.active && (w.kind === WarehouseKind.HQ || w.kind === WarehouseKind.REGIONAL));
  const nearness = new Map(candidates.map((w) => [w.id, commonPrefixLength(pathIds(w.regionPath), dealerRegionPath)]));
  return candidates.sort(
    (a, b) =>
      nearness.get(b.id)! - nearness.get(a.id)! ||
      KIND_ORDER[a.kind]! - KIND_ORDER[b.kind]! ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * The warehouses a parent sells to its sub-dealers from (two-tier, `reserveStock.sourceDealerId`):
 * only that dealer's active DEALER warehouses, by id; never a brand warehouse.
 */
export function sellerWarehouses(all: readonly Warehouse[], sellerDealerId: string): Warehouse[] {
  return all
    .filter((w) => w.active && w.kind === WarehouseKind.DEALER && w.dealerId === sellerDealerId)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * Plans a reservation from a read of current rows, without writing: for each product, the
 * ranked warehouses in order; within a warehouse, the non-expired lots first-expiry-first,
 * then stock held without a lot. A warehouse never gives more than its stock level's free
 * units (on hand − reserved − quarantined), so lots and levels stay consistent. A product may be split over
 * several warehouses and lots. All products are planned; any shortage makes the plan unusable.
 */
export function planAllocation(
  demand: ReadonlyMap<string, number>,
  warehouses: readonly Warehouse[],
  levels: readonly LevelRow[],
  lots: readonly LotRow[],
  now: Date,
): AllocationPlan {
  const levelOf = new Map(levels.map((l) => [`${l.warehouseId}|${l.productId}`, l]));
  const lotsOf = new Map<string, LotRow[]>();
  for (const lot of lots) {
    const key = `${lot.warehouseId}|${lot.productId}`;
    const list = lotsOf.get(key);
    if (list) list.push(lot);
    else lotsOf.set(key, [lot]);
  }
  for (const list of lotsOf.values()) {
    list.sort((a, b) => a.expiresAt.getTime() - b.expiresAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  const lines: PlannedLine[] = [];
  const shortages: Shortage[] = [];
  for (const [productId, requested] of demand) {
    let need = requested;
    let available = 0;
    for (const w of warehouses) {
      const level = levelOf.get(`${w.id}|${productId}`);
      if (!level) continue;
      const levelFree = Math.max(0, level.onHand - level.reserved - level.quarantined);
      if (levelFree === 0) continue;
      const all = lotsOf.get(`${w.id}|${productId}`) ?? [];
      const lotted = all.reduce((n, l) => n + l.quantity, 0);
      const lottedHeld = all.reduce((n, l) => n + l.reserved + l.quarantined, 0);
      // Stock not held in any lot, minus the part of the level's reserved and quarantined units not on a lot.
      const unlottedHeld = Math.max(0, level.reserved + level.quarantined - lottedHeld);
      const unlottedFree = Math.max(0, level.onHand - lotted - unlottedHeld);
      const sellable = all.filter((l) => l.expiresAt.getTime() > now.getTime() && freeOf(l) > 0);
      const cap = Math.min(levelFree, sellable.reduce((n, l) => n + freeOf(l), 0) + unlottedFree);
      available += cap;
      let take = Math.min(need, cap);
      need -= take;
      for (const lot of sellable) {
        if (take === 0) break;
        const q = Math.min(take, freeOf(lot));
        lines.push({ productId, warehouseId: w.id, levelId: level.id, lotId: lot.id, quantity: q });
        take -= q;
      }
      if (take > 0) lines.push({ productId, warehouseId: w.id, levelId: level.id, lotId: null, quantity: take });
    }
    if (need > 0) shortages.push({ productId, requested, available });
  }
  return shortages.length ? { lines: [], shortages } : { lines, shortages };
}
