import { Grant, Grants, type ExportRegistry } from '@dnp/subgraph-kit';
import { createInventoryLoaders } from '../inventory.loader.js';
import { inventoryReportPager } from './inventory-report.service.js';

/** Who reads inventory reports (and exports them): as the stock ledger. */
export const INVENTORY_REPORT_GRANTS = [...Grants.MANAGERS, Grant.WAREHOUSE_OPERATOR];

/** The inventory reports the kit export job runs (`startInventoryReportExport`, `GET /exports/:id`). */
export const inventoryExports: ExportRegistry = {
  owner: 'inventory',
  pagers: [inventoryReportPager],
  createLoaders: createInventoryLoaders,
  grants: INVENTORY_REPORT_GRANTS,
};
