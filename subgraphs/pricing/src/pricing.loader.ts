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
import { resolveFloors, type FloorPrice } from './services/price-floor.rule.js';
import { remoteSellerDirectory } from './services/seller-directory.service.js';
import { remoteRebateBalances } from './services/rebate-balance.service.js';

/** Pricing for one subject; `allLists` answers every switched-on list, read once per request. */
function subjectPricing(
  ctx: PricingContext,
  reference: PricingReferenceCache,
  subject: PricingSubject,
  now: Date,
  allLists: () => Promise<PriceList[]>,
): SubjectPricing {
  let lists: Promise<PriceList[]> | undefined;
  const candidateLists = () => (lists ??= allLists().then((all) => rankPriceLists(all, subject, now)));
  return {
    candidateLists,
    productPricing: new DataLoader<string, ProductPricing>(
      async (ids) => {
        const [ranked, entries, all] = await Promise.all([
          candidateLists(),
          reference.entriesOf(ctx.em, ids),
          allLists(),
        ]);
        return priceProducts(ranked, entries, subject, now, ids, all);
      },
      { maxBatchSize: 500 },
    ),
    productFloor: new DataLoader<string, FloorPrice | null>(
      async (ids) => {
        const [all, entries] = await Promise.all([allLists(), reference.entriesOf(ctx.em, ids)]);
        const floors = resolveFloors(all, entries, subject, now, ids);
        return ids.map((id) => floors.get(id) ?? null);
      },
      { maxBatchSize: 500 },
    ),
  };
}

/** Creates fresh loaders for one request. */
export function createPricingLoaders(ctx: PricingContext): PricingLoaders {
  const now = new Date();
  const subject = pricingSubjectOf(ctx.viewer);
  const reference = pricingReferenceOf(ctx.em, config.PRICING_REFERENCE_CACHE_MS);
  let lists: Promise<PriceList[]> | undefined;
  const allLists = () => (lists ??= reference.activeLists(ctx.em));
  const own = subjectPricing(ctx, reference, subject, now, allLists);
  const others = new Map<string, SubjectPricing>();
  let promotions: Promise<Promotion[]> | undefined;
  const usage = new Map<string, Promise<Map<string, number>>>();
  const promotionById = keyLoader<Promotion>(ctx.em, Promotion, 'id');
  return {
    now,
    subject,
    ...own,
    pricingFor: (s) => {
      const keyOf = (x: PricingSubject) =>
        JSON.stringify([x.dealerGrade, x.regionId, x.regionPath, x.sellerDealerId ?? null]);
      const key = keyOf(s);
      if (key === keyOf(subject)) return own;
      let p = others.get(key);
      if (!p) others.set(key, (p = subjectPricing(ctx, reference, s, now, allLists)));
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
    sellers: remoteSellerDirectory(),
    rebateBalances: remoteRebateBalances(),
  };
}
