import {
  assertCanActOn,
  domainError,
  ErrorCode,
  forUpdate,
  recordAudit,
  resolveAlert,
  Role,
  type DomainError,
} from '@dnp/subgraph-kit';
import { raw, type EntityManager } from '@mikro-orm/core';
import { InventoryAlert } from '../entities/inventory-alert.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { Warehouse } from '../entities/warehouse.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import type { SetSafetyStockInput } from '../schema/warehouse-admin.input.js';
import { knownOpenAlerts, recordStockChanges, safetyStockKey } from './inventory-events.js';
import { productLookup } from './product-lookup.js';
import { availableOf } from './stock-level.service.js';
import { ensureLevel } from './stock-ledger.js';
import { StockRefusal } from './stock-refusal.js';
import { WarehouseCode } from './warehouse-admin.service.js';
import { WarehouseService } from './warehouse.service.js';

/** Largest safety stock a level may have. */
export const MAX_SAFETY_STOCK = 1_000_000;
/** Refusal codes of safety stock changes (each writes nothing). */
export const SafetyStockCode = {
  SAFETY_STOCK_INVALID: 'SAFETY_STOCK_INVALID',
  UNKNOWN_PRODUCT: 'UNKNOWN_PRODUCT',
} as const;
const PRODUCT_ID = /^prd_[A-Za-z0-9]{1,36}$/;

/** What setSafetyStock did: the level as stored now, or why nothing changed. */
export interface SafetyStockResult {
  stockLevel: StockLevel | null;
  errors: DomainError[];
}

/** One safety stock to set, checked; `warehouse` as read for the change. */
export interface SafetyStockChange {
  warehouse: Pick<Warehouse, 'id' | 'dealerId' | 'regionPath'>;
  productId: string;
  safetyStock: number;
}

/** SAFETY_STOCK_INVALID unless `value` is a whole number from 0 to MAX_SAFETY_STOCK. */
export function isSafetyStock(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= MAX_SAFETY_STOCK;
}

/**
 * Sets the safety stock of one level in `tx` (created with nothing on hand when missing), bumps
 * its version, records `inventory.stock_changed` with the new safety stock and re-evaluates the
 * level's SAFETY_STOCK alert: raised when available is now below it, resolved when no longer.
 * Answers the level as stored.
 */
export async function applySafetyStock(tx: EntityManager, change: SafetyStockChange, now: Date): Promise<StockLevel> {
  const { warehouse, productId, safetyStock } = change;
  const level = await ensureLevel(tx, warehouse.id, productId, now);
  await tx.nativeUpdate(StockLevel, { id: level.id }, {
    safetyStock,
    version: raw('version + 1'),
    updatedAt: now,
  } as never);
  const after = Object.assign(level, { safetyStock, version: level.version + 1, updatedAt: now });
  // Forget what this process believes of the alert: the event below raises it when low (once per open key).
  knownOpenAlerts.delete(safetyStockKey(after));
  await recordStockChanges(tx, [after], () => warehouse, now);
  if (availableOf(after) >= safetyStock) {
    const open = await tx.findOne(InventoryAlert, { openKey: safetyStockKey(after) }, { disableIdentityMap: true });
    if (open) await resolveAlert(tx, InventoryAlert, open, now);
  }
  return after;
}

const warehouses = new WarehouseService();

/** Safety stock (安全库存) per product and warehouse, set by HQ and by a warehouse's operators. */
export class SafetyStockService {
  /**
   * Sets one safety stock. HQ_ADMIN, or a WAREHOUSE_OPERATOR for the warehouses of its claim
   * (another warehouse: NOT_FOUND, as for reads). SAFETY_STOCK_INVALID outside 0–1,000,000,
   * WAREHOUSE_INACTIVE for a deactivated warehouse, UNKNOWN_PRODUCT when products does not know
   * the product (asked only when the warehouse has no level of it yet). Audited; nothing written on
   * refusal.
   */
  async set(ctx: InventoryContext, input: SetSafetyStockInput, now = new Date()): Promise<SafetyStockResult> {
    ctx.requireRole(Role.HQ_ADMIN, Role.WAREHOUSE_OPERATOR);
    try {
      const { warehouseId, productId, safetyStock } = input;
      if (!isSafetyStock(safetyStock)) {
        const message = `safetyStock must be a whole number from 0 to ${MAX_SAFETY_STOCK.toLocaleString('en')}`;
        throw new StockRefusal(SafetyStockCode.SAFETY_STOCK_INVALID, message, 'safetyStock');
      }
      if (!(await warehouses.isVisible(ctx, warehouseId))) {
        throw new StockRefusal(ErrorCode.NOT_FOUND, `Warehouse "${warehouseId}" was not found`, 'warehouseId');
      }
      const known = await ctx.em.fork().findOne(StockLevel, { warehouseId, productId }, { fields: ['id'] });
      if (!known) await this.assertProductKnown(productId);
      const stockLevel = await ctx.em.fork({ clear: true }).transactional(async (tx) => {
        const warehouse = await tx.findOneOrFail(Warehouse, { id: warehouseId }, { ...forUpdate(tx) } as never);
        assertCanActOn(
          ctx.scope,
          { dealerId: warehouse.dealerId, regionPath: warehouse.regionPath, warehouseId },
          'warehouse',
        );
        if (!warehouse.active) {
          throw new StockRefusal(
            WarehouseCode.WAREHOUSE_INACTIVE,
            `Warehouse ${warehouse.code} is deactivated`,
            'warehouseId',
          );
        }
        const existing = await tx.findOne(StockLevel, { warehouseId, productId }, { disableIdentityMap: true });
        const before = existing?.safetyStock ?? null;
        const after = await applySafetyStock(tx, { warehouse, productId, safetyStock }, now);
        recordAudit(tx, ctx, {
          operation: 'setSafetyStock',
          action: 'UPDATE',
          entityType: 'StockLevel',
          entityId: after.id,
          before: { warehouseId, productId, safetyStock: before },
          after: { warehouseId, productId, safetyStock },
        });
        await tx.flush();
        return after;
      });
      return { stockLevel, errors: [] };
    } catch (err) {
      if (!(err instanceof StockRefusal)) throw err;
      return { stockLevel: null, errors: [domainError(err.code, err.message, err.field)] };
    }
  }

  /** UNKNOWN_PRODUCT unless products knows the id. */
  private async assertProductKnown(productId: string): Promise<void> {
    if (PRODUCT_ID.test(productId) && (await productLookup().known([productId])).has(productId)) return;
    throw new StockRefusal(SafetyStockCode.UNKNOWN_PRODUCT, `Product "${productId}" is not known`, 'productId');
  }
}
