/**
 * Price resolution: which price list prices a product for a viewer, and at which unit price for
 * a quantity. Pure functions over plain rows (no database, no context), so every rule here is
 * unit-tested with hand-built lists; `product-price.service.ts` feeds them from the database.
 *
 * The fallback order (also in PRICING.md):
 *
 * 1. Candidates are the lists that are `active`, valid at `now` (`validFrom <= now < validTo`,
 *    an open `validTo` never ends), whose `dealerGrade` is null or the viewer's grade, and whose
 *    `regionId` is null or one of the viewer's `regionPath` (the viewer's region or an ancestor).
 * 2. Candidates are ranked: deeper region first (`regionDepth`: city 4 > province 3 > sales
 *    region 2 > country 1 > no region 0), then grade-specific before grade-generic, then higher
 *    `priority`, then later `validFrom`; the id breaks any remaining tie so the order is stable.
 * 3. For each product, the first ranked list holding a base entry (`minQuantity` 1) for it decides
 *    the price: that entry is the unit price for quantity 1, and the same list's entries with
 *    `minQuantity` > 1 are the product's volume tiers. Lower-ranked lists are never mixed in.
 * 4. A viewer without a dealer (HQ, managers, services not acting for a dealer, anonymous) is
 *    priced as `BASE_SUBJECT`: no grade and no region, so only lists with neither qualify —
 *    the base list. The same subject gives every viewer's `listPrice`.
 * 5. Only the brand's SALE lists are candidates (`kind` SALE, no `sellerDealerId`), for every
 *    caller. A subject naming a seller (`sellerDealerId`: a sub-dealer buying from its parent)
 *    has only that seller's SALE lists as candidates, ranked the same way. FLOOR lists never
 *    price a sale (`price-floor.rule.ts` reads them).
 */
import { Role, type Viewer } from '@dnp/subgraph-kit';
import type { PriceListEntry } from '../entities/price-list-entry.entity.js';
import { PriceListKind, type PriceList } from '../entities/price-list.entity.js';

/**
 * What resolution needs to know about a price list. Absent `kind` / `sellerDealerId` (hand-built
 * rows) mean a brand SALE list.
 */
export type RankablePriceList = Pick<
  PriceList,
  'id' | 'dealerGrade' | 'regionId' | 'regionDepth' | 'priority' | 'validFrom' | 'validTo' | 'active'
> &
  Partial<Pick<PriceList, 'kind' | 'sellerDealerId'>>;

/** What resolution needs to know about a price list entry. */
export type PriceEntry = Pick<PriceListEntry, 'priceListId' | 'productId' | 'minQuantity' | 'unitPriceMinor'>;

/** Who is being priced: a dealer's grade and region path, or nobody in particular. */
export interface PricingSubject {
  /** The dealer's grade ("A".."D"), or null for a viewer without a dealer. */
  dealerGrade: string | null;
  /** The dealer's home region, or null. */
  regionId: string | null;
  /** Region ids from the root (reg_cn) down to `regionId`; empty for a viewer without a dealer. */
  regionPath: readonly string[];
  /** The parent dealer the subject buys from (only its SALE lists price); absent or null: the brand. */
  sellerDealerId?: string | null;
}

/** The subject of viewers without a dealer, and of every `listPrice`: only the base list applies. */
export const BASE_SUBJECT: PricingSubject = Object.freeze({
  dealerGrade: null,
  regionId: null,
  regionPath: Object.freeze([]) as readonly string[],
});

/** A volume tier break of a resolved price. */
export interface ResolvedTier {
  minQuantity: number;
  unitPriceMinor: number;
}

/** The price of one product for one subject: the deciding list, its base price and its tiers. */
export interface ResolvedPrice<L extends RankablePriceList = RankablePriceList> {
  productId: string;
  /** The list that decided the price (the first ranked list with a base entry for the product). */
  priceList: L;
  /** Unit price for quantity 1, in minor units. */
  unitPriceMinor: number;
  /** The deciding list's tier breaks (minQuantity > 1), ascending by minQuantity. */
  tiers: ResolvedTier[];
}

/**
 * The subject a viewer is priced as. Anyone acting for a dealer (dealer users, or a service
 * calling on a dealer's behalf with its claims) is priced by that dealer's grade and region path;
 * everyone else gets `BASE_SUBJECT`.
 */
export function pricingSubjectOf(viewer: Viewer | null): PricingSubject {
  if (!viewer?.dealerId) return BASE_SUBJECT;
  // A catalogue-only partner key sees list prices even when the key belongs to a dealer.
  if (viewer.role === Role.PARTNER && !viewer.scopes?.includes('DEALER_READ')) return BASE_SUBJECT;
  const regionPath = viewer.regionPath?.length ? [...viewer.regionPath] : viewer.regionId ? [viewer.regionId] : [];
  return {
    dealerGrade: viewer.dealerGrade ?? null,
    regionId: viewer.regionId ?? regionPath.at(-1) ?? null,
    regionPath,
  };
}

/** True when the list is switched on and `now` lies in [validFrom, validTo). */
export function isValidAt(list: Pick<RankablePriceList, 'active' | 'validFrom' | 'validTo'>, now: Date): boolean {
  const t = now.getTime();
  return list.active && list.validFrom.getTime() <= t && (list.validTo == null || t < list.validTo.getTime());
}

/** True when the list is valid at `now` and its grade and region fit `subject` (any kind, any seller). */
export function fitsSubject(list: RankablePriceList, subject: PricingSubject, now: Date): boolean {
  return (
    isValidAt(list, now) &&
    (list.dealerGrade == null || list.dealerGrade === subject.dealerGrade) &&
    (list.regionId == null || subject.regionPath.includes(list.regionId))
  );
}

/**
 * True when the list may price products for `subject` at `now` (step 1 of the fallback order): a
 * SALE list of the subject's seller (the brand's own lists when the subject names none).
 */
export function isCandidate(list: RankablePriceList, subject: PricingSubject, now: Date): boolean {
  return (
    (list.kind ?? PriceListKind.SALE) === PriceListKind.SALE &&
    (list.sellerDealerId ?? null) === (subject.sellerDealerId ?? null) &&
    fitsSubject(list, subject, now)
  );
}

/** Sort comparator of step 2: negative when `a` outranks `b`. */
export function compareRank(a: RankablePriceList, b: RankablePriceList): number {
  return (
    b.regionDepth - a.regionDepth ||
    Number(b.dealerGrade != null) - Number(a.dealerGrade != null) ||
    b.priority - a.priority ||
    b.validFrom.getTime() - a.validFrom.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The lists that may price for `subject` at `now`, best first (steps 1 and 2). */
export function rankPriceLists<L extends RankablePriceList>(
  lists: readonly L[],
  subject: PricingSubject,
  now: Date,
): L[] {
  return lists.filter((l) => isCandidate(l, subject, now)).sort(compareRank);
}

/**
 * Resolves the price of each of `productIds` from already ranked lists and their entries (step 3).
 * `entries` may hold entries of other lists and products; they are ignored. Products no ranked
 * list prices map to null.
 */
export function resolvePrices<L extends RankablePriceList>(
  ranked: readonly L[],
  entries: readonly PriceEntry[],
  productIds: readonly string[],
): Map<string, ResolvedPrice<L> | null> {
  const byProduct = new Map<string, Map<string, PriceEntry[]>>();
  for (const e of entries) {
    let byList = byProduct.get(e.productId);
    if (!byList) byProduct.set(e.productId, (byList = new Map()));
    const list = byList.get(e.priceListId);
    if (list) list.push(e);
    else byList.set(e.priceListId, [e]);
  }
  const out = new Map<string, ResolvedPrice<L> | null>();
  for (const productId of productIds) {
    out.set(productId, null);
    const byList = byProduct.get(productId);
    if (!byList) continue;
    for (const list of ranked) {
      const own = byList.get(list.id);
      const base = own?.find((e) => e.minQuantity === 1);
      if (!own || !base) continue;
      const tiers = own
        .filter((e) => e.minQuantity > 1)
        .sort((a, b) => a.minQuantity - b.minQuantity)
        .map((e) => ({ minQuantity: e.minQuantity, unitPriceMinor: e.unitPriceMinor }));
      out.set(productId, { productId, priceList: list, unitPriceMinor: base.unitPriceMinor, tiers });
      break;
    }
  }
  return out;
}

/**
 * The unit price of a resolved product for an order quantity: the tier with the largest
 * `minQuantity` not above `quantity`, else the base price. `tierMinQuantity` is null when the base
 * price applies.
 */
export function unitPriceAt(
  resolved: Pick<ResolvedPrice, 'unitPriceMinor' | 'tiers'>,
  quantity: number,
): { unitPriceMinor: number; tierMinQuantity: number | null } {
  let result = { unitPriceMinor: resolved.unitPriceMinor, tierMinQuantity: null as number | null };
  for (const tier of resolved.tiers) {
    if (tier.minQuantity > quantity) break;
    result = { unitPriceMinor: tier.unitPriceMinor, tierMinQuantity: tier.minQuantity };
  }
  return result;
}
