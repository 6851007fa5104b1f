import type { RequestContext } from '@dnp/subgraph-kit';
import type DataLoader from 'dataloader';
import type { Dealer, DealerAuthorizedRegion } from './entities/dealer.entity.js';
import type { Qualification } from './entities/qualification.entity.js';
import type { Region } from './entities/region.entity.js';
import type { User } from './entities/user.entity.js';

// Types only: services and resolvers import the context from here rather than from the loader
// module (which uses services), so the layers stay one-way and no import cycle can form.

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
  /** Whether each user has an open (unused, unexpired) invitation. */
  invitationPendingByUser: DataLoader<string, boolean>;
}
/** What every dealers resolver and service receives: the request context with the loaders above. */
export type DealersContext = RequestContext<DealersLoaders>;
