import { findPlain, keyLoader, type Page } from '@dnp/subgraph-kit';
import DataLoader from 'dataloader';
import type { PriceListEntry } from './entities/price-list-entry.entity.js';
import { PriceList } from './entities/price-list.entity.js';
import { ProductAttribute } from './entities/product-attribute.entity.js';
import { PromotionDealerUsage } from './entities/promotion-dealer-usage.entity.js';
import { Promotion } from './entities/promotion.entity.js';
import { RegionNode } from './entities/region-node.entity.js';
import type {
  EntryPageKey,
  PricingContext,
  PricingLoaders,
  ProductPricing,
  SubjectPricing,
} from './pricing-context.js';
import { loadEntryPages } from './services/price-list.service.js';
import { config } from './config.js';
import { pricingSubjectOf, rankPriceLists, type PricingSubject } from './services/price-resolution.service.js';
import { pricingReferenceOf, type PricingReferenceCache } from './services/pricing-reference.cache.js';
import { priceProducts } from './services/product-price.service.js';

function subjectPricing(
  ctx: PricingContext,
  reference: PricingReferenceCache,
  subject: PricingSubject,
  now: Date,
): SubjectPricing {
  let lists: Promise<PriceList[]> | undefined;
  const candidateLists = () =>
    (lists ??= reference.activeLists(ctx.em).then((all) => rankPriceLists(all, subject, now)));
  return {
    candidateLists,
    productPricing: new DataLoader<string, ProductPricing>(
      async (ids) => priceProducts(await candidateLists(), await reference.entriesOf(ctx.em, ids), subject, now, ids),
      { maxBatchSize: 500 },
    ),
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
    productAttributes: new DataLoader<string, ProductAttribute | null>((ids) => reference.attributesOf(ctx.em, ids), {
      maxBatchSize: 500,
    }),
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
      if (!p)
        usage.set(
          dealerId,
          (p = findPlain(ctx.em, PromotionDealerUsage, { dealerId }).then(
            (rows) => new Map(rows.map((r) => [r.promotionId, r.orders])),
          )),
        );
      return p;
    },
  };
}
