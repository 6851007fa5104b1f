import { keyLoader, type Page, type RequestContext } from '@dnp/subgraph-kit';
import DataLoader from 'dataloader';
import type { PriceListEntry } from './entities/price-list-entry.entity.js';
import { PriceList } from './entities/price-list.entity.js';
import { loadEntryPages, type EntryPageKey } from './services/price-list.service.js';
import { pricingSubjectOf, type PricingSubject } from './services/price-resolution.service.js';
import { loadCandidateLists, loadProductPricing, type ProductPricing } from './services/product-price.service.js';

/** The pricing subgraph's request-scoped loaders and the pricing snapshot they share. */
export interface PricingLoaders {
  /** The instant every price of this request is resolved at, so all fields agree. */
  now: Date;
  /** Who the request's viewer is priced as. */
  subject: PricingSubject;
  /** The viewer's candidate price lists, ranked; loaded at most once per request. */
  candidateLists: () => Promise<PriceList[]>;
  /** A product's viewer and base prices; all products of a tick cost one entries query. */
  productPricing: DataLoader<string, ProductPricing>;
  priceListById: DataLoader<string, PriceList | null>;
  /** Pages of price list entries, batched across lists. */
  entryPages: DataLoader<EntryPageKey, Page<PriceListEntry>, string>;
}
export type PricingContext = RequestContext<PricingLoaders>;

/** Creates fresh loaders for one request. */
export function createPricingLoaders(ctx: PricingContext): PricingLoaders {
  const now = new Date();
  const subject = pricingSubjectOf(ctx.viewer);
  let lists: Promise<PriceList[]> | undefined;
  const candidateLists = () => (lists ??= loadCandidateLists(ctx.em, subject, now));
  return {
    now,
    subject,
    candidateLists,
    productPricing: new DataLoader<string, ProductPricing>(async (ids) => loadProductPricing(ctx.em, await candidateLists(), subject, now, ids), { maxBatchSize: 500 }),
    priceListById: keyLoader(ctx.em, PriceList, 'id'),
    entryPages: new DataLoader<EntryPageKey, Page<PriceListEntry>, string>((keys) => loadEntryPages(ctx.em, keys), {
      cacheKeyFn: (k) => JSON.stringify([k.priceListId, k.first, k.after]),
      maxBatchSize: 200,
    }),
  };
}
