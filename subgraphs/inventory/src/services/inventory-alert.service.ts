import {
  AlertLifecycle,
  alertStateFilters,
  columnOf,
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
import { daysToExpiry, expiryStatusOf, expiryWindow } from './lot.service.js';
import { availableOf, belowSafetyWhere } from './stock-level.service.js';

/** Expiry thresholds for a product: its category's override, else the defaults. */
export type ThresholdsOf = (productIds: string[]) => Promise<Map<string, ExpiryThresholds>>;

/** The expiry rules a scan applies. */
export interface ExpiryRules {
  /** The configured thresholds (EXPIRY_*_DAYS). */
  defaults: ExpiryThresholds;
  /** Each product's category override, where one is configured. */
  of: ThresholdsOf;
  /** The widest window of the defaults and every override: lots expiring later are in none. */
  widestDays: number;
}

/** The rules of the defaults and the configured category overrides (`of` looks products up). */
export function expiryRules(
  defaults: ExpiryThresholds,
  byCategory: Map<string, ExpiryThresholds>,
  of: ThresholdsOf,
): ExpiryRules {
  return { defaults, of, widestDays: Math.max(defaults.blue, ...[...byCategory.values()].map((t) => t.blue)) };
}

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
  /** Where the expiry scan goes on when the lots in windows outnumber the limit (null: from the start). */
  private expiryCursor: { expiresAt: Date; id: string } | null = null;

  /** @param scanLimit most lots or levels one scan reads (the next run continues). */
  constructor(private readonly scanLimit = SCAN_LIMIT) {}

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
  async scan(orm: MikroORM, rules: ExpiryRules, now = new Date()): Promise<{ raised: number; cleared: number }> {
    const warehouses = new Map((await orm.em.fork().find(Warehouse, {})).map((w) => [w.id, w]));
    const safety = await this.scanSafetyStock(orm, warehouses, now);
    const expiry = await this.scanExpiry(orm, warehouses, rules, now);
    return { raised: safety.raised + expiry, cleared: safety.cleared };
  }

  /**
   * Safety stock: levels below it now get an alert, open alerts whose level is fine again clear.
   * The database picks both (low levels without an open alert; open alerts whose level is not low),
   * so a run reads what it changes, and a network with more levels than the limit is covered.
   */
  private async scanSafetyStock(
    orm: MikroORM,
    warehouses: Map<string, Warehouse>,
    now: Date,
  ): Promise<{ raised: number; cleared: number }> {
    const em = orm.em.fork();
    const alerted = columnOf(em, InventoryAlert, 'stockLevelId', {
      kind: InventoryAlertKind.SAFETY_STOCK,
      openKey: { $ne: null },
      stockLevelId: { $ne: null },
    });
    const lowLevels = columnOf(em, StockLevel, 'id', { $and: [{ safetyStock: { $gt: 0 } }, belowSafetyWhere(true)] });
    const levels = await em.find(
      StockLevel,
      { $and: [{ safetyStock: { $gt: 0 }, id: { $nin: alerted } }, belowSafetyWhere(true)] },
      { limit: this.scanLimit, orderBy: { id: 'asc' } },
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
          where: { kind: InventoryAlertKind.SAFETY_STOCK, stockLevelId: { $nin: lowLevels } },
          limit: this.scanLimit,
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

  /**
   * Expiry windows: lots with units left expiring within the widest window of any category; never
   * cleared. A lot with its RED alert is done (RED is the last window), so each run reads only lots
   * still to raise, `scanLimit` at a time from where the last run stopped: a large stock neither
   * starves the lots past the first page nor re-reads every alerted lot each run.
   */
  private async scanExpiry(
    orm: MikroORM,
    warehouses: Map<string, Warehouse>,
    rules: ExpiryRules,
    now: Date,
  ): Promise<number> {
    const em = orm.em.fork();
    const done = columnOf(em, InventoryAlert, 'lotId', { kind: InventoryAlertKind.EXPIRY_RED, lotId: { $ne: null } });
    const widest = rules.widestDays;
    const after = this.expiryCursor;
    const lots = await em.find(
      Lot,
      {
        $and: [
          { quantity: { $gt: 0 }, id: { $nin: done } },
          expiryWindow(ExpiryStatus.RED, now, { red: widest, yellow: widest, blue: widest }),
          after
            ? { $or: [{ expiresAt: { $gt: after.expiresAt } }, { expiresAt: after.expiresAt, id: { $gt: after.id } }] }
            : {},
        ],
      },
      { limit: this.scanLimit, orderBy: { expiresAt: 'asc', id: 'asc' } },
    );
    const last = lots.at(-1);
    this.expiryCursor = lots.length === this.scanLimit && last ? { expiresAt: last.expiresAt, id: last.id } : null;
    const thresholds = await rules.of([...new Set(lots.map((l) => l.productId))]);
    const due = lots.flatMap((lot): DueLot[] => {
      const t = thresholds.get(lot.productId) ?? rules.defaults;
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
