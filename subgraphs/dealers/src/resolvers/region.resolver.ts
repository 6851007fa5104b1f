import { Grant } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Region } from '../entities/region.entity.js';
import type { DealersContext } from '../dealers-context.js';
import { RegionService } from '../services/region.service.js';

const regions = new RegionService();

@Resolver(() => Region)
export class RegionResolver {
  // Public: the application form (/apply) offers the tree to callers who have no account yet.
  @Authorized(Grant.ANYONE)
  @Query(() => [Region], {
    description: 'The top of the sales region tree (the country); walk `children` for the rest. Public.',
  })
  regions(@Ctx() ctx: DealersContext) {
    return regions.children(ctx, null);
  }

  @Authorized(Grant.ANYONE)
  @Query(() => Region, { nullable: true, description: 'One region by id; NOT_FOUND when unknown. Public.' })
  region(@Ctx() ctx: DealersContext, @Arg('id', () => ID, { description: 'Region id.' }) id: string) {
    return regions.findOne(ctx, id);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'The parent region; null at the root.' })
  parent(@Root() region: Region, @Ctx() ctx: DealersContext) {
    return regions.parent(ctx, region);
  }

  @FieldResolver(() => [Region], { description: 'Sub-regions in display order.' })
  children(@Root() region: Region, @Ctx() ctx: DealersContext) {
    return regions.children(ctx, region.id);
  }
}
