import {
  cursorDate,
  decodeCursor,
  NotFoundError,
  pageSize,
  Role,
  toPage,
  UserInputError,
  type Page,
} from '@dnp/subgraph-kit';
import { raw, type FilterQuery } from '@mikro-orm/core';
import { Dealer } from '../entities/dealer.entity.js';
import type { Qualification } from '../entities/qualification.entity.js';
import type { Region } from '../entities/region.entity.js';
import type { DealersContext } from '../dealers-context.js';
import { DealerSort, type DealerFilter } from '../schema/dealer.input.js';
import { computeHealthScore, healthInputsOf } from './health-score.service.js';
import { dealerScope } from './scope.service.js';

const MAX_SEARCH = 100;
const MAX_ID = 40;

/** Sort definitions: the column keyed on, its direction, and the tie-breaker on id. */
const SORTS: Record<DealerSort, { column: 'code' | 'name' | 'joinedAt'; dir: 'asc' | 'desc' }> = {
  [DealerSort.CODE_ASC]: { column: 'code', dir: 'asc' },
  [DealerSort.CODE_DESC]: { column: 'code', dir: 'desc' },
  [DealerSort.NAME_ASC]: { column: 'name', dir: 'asc' },
  [DealerSort.NAME_DESC]: { column: 'name', dir: 'desc' },
  [DealerSort.JOINED_NEWEST]: { column: 'joinedAt', dir: 'desc' },
  [DealerSort.JOINED_OLDEST]: { column: 'joinedAt', dir: 'asc' },
};

/** The fields of a representation that `healthScore` requires; the gateway sends them to `_entities`. */
const REQUIRED_FIELDS = ['salesStats', 'paymentStats'] as const;

/** Dealer reads, always inside the viewer's data scope (see scope.service.ts). */
export class DealerService {
  /** One dealer the viewer may see; NOT_FOUND for unknown ids and for dealers outside the scope alike. */
  async findOne(ctx: DealersContext, id: string): Promise<Dealer> {
    ctx.requireViewer();
    if (id.length > MAX_ID) throw new NotFoundError('Dealer', id.slice(0, MAX_ID));
    const dealer = await ctx.loaders.dealerById.load(id);
    if (!dealer) throw new NotFoundError('Dealer', id);
    return dealer;
  }

  /** One page of the dealers the viewer may see, matching `filter`, in `sort` order, after `after`. */
  async list(
    ctx: DealersContext,
    args: { first?: number | null; after?: string | null; filter?: DealerFilter | null; sort?: DealerSort | null },
  ): Promise<Page<Dealer>> {
    const viewer = ctx.requireViewer();
    const limit = pageSize(args.first);
    const sort = SORTS[args.sort ?? DealerSort.CODE_ASC];
    const cursor = args.after ? (decodeCursor(args.after, 2) as [string, string]) : null;
    const cursorOf = (d: Dealer) => [sort.column === 'joinedAt' ? d.joinedAt.toISOString() : d[sort.column], d.id];
    const scope = dealerScope(viewer);
    if (!scope) return toPage([], limit, Boolean(args.after), 0, cursorOf);

    const where: FilterQuery<Dealer>[] = [scope];
    const filter = args.filter ?? {};
    if (filter.search != null) {
      const term = filter.search.trim().toLowerCase();
      if (term.length > MAX_SEARCH)
        throw new UserInputError(`search must be at most ${MAX_SEARCH} characters`, 'filter.search');
      // instr() instead of LIKE: user text may hold % or _, and SQLite has no default LIKE escape.
      if (term) where.push({ [raw('instr(search_text, ?)', [term])]: { $gt: 0 } } as FilterQuery<Dealer>);
    }
    if (filter.level) where.push({ level: filter.level });
    if (filter.status) where.push({ status: filter.status });
    if (filter.grade) where.push({ grade: filter.grade });
    if (filter.parentId) where.push({ parentId: filter.parentId });
    if (filter.regionId) {
      const region = await ctx.loaders.regionById.load(filter.regionId);
      if (!region) throw new NotFoundError('Region', filter.regionId);
      where.push({ regionPath: { $like: `${region.path}%` } });
    }

    const base: FilterQuery<Dealer> = { $and: where };
    const page: FilterQuery<Dealer>[] = [];
    if (cursor) {
      const [value, id] = cursor;
      const v = sort.column === 'joinedAt' ? cursorDate(value) : value;
      const op = sort.dir === 'asc' ? '$gt' : '$lt';
      page.push({
        $or: [{ [sort.column]: { [op]: v } }, { [sort.column]: v, id: { [op]: id } }],
      } as FilterQuery<Dealer>);
    }
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([] as Dealer[])
        : ctx.em.find(
            Dealer,
            { $and: [base, ...page] },
            {
              orderBy: { [sort.column]: sort.dir, id: sort.dir } as never,
              limit: limit + 1,
            },
          ),
      ctx.em.count(Dealer, base),
    ]);
    for (const row of rows) ctx.loaders.dealerById.prime(row.id, row);
    return toPage(rows, limit, Boolean(args.after), total, cursorOf);
  }

  /**
   * The top of the viewer's part of the network: `rootId` alone when given (NOT_FOUND outside
   * the scope), else every visible dealer whose parent is not visible (HQ: the national agent; a
   * dealer user: their own dealer). All visible dealers are fetched in one query and primed into
   * the loaders, so walking `children` down the tree costs no further queries.
   */
  async tree(ctx: DealersContext, rootId?: string | null): Promise<Dealer[]> {
    const viewer = ctx.requireViewer();
    if (rootId) return [await this.findOne(ctx, rootId)];
    const scope = dealerScope(viewer);
    if (!scope) return [];
    const rows = await ctx.em.find(Dealer, scope, { orderBy: { code: 'asc' } });
    const ids = new Set(rows.map((d) => d.id));
    const children = new Map<string, Dealer[]>(rows.map((d) => [d.id, []]));
    for (const d of rows) {
      ctx.loaders.dealerById.prime(d.id, d);
      if (d.parentId && ids.has(d.parentId)) children.get(d.parentId)!.push(d);
    }
    for (const [id, list] of children) ctx.loaders.dealersByParent.prime(id, list);
    return rows.filter((d) => !d.parentId || !ids.has(d.parentId));
  }

  /** The dealer's supplier, or null at the top or when the supplier is outside the viewer's scope. */
  parent(ctx: DealersContext, dealer: Dealer): Promise<Dealer | null> | null {
    return dealer.parentId ? ctx.loaders.dealerById.load(dealer.parentId) : null;
  }

  /** The direct sub-dealers the viewer may see, by code. */
  children(ctx: DealersContext, dealer: Dealer): Promise<Dealer[]> {
    return ctx.loaders.dealersByParent.load(dealer.id);
  }

  /** The dealer's home region. */
  async region(ctx: DealersContext, dealer: Dealer): Promise<Region> {
    const region = await ctx.loaders.regionById.load(dealer.regionId);
    if (!region) throw new NotFoundError('Region', dealer.regionId);
    return region;
  }

  /** The regions the dealer may sell into (区域授权). */
  async authorizedRegions(ctx: DealersContext, dealer: Dealer): Promise<Region[]> {
    const links = await ctx.loaders.authorizedRegionsByDealer.load(dealer.id);
    const regions = await ctx.loaders.regionById.loadMany(links.map((l) => l.regionId));
    return regions.filter((r): r is Region => r != null && !(r instanceof Error));
  }

  /** Paths of the dealer's authorized regions; SERVICE callers only (the order saga's eligibility step). */
  async authorizedRegionPaths(ctx: DealersContext, dealer: Dealer): Promise<string[]> {
    ctx.requireRole(Role.SERVICE);
    return (await this.authorizedRegions(ctx, dealer)).map((r) => r.path);
  }

  /** The dealer's licences, by kind. */
  qualifications(ctx: DealersContext, dealer: Dealer): Promise<Qualification[]> {
    return ctx.loaders.qualificationsByDealer.load(dealer.id);
  }

  /** The health score from the stats the gateway passed in (see health-score.service.ts). */
  healthScore(_ctx: DealersContext, dealer: Dealer): number {
    return computeHealthScore(healthInputsOf(dealer));
  }

  /**
   * Resolves an entity representation. The stats `healthScore` requires arrive in the
   * representation, not from our database, so they are laid over a copy of the loaded dealer
   * (the loaded instance is shared by the request's identity map and stays untouched).
   * Dealers outside the viewer's scope resolve to null.
   */
  async resolveReference(ctx: DealersContext, ref: Record<string, unknown>): Promise<Dealer | null> {
    if (typeof ref.id !== 'string') return null;
    const dealer = await ctx.loaders.dealerById.load(ref.id);
    if (!dealer) return null;
    if (!REQUIRED_FIELDS.some((f) => f in ref)) return dealer;
    const view = Object.assign(Object.create(Object.getPrototypeOf(dealer) as object) as Dealer, dealer);
    for (const f of REQUIRED_FIELDS) if (f in ref) (view as unknown as Record<string, unknown>)[f] = ref[f];
    return view;
  }
}
