import { Grant, Grants } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Warehouse } from '../entities/warehouse.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import { StockLevelService } from '../services/stock-level.service.js';
import { WarehouseService } from '../services/warehouse.service.js';
import { DealerRef, ref, RegionRef } from '../schema/federation.type.js';
import { WarehouseStockLevelFilter } from '../schema/inventory.input.js';
import { StockLevelConnection } from '../schema/inventory.type.js';

const warehouses = new WarehouseService();
const stockLevels = new StockLevelService();

@Resolver(() => Warehouse)
export class WarehouseResolver {
  @Authorized(...Grants.DEALER_READERS, Grant.WAREHOUSE_OPERATOR)
  @Query(() => [Warehouse], {
    description:
      'The warehouses the viewer may see, HQ first: HQ all; a region manager those in their region; dealer ' +
      'users the HQ and regional warehouses plus their own; a warehouse operator those it works in.',
  })
  warehouses(@Ctx() ctx: InventoryContext) {
    return warehouses.list(ctx);
  }

  @Authorized(...Grants.DEALER_READERS, Grant.WAREHOUSE_OPERATOR)
  @Query(() => Warehouse, {
    nullable: true,
    description: "One warehouse by id; NOT_FOUND when unknown or outside the viewer's scope.",
  })
  warehouse(@Ctx() ctx: InventoryContext, @Arg('id', () => ID, { description: 'Warehouse id.' }) id: string) {
    return warehouses.findOne(ctx, id);
  }

  @FieldResolver(() => RegionRef, { description: 'The region the warehouse is located in.' })
  region(@Root() warehouse: Warehouse) {
    return ref<RegionRef>(warehouse.regionId);
  }

  @FieldResolver(() => DealerRef, {
    nullable: true,
    description: 'The dealer running the warehouse; null for HQ and regional warehouses.',
  })
  dealer(@Root() warehouse: Warehouse) {
    return warehouse.dealerId ? ref<DealerRef>(warehouse.dealerId) : null;
  }

  @FieldResolver(() => StockLevelConnection, {
    description: 'What the warehouse holds, by product id; empty when the viewer may not see the warehouse.',
  })
  stockLevels(
    @Root() warehouse: Warehouse,
    @Ctx() ctx: InventoryContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => WarehouseStockLevelFilter, {
      nullable: true,
      description: 'Conditions the stock levels must meet.',
    })
    filter?: WarehouseStockLevelFilter,
  ) {
    return stockLevels.warehousePage(ctx, warehouse, { first, after, filter });
  }
}

@Resolver(() => DealerRef)
export class DealerWarehousesResolver {
  @FieldResolver(() => [Warehouse], { description: "The dealer's own warehouses that the viewer may see." })
  warehouses(@Root() dealer: DealerRef, @Ctx() ctx: InventoryContext) {
    return warehouses.forDealer(ctx, dealer.id);
  }
}

@Resolver(() => RegionRef)
export class RegionWarehousesResolver {
  @FieldResolver(() => [Warehouse], {
    description: 'Warehouses located in this region or below it that the viewer may see.',
  })
  warehouses(@Root() region: RegionRef, @Ctx() ctx: InventoryContext) {
    return warehouses.forRegion(ctx, region.id);
  }
}
