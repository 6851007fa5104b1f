import { EventType, newId, raiseAlertOnce, recordEvent, TtlCache, type EventScope } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { InventoryAlert, InventoryAlertKind } from '../entities/inventory-alert.entity.js';
import type { StockLevel } from '../entities/stock-level.entity.js';
import type { Warehouse } from '../entities/warehouse.entity.js';
import { availableOf } from './stock-level.service.js';

/**
 * Who may see events about a warehouse: a dealer's own warehouse its dealer (and HQ, region
 * managers above it); HQ and regional warehouses everyone who can see stock, narrowed by the
 * region path for region managers and by the warehouse for warehouse operators.
 */
export function warehouseScope(warehouse: Pick<Warehouse, 'id' | 'dealerId' | 'regionPath'>): EventScope {
  return {
    ...(warehouse.dealerId ? { dealerIds: [warehouse.dealerId] } : {}),
    regionPath: warehouse.regionPath.split('/').filter(Boolean),
    warehouseIds: [warehouse.id],
  };
}

/**
 * Safety-stock alerts this process knows to be open (raised here, or found open when raising),
 * so a level that stays low does not try to raise its alert again with every change. The
 * scanner forgets an alert it clears; an alert cleared elsewhere is raised again by the next
 * scan at the latest, as for any change that slips past the write path.
 */
export const knownOpenAlerts = new TtlCache<true>(60_000, 50_000);

/**
 * Records `inventory.stock_changed` for each level (as it is after the change) in the caller's
 * transaction, and raises a SAFETY_STOCK alert for any level now below its safety stock. The
 * events go first, so the flush writes them in one insert; then one insert per newly low level.
 */
export async function recordStockChanges(
  tx: EntityManager,
  levels: readonly StockLevel[],
  warehouseOf: (id: string) => Pick<Warehouse, 'id' | 'dealerId' | 'regionPath'> | undefined | null,
  now = new Date(),
): Promise<void> {
  const low: [StockLevel, Pick<Warehouse, 'id' | 'dealerId' | 'regionPath'>][] = [];
  for (const level of levels) {
    const warehouse = warehouseOf(level.warehouseId);
    const scope = warehouse ? warehouseScope(warehouse) : { hqOnly: true };
    const available = availableOf(level);
    recordEvent(tx, {
      type: EventType.STOCK_CHANGED,
      subjectId: level.id,
      scope,
      occurredAt: now,
      payload: {
        productId: level.productId,
        warehouseId: level.warehouseId,
        onHand: level.onHand,
        reserved: level.reserved,
        available,
        safetyStock: level.safetyStock,
        version: level.version,
        quarantined: level.quarantined,
      },
    });
    if (warehouse && available < level.safetyStock) low.push([level, warehouse]);
  }
  for (const [level, warehouse] of low) {
    if (knownOpenAlerts.get(safetyStockKey(level)) === undefined)
      await raiseSafetyStockAlert(tx, level, warehouse, now);
  }
}

/** The open key of a level's SAFETY_STOCK alert. */
export function safetyStockKey(level: Pick<StockLevel, 'id'>): string {
  return `SAFETY_STOCK:${level.id}`;
}

/** Raises the SAFETY_STOCK alert of a level unless one is already open for it. */
export async function raiseSafetyStockAlert(
  tx: EntityManager,
  level: StockLevel,
  warehouse: Pick<Warehouse, 'id' | 'dealerId' | 'regionPath'>,
  now = new Date(),
): Promise<boolean> {
  const available = availableOf(level);
  const raised = await raiseAlert(tx, {
    kind: InventoryAlertKind.SAFETY_STOCK,
    openKey: safetyStockKey(level),
    warehouse,
    productId: level.productId,
    stockLevelId: level.id,
    lotId: null,
    value: available,
    threshold: level.safetyStock,
    message: `Available stock ${available} is below the safety stock ${level.safetyStock}`,
    now,
  });
  // Raised now or already open: either way open (a rollback of this transaction at worst delays the
  // alert to the next scan).
  knownOpenAlerts.set(safetyStockKey(level), true);
  return raised;
}

/**
 * Inserts an alert unless its `openKey` is taken (the same condition already raised), and when
 * it did, records `inventory.alert_raised` in the same transaction. Returns whether it raised.
 */
export async function raiseAlert(
  tx: EntityManager,
  a: {
    kind: InventoryAlertKind;
    openKey: string;
    warehouse: Pick<Warehouse, 'id' | 'dealerId' | 'regionPath'>;
    productId: string;
    stockLevelId: string | null;
    lotId: string | null;
    value: number;
    threshold: number;
    message: string;
    now: Date;
  },
): Promise<boolean> {
  const id = newId('ial', a.now);
  const { kind, productId, stockLevelId, lotId, value, threshold } = a;
  return raiseAlertOnce(tx, InventoryAlert, {
    row: {
      id,
      kind,
      warehouseId: a.warehouse.id,
      productId,
      stockLevelId,
      lotId,
      dealerId: a.warehouse.dealerId,
      regionPath: a.warehouse.regionPath,
      openKey: a.openKey,
      message: a.message,
      value,
      threshold,
      raisedAt: a.now,
      resolvedAt: null,
    },
    at: a.now,
    event: {
      type: EventType.INVENTORY_ALERT_RAISED,
      scope: warehouseScope(a.warehouse),
      payload: { kind, warehouseId: a.warehouse.id, productId, stockLevelId, lotId, value, threshold },
    },
  });
}
