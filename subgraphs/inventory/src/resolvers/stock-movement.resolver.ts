import { Grant, Grants } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { Lot } from '../entities/lot.entity.js';
import { StockMovement } from '../entities/stock-movement.entity.js';
import { Warehouse } from '../entities/warehouse.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import { StockMovementService } from '../services/stock-movement.service.js';
import { ProductRef, ref } from '../schema/federation.type.js';
import { StockMovementFilter } from '../schema/inventory.input.js';
import { StockMovementConnection } from '../schema/inventory.type.js';

const movements = new StockMovementService();

@Resolver(() => StockMovement)
export class StockMovementResolver {
  @Authorized(...Grants.MANAGERS, Grant.WAREHOUSE_OPERATOR)
  @Query(() => StockMovementConnection, {
    description:
      "The stock ledger, newest first, in the viewer's warehouses (HQ, region managers and warehouse " +
      'operators only; FORBIDDEN for others).',
  })
  stockMovements(
    @Ctx() ctx: InventoryContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => StockMovementFilter, { nullable: true, description: 'Conditions the movements must meet.' })
    filter?: StockMovementFilter,
  ) {
    return movements.list(ctx, { first, after, filter });
  }

  @FieldResolver(() => Warehouse, { description: 'The warehouse whose stock changed.' })
  warehouse(@Root() movement: StockMovement, @Ctx() ctx: InventoryContext) {
    return ctx.loaders.warehouseById.load(movement.warehouseId);
  }

  @FieldResolver(() => ProductRef, { description: 'The product whose stock changed.' })
  product(@Root() movement: StockMovement) {
    return ref<ProductRef>(movement.productId);
  }

  @FieldResolver(() => Lot, {
    nullable: true,
    description: 'The lot the units came from or went to; null when not tied to one lot.',
  })
  lot(@Root() movement: StockMovement, @Ctx() ctx: InventoryContext) {
    return movement.lotId ? ctx.loaders.lotById.load(movement.lotId) : null;
  }
}
