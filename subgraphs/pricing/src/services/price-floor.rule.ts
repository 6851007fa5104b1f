/**
 * The brand's floor price (价格管控): the lowest unit price a parent dealer may charge a sub-dealer
 * of a grade in a region. Pure functions over plain rows, like `price-resolution.service.ts`.
 *
 * floor(product, grade, regionPath) = the base price (minQuantity 1) of the best-ranked brand
 * FLOOR list for that grade and region that holds the product (ranked like sale lists: deeper
 * region, grade-specific, priority, later validFrom, id), else the brand's own SALE price for that
 * grade and region (PRICING.md). Null when the brand prices the product neither way: then nothing
 * bounds the seller's price.
 */
import { PriceListKind } from '../entities/price-list.entity.js';
import {
  compareRank,
  fitsSubject,
  rankPriceLists,
  resolvePrices,
  type PriceEntry,
  type PricingSubject,
  type RankablePriceList,
} from './price-resolution.service.js';

/** A product's floor for one subject and the brand list it comes from. */
export interface FloorPrice {
  productId: string;
  /** The lowest unit price a seller may charge, in minor units. */
  unitPriceMinor: number;
  /** The brand list that set it. */
  priceListId: string;
  /** FLOOR when a floor list set it, SALE when it falls back to the brand's sale price. */
  source: PriceListKind;
}

/** The brand's FLOOR lists that fit `subject` at `now`, best first. */
export function rankFloorLists<L extends RankablePriceList>(
  lists: readonly L[],
  subject: PricingSubject,
  now: Date,
): L[] {
  return lists
    .filter((l) => l.kind === PriceListKind.FLOOR && (l.sellerDealerId ?? null) == null && fitsSubject(l, subject, now))
    .sort(compareRank);
}

/**
 * The floor of each of `productIds` for `subject` (its grade and region path; any seller it names
 * is ignored: floors are the brand's), from every switched-on list and the products' entries.
 */
export function resolveFloors(
  lists: readonly RankablePriceList[],
  entries: readonly PriceEntry[],
  subject: PricingSubject,
  now: Date,
  productIds: readonly string[],
): Map<string, FloorPrice | null> {
  const brand: PricingSubject = { ...subject, sellerDealerId: null };
  const floors = resolvePrices(rankFloorLists(lists, brand, now), entries, productIds);
  const missing = productIds.filter((id) => !floors.get(id));
  const sale = missing.length ? resolvePrices(rankPriceLists(lists, brand, now), entries, missing) : new Map();
  const out = new Map<string, FloorPrice | null>();
  for (const id of productIds) {
    const floor = floors.get(id);
    const resolved = floor ?? sale.get(id);
    out.set(
      id,
      resolved
        ? {
            productId: id,
            unitPriceMinor: resolved.unitPriceMinor,
            priceListId: resolved.priceList.id,
            source: floor ? PriceListKind.FLOOR : PriceListKind.SALE,
          }
        : null,
    );
  }
  return out;
}

/** The highest of `floors` (the one that binds a price meant for all of their subjects); null when none. */
export function bindingFloor(floors: readonly (FloorPrice | null)[]): FloorPrice | null {
  let best: FloorPrice | null = null;
  for (const f of floors) if (f && (!best || f.unitPriceMinor > best.unitPriceMinor)) best = f;
  return best;
}

/** True when `unitPriceMinor` is below `floor` (never when there is no floor). */
export function isBelowFloor(unitPriceMinor: number, floor: FloorPrice | null): boolean {
  return floor != null && unitPriceMinor < floor.unitPriceMinor;
}
