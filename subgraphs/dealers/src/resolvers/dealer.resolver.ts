import { Grant, Grants } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, Directive, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Dealer } from '../entities/dealer.entity.js';
import { Qualification } from '../entities/qualification.entity.js';
import { Region } from '../entities/region.entity.js';
import type { DealersContext } from '../dealers-context.js';
import { DealerService } from '../services/dealer.service.js';
import { DealerFilter, DealerSort } from '../schema/dealer.input.js';
import { DealerConnection } from '../schema/dealer.type.js';

const dealers = new DealerService();

@Resolver(() => Dealer)
export class DealerResolver {
  @Authorized(...Grants.DEALER_READERS, Grant.FINANCE_CLERK)
  @Query(() => Dealer, {
    nullable: true,
    description:
      "One dealer by id, if the caller may see it; NOT_FOUND otherwise (unknown or outside the caller's scope).",
  })
  dealer(@Ctx() ctx: DealersContext, @Arg('id', () => ID, { description: 'Dealer id.' }) id: string) {
    return dealers.findOne(ctx, id);
  }

  @Authorized(...Grants.DEALER_READERS, Grant.FINANCE_CLERK)
  @Query(() => DealerConnection, {
    description:
      'The dealers the caller may see (head office and finance clerks: all; regional managers: their region ' +
      'subtree; dealer users: their dealer and its sub-dealers), filtered, sorted and paginated (Relay cursors).',
  })
  dealers(
    @Ctx() ctx: DealersContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => DealerFilter, { nullable: true, description: 'Conditions the dealers must meet.' })
    filter?: DealerFilter,
    @Arg('sort', () => DealerSort, { nullable: true, description: 'Order of the list (default CODE_ASC).' })
    sort?: DealerSort,
  ) {
    return dealers.list(ctx, { first, after, filter, sort });
  }

  @Authorized(...Grants.DEALER_READERS, Grant.FINANCE_CLERK)
  @Query(() => [Dealer], {
    description: "The top of the caller's part of the dealer network (or just `rootId`); walk `children` for the tree.",
  })
  dealerTree(
    @Ctx() ctx: DealersContext,
    @Arg('rootId', () => ID, {
      nullable: true,
      description: "Start the tree at this dealer instead of the top of the caller's scope.",
    })
    rootId?: string,
  ) {
    return dealers.tree(ctx, rootId);
  }

  @FieldResolver(() => Region, { description: 'Home region, where the dealer is registered.' })
  region(@Root() dealer: Dealer, @Ctx() ctx: DealersContext) {
    return dealers.region(ctx, dealer);
  }

  @FieldResolver(() => Dealer, {
    nullable: true,
    description: "The dealer that supplies this one; null for the national agent or when outside the caller's scope.",
  })
  parent(@Root() dealer: Dealer, @Ctx() ctx: DealersContext) {
    return dealers.parent(ctx, dealer);
  }

  @FieldResolver(() => [Dealer], { description: 'Direct sub-dealers the caller may see, by code.' })
  children(@Root() dealer: Dealer, @Ctx() ctx: DealersContext) {
    return dealers.children(ctx, dealer);
  }

  @FieldResolver(() => [Region], { description: 'Regions the dealer is authorized to sell into (区域授权).' })
  authorizedRegions(@Root() dealer: Dealer, @Ctx() ctx: DealersContext) {
    return dealers.authorizedRegions(ctx, dealer);
  }

  @FieldResolver(() => [String], {
    description:
      'Materialized paths ("/reg_cn/reg_south/reg_gd/") of the authorized regions, for the order saga\'s ' +
      'region check. Service callers only (FORBIDDEN otherwise); not exposed by the gateway.',
  })
  @Directive('@inaccessible')
  authorizedRegionPaths(@Root() dealer: Dealer, @Ctx() ctx: DealersContext) {
    return dealers.authorizedRegionPaths(ctx, dealer);
  }

  @FieldResolver(() => [Qualification], { description: 'Licences and certificates the dealer holds (资质).' })
  qualifications(@Root() dealer: Dealer, @Ctx() ctx: DealersContext) {
    return dealers.qualifications(ctx, dealer);
  }

  @FieldResolver(() => Int, {
    description:
      'Health score 0..100 (经销商健康度): 40·on-time payment rate + 30·min(1, 90-day sales / grade target) + ' +
      '20·(1 − overdue / 90-day sales, 1 when nothing is overdue) + 10·(has ordered in 12 months), rounded.',
  })
  @Directive(
    '@requires(fields: "salesStats { last90DaysAmount { amount } orderCount } paymentStats { onTimeRate ' +
      'overdueAmount { amount } }")',
  )
  healthScore(@Root() dealer: Dealer, @Ctx() ctx: DealersContext) {
    return dealers.healthScore(ctx, dealer);
  }
}
