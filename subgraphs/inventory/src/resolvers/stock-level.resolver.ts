import { Grant, Grants, servedByGateway, subscriptionsViaGateway } from '@dnp/subgraph-kit';
import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { InventoryAlert } from '../entities/inventory-alert.entity.js';
import { Lot } from '../entities/lot.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { Warehouse } from '../entities/warehouse.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import { StockAdjustmentService } from '../services/stock-adjustment.service.js';
import { availableOf, StockLevelService } from '../services/stock-level.service.js';
import { ProductRef, ref } from '../schema/federation.type.js';
import { AdjustStockInput, StockLevelFilter, StockLevelSort } from '../schema/inventory.input.js';
import { AdjustStockPayload, Availability, StockLevelConnection } from '../schema/inventory.type.js';

const stockLevels = new StockLevelService();
const adjustments = new StockAdjustmentService();

@Resolver(() => StockLevel)
export class StockLevelResolver {
  @Authorized(...Grants.DEALER_READERS, Grant.WAREHOUSE_OPERATOR)
  @Query(() => StockLevelConnection, {
    description: "Stock levels in the viewer's warehouses, filtered, sorted and paginated (HQ dashboard).",
  })
  stockLevels(
    @Ctx() ctx: InventoryContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => StockLevelFilter, { nullable: true, description: 'Conditions the stock levels must meet.' })
    filter?: StockLevelFilter,
    @Arg('sort', () => StockLevelSort, { nullable: true, description: 'Order of the list (default PRODUCT_ASC).' })
    sort?: StockLevelSort,
  ) {
    return stockLevels.list(ctx, { first, after, filter, sort });
  }

  @Authorized(...Grants.DEALER_READERS, Grant.WAREHOUSE_OPERATOR)
  @Query(() => StockLevel, {
    nullable: true,
    description: "One stock level by id; NOT_FOUND when unknown or in a warehouse outside the viewer's scope.",
  })
  stockLevel(@Ctx() ctx: InventoryContext, @Arg('id', () => ID, { description: 'Stock level id.' }) id: string) {
    return stockLevels.byId(ctx, id);
  }

  @Authorized(...Grants.DEALER_READERS, Grant.WAREHOUSE_OPERATOR)
  @Query(() => [StockLevel], {
    nullable: 'items',
    description:
      'Stock levels by id, in the order asked (at most 100): null for an id that is unknown or in a ' +
      "warehouse outside the viewer's scope. The gateway re-reads a burst of `stockChanged` events with it.",
  })
  stockLevelsByIds(
    @Ctx() ctx: InventoryContext,
    @Arg('ids', () => [ID], { description: 'Stock level ids (at most 100).' }) ids: string[],
  ) {
    return stockLevels.byIds(ctx, ids);
  }

  @Authorized(...Grants.STAFF, Grant.WAREHOUSE_OPERATOR)
  @Subscription(() => StockLevel, {
    subscribe: servedByGateway,
    description:
      'A stock level after each change (adjustment, reservation, release, shipment), served by the gateway ' +
      'over graphql-ws. Each message carries `extensions.event.position`; pass it as `after` when ' +
      'reconnecting to receive what was missed.',
  })
  stockChanged(
    @Arg('productId', () => ID, { nullable: true, description: "Only this product's stock levels." })
    _productId?: string,
    @Arg('warehouseId', () => ID, { nullable: true, description: "Only this warehouse's stock levels." })
    _warehouseId?: string,
    @Arg('productIds', () => [ID], {
      nullable: true,
      description:
        "Only these products' stock levels (at most 200; more is refused with BAD_USER_INPUT): a page " +
        'following the availability of the products it shows. Combines with the other filters.',
    })
    _productIds?: string[],
    @Arg('after', () => String, {
      nullable: true,
      description:
        'Position of the last event received (`extensions.event.position`): events after it are replayed first.',
    })
    _after?: string,
  ): StockLevel {
    throw subscriptionsViaGateway();
  }

  // Lives here with stockChanged: both are inventory's live feeds, served by the gateway.
  @Authorized(...Grants.STAFF)
  @Subscription(() => InventoryAlert, {
    subscribe: servedByGateway,
    description:
      'Each inventory alert (safety stock, expiry) as it is raised, for the viewers who may read it; served ' +
      'by the gateway over graphql-ws. Pass the last `extensions.event.position` as `after` to catch up ' +
      'after a reconnect.',
  })
  inventoryAlertRaised(
    @Arg('after', () => String, {
      nullable: true,
      description:
        'Position of the last event received (`extensions.event.position`): events after it are replayed first.',
    })
    _after?: string,
  ): InventoryAlert {
    throw subscriptionsViaGateway();
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => AdjustStockPayload, {
    description:
      'Changes a stock level by hand and records it in the ledger (HQ_ADMIN only). Refusals come back in ' +
      '`errors` with nothing changed.',
  })
  async adjustStock(
    @Ctx() ctx: InventoryContext,
    @Arg('input', () => AdjustStockInput, { description: 'The change to make.' }) input: AdjustStockInput,
  ) {
    return Object.assign(new AdjustStockPayload(), await adjustments.adjust(ctx, input));
  }

  @FieldResolver(() => Warehouse, { description: 'The warehouse holding the stock.' })
  warehouse(@Root() level: StockLevel, @Ctx() ctx: InventoryContext) {
    return ctx.loaders.warehouseById.load(level.warehouseId);
  }

  @FieldResolver(() => ProductRef, { description: 'The product stocked.' })
  product(@Root() level: StockLevel) {
    return ref<ProductRef>(level.productId);
  }

  @FieldResolver(() => Int, {
    description: 'Units that can still be ordered: on hand minus reserved minus quarantined.',
  })
  available(@Root() level: StockLevel) {
    return availableOf(level);
  }

  @FieldResolver(() => Boolean, { description: 'True when the available quantity is below the safety stock.' })
  belowSafetyStock(@Root() level: StockLevel) {
    return availableOf(level) < level.safetyStock;
  }

  @FieldResolver(() => [Lot], { description: 'The lots with units left, first-expiry-first.' })
  lots(@Root() level: StockLevel, @Ctx() ctx: InventoryContext) {
    return stockLevels.lots(ctx, level);
  }
}

@Resolver(() => ProductRef)
export class ProductStockResolver {
  @FieldResolver(() => Availability, {
    description:
      "Stock summed over the warehouses the viewer may order from (HQ and regional warehouses, plus a dealer's own).",
  })
  availability(@Root() product: ProductRef, @Ctx() ctx: InventoryContext) {
    return stockLevels.availability(ctx, product.id);
  }

  @FieldResolver(() => [StockLevel], {
    description: 'Stock levels of the product in the warehouses the viewer may order from, HQ first.',
  })
  stockLevels(@Root() product: ProductRef, @Ctx() ctx: InventoryContext) {
    return stockLevels.forProduct(ctx, product.id);
  }
}
