import type { Page, RequestContext } from '@dnp/subgraph-kit';
import type DataLoader from 'dataloader';
import type { Lot } from './entities/lot.entity.js';
import type { ReservationLine } from './entities/reservation.entity.js';
import type { StockLevel } from './entities/stock-level.entity.js';
import type { Warehouse } from './entities/warehouse.entity.js';

// Types only: services and resolvers import the context from here, so they never depend on the
// loader module (which itself uses services) and no import cycle can form.

/** Arguments of one warehouse's stock level page, as the batching loader receives them. */
export interface WarehouseStockPageKey {
  warehouseId: string;
  limit: number;
  /** Product id to continue after (the page is keyed on product id, unique per warehouse). */
  afterProductId: string | null;
  productId: string | null;
  belowSafetyStock: boolean | null;
}

/** The inventory subgraph's request-scoped loaders. */
export interface InventoryLoaders {
  /**
   * Every warehouse, read once per request. The network has tens of warehouses, so scope
   * filters (visible, orderable) run in memory over this one result instead of more queries.
   */
  allWarehouses: () => Promise<Warehouse[]>;
  /** A warehouse by id from `allWarehouses`, unscoped (callers check scope). */
  warehouseById: DataLoader<string, Warehouse | null>;
  lotById: DataLoader<string, Lot | null>;
  /** Lots with units left of one stock level, first-expiry-first; key `warehouseId|productId`. */
  lotsByStockLevel: DataLoader<string, Lot[]>;
  /** Stock levels of a product in the warehouses the viewer may order from. */
  orderableStockByProduct: DataLoader<string, StockLevel[]>;
  /** One page of a warehouse's stock levels; all warehouses asking with the same arguments share one query. */
  stockPageByWarehouse: DataLoader<WarehouseStockPageKey, Page<StockLevel>, string>;
  /** The lines of a reservation, by product. */
  linesByReservation: DataLoader<string, ReservationLine[]>;
}
/** What every inventory resolver and service receives: the request context with the loaders above. */
export type InventoryContext = RequestContext<InventoryLoaders>;
