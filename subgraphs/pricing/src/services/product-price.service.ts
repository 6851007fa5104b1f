import { Money } from '@dnp/subgraph-kit';
import type { PriceList } from '../entities/price-list.entity.js';
import type { PricingContext, ProductPricing } from '../pricing-context.js';
import {
  BASE_SUBJECT,
  rankPriceLists,
  resolvePrices,
  type PriceEntry,
  type PricingSubject,
} from './price-resolution.service.js';

/**
 * Prices many products at once from the subject's ranked lists and the products' entries (any
 * lists; others are ignored): pure resolution for the subject and for the base subject, whose
 * lists come from `all` (every switched-on list; default `ranked`, which holds the base list
 * unless the subject names a seller). Result order follows `productIds`.
 */
export function priceProducts(
  ranked: PriceList[],
  entries: readonly PriceEntry[],
  subject: PricingSubject,
  now: Date,
  productIds: readonly string[],
  all: readonly PriceList[] = ranked,
): ProductPricing[] {
  if (!all.length || !productIds.length) return productIds.map(() => ({ dealer: null, base: null }));
  const dealer = resolvePrices(ranked, entries, productIds);
  const base =
    subject === BASE_SUBJECT ? dealer : resolvePrices(rankPriceLists(all, BASE_SUBJECT, now), entries, productIds);
  return productIds.map((id) => ({ dealer: dealer.get(id) ?? null, base: base.get(id) ?? null }));
}

/** The price fields pricing adds to Product, read through the request's batched loader. */
export class ProductPriceService {
  /** The viewer's unit price for quantity 1; null when no list prices the product for the viewer. */
  async price(ctx: PricingContext, productId: string): Promise<Money | null> {
    const { dealer } = await ctx.loaders.productPricing.load(productId);
    return dealer ? Money.fromMinor(dealer.unitPriceMinor, dealer.priceList.currency) : null;
  }

  /** The base list price for quantity 1; null when the base list does not price the product. */
  async listPrice(ctx: PricingContext, productId: string): Promise<Money | null> {
    const { base } = await ctx.loaders.productPricing.load(productId);
    return base ? Money.fromMinor(base.unitPriceMinor, base.priceList.currency) : null;
  }

  /**
   * A sub-dealer viewer's parent's unit price for quantity 1 (its seller list for the viewer's grade
   * and region); null for a viewer without a dealer or a parent, and when the parent lacks a price.
   */
  async subDealerPrice(ctx: PricingContext, productId: string): Promise<Money | null> {
    const { subject } = ctx.loaders;
    const dealerId = ctx.viewer?.dealerId;
    if (!dealerId || subject === BASE_SUBJECT) return null;
    const parentId = await ctx.loaders.sellers.parentOf(dealerId);
    if (!parentId) return null;
    const { dealer } = await ctx.loaders
      .pricingFor({ ...subject, sellerDealerId: parentId })
      .productPricing.load(productId);
    return dealer ? Money.fromMinor(dealer.unitPriceMinor, dealer.priceList.currency) : null;
  }

  /** The viewer's volume tiers (from the list that decides the viewer's price), ascending. */
  async volumeTiers(ctx: PricingContext, productId: string): Promise<{ minQuantity: number; unitPrice: Money }[]> {
    const { dealer } = await ctx.loaders.productPricing.load(productId);
    if (!dealer) return [];
    return dealer.tiers.map((t) => ({
      minQuantity: t.minQuantity,
      unitPrice: Money.fromMinor(t.unitPriceMinor, dealer.priceList.currency),
    }));
  }
}
