import { connectionType, Grant, Grants } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { InventoryAlert } from '../entities/inventory-alert.entity.js';
import { Lot } from '../entities/lot.entity.js';
import { Warehouse } from '../entities/warehouse.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import { InventoryAlertService } from '../services/inventory-alert.service.js';
import { ProductRef, ref } from '../schema/federation.type.js';
import { InventoryAlertFilter } from '../schema/inventory-alert.input.js';

export const InventoryAlertConnection = connectionType(InventoryAlert, 'InventoryAlert', 'inventory alert');

const alerts = new InventoryAlertService();

@Resolver(() => InventoryAlert)
export class InventoryAlertResolver {
  @Authorized(...Grants.STAFF)
  @Query(() => InventoryAlertConnection, {
    description:
      "Inventory alerts in the viewer's scope, newest first: HQ all, region managers their region subtree's " +
      "warehouses, dealer users their own warehouses'.",
  })
  inventoryAlerts(
    @Ctx() ctx: InventoryContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => InventoryAlertFilter, { nullable: true, description: 'Conditions the alerts must meet.' })
    filter?: InventoryAlertFilter,
  ) {
    return alerts.list(ctx, { first, after, filter });
  }

  @Authorized(...Grants.STAFF)
  @Query(() => InventoryAlert, {
    description: "One inventory alert; NOT_FOUND when unknown or outside the viewer's scope.",
  })
  inventoryAlert(@Ctx() ctx: InventoryContext, @Arg('id', () => ID, { description: 'Alert id.' }) id: string) {
    return alerts.get(ctx, id);
  }

  @Authorized(Grant.HQ_ADMIN, Grant.REGION_MANAGER, Grant.DEALER_ADMIN)
  @Mutation(() => InventoryAlert, {
    description: 'Acknowledges an inventory alert in scope (HQ, region managers, dealer admins); idempotent.',
  })
  acknowledgeInventoryAlert(
    @Ctx() ctx: InventoryContext,
    @Arg('id', () => ID, { description: 'Alert id.' }) id: string,
  ) {
    return alerts.acknowledge(ctx, id);
  }

  @FieldResolver(() => Warehouse, { description: 'The warehouse the alert is about.' })
  warehouse(@Root() alert: InventoryAlert, @Ctx() ctx: InventoryContext) {
    return ctx.loaders.warehouseById.load(alert.warehouseId);
  }

  @FieldResolver(() => ProductRef, { description: 'The product the alert is about.' })
  product(@Root() alert: InventoryAlert) {
    return ref<ProductRef>(alert.productId);
  }

  @FieldResolver(() => Lot, {
    nullable: true,
    description: 'The lot, for expiry alerts; null for safety-stock alerts.',
  })
  lot(@Root() alert: InventoryAlert, @Ctx() ctx: InventoryContext) {
    return alert.lotId ? ctx.loaders.lotById.load(alert.lotId) : null;
  }

  @FieldResolver(() => Boolean, { description: 'True once someone acknowledged the alert.' })
  acknowledged(@Root() alert: InventoryAlert) {
    return alert.acknowledgedAt != null;
  }
}
