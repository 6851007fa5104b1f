import { NotFoundError } from '@dnp/subgraph-kit';
import { Region } from '../entities/region.entity.js';
import type { DealersContext } from '../dealers-context.js';

/** Region tree reads. The tree is public: anonymous callers may read it too. */
export class RegionService {
  /** The top of the tree (the country), or the children of `parentId`, in display order. */
  async children(ctx: DealersContext, parentId: string | null): Promise<Region[]> {
    if (parentId === null) return ctx.em.find(Region, { parentId: null }, { orderBy: { position: 'asc' } });
    return ctx.loaders.regionsByParent.load(parentId);
  }

  /** One region by id; NOT_FOUND when unknown. */
  async findOne(ctx: DealersContext, id: string): Promise<Region> {
    const region = await ctx.loaders.regionById.load(id);
    if (!region) throw new NotFoundError('Region', id);
    return region;
  }

  /** The parent region, or null at the root. */
  parent(ctx: DealersContext, region: Region): Promise<Region | null> | null {
    return region.parentId ? ctx.loaders.regionById.load(region.parentId) : null;
  }
}
