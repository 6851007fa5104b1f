import {
  AUDIT_ENTITIES,
  AUDIT_RESOLVERS,
  buildFederatedSchema,
  exportJobResolver,
  exportRoute,
  runPeriodically,
  ServiceClient,
  startEventConsumers,
  serviceUrls,
  type SubgraphDefinition,
} from '@dnp/subgraph-kit';
import { inventorySettings, loadConfig } from './config.js';
import { InventoryAlert } from './entities/inventory-alert.entity.js';
import { InventoryAlertResolver } from './resolvers/inventory-alert.resolver.js';
import { categoryThresholdsLookup } from './services/category-thresholds.js';
import { expiryRules, InventoryAlertService } from './services/inventory-alert.service.js';
import { reservationReconciler } from './services/reservation-reconciler.js';
import { Lot } from './entities/lot.entity.js';
import { Reservation, ReservationLine } from './entities/reservation.entity.js';
import { ReservationCommit, ReservationCommitLine } from './entities/reservation-commit.entity.js';
import { GoodsReceipt, GoodsReceiptLine } from './entities/goods-receipt.entity.js';
import { StockLevel } from './entities/stock-level.entity.js';
import { StockMovement } from './entities/stock-movement.entity.js';
import { Warehouse } from './entities/warehouse.entity.js';
import { KnownRegion } from './entities/known-region.entity.js';
import { StockImport, StockImportLine } from './entities/stock-import.entity.js';
import type { InventoryContext, InventoryLoaders } from './inventory-context.js';
import { createInventoryLoaders } from './inventory.loader.js';
import { WarehouseService } from './services/warehouse.service.js';
import { migrations } from './migrations/index.js';
import { LotResolver } from './resolvers/lot.resolver.js';
import { ReservationResolver } from './resolvers/reservation.resolver.js';
import { ReservationPartResolver } from './resolvers/reservation-part.resolver.js';
import { GoodsReceiptResolver } from './resolvers/goods-receipt.resolver.js';
import { ProductStockResolver, StockLevelResolver } from './resolvers/stock-level.resolver.js';
import { StockMovementResolver } from './resolvers/stock-movement.resolver.js';
import { WarehouseAdminResolver } from './resolvers/warehouse-admin.resolver.js';
import { StockImportResolver } from './resolvers/stock-import.resolver.js';
import { StockImportRunner } from './services/stock-import.runner.js';
import { INVENTORY_CONSUMERS } from './services/inventory-consumers.js';
import {
  DealerWarehousesResolver,
  RegionWarehousesResolver,
  WarehouseResolver,
} from './resolvers/warehouse.resolver.js';
import { isSeeded, seedDemo } from './seed/demo.seed.js';
import { StockFlowDay } from './entities/stock-flow-day.entity.js';
import { InventoryReportResolver } from './resolvers/inventory-report.resolver.js';
import { inventoryExports } from './services/inventory-exports.js';

/** A stub entity another subgraph owns resolves to its key; the owner supplies the rest. */
const stub = (ref: Record<string, unknown>) => ({ id: ref.id as string });

const warehouses = new WarehouseService();
/** How often the import runner looks for safety-stock imports to apply. */
const IMPORT_POLL_MS = 500;

/**
 * The inventory subgraph: owns Warehouse, StockLevel, Lot, the stock ledger and the order saga's stock
 * reservations.
 */
export const inventorySubgraph: SubgraphDefinition<InventoryLoaders> = {
  name: 'inventory',
  entities: [
    Warehouse,
    StockLevel,
    Lot,
    StockMovement,
    Reservation,
    ReservationLine,
    InventoryAlert,
    ReservationCommit,
    ReservationCommitLine,
    GoodsReceipt,
    GoodsReceiptLine,
    ...AUDIT_ENTITIES,
    KnownRegion,
    StockImport,
    StockImportLine,
    StockFlowDay,
  ],
  migrations,
  createLoaders: createInventoryLoaders,
  seed: seedDemo,
  isSeeded,
  // GET /exports/:id and the export runner (kit export job) for the inventory reports.
  routes: exportRoute(inventoryExports),
  // The alert scanner (safety stock and expiry windows, every ALERT_SCAN_INTERVAL_MS), the
  // reservation reconciler (every RECONCILE_INTERVAL_MS), the safety-stock import runner and the
  // event consumers (dealer warehouses on admission, the region read model).
  background: (orm, log) => {
    const clients: Partial<Record<'products' | 'orders', ServiceClient>> = {};
    const client = (target: 'products' | 'orders') => () => {
      const config = loadConfig();
      return (clients[target] ??= new ServiceClient({
        caller: 'inventory',
        target,
        url: serviceUrls(config.SUBGRAPH_URLS)[target]!,
        secret: config.INTERNAL_JWT_SECRET,
      }));
    };
    const rules = expiryRules(
      inventorySettings.expiry,
      inventorySettings.expiryByCategory,
      categoryThresholdsLookup(inventorySettings.expiryByCategory, client('products')),
    );
    const alerts = new InventoryAlertService();
    const stopScan = runPeriodically(
      'inventory alert scan',
      inventorySettings.alertScanIntervalMs,
      () => alerts.scan(orm, rules),
      log,
    );
    const reconciler = reservationReconciler(orm, client('orders'), inventorySettings.reconcile, log);
    const stopReconcile = runPeriodically(
      'reservation reconciler',
      inventorySettings.reconcile.intervalMs,
      () => reconciler.run(),
      log,
    );
    const stopConsumers = startEventConsumers({ name: 'inventory', orm, log }, loadConfig(), INVENTORY_CONSUMERS);
    const imports = new StockImportRunner(orm, log);
    const stopImports = runPeriodically('stock import runner', IMPORT_POLL_MS, () => imports.run(), log);
    return async () => {
      await Promise.all([stopScan(), stopReconcile(), stopImports(), stopConsumers()]);
      await Promise.all(Object.values(clients).map((c) => c.close()));
    };
  },
  buildSchema: () =>
    buildFederatedSchema<InventoryContext>({
      resolvers: [
        InventoryAlertResolver,
        ReservationResolver,
        ReservationPartResolver,
        GoodsReceiptResolver,
        WarehouseResolver,
        StockLevelResolver,
        LotResolver,
        StockMovementResolver,
        ProductStockResolver,
        DealerWarehousesResolver,
        RegionWarehousesResolver,
        ...AUDIT_RESOLVERS,
        WarehouseAdminResolver,
        StockImportResolver,
        InventoryReportResolver,
        exportJobResolver(inventoryExports, { start: 'startInventoryReportExport', job: 'inventoryExportJob' }),
      ],
      // Only the service operations of goods receipts use it: not part of the public API.
      inaccessibleEnums: ['GoodsReceiptKind'],
      referenceResolvers: {
        // Entity references obey the viewer's scope like every other read: outside it they are null.
        Warehouse: async (ref, ctx) =>
          (await warehouses.isVisible(ctx, ref.id as string)) ? ctx.loaders.warehouseById.load(ref.id as string) : null,
        Lot: async (ref, ctx) => {
          const lot = await ctx.loaders.lotById.load(ref.id as string);
          return lot && (await warehouses.isVisible(ctx, lot.warehouseId)) ? lot : null;
        },
        Product: stub,
        Dealer: stub,
        Region: stub,
      },
    }),
};
