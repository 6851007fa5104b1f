import {
  AUDIT_ENTITIES,
  AUDIT_RESOLVERS,
  buildFederatedSchema,
  startEventConsumers,
  type SubgraphDefinition,
} from '@dnp/subgraph-kit';
import { config } from './config.js';
import { PriceListEntry } from './entities/price-list-entry.entity.js';
import { PriceList } from './entities/price-list.entity.js';
import { ProductAttribute } from './entities/product-attribute.entity.js';
import { PromotionConsumption } from './entities/promotion-consumption.entity.js';
import { PromotionDealerUsage } from './entities/promotion-dealer-usage.entity.js';
import { PromotionRedemption } from './entities/promotion-redemption.entity.js';
import { Promotion } from './entities/promotion.entity.js';
import { RegionNode } from './entities/region-node.entity.js';
import { PriceViolation } from './entities/price-violation.entity.js';
import { ResaleFloor } from './entities/resale-floor.entity.js';
import { RetailPriceReport } from './entities/retail-price-report.entity.js';
import { migrations } from './migrations/index.js';
import type { PricingContext, PricingLoaders } from './pricing-context.js';
import { createPricingLoaders } from './pricing.loader.js';
import { PriceListEntryResolver, PriceListResolver } from './resolvers/price-list.resolver.js';
import { ProductPriceResolver } from './resolvers/product-price.resolver.js';
import { PromotionResolver } from './resolvers/promotion.resolver.js';
import { QuoteResolver } from './resolvers/quote.resolver.js';
import { SellerPriceListResolver } from './resolvers/seller-price-list.resolver.js';
import {
  PriceViolationResolver,
  ResaleFloorResolver,
  RetailPriceReportResolver,
} from './resolvers/price-control.resolver.js';
import { PriceViolationService } from './services/price-violation.service.js';
import { retailPricesConsumer } from './services/retail-prices-consumer.js';
import { isSeeded, seedDemo } from './seed/demo.seed.js';
import { pricingCachesConsumer } from './services/caches-consumer.js';
import { pricingReferenceOf } from './services/pricing-reference.cache.js';
import { catalogueConsumer } from './services/catalogue-consumer.js';

/** The pricing subgraph: owns PriceList, Promotion and Quote; adds prices to Product. */
export const pricingSubgraph: SubgraphDefinition<PricingLoaders> = {
  name: 'pricing',
  entities: [
    PriceList,
    PriceListEntry,
    ProductAttribute,
    RegionNode,
    Promotion,
    PromotionConsumption,
    PromotionRedemption,
    PromotionDealerUsage,
    ResaleFloor,
    RetailPriceReport,
    PriceViolation,
    ...AUDIT_ENTITIES,
  ],
  migrations,
  createLoaders: createPricingLoaders,
  seed: seedDemo,
  isSeeded,
  // The event consumers (kit protocol, docs/events.md): read models and this process's caches.
  background: (orm, log) =>
    startEventConsumers({ name: 'pricing', orm, log }, config, [
      pricingCachesConsumer(() => pricingReferenceOf(orm.em, config.PRICING_REFERENCE_CACHE_MS)),
      // net:P1 consumers (pricing:catalogue)
      catalogueConsumer,
      // issue 16 price control (pricing:retail-prices)
      retailPricesConsumer,
    ]),
  buildSchema: () =>
    buildFederatedSchema<PricingContext>({
      resolvers: [
        ProductPriceResolver,
        QuoteResolver,
        PriceListResolver,
        PriceListEntryResolver,
        PromotionResolver,
        SellerPriceListResolver,
        ResaleFloorResolver,
        RetailPriceReportResolver,
        PriceViolationResolver,
        ...AUDIT_RESOLVERS,
      ],
      referenceResolvers: {
        // Stubs: prices are resolved per field through the request's batched loader.
        Product: (ref) => ({ id: ref.id as string }),
        Region: (ref) => ({ id: ref.id as string }),
        Dealer: (ref) => ({ id: ref.id as string }),
        // Scoped like the direct read: an out-of-scope violation resolves to null.
        PriceViolation: (ref, ctx) => new PriceViolationService().visible(ctx, ref.id as string),
      },
    }),
};
