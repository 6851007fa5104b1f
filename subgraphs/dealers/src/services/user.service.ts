import { isDealerRole, Role } from '@dnp/subgraph-kit';
import type { Dealer } from '../entities/dealer.entity.js';
import type { Region } from '../entities/region.entity.js';
import type { User } from '../entities/user.entity.js';
import type { DealersContext } from '../dealers-context.js';

/** User reads. Password hashes never leave this service's entities. */
export class UserService {
  /** The logged-in user; null for anonymous callers and for non-human callers (SERVICE, PARTNER). */
  async me(ctx: DealersContext): Promise<User | null> {
    const viewer = ctx.viewer;
    if (!viewer || viewer.role === Role.SERVICE || viewer.role === Role.PARTNER) return null;
    return ctx.loaders.userById.load(viewer.userId);
  }

  /**
   * Resolves a User reference from another subgraph (e.g. who reviewed an order). Logged-in
   * callers see head-office and manager users, themselves, and the users of dealers in their
   * scope; anything else resolves to null, so one dealer never learns another's staff.
   */
  async resolveReference(ctx: DealersContext, ref: Record<string, unknown>): Promise<User | null> {
    const viewer = ctx.viewer;
    if (!viewer || typeof ref.id !== 'string') return null;
    const user = await ctx.loaders.userById.load(ref.id);
    if (!user) return null;
    if (ctx.isHq || user.id === viewer.userId || !isDealerRole(user.role) || !user.dealerId) return user;
    return (await ctx.loaders.dealerById.load(user.dealerId)) ? user : null;
  }

  /** The dealer a dealer user acts for (null for others or outside the viewer's scope). */
  dealer(ctx: DealersContext, user: User): Promise<Dealer | null> | null {
    return user.dealerId ? ctx.loaders.dealerById.load(user.dealerId) : null;
  }

  /** The user's region: a manager's region, or a dealer user's home region. */
  region(ctx: DealersContext, user: User): Promise<Region | null> | null {
    return user.regionId ? ctx.loaders.regionById.load(user.regionId) : null;
  }
}
