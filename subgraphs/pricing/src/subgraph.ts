import { buildFederatedSchema, type SubgraphDefinition } from '@dnp/subgraph-kit';
import { PriceListEntry } from './entities/price-list-entry.entity.js';
import { PriceList } from './entities/price-list.entity.js';
import { migrations } from './migrations/index.js';
import { createPricingLoaders, type PricingContext, type PricingLoaders } from './pricing.loader.js';
import { PriceListEntryResolver, PriceListResolver } from './resolvers/price-list.resolver.js';
import { ProductPriceResolver } from './resolvers/product-price.resolver.js';
import { QuoteResolver } from './resolvers/quote.resolver.js';
import { isSeeded, seedDemo } from './seed/demo.seed.js';

/** The pricing subgraph: owns PriceList and Quote; adds prices to Product. */
export const pricingSubgraph: SubgraphDefinition<PricingLoaders> = {
  name: 'pricing',
  entities: [PriceList, PriceListEntry],
  migrations,
  createLoaders: createPricingLoaders,
  seed: seedDemo,
  isSeeded,
  buildSchema: () =>
    buildFederatedSchema<PricingContext>({
      resolvers: [ProductPriceResolver, QuoteResolver, PriceListResolver, PriceListEntryResolver],
      referenceResolvers: {
        // Stubs: prices are resolved per field through the request's batched loader.
        Product: (ref) => ({ id: ref.id as string }),
        Region: (ref) => ({ id: ref.id as string }),
      },
    }),
};
