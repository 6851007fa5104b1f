import type { Page, RequestContext } from '@dnp/subgraph-kit';
import type DataLoader from 'dataloader';
import type { PriceListEntry } from './entities/price-list-entry.entity.js';
import type { PriceList } from './entities/price-list.entity.js';
import type { ProductAttribute } from './entities/product-attribute.entity.js';
import type { Promotion } from './entities/promotion.entity.js';
import type { RegionNode } from './entities/region-node.entity.js';
import type { FloorPrice } from './services/price-floor.rule.js';
import type { PricingSubject, ResolvedPrice } from './services/price-resolution.service.js';
import type { RebateBalances } from './services/rebate-balance.service.js';
import type { SellerDirectory } from './services/seller-directory.service.js';

// Types only: services and resolvers import the context from here, so they never depend on the
// loader module (which itself uses services) and no import cycle can form.

/** One page request of a list's entries, as the request's `entryPages` loader batches them. */
export interface EntryPageKey {
  priceListId: string;
  first: number;
  after: string | null;
}

/** A product's prices as one request sees them. */
export interface ProductPricing {
  /** The viewer's price (its deciding list, base price and tiers); null when no candidate list prices the product. */
  dealer: ResolvedPrice<PriceList> | null;
  /** The base list price (what a viewer without a dealer pays); null when the base list lacks the product. */
  base: ResolvedPrice<PriceList> | null;
}

/** Candidate lists and batched product prices for one pricing subject. */
export interface SubjectPricing {
  /** The subject's candidate price lists, ranked; loaded at most once per request. */
  candidateLists: () => Promise<PriceList[]>;
  /** A product's subject and base prices; all products of a tick cost one entries query. */
  productPricing: DataLoader<string, ProductPricing>;
  /** The brand's floor of a product for the subject's grade and region (`price-floor.rule.ts`); batched. */
  productFloor: DataLoader<string, FloorPrice | null>;
}

/** The pricing subgraph's request-scoped loaders and the pricing snapshot they share. */
export interface PricingLoaders extends SubjectPricing {
  /** The instant every price of this request is resolved at, so all fields agree. */
  now: Date;
  /** Who the request's viewer is priced as. */
  subject: PricingSubject;
  /**
   * Pricing for another subject (HQ's previewQuote as a dealer of a grade and region, a quote from a
   * seller, a floor check for a sub-dealer's grade and region); memoized per subject.
   */
  pricingFor: (subject: PricingSubject) => SubjectPricing;
  priceListById: DataLoader<string, PriceList | null>;
  /** Pages of price list entries, batched across lists. */
  entryPages: DataLoader<EntryPageKey, Page<PriceListEntry>, string>;
  /** Category path and brand of products (local read model), batched. */
  productAttributes: DataLoader<string, ProductAttribute | null>;
  /** Region paths (local read model), batched. */
  regionById: DataLoader<string, RegionNode | null>;
  /** Every switched-on promotion (any window); one query per request. */
  activePromotionRows: () => Promise<Promotion[]>;
  promotionById: DataLoader<string, Promotion | null>;
  /** Orders a dealer placed per promotion (promotion id → count); one query per dealer and request. */
  dealerUsage: (dealerId: string) => Promise<Map<string, number>>;
  /** Parents and sub-dealers, from the dealers subgraph (specs set a fake). */
  sellers: SellerDirectory;
  /** Dealers' rebate balances, from the finance subgraph (specs set a fake). */
  rebateBalances: RebateBalances;
}
/** What every pricing resolver and service receives: the request context with the loaders above. */
export type PricingContext = RequestContext<PricingLoaders>;
