import { Grant, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { InventoryContext } from '../inventory-context.js';
import { CreateWarehouseInput, SetSafetyStockInput, UpdateWarehouseInput } from '../schema/warehouse-admin.input.js';
import { SafetyStockPayload, WarehousePayload } from '../schema/warehouse-admin.type.js';
import { SafetyStockService } from '../services/safety-stock.service.js';
import { WarehouseAdminService, type WarehouseResult } from '../services/warehouse-admin.service.js';

const admin = new WarehouseAdminService();
const safetyStocks = new SafetyStockService();

const payload = (r: WarehouseResult) =>
  Object.assign(new WarehousePayload(), { warehouse: r.warehouse, errors: toUserErrors(r.errors) });

/** Warehouse master data and safety stock (§6 of the network-administration plan). */
@Resolver()
export class WarehouseAdminResolver {
  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => WarehousePayload, {
    description:
      'Opens a warehouse (HQ only): WAREHOUSE_CODE_TAKEN, REGION_UNKNOWN, DEALER_REQUIRED, DEALER_NOT_ACTIVE, ' +
      'DEALER_HAS_WAREHOUSE; nothing is written on refusal.',
  })
  async createWarehouse(
    @Ctx() ctx: InventoryContext,
    @Arg('input', () => CreateWarehouseInput, { description: 'The new warehouse.' }) input: CreateWarehouseInput,
  ) {
    return payload(await admin.create(ctx, input));
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => WarehousePayload, {
    description:
      "Changes a warehouse's names, address or region (HQ only): VERSION_CONFLICT when someone changed it since " +
      'it was read, REGION_UNKNOWN.',
  })
  async updateWarehouse(
    @Ctx() ctx: InventoryContext,
    @Arg('input', () => UpdateWarehouseInput, { description: 'The changes and the version they apply to.' })
    input: UpdateWarehouseInput,
  ) {
    return payload(await admin.update(ctx, input));
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => WarehousePayload, {
    description:
      'Deactivates or reactivates a warehouse (HQ only). A deactivated warehouse keeps its history and stock but ' +
      'takes no new reservations or receipts; WAREHOUSE_HAS_RESERVATIONS while units in it are reserved.',
  })
  async setWarehouseActive(
    @Ctx() ctx: InventoryContext,
    @Arg('id', () => ID, { description: 'The warehouse.' }) id: string,
    @Arg('active', () => Boolean, { description: 'True to reactivate, false to deactivate.' }) active: boolean,
    @Arg('reason', () => String, { description: 'Why (kept with the change), 1 to 500 characters.' }) reason: string,
  ) {
    return payload(await admin.setActive(ctx, id, active, reason));
  }

  @Authorized(Grant.HQ_ADMIN, Grant.WAREHOUSE_OPERATOR)
  @Mutation(() => SafetyStockPayload, {
    description:
      'Sets the safety stock (安全库存) of a product in a warehouse (HQ; an operator in its own warehouses), ' +
      'creating the stock level when missing; the low-stock alert follows at once. SAFETY_STOCK_INVALID, ' +
      'WAREHOUSE_INACTIVE, UNKNOWN_PRODUCT.',
  })
  async setSafetyStock(
    @Ctx() ctx: InventoryContext,
    @Arg('input', () => SetSafetyStockInput, { description: 'Warehouse, product and the new safety stock.' })
    input: SetSafetyStockInput,
  ) {
    const result = await safetyStocks.set(ctx, input);
    return Object.assign(new SafetyStockPayload(), {
      stockLevel: result.stockLevel,
      errors: toUserErrors(result.errors),
    });
  }
}
