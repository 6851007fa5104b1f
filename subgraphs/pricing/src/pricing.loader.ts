import { findPlain, keyLoader, type Page, type RequestContext } from '@dnp/subgraph-kit';
import DataLoader from 'dataloader';
import type { PriceListEntry } from './entities/price-list-entry.entity.js';
import { PriceList } from './entities/price-list.entity.js';
import { ProductAttribute } from './entities/product-attribute.entity.js';
import { PromotionDealerUsage } from './entities/promotion-dealer-usage.entity.js';
import { Promotion } from './entities/promotion.entity.js';
import { RegionNode } from './entities/region-node.entity.js';
import { loadEntryPages, type EntryPageKey } from './services/price-list.service.js';
import { config } from './config.js';
import { pricingSubjectOf, rankPriceLists, type PricingSubject } from './services/price-resolution.service.js';
import { pricingReferenceOf, type PricingReferenceCache } from './services/pricing-reference.cache.js';
import { priceProducts, type ProductPricing } from './services/product-price.service.js';

/** Candidate lists and batched product prices for one pricing subject. */
export interface SubjectPricing {
  /** The subject's candidate price lists, ranked; loaded at most once per request. */
  candidateLists: () => Promise<PriceList[]>;
  /** A product's subject and base prices; all products of a tick cost one entries query. */
  productPricing: DataLoader<string, ProductPricing>;
}

/** The pricing subgraph's request-scoped loaders and the pricing snapshot they share. */
export interface PricingLoaders extends SubjectPricing {
  /** The instant every price of this request is resolved at, so all fields agree. */
  now: Date;
  /** Who the request's viewer is priced as. */
  subject: PricingSubject;
  /** Pricing for another subject (HQ's previewQuote as a dealer of a grade and region); memoized per subject. */
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
}
export type PricingContext = RequestContext<PricingLoaders>;

function subjectPricing(ctx: PricingContext, reference: PricingReferenceCache, subject: PricingSubject, now: Date): SubjectPricing {
  let lists: Promise<PriceList[]> | undefined;
  const candidateLists = () => (lists ??= reference.activeLists(ctx.em).then((all) => rankPriceLists(all, subject, now)));
  return {
    candidateLists,
    productPricing: new DataLoader<string, ProductPricing>(async (ids) => priceProducts(await candidateLists(), await reference.entriesOf(ctx.em, ids), subject, now, ids), { maxBatchSize: 500 }),
  };
}

/** Creates fresh loaders for one request. */
export function createPricingLoaders(ctx: PricingContext): PricingLoaders {
  const now = new Date();
  const subject = pricingSubjectOf(ctx.viewer);
  const reference = pricingReferenceOf(ctx.em, config.PRICING_REFERENCE_CACHE_MS);
  const own = subjectPricing(ctx, reference, subject, now);
  const others = new Map<string, SubjectPricing>();
  let promotions: Promise<Promotion[]> | undefined;
  const usage = new Map<string, Promise<Map<string, number>>>();
  const promotionById = keyLoader<Promotion>(ctx.em, Promotion, 'id');
  return {
    now,
    subject,
    ...own,
    pricingFor: (s) => {
      const key = JSON.stringify([s.dealerGrade, s.regionId, s.regionPath]);
      if (key === JSON.stringify([subject.dealerGrade, subject.regionId, subject.regionPath])) return own;
      let p = others.get(key);
      if (!p) others.set(key, (p = subjectPricing(ctx, reference, s, now)));
      return p;
    },
    priceListById: keyLoader(ctx.em, PriceList, 'id'),
    entryPages: new DataLoader<EntryPageKey, Page<PriceListEntry>, string>((keys) => loadEntryPages(ctx.em, keys), {
      cacheKeyFn: (k) => JSON.stringify([k.priceListId, k.first, k.after]),
      maxBatchSize: 200,
    }),
    productAttributes: new DataLoader<string, ProductAttribute | null>((ids) => reference.attributesOf(ctx.em, ids), { maxBatchSize: 500 }),
    regionById: keyLoader<RegionNode>(ctx.em, RegionNode, 'regionId'),
    activePromotionRows: () =>
      // Plain rows (a third of the CPU of managed entities, read on every quote); nothing changes them.
      (promotions ??= findPlain(ctx.em, Promotion, { active: true }, { priority: 'desc', id: 'asc' }).then((rows) => {
        for (const row of rows) promotionById.prime(row.id, row);
        return rows;
      })),
    promotionById,
    dealerUsage: (dealerId) => {
      let p = usage.get(dealerId);
      if (!p) usage.set(dealerId, (p = findPlain(ctx.em, PromotionDealerUsage, { dealerId }).then((rows) => new Map(rows.map((r) => [r.promotionId, r.orders])))));
      return p;
    },
  };
}
