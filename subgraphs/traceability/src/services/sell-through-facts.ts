import { businessDate, isSqlite } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { config } from '../config.js';

/** One retail sale as the SELL scan records it. */
export interface RetailSale {
  at: Date;
  dealerId: string;
  productId: string;
  regionId: string;
  /** The scan region's path ("/reg_cn/…/"). */
  regionPath: string;
  /** The seller's home region path. */
  dealerRegionPath: string;
  priceMinor: number | null;
}

/**
 * Adds one sale to its `sell_through_day` row in the scan's transaction (rr §9): one statement that inserts
 * the row or adds to it, so two first sales of a day racing each other both count (no insert conflict).
 */
export async function addSellThrough(tx: EntityManager, sale: RetailSale, timeZone = config.BUSINESS_TIME_ZONE) {
  const day = businessDate(sale.at, timeZone);
  const priced = sale.priceMinor == null ? 0 : 1;
  const revenue = sale.priceMinor ?? 0;
  // MariaDB says ON DUPLICATE KEY, SQLite ON CONFLICT.
  const mariadb = !isSqlite(tx);
  const add = mariadb
    ? 'on duplicate key update sold_units = sold_units + 1, priced_units = priced_units + values(priced_units), ' +
      'revenue_minor = revenue_minor + values(revenue_minor)'
    : 'on conflict (day, dealer_id, product_id, region_id) do update set sold_units = sold_units + 1, ' +
      'priced_units = priced_units + excluded.priced_units, revenue_minor = revenue_minor + excluded.revenue_minor';
  await tx
    .getConnection()
    .execute(
      'insert into sell_through_day (day, dealer_id, product_id, region_id, region_path, dealer_region_path, ' +
        `sold_units, priced_units, revenue_minor) values (?, ?, ?, ?, ?, ?, 1, ?, ?) ${add}`,
      [day, sale.dealerId, sale.productId, sale.regionId, sale.regionPath, sale.dealerRegionPath, priced, revenue],
      'run',
      tx.getTransactionContext(),
    );
}
