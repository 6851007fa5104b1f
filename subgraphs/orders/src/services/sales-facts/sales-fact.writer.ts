import { isSqlite } from '@dnp/event-bus';
import { businessDate, periodOfDate } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import type { SalesFactDelta } from './sales-fact-sources.js';

/** The two aggregate tables and the granularity of their period keys. */
export const SALES_FACT_TABLES = [
  { table: 'sales_fact_day', granularity: 'DAY' },
  { table: 'sales_fact_month', granularity: 'MONTH' },
] as const;

const KEY = ['period', 'seller_key', 'dealer_id', 'product_id'] as const;
const ATTRIBUTES = ['region_path', 'category_path', 'brand_id'] as const;
const MEASURES = ['orders', 'order_lines', 'units', 'gross_minor', 'net_minor'] as const;
const COLUMNS = [...KEY, ...ATTRIBUTES, ...MEASURES];

/** Most rows per insert statement (7 × 12 parameters each stays far below either dialect's limit). */
const ROWS_PER_STATEMENT = 200;

type FactRow = Record<(typeof COLUMNS)[number], string | number>;

/** The deltas summed per row of one table (by business date), so one statement adds each row once. */
function rowsOf(deltas: readonly SalesFactDelta[], dates: readonly string[], granularity: 'DAY' | 'MONTH'): FactRow[] {
  const rows = new Map<string, FactRow>();
  for (const [i, d] of deltas.entries()) {
    const period = periodOfDate(dates[i]!, granularity);
    const key = [period, d.sellerKey, d.dealerId, d.productId].join('|');
    const row = rows.get(key) ?? {
      ...{ period, seller_key: d.sellerKey, dealer_id: d.dealerId, product_id: d.productId },
      ...{ region_path: d.regionPath, category_path: d.categoryPath, brand_id: d.brandId },
      ...{ orders: 0, order_lines: 0, units: 0, gross_minor: 0, net_minor: 0 },
    };
    row.orders = Number(row.orders) + d.orders;
    row.order_lines = Number(row.order_lines) + d.orderLines;
    row.units = Number(row.units) + d.units;
    row.gross_minor = Number(row.gross_minor) + d.grossMinor;
    row.net_minor = Number(row.net_minor) + d.netMinor;
    rows.set(key, row);
  }
  return [...rows.values()];
}

/**
 * Adds `deltas` to the day and month aggregates in `tx` (insert, or add to the existing row: SQLite
 * `on conflict do update`, MariaDB `on duplicate key update`). Periods are business periods in
 * `timeZone`; a row keeps the region and category it was first written with.
 */
export async function addSalesFacts(
  tx: EntityManager,
  deltas: readonly SalesFactDelta[],
  timeZone: string,
): Promise<void> {
  const sqlite = isSqlite(tx);
  const add = (c: string) => (sqlite ? `${c} = ${c} + excluded.${c}` : `${c} = ${c} + values(${c})`);
  const upsert = sqlite ? `on conflict (${KEY.join(', ')}) do update set` : 'on duplicate key update';
  // One zone conversion per instant (the costly part of a rebuild's chunk; a shipment's lines share
  // theirs), shared by both tables.
  const byInstant = new Map<number, string>();
  const dates = deltas.map((d) => {
    const date = byInstant.get(d.at.getTime()) ?? businessDate(d.at, timeZone);
    byInstant.set(d.at.getTime(), date);
    return date;
  });
  for (const { table, granularity } of SALES_FACT_TABLES) {
    const rows = rowsOf(deltas, dates, granularity);
    for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
      const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
      const values = chunk.map(() => `(${COLUMNS.map(() => '?').join(', ')})`).join(', ');
      await tx.getConnection().execute(
        `insert into ${table} (${COLUMNS.join(', ')}) values ${values} ${upsert} ${MEASURES.map(add).join(', ')}`,
        chunk.flatMap((r) => COLUMNS.map((c) => r[c])),
        'run',
        tx.getTransactionContext(),
      );
    }
  }
}
