import { buildFederatedSchema, runPeriodically, ServiceClient, serviceUrls, type SubgraphDefinition } from '@dnp/subgraph-kit';
import { inventorySettings, loadConfig } from './config.js';
import { InventoryAlert } from './entities/inventory-alert.entity.js';
import { InventoryAlertResolver } from './resolvers/inventory-alert.resolver.js';
import { categoryThresholdsLookup } from './services/category-thresholds.js';
import { InventoryAlertService } from './services/inventory-alert.service.js';
import { Lot } from './entities/lot.entity.js';
import { Reservation, ReservationLine } from './entities/reservation.entity.js';
import { StockLevel } from './entities/stock-level.entity.js';
import { StockMovement } from './entities/stock-movement.entity.js';
import { Warehouse } from './entities/warehouse.entity.js';
import { createInventoryLoaders, type InventoryContext, type InventoryLoaders } from './inventory.loader.js';
import { migrations } from './migrations/index.js';
import { LotResolver } from './resolvers/lot.resolver.js';
import { ReservationResolver } from './resolvers/reservation.resolver.js';
import { ProductStockResolver, StockLevelResolver } from './resolvers/stock-level.resolver.js';
import { StockMovementResolver } from './resolvers/stock-movement.resolver.js';
import { DealerWarehousesResolver, RegionWarehousesResolver, WarehouseResolver } from './resolvers/warehouse.resolver.js';
import { isSeeded, seedDemo } from './seed/demo.seed.js';

/** A stub entity another subgraph owns resolves to its key; the owner supplies the rest. */
const stub = (ref: Record<string, unknown>) => ({ id: ref.id as string });

/** The inventory subgraph: owns Warehouse, StockLevel, Lot, the stock ledger and the order saga's stock reservations. */
export const inventorySubgraph: SubgraphDefinition<InventoryLoaders> = {
  name: 'inventory',
  entities: [Warehouse, StockLevel, Lot, StockMovement, Reservation, ReservationLine, InventoryAlert],
  migrations,
  createLoaders: createInventoryLoaders,
  seed: seedDemo,
  isSeeded,
  // The alert scanner: safety stock and expiry windows, every ALERT_SCAN_INTERVAL_MS.
  background: (orm, log) => {
    let client: ServiceClient | undefined;
    const products = () => {
      const config = loadConfig();
      client ??= new ServiceClient({ caller: 'inventory', target: 'products', url: serviceUrls(config.SUBGRAPH_URLS).products!, secret: config.INTERNAL_JWT_SECRET });
      return client;
    };
    const thresholdsOf = categoryThresholdsLookup(inventorySettings.expiryByCategory, products);
    const alerts = new InventoryAlertService();
    return runPeriodically('inventory alert scan', inventorySettings.alertScanIntervalMs, () => alerts.scan(orm, thresholdsOf, inventorySettings.expiry), log);
  },
  buildSchema: () =>
    buildFederatedSchema<InventoryContext>({
      resolvers: [InventoryAlertResolver, ReservationResolver, WarehouseResolver, StockLevelResolver, LotResolver, StockMovementResolver, ProductStockResolver, DealerWarehousesResolver, RegionWarehousesResolver],
      referenceResolvers: {
        Warehouse: (ref, ctx) => ctx.loaders.warehouseById.load(ref.id as string),
        Lot: (ref, ctx) => ctx.loaders.lotById.load(ref.id as string),
        Product: stub,
        Dealer: stub,
        Region: stub,
      },
    }),
};
