import { decodeCursor, isDealerRole, pageSize, Role, toPage, UserInputError, type Page } from '@dnp/subgraph-kit';
import { raw, type FilterQuery } from '@mikro-orm/core';
import { Dealer } from '../entities/dealer.entity.js';
import { User } from '../entities/user.entity.js';
import type { DealersContext } from '../dealers-context.js';
import type { UserFilter } from '../schema/user-admin.input.js';
import { dealerScope } from './scope.service.js';

const MAX_SEARCH = 100;

/**
 * The user list of the user administration, and the account details (last login, invitation,
 * why disabled) only those who administer or oversee a user may read. Head office reads every
 * user; a regional manager the users of its region's dealers (read only: it administers none);
 * a dealer admin its own dealer's users (not its sub-dealers': they administer their own).
 */
export class UserQueryService {
  /** The users the viewer may list, by username (Relay cursors). */
  async list(
    ctx: DealersContext,
    args: { first?: number | null; after?: string | null; filter?: UserFilter | null },
  ): Promise<Page<User>> {
    const limit = pageSize(args.first);
    const cursor = args.after ? (decodeCursor(args.after, 1) as [string]) : null;
    const cursorOf = (u: User) => [u.username];
    const reach = await this.reach(ctx);
    if (!reach) return toPage([], limit, Boolean(args.after), 0, cursorOf);

    const where: FilterQuery<User>[] = [reach];
    const filter = args.filter ?? {};
    if (filter.dealerId != null) where.push({ dealerId: filter.dealerId });
    if (filter.role != null) where.push({ role: filter.role });
    if (filter.active != null) where.push({ active: filter.active });
    if (filter.search != null) {
      const term = filter.search.trim().toLowerCase();
      if (term.length > MAX_SEARCH)
        throw new UserInputError(`search must be at most ${MAX_SEARCH} characters`, 'filter.search');
      // instr() instead of LIKE: user text may hold % or _, and SQLite has no default LIKE escape.
      if (term)
        where.push({
          [raw('(instr(lower(username), ?) > 0 or instr(lower(display_name), ?) > 0)', [term, term])]: true,
        } as FilterQuery<User>);
    }
    const base: FilterQuery<User> = { $and: where };
    const after: FilterQuery<User>[] = cursor ? [{ username: { $gt: cursor[0] } }] : [];
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([] as User[])
        : ctx.em.find(User, { $and: [base, ...after] }, { orderBy: { username: 'asc' }, limit: limit + 1 }),
      ctx.em.count(User, base),
    ]);
    for (const row of rows) ctx.loaders.userById.prime(row.id, row);
    return toPage(rows, limit, Boolean(args.after), total, cursorOf);
  }

  /**
   * True when the viewer may read `user`'s account details: itself, head office, the admin of the
   * user's dealer, or the manager of the region the user's dealer lies in.
   */
  async mayReadAccount(ctx: DealersContext, user: User): Promise<boolean> {
    const viewer = ctx.viewer;
    if (!viewer) return false;
    if (ctx.isHq || viewer.userId === user.id) return true;
    if (!user.dealerId || !isDealerRole(user.role)) return false;
    if (viewer.role === Role.DEALER_ADMIN) return viewer.dealerId === user.dealerId;
    // The dealer loader carries the viewer's row scope: a manager finds only its region's dealers.
    return viewer.role === Role.REGION_MANAGER && (await ctx.loaders.dealerById.load(user.dealerId)) != null;
  }

  /** `value(user)` when the viewer may read the user's account details, else null. */
  async accountDetail<T>(ctx: DealersContext, user: User, value: (u: User) => T): Promise<T | null> {
    return (await this.mayReadAccount(ctx, user)) ? value(user) : null;
  }

  /** Whether the user has an open invitation; null when the viewer may not read its account details. */
  async invitationPending(ctx: DealersContext, user: User): Promise<boolean | null> {
    return (await this.mayReadAccount(ctx, user)) ? ctx.loaders.invitationPendingByUser.load(user.id) : null;
  }

  /** The users the viewer may list, as a row filter; null when none. */
  private async reach(ctx: DealersContext): Promise<FilterQuery<User> | null> {
    const viewer = ctx.requireViewer();
    if (ctx.isHq) return {};
    if (viewer.role === Role.DEALER_ADMIN) return viewer.dealerId ? { dealerId: viewer.dealerId } : null;
    if (viewer.role !== Role.REGION_MANAGER) return null;
    const scope = dealerScope(viewer);
    if (!scope) return null;
    // A region holds tens of dealers, not thousands: their ids make a short IN list.
    const dealers = await ctx.em.find(Dealer, scope, { fields: ['id'] });
    return dealers.length ? { dealerId: { $in: dealers.map((d) => d.id) } } : null;
  }
}
