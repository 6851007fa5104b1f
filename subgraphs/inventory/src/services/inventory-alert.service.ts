import {
  acknowledgeOnce,
  ForbiddenError,
  isDealerRole,
  newestFirstPage,
  NotFoundError,
  type Page,
  Role,
  type Viewer,
} from '@dnp/subgraph-kit';
import type { EntityManager, FilterQuery, MikroORM } from '@mikro-orm/core';
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

/** The alert rows a viewer may see: HQ and services all, region managers their subtree, dealer users their own warehouses'. */
export function alertScope(viewer: Viewer): FilterQuery<InventoryAlert> {
  switch (viewer.role) {
    case Role.HQ_ADMIN:
    case Role.SERVICE:
      return {};
    case Role.REGION_MANAGER:
      if (!viewer.regionId) throw new ForbiddenError();
      return { regionPath: { $like: `%/${viewer.regionId}/%` } };
    default:
      if (!isDealerRole(viewer.role) || !viewer.dealerId) throw new ForbiddenError();
      return { dealerId: viewer.dealerId };
  }
}

const KIND_OF: Partial<Record<ExpiryStatus, InventoryAlertKind>> = {
  [ExpiryStatus.RED]: InventoryAlertKind.EXPIRY_RED,
  [ExpiryStatus.YELLOW]: InventoryAlertKind.EXPIRY_YELLOW,
  [ExpiryStatus.BLUE]: InventoryAlertKind.EXPIRY_BLUE,
};

/** Most lots or levels one scan looks at (a bound on work per run; the next run continues). */
const SCAN_LIMIT = 5000;

/** Inventory alerts: the list, acknowledgement, and the periodic scan that raises and clears them. */
export class InventoryAlertService {
  /** One page of the alerts in the viewer's scope, newest first. */
  async list(
    ctx: InventoryContext,
    args: { first?: number | null; after?: string | null; filter?: InventoryAlertFilter | null },
  ): Promise<Page<InventoryAlert>> {
    const viewer = ctx.requireViewer();
    const where: FilterQuery<InventoryAlert>[] = [alertScope(viewer)];
    const f = args.filter;
    if (f?.kinds?.length) where.push({ kind: { $in: f.kinds } });
    if (f?.warehouseId) where.push({ warehouseId: f.warehouseId });
    if (f?.productId) where.push({ productId: f.productId });
    if (f?.acknowledged != null) where.push({ acknowledgedAt: f.acknowledged ? { $ne: null } : null });
    if (f?.open != null) where.push({ resolvedAt: f.open ? null : { $ne: null } });
    return newestFirstPage(ctx.em, InventoryAlert, where, args);
  }

  /** One alert; NOT_FOUND when unknown or outside the viewer's scope. */
  async get(ctx: InventoryContext, id: string): Promise<InventoryAlert> {
    const alert = await ctx.em.findOne(InventoryAlert, { $and: [{ id }, alertScope(ctx.requireViewer())] });
    if (!alert) throw new NotFoundError('Inventory alert', id);
    return alert;
  }

  /**
   * Marks an alert acknowledged by the viewer (HQ, region managers and dealer admins who may act
   * for its owner; FORBIDDEN for staff and partners), with its audit entry. Idempotent:
   * acknowledging again keeps the first time.
   */
  async acknowledge(ctx: InventoryContext, id: string, now = new Date()): Promise<InventoryAlert> {
    ctx.requireRole(Role.HQ_ADMIN, Role.REGION_MANAGER, Role.DEALER_ADMIN);
    const alert = await this.get(ctx, id);
    // Alerts of HQ and regional warehouses have no dealer: HQ and the region's managers act on them.
    return acknowledgeOnce(
      ctx,
      InventoryAlert,
      alert,
      {
        owner: { dealerId: alert.dealerId, regionPath: alert.regionPath },
        operation: 'acknowledgeInventoryAlert',
        entityType: 'InventoryAlert',
        what: 'inventory alert',
      },
      now,
    );
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
    const em = orm.em.fork();
    const warehouses = new Map((await em.find(Warehouse, {})).map((w) => [w.id, w]));
    let raised = 0;
    let cleared = 0;

    // Safety stock: levels below it now, and open alerts whose level is fine again.
    const low = await em.find(StockLevel, { safetyStock: { $gt: 0 } }, { limit: SCAN_LIMIT, orderBy: { id: 'asc' } });
    const lowNow = low.filter((l) => availableOf(l) < l.safetyStock);
    const safetyTaken = await this.takenKeys(em, lowNow.map(safetyStockKey));
    for (const level of lowNow) {
      if (safetyTaken.has(safetyStockKey(level))) continue;
      const warehouse = warehouses.get(level.warehouseId);
      if (!warehouse) continue;
      if (await orm.em.fork().transactional((tx) => raiseSafetyStockAlert(tx, level, warehouse, now))) raised++;
    }
    const open = await em.find(
      InventoryAlert,
      { kind: InventoryAlertKind.SAFETY_STOCK, openKey: { $ne: null } },
      { limit: SCAN_LIMIT },
    );
    const levelsOfOpen = new Map(
      (await em.find(StockLevel, { id: { $in: open.map((a) => a.stockLevelId!).filter(Boolean) } })).map((l) => [
        l.id,
        l,
      ]),
    );
    for (const alert of open) {
      const level = levelsOfOpen.get(alert.stockLevelId!);
      if (level && availableOf(level) < level.safetyStock) continue;
      knownOpenAlerts.delete(alert.openKey!);
      cleared += await em.nativeUpdate(
        InventoryAlert,
        { id: alert.id, openKey: alert.openKey },
        { openKey: null, resolvedAt: now },
      );
    }

    // Expiry windows: lots with units left expiring within the widest window of any category.
    const lots = await em.find(
      Lot,
      { quantity: { $gt: 0 } },
      { limit: SCAN_LIMIT, orderBy: { expiresAt: 'asc', id: 'asc' } },
    );
    const thresholds = await thresholdsOf([...new Set(lots.map((l) => l.productId))]);
    const due = lots.flatMap((lot) => {
      const t = thresholds.get(lot.productId) ?? defaults;
      const days = daysToExpiry(lot.expiresAt, now);
      const kind = KIND_OF[expiryStatusOf(days, t)];
      return kind ? [{ lot, t, days, kind }] : [];
    });
    const expiryTaken = await this.takenKeys(
      em,
      due.map((d) => `${d.kind}:${d.lot.id}`),
    );
    for (const { lot, t, days, kind } of due) {
      const warehouse = warehouses.get(lot.warehouseId);
      if (!warehouse || expiryTaken.has(`${kind}:${lot.id}`)) continue;
      const threshold =
        kind === InventoryAlertKind.EXPIRY_RED ? t.red : kind === InventoryAlertKind.EXPIRY_YELLOW ? t.yellow : t.blue;
      const ok = await orm.em.fork().transactional((tx: EntityManager) =>
        raiseAlert(tx, {
          kind,
          openKey: `${kind}:${lot.id}`,
          warehouse,
          productId: lot.productId,
          stockLevelId: null,
          lotId: lot.id,
          value: days,
          threshold,
          message:
            days <= 0
              ? `Lot ${lot.lotNumber} has expired (${lot.quantity} units left)`
              : `Lot ${lot.lotNumber} expires in ${days} days (${lot.quantity} units left)`,
          now,
        }),
      );
      if (ok) raised++;
    }
    return { raised, cleared };
  }

  /** Which of `keys` already belong to an alert (read in chunks, so a scan stays a few queries). */
  private async takenKeys(em: EntityManager, keys: string[]): Promise<Set<string>> {
    const taken = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await em.find(
        InventoryAlert,
        { openKey: { $in: keys.slice(i, i + 500) } },
        { fields: ['id', 'openKey'] },
      );
      for (const r of rows) taken.add(r.openKey!);
    }
    return taken;
  }
}
