import { createLogger, openDatabase } from '@dnp/subgraph-kit';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ordersSubgraph } from '../subgraph.js';
import { migrations } from './index.js';

const dir = mkdtempSync(join(tmpdir(), 'orders-migration-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const open = (sqlite: typeof migrations.sqlite) =>
  openDatabase({
    config: { DB_CLIENT: 'sqlite', DB_PATH: join(dir, 'orders.db'), DB_POOL_MAX: 1, LOG_LEVEL: 'silent' },
    entities: ordersSubgraph.entities,
    migrations: { sqlite, mysql: [] },
    log: createLogger('orders-migration-spec', 'silent'),
  });

describe('the fulfilment migration on legacy rows (SQLite)', () => {
  it('moves PENDING shipments to PICKING, numbers them per order and fills scope and shipped columns', async () => {
    const before = migrations.sqlite.findIndex((m) => m.name.endsWith('_Fulfilment'));
    const legacy = await open(migrations.sqlite.slice(0, before));
    const sql = (text: string) => legacy.em.getConnection().execute(text);
    await sql(
      `insert into sales_order (id, order_number, dealer_id, dealer_region_id, dealer_region_path, status, currency,
        subtotal_minor, discount_minor, total_minor, item_count, placed_by_user_id, placed_at, updated_at)
       values ('ord_1', 'SO202611010001', 'dlr_1', 'reg_nj', '/reg_cn/reg_nj/', 'SHIPPED', 'CNY', 300, 0, 300, 3,
        'usr_1', 1700000000000, 1700000001000),
       ('ord_2', 'SO202611010002', 'dlr_2', 'reg_sz', '/reg_cn/reg_sz/', 'APPROVED', 'CNY', 100, 0, 100, 1,
        'usr_2', 1700000000000, 1700000001000)`,
    );
    await sql(
      `insert into order_line (id, order_id, line_no, product_id, sku, product_name, quantity, currency,
        unit_price_minor, line_subtotal_minor, discount_minor, line_total_minor, is_gift)
       values ('oln_1', 'ord_1', 1, 'prd_a', 'A', 'A', 3, 'CNY', 100, 300, 0, 300, 0),
       ('oln_2', 'ord_2', 1, 'prd_b', 'B', 'B', 1, 'CNY', 100, 100, 0, 100, 0)`,
    );
    await sql(
      `insert into shipment (id, order_id, warehouse_id, status) values
       ('shp_a', 'ord_1', 'wh_1', 'SHIPPED'), ('shp_b', 'ord_1', 'wh_2', 'SHIPPED'), ('shp_c', 'ord_2', 'wh_1', 'PENDING')`,
    );
    await sql(`insert into shipment_line (shipment_id, order_line_id, quantity) values
       ('shp_a', 'oln_1', 2), ('shp_b', 'oln_1', 1), ('shp_c', 'oln_2', 1)`);
    await legacy.close();

    const orm = await open(migrations.sqlite);
    const rows = (await orm.em
      .getConnection()
      .execute(
        'select id, number, seq, status, dealer_id, dealer_region_path, settlement from shipment order by id',
      )) as {
      [k: string]: unknown;
    }[];
    expect(rows).toEqual([
      expect.objectContaining({
        id: 'shp_a',
        number: 'SO202611010001-1',
        seq: 1,
        status: 'SHIPPED',
        dealer_id: 'dlr_1',
      }),
      expect.objectContaining({ id: 'shp_b', number: 'SO202611010001-2', seq: 2, settlement: 'NONE' }),
      expect.objectContaining({
        id: 'shp_c',
        number: 'SO202611010002-1',
        status: 'PICKING',
        dealer_region_path: '/reg_cn/reg_sz/',
      }),
    ]);
    const lines = await orm.em
      .getConnection()
      .execute('select id, shipped_quantity, shipped_gross_minor, tax_class from order_line order by id');
    expect(lines).toEqual([
      { id: 'oln_1', shipped_quantity: 3, shipped_gross_minor: 300, tax_class: 'STANDARD' },
      { id: 'oln_2', shipped_quantity: 0, shipped_gross_minor: 0, tax_class: 'STANDARD' },
    ]);
    const products = await orm.em.getConnection().execute('select product_id from shipment_line order by shipment_id');
    expect(products.map((p: { product_id: string }) => p.product_id)).toEqual(['prd_a', 'prd_a', 'prd_b']);
    await orm.close();
  });
});
