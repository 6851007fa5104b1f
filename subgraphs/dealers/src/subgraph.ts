import { buildFederatedSchema, type SubgraphDefinition } from '@dnp/subgraph-kit';
import { createDealersLoaders, type DealersContext, type DealersLoaders } from './dealers.loader.js';
import { Dealer, DealerAuthorizedRegion } from './entities/dealer.entity.js';
import { Qualification } from './entities/qualification.entity.js';
import { PartnerKey } from './entities/partner-key.entity.js';
import { RefreshToken } from './entities/refresh-token.entity.js';
import { Region } from './entities/region.entity.js';
import { User } from './entities/user.entity.js';
import { migrations } from './migrations/index.js';
import { createAuthResolver } from './resolvers/auth.resolver.js';
import { DealerResolver } from './resolvers/dealer.resolver.js';
import { PartnerKeyResolver } from './resolvers/partner-key.resolver.js';
import { QualificationResolver } from './resolvers/qualification.resolver.js';
import { RegionResolver } from './resolvers/region.resolver.js';
import { UserResolver } from './resolvers/user.resolver.js';
import { isSeeded, seedDemo } from './seed/demo.seed.js';
import { AuthService, DEV_AUTH_JWT_SECRET, type AuthSettings } from './services/auth.service.js';
import { DealerService } from './services/dealer.service.js';
import { UserService } from './services/user.service.js';

const dealers = new DealerService();
const users = new UserService();

/** The dealers subgraph (Region, Dealer, User, Qualification, login) signing tokens with `auth`. */
export function createDealersSubgraph(auth: AuthSettings): SubgraphDefinition<DealersLoaders> {
  return {
    name: 'dealers',
    entities: [Region, Dealer, DealerAuthorizedRegion, Qualification, User, RefreshToken, PartnerKey],
    migrations,
    createLoaders: createDealersLoaders,
    seed: seedDemo,
    isSeeded,
    buildSchema: () =>
      buildFederatedSchema<DealersContext>({
        resolvers: [RegionResolver, DealerResolver, QualificationResolver, UserResolver, PartnerKeyResolver, createAuthResolver(new AuthService(auth))],
        referenceResolvers: {
          Region: (ref, ctx) => ctx.loaders.regionById.load(ref.id as string),
          Dealer: (ref, ctx) => dealers.resolveReference(ctx, ref),
          User: (ref, ctx) => users.resolveReference(ctx, ref),
        },
      }),
  };
}

/**
 * The definition with development token settings, for tests, SDL printing and migration tooling;
 * `main.ts` builds its own from the configuration.
 */
export const dealersSubgraph: SubgraphDefinition<DealersLoaders> = createDealersSubgraph({
  jwtSecret: DEV_AUTH_JWT_SECRET,
  accessTtlSeconds: 3600,
  refreshTtlDays: 30,
});
