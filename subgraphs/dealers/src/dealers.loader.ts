import { groupLoader, keyLoader, type RequestContext } from '@dnp/subgraph-kit';
import DataLoader from 'dataloader';
import { Dealer, DealerAuthorizedRegion } from './entities/dealer.entity.js';
import { Qualification } from './entities/qualification.entity.js';
import { Region } from './entities/region.entity.js';
import { User } from './entities/user.entity.js';
import { dealerScope } from './services/scope.service.js';

/** The dealers subgraph's request-scoped loaders. */
export interface DealersLoaders {
  regionById: DataLoader<string, Region | null>;
  regionsByParent: DataLoader<string, Region[]>;
  /** Only dealers inside the viewer's scope; others load as null. */
  dealerById: DataLoader<string, Dealer | null>;
  /** Sub-dealers inside the viewer's scope, by code. */
  dealersByParent: DataLoader<string, Dealer[]>;
  authorizedRegionsByDealer: DataLoader<string, DealerAuthorizedRegion[]>;
  qualificationsByDealer: DataLoader<string, Qualification[]>;
  userById: DataLoader<string, User | null>;
}
export type DealersContext = RequestContext<DealersLoaders>;

/** A loader for viewers who may see no dealer: answers without touching the database. */
function emptyLoader<V>(value: () => V): DataLoader<string, V> {
  return new DataLoader<string, V>(async (keys) => keys.map(() => value()));
}

/** Creates fresh loaders for one request; dealer loaders carry the viewer's row scope. */
export function createDealersLoaders(ctx: DealersContext): DealersLoaders {
  const scope = dealerScope(ctx.viewer);
  return {
    regionById: keyLoader(ctx.em, Region, 'id'),
    regionsByParent: groupLoader(ctx.em, Region, 'parentId', {}, { position: 'asc' }),
    dealerById: scope ? keyLoader(ctx.em, Dealer, 'id', scope) : emptyLoader<Dealer | null>(() => null),
    dealersByParent: scope ? groupLoader(ctx.em, Dealer, 'parentId', scope, { code: 'asc' }) : emptyLoader<Dealer[]>(() => []),
    authorizedRegionsByDealer: groupLoader(ctx.em, DealerAuthorizedRegion, 'dealerId', {}, { regionId: 'asc' }),
    qualificationsByDealer: groupLoader(ctx.em, Qualification, 'dealerId', {}, { kind: 'asc' }),
    userById: keyLoader(ctx.em, User, 'id'),
  };
}
