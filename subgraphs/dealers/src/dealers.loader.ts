import { groupLoader, keyLoader } from '@dnp/subgraph-kit';
import DataLoader from 'dataloader';
import { Dealer, DealerAuthorizedRegion } from './entities/dealer.entity.js';
import { Qualification } from './entities/qualification.entity.js';
import { Region } from './entities/region.entity.js';
import { User } from './entities/user.entity.js';
import { UserInvitation } from './entities/user-invitation.entity.js';
import type { DealersContext, DealersLoaders } from './dealers-context.js';
import { dealerScope } from './services/scope.service.js';

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
    dealersByParent: scope
      ? groupLoader(ctx.em, Dealer, 'parentId', scope, { code: 'asc' })
      : emptyLoader<Dealer[]>(() => []),
    authorizedRegionsByDealer: groupLoader(ctx.em, DealerAuthorizedRegion, 'dealerId', {}, { regionId: 'asc' }),
    qualificationsByDealer: groupLoader(ctx.em, Qualification, 'dealerId', {}, { kind: 'asc' }),
    userById: keyLoader(ctx.em, User, 'id'),
    invitationPendingByUser: new DataLoader<string, boolean>(async (userIds) => {
      const open = await ctx.em.find(
        UserInvitation,
        { userId: { $in: [...userIds] }, usedAt: null, expiresAt: { $gt: new Date() } },
        { fields: ['userId'] },
      );
      const pending = new Set(open.map((i) => i.userId));
      return userIds.map((id) => pending.has(id));
    }),
  };
}
