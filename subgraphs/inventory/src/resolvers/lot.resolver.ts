import { Grant, Grants } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { ExpiryStatus, Lot } from '../entities/lot.entity.js';
import { Warehouse } from '../entities/warehouse.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import { LotService } from '../services/lot.service.js';
import { ProductRef, ref } from '../schema/federation.type.js';
import { LotFilter } from '../schema/inventory.input.js';
import { LotConnection } from '../schema/inventory.type.js';

const lots = new LotService();

@Resolver(() => Lot)
export class LotResolver {
  @Authorized(...Grants.DEALER_READERS, Grant.WAREHOUSE_OPERATOR)
  @Query(() => LotConnection, {
    description: "Lots in the viewer's warehouses, first-expiry-first (the expiry watch list).",
  })
  lots(
    @Ctx() ctx: InventoryContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => LotFilter, { nullable: true, description: 'Conditions the lots must meet.' })
    filter?: LotFilter,
  ) {
    return lots.list(ctx, { first, after, filter });
  }

  @FieldResolver(() => ProductRef, { description: 'The product of the lot.' })
  product(@Root() lot: Lot) {
    return ref<ProductRef>(lot.productId);
  }

  @FieldResolver(() => Warehouse, { description: 'The warehouse holding the lot.' })
  warehouse(@Root() lot: Lot, @Ctx() ctx: InventoryContext) {
    return ctx.loaders.warehouseById.load(lot.warehouseId);
  }

  @FieldResolver(() => Int, {
    description: 'Whole days until the lot expires, rounded up; 0 or negative once expired.',
  })
  daysToExpiry(@Root() lot: Lot) {
    return lots.daysToExpiry(lot);
  }

  @FieldResolver(() => ExpiryStatus, { description: 'Red/yellow/blue expiry warning level (红黄蓝预警).' })
  expiryStatus(@Root() lot: Lot) {
    return lots.expiryStatus(lot);
  }
}
