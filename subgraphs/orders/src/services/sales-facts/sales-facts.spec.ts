import { createLogger, EventType, openDatabase, splitVat } from '@dnp/subgraph-kit';
import { openTestSubgraph } from '@dnp/subgraph-kit/testing';
import { startMariaDb, type TestMariaDb } from '@dnp/testing';
import type { MikroORM } from '@mikro-orm/core';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SalesFactDay, SalesFactMonth } from '../../entities/sales-fact.entity.js';
import { Shipment } from '../../entities/shipment.entity.js';
import { ReturnRequest } from '../../entities/return-request.entity.js';
import { ordersSubgraph } from '../../subgraph.js';
import {
  credited,
  deliver,
  event,
  makeCreditedReturn,
  makeOrder,
  makeShipment,
  productChanged,
  shipped,
} from './sales-facts.fixture.js';
import { rebuildSalesFacts } from './sales-facts-rebuild.js';

const ROOT = fileURLToPath(new URL('../../../../../', import.meta.url));

/** The same facts on SQLite and on a real MariaDB (its `on duplicate key update` path). */
async function openDialect(dialect: 'sqlite' | 'mariadb'): Promise<{ orm: MikroORM; close: () => Promise<void> }> {
  if (dialect === 'sqlite') {
    const t = await openTestSubgraph(ordersSubgraph);
    return { orm: t.orm, close: () => t.close() };
  }
  const mariadb: TestMariaDb = await startMariaDb({
    logDir: join(ROOT, 'test-results', 'logs', `sales-facts-${Date.now()}`),
  });
  mariadb.sql('CREATE DATABASE dnp_orders_facts CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
  const orm = await openDatabase({
    config: { DB_CLIENT: 'mariadb', DB_URL: mariadb.url('dnp_orders_facts'), DB_POOL_MAX: 4, LOG_LEVEL: 'silent' },
    entities: ordersSubgraph.entities,
    migrations: ordersSubgraph.migrations,
    log: createLogger('sales-facts-spec', 'silent'),
  });
  return { orm, close: async () => (await orm.close(), await mariadb.stop()) };
}

// The dialect's database; the two blocks run one after the other.
const db = {} as { orm: MikroORM; close: () => Promise<void> };
const JS = '/reg_cn/reg_east/reg_js/';
const dealer = { id: 'dlr_sf1', regionPath: JS };
const facts = async (entity: typeof SalesFactDay | typeof SalesFactMonth, dealerId: string) =>
  (await db.orm.em.fork().find(entity, { dealerId }, { orderBy: { period: 'asc', productId: 'asc' } })).map((f) => [
    f.period,
    f.productId,
    f.categoryPath,
    f.orders,
    f.orderLines,
    f.units,
    f.grossMinor,
    f.netMinor,
  ]);
const net13 = (gross: number) => splitVat(gross, 1300).net;

describe.each(['sqlite', 'mariadb'] as const)('orders:sales-facts on %s', (dialect) => {
  beforeAll(async () => Object.assign(db, await openDialect(dialect)), 180_000);
  afterAll(() => db.close?.());

  it('counts a shipment from its own lines in its Beijing day and month (23:30, 00:30 over a month end)', async () => {
    await deliver(db.orm, productChanged('prd_sfa', 2, '/cat_dairy/cat_mlk/'));
    const lines = [
      { id: 'oln_sf1a', productId: 'prd_sfa', quantity: 3, totalMinor: 3000 },
      { id: 'oln_sf1b', productId: 'prd_sfb', quantity: 2, totalMinor: 1090, taxClass: 'REDUCED' as never },
    ];
    const feb28 = new Date('2026-02-28T15:30:00Z'); // 23:30 Beijing, 28 February
    const mar1 = new Date('2026-02-28T16:30:00Z'); // 00:30 Beijing, 1 March
    await makeOrder(db.orm, 'ord_sf1', dealer, lines, feb28);
    const order = { id: 'ord_sf1', dealerId: dealer.id, regionPath: JS };
    await makeShipment(
      db.orm,
      'shp_sf1',
      order,
      [
        ['oln_sf1a', 2, 2000],
        ['oln_sf1b', 2, 1090],
      ],
      feb28,
    );
    await makeShipment(db.orm, 'shp_sf2', order, [['oln_sf1a', 1, 1000]], mar1);
    // The later shipment first: which shipment counts the order does not depend on delivery order.
    await deliver(db.orm, shipped('shp_sf2'));
    await deliver(db.orm, shipped('shp_sf1'));
    expect(await facts(SalesFactDay, dealer.id)).toEqual([
      ['2026-02-28', 'prd_sfa', '/cat_dairy/cat_mlk/', 1, 1, 2, 2000, net13(2000)],
      ['2026-02-28', 'prd_sfb', '', 0, 1, 2, 1090, 1000],
      ['2026-03-01', 'prd_sfa', '/cat_dairy/cat_mlk/', 0, 0, 1, 1000, net13(1000)],
    ]);
    expect((await facts(SalesFactMonth, dealer.id)).map((f) => f.slice(0, 2))).toEqual([
      ['2026-02', 'prd_sfa'],
      ['2026-02', 'prd_sfb'],
      ['2026-03', 'prd_sfa'],
    ]);
    // The product arrives later: the facts written without it get its category.
    await deliver(db.orm, productChanged('prd_sfb', 1, '/cat_dairy/cat_yog/'));
    expect((await facts(SalesFactMonth, dealer.id))[1]![2]).toBe('/cat_dairy/cat_yog/');
  });

  it('changes nothing when a shipment is delivered again, by the same event or another', async () => {
    const before = await facts(SalesFactDay, dealer.id);
    const again = shipped('shp_sf1');
    await deliver(db.orm, again);
    await deliver(db.orm, again);
    await deliver(db.orm, shipped('shp_sf2'));
    await deliver(db.orm, event(EventType.SHIPMENT_STATUS_CHANGED, { ...again.payload, toStatus: 'DELIVERED' }));
    expect(await facts(SalesFactDay, dealer.id)).toEqual(before);
  });

  it('subtracts a credited return in the month it was credited, once', async () => {
    const order = { id: 'ord_sf1', dealerId: dealer.id, regionPath: JS, shipmentId: 'shp_sf2' };
    await makeCreditedReturn(
      db.orm,
      'rtn_sf1',
      order,
      [['oln_sf1a', 'prd_sfa', 1, 1000]],
      new Date('2026-03-02T02:00:00Z'),
    );
    await deliver(db.orm, credited('rtn_sf1'));
    await deliver(db.orm, credited('rtn_sf1'));
    const march = (await facts(SalesFactMonth, dealer.id)).filter((f) => f[0] === '2026-03');
    expect(march).toEqual([['2026-03', 'prd_sfa', '/cat_dairy/cat_mlk/', 0, 0, 0, 0, 0]]);
    expect((await facts(SalesFactDay, dealer.id)).at(-1)).toEqual([
      '2026-03-02',
      'prd_sfa',
      '/cat_dairy/cat_mlk/',
      ...[0, 0, -1, -1000, -net13(1000)],
    ]);
  });

  it('puts 23:30 and 00:30 Beijing on 31 December in their own years', async () => {
    const d = { id: 'dlr_sf2', regionPath: JS };
    const order = { id: 'ord_sf2', dealerId: d.id, regionPath: JS };
    await makeOrder(
      db.orm,
      'ord_sf2',
      d,
      [{ id: 'oln_sf2', productId: 'prd_sfa', quantity: 2, totalMinor: 500 }],
      new Date('2026-12-31T15:30:00Z'),
    );
    await makeShipment(db.orm, 'shp_sf3', order, [['oln_sf2', 1, 250]], new Date('2026-12-31T15:30:00Z'));
    await makeShipment(db.orm, 'shp_sf4', order, [['oln_sf2', 1, 250]], new Date('2026-12-31T16:30:00Z'));
    await deliver(db.orm, shipped('shp_sf3'));
    await deliver(db.orm, shipped('shp_sf4'));
    expect((await facts(SalesFactDay, d.id)).map((f) => [f[0], f[5]])).toEqual([
      ['2026-12-31', 1],
      ['2027-01-01', 1],
    ]);
    expect((await facts(SalesFactMonth, d.id)).map((f) => [f[0], f[3], f[5]])).toEqual([
      ['2026-12', 1, 1],
      ['2027-01', 0, 1],
    ]);
  });

  it('rebuilds both tables from the source tables, in chunks, equal to what the consumer built', async () => {
    const snapshot = async () => ({
      day: await db.orm.em
        .fork()
        .find(SalesFactDay, {}, { orderBy: { period: 'asc', dealerId: 'asc', productId: 'asc' } }),
      month: await db.orm.em
        .fork()
        .find(SalesFactMonth, {}, { orderBy: { period: 'asc', dealerId: 'asc', productId: 'asc' } }),
    });
    const built = await snapshot();
    expect(built.day.length).toBeGreaterThan(4);
    const result = await rebuildSalesFacts(db.orm.em, 'Asia/Shanghai', 3);
    const shipments = await db.orm.em.fork().count(Shipment, { shippedAt: { $ne: null } });
    const returns = await db.orm.em.fork().count(ReturnRequest, { creditedAt: { $ne: null } });
    expect(result).toEqual({ shipments, returns });
    expect(await snapshot()).toEqual(built);
  });
});
