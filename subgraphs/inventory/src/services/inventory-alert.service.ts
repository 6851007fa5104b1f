import {
  AlertLifecycle,
  alertStateFilters,
  dealerAlertScope,
  type Page,
  scanAlertCondition,
  type Viewer,
} from '@dnp/subgraph-kit';
import type { FilterQuery, MikroORM } from '@mikro-orm/core';
import type { ExpiryThresholds } from '../config.js';
import { InventoryAlert, InventoryAlertKind } from '../entities/inventory-alert.entity.js';
import { ExpiryStatus, Lot } from '../entities/lot.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { Warehouse } from '../entities/warehouse.entity.js';
import type { InventoryContext } from '../inventory-context.js';
import type { InventoryAlertFilter } from '../schema/inventory-alert.input.js';
import { knownOpenAlerts, raiseAlert, raiseSafetyStockAlert, safetyStockKey } from './inventory-events.js';
import { daysToExpiry, expiryStatusOf } from './lot.service.js';
import { availableOf } from './stock-level.service.js';

/** Expiry thresholds for a product: its category's override, else the defaults. */
export type ThresholdsOf = (productIds: string[]) => Promise<Map<string, ExpiryThresholds>>;

/**
 * The alert rows a viewer may see: HQ and services all, region managers their subtree, dealer
 * users their own warehouses'.
 */
export function alertScope(viewer: Viewer): FilterQuery<InventoryAlert> {
  return dealerAlertScope(viewer) as FilterQuery<InventoryAlert>;
}

/** The alert kind of each expiry window, and the threshold of that window. */
const EXPIRY_KINDS: Partial<Record<ExpiryStatus, [InventoryAlertKind, keyof ExpiryThresholds]>> = {
  [ExpiryStatus.RED]: [InventoryAlertKind.EXPIRY_RED, 'red'],
  [ExpiryStatus.YELLOW]: [InventoryAlertKind.EXPIRY_YELLOW, 'yellow'],
  [ExpiryStatus.BLUE]: [InventoryAlertKind.EXPIRY_BLUE, 'blue'],
};

/** Most lots or levels one scan looks at (a bound on work per run; the next run continues). */
const SCAN_LIMIT = 5000;

/** A lot with units left inside an expiry window. */
interface DueLot {
  lot: Lot;
  warehouse: Warehouse;
  kind: InventoryAlertKind;
  days: number;
  threshold: number;
}

const isLow = (level: StockLevel) => availableOf(level) < level.safetyStock;

// Alerts of HQ and regional warehouses have no dealer: HQ and the region's managers act on them.
const inventoryAlerts = new AlertLifecycle<InventoryAlert>({
  entity: InventoryAlert,
  label: 'Inventory alert',
  what: 'inventory alert',
  entityType: 'InventoryAlert',
  acknowledgeOperation: 'acknowledgeInventoryAlert',
  readScope: (ctx) => alertScope(ctx.requireViewer()),
  ownerOf: (alert) => ({ dealerId: alert.dealerId, regionPath: alert.regionPath }),
});

/** Inventory alerts: the list, acknowledgement, and the periodic scan that raises and clears them. */
export class InventoryAlertService {
  /** One page of the alerts in the viewer's scope, newest first. */
  list(
    ctx: InventoryContext,
    args: { first?: number | null; after?: string | null; filter?: InventoryAlertFilter | null },
  ): Promise<Page<InventoryAlert>> {
    const f = args.filter;
    const where: FilterQuery<InventoryAlert>[] = [];
    if (f?.kinds?.length) where.push({ kind: { $in: f.kinds } });
    if (f?.warehouseId) where.push({ warehouseId: f.warehouseId });
    if (f?.productId) where.push({ productId: f.productId });
    return inventoryAlerts.list(ctx, [...where, ...alertStateFilters<InventoryAlert>(f ?? {})], args);
  }

  /** One alert; NOT_FOUND when unknown or outside the viewer's scope. */
  get(ctx: InventoryContext, id: string): Promise<InventoryAlert> {
    return inventoryAlerts.get(ctx, id);
  }

  /**
   * Marks an alert acknowledged by the viewer (HQ, region managers and dealer admins who may act
   * for its owner; FORBIDDEN for staff and partners), with its audit entry. Idempotent:
   * acknowledging again keeps the first time.
   */
  acknowledge(ctx: InventoryContext, id: string, now = new Date()): Promise<InventoryAlert> {
    return inventoryAlerts.acknowledge(ctx, id, now);
  }

  /**
   * One scan: raises SAFETY_STOCK alerts for levels below safety stock that have none open
   * (a change can slip past the write path, e.g. a safety stock raised by a migration), clears
   * open ones whose level recovered, and raises EXPIRY_* alerts for lots with units left that
   * entered a window (once per lot and window). Each raise commits with its event.
   */
  async scan(
    orm: MikroORM,
    thresholdsOf: ThresholdsOf,
    defaults: ExpiryThresholds,
    now = new Date(),
  ): Promise<{ raised: number; cleared: number }> {
    const warehouses = new Map((await orm.em.fork().find(Warehouse, {})).map((w) => [w.id, w]));
    const safety = await this.scanSafetyStock(orm, warehouses, now);
    const expiry = await this.scanExpiry(orm, warehouses, thresholdsOf, defaults, now);
    return { raised: safety.raised + expiry, cleared: safety.cleared };
  }

  /** Safety stock: levels below it now get an alert, open alerts whose level is fine again clear. */
  private async scanSafetyStock(
    orm: MikroORM,
    warehouses: Map<string, Warehouse>,
    now: Date,
  ): Promise<{ raised: number; cleared: number }> {
    const em = orm.em.fork();
    const levels = await em.find(
      StockLevel,
      { safetyStock: { $gt: 0 } },
      { limit: SCAN_LIMIT, orderBy: { id: 'asc' } },
    );
    const low = levels.flatMap((level) => {
      const warehouse = warehouses.get(level.warehouseId);
      return warehouse && isLow(level) ? [{ level, warehouse }] : [];
    });
    return scanAlertCondition(
      orm.em,
      {
        entity: InventoryAlert,
        holding: low,
        keyOf: ({ level }) => safetyStockKey(level),
        raise: (tx, { level, warehouse }) => raiseSafetyStockAlert(tx, level, warehouse, now),
        clears: {
          where: { kind: InventoryAlertKind.SAFETY_STOCK },
          limit: SCAN_LIMIT,
          gone: async (open) => {
            const ids = open.map((a) => a.stockLevelId!).filter(Boolean);
            const levelOf = new Map((await em.find(StockLevel, { id: { $in: ids } })).map((l) => [l.id, l]));
            return open.filter((alert) => {
              const level = levelOf.get(alert.stockLevelId!);
              return !level || !isLow(level);
            });
          },
          onResolve: (alert) => knownOpenAlerts.delete(alert.openKey!),
        },
      },
      now,
    );
  }

  /** Expiry windows: lots with units left expiring within the widest window of any category; never cleared. */
  private async scanExpiry(
    orm: MikroORM,
    warehouses: Map<string, Warehouse>,
    thresholdsOf: ThresholdsOf,
    defaults: ExpiryThresholds,
    now: Date,
  ): Promise<number> {
    const lots = await orm.em
      .fork()
      .find(Lot, { quantity: { $gt: 0 } }, { limit: SCAN_LIMIT, orderBy: { expiresAt: 'asc', id: 'asc' } });
    const thresholds = await thresholdsOf([...new Set(lots.map((l) => l.productId))]);
    const due = lots.flatMap((lot): DueLot[] => {
      const t = thresholds.get(lot.productId) ?? defaults;
      const days = daysToExpiry(lot.expiresAt, now);
      const window = EXPIRY_KINDS[expiryStatusOf(days, t)];
      const warehouse = warehouses.get(lot.warehouseId);
      return window && warehouse ? [{ lot, warehouse, kind: window[0], days, threshold: t[window[1]] }] : [];
    });
    const expiryKey = (d: DueLot) => `${d.kind}:${d.lot.id}`;
    const { raised } = await scanAlertCondition(
      orm.em,
      {
        entity: InventoryAlert,
        holding: due,
        keyOf: expiryKey,
        raise: (tx, d) =>
          raiseAlert(tx, {
            kind: d.kind,
            openKey: expiryKey(d),
            warehouse: d.warehouse,
            productId: d.lot.productId,
            stockLevelId: null,
            lotId: d.lot.id,
            value: d.days,
            threshold: d.threshold,
            message:
              d.days <= 0
                ? `Lot ${d.lot.lotNumber} has expired (${d.lot.quantity} units left)`
                : `Lot ${d.lot.lotNumber} expires in ${d.days} days (${d.lot.quantity} units left)`,
            now,
          }),
      },
      now,
    );
    return raised;
  }
}
