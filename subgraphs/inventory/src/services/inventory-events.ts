import { insertOnce, newId, recordEvent, type EventScope } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { InventoryAlert, InventoryAlertKind } from '../entities/inventory-alert.entity.js';
import type { StockLevel } from '../entities/stock-level.entity.js';
import type { Warehouse } from '../entities/warehouse.entity.js';
import { availableOf } from './stock-level.service.js';

/** Event types inventory raises. */
export const InventoryEvent = {
  STOCK_CHANGED: 'inventory.stock_changed',
  ALERT_RAISED: 'inventory.alert_raised',
} as const;

/**
 * Who may see events about a warehouse: a dealer's own warehouse its dealer (and HQ, region
 * managers above it); HQ and regional warehouses everyone who can see stock, narrowed by the
 * region path for region managers.
 */
export function warehouseScope(warehouse: Pick<Warehouse, 'dealerId' | 'regionPath'>): EventScope {
  return { ...(warehouse.dealerId ? { dealerIds: [warehouse.dealerId] } : {}), regionPath: warehouse.regionPath.split('/').filter(Boolean) };
}

/**
 * Records `inventory.stock_changed` for each level (as it is after the change) in the caller's
 * transaction, and raises a SAFETY_STOCK alert for any level now below its safety stock. One
 * outbox insert per level (batched by the flush), plus one insert per newly low level.
 */
export async function recordStockChanges(tx: EntityManager, levels: readonly StockLevel[], warehouseOf: (id: string) => Pick<Warehouse, 'id' | 'dealerId' | 'regionPath'> | undefined | null, now = new Date()): Promise<void> {
  for (const level of levels) {
    const warehouse = warehouseOf(level.warehouseId);
    const scope = warehouse ? warehouseScope(warehouse) : { hqOnly: true };
    const available = availableOf(level);
    recordEvent(tx, {
      type: InventoryEvent.STOCK_CHANGED,
      subjectId: level.id,
      scope,
      occurredAt: now,
      payload: { productId: level.productId, warehouseId: level.warehouseId, onHand: level.onHand, reserved: level.reserved, available, safetyStock: level.safetyStock, version: level.version },
    });
    if (warehouse && available < level.safetyStock) await raiseSafetyStockAlert(tx, level, warehouse, now);
  }
}

/** Raises the SAFETY_STOCK alert of a level unless one is already open for it. */
export async function raiseSafetyStockAlert(tx: EntityManager, level: StockLevel, warehouse: Pick<Warehouse, 'id' | 'dealerId' | 'regionPath'>, now = new Date()): Promise<boolean> {
  const available = availableOf(level);
  return raiseAlert(tx, {
    kind: InventoryAlertKind.SAFETY_STOCK,
    openKey: `SAFETY_STOCK:${level.id}`,
    warehouse,
    productId: level.productId,
    stockLevelId: level.id,
    lotId: null,
    value: available,
    threshold: level.safetyStock,
    message: `Available stock ${available} is below the safety stock ${level.safetyStock}`,
    now,
  });
}

/**
 * Inserts an alert unless its `openKey` is taken (the same condition already raised), and when
 * it did, records `inventory.alert_raised` in the same transaction. Returns whether it raised.
 */
export async function raiseAlert(
  tx: EntityManager,
  a: { kind: InventoryAlertKind; openKey: string; warehouse: Pick<Warehouse, 'id' | 'dealerId' | 'regionPath'>; productId: string; stockLevelId: string | null; lotId: string | null; value: number; threshold: number; message: string; now: Date },
): Promise<boolean> {
  const id = newId('ial', a.now);
  const raised = await insertOnce(
    tx,
    InventoryAlert,
    {
      id,
      kind: a.kind,
      warehouseId: a.warehouse.id,
      productId: a.productId,
      stockLevelId: a.stockLevelId,
      lotId: a.lotId,
      dealerId: a.warehouse.dealerId,
      regionPath: a.warehouse.regionPath,
      openKey: a.openKey,
      message: a.message,
      value: a.value,
      threshold: a.threshold,
      raisedAt: a.now,
      resolvedAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
    },
    'openKey',
  );
  if (raised) {
    recordEvent(tx, {
      type: InventoryEvent.ALERT_RAISED,
      subjectId: id,
      scope: warehouseScope(a.warehouse),
      occurredAt: a.now,
      payload: { kind: a.kind, warehouseId: a.warehouse.id, productId: a.productId, stockLevelId: a.stockLevelId, lotId: a.lotId, value: a.value, threshold: a.threshold },
    });
  }
  return raised;
}
