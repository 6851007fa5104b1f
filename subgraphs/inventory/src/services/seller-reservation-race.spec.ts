import { createLogger, openDatabase, RequestContext, Role, type Viewer } from '@dnp/subgraph-kit';
import { startMariaDb, type TestMariaDb } from '@dnp/testing';
import type { MikroORM } from '@mikro-orm/core';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lot } from '../entities/lot.entity.js';
import { Reservation } from '../entities/reservation.entity.js';
import { StockLevel } from '../entities/stock-level.entity.js';
import { Warehouse, WarehouseKind } from '../entities/warehouse.entity.js';
import type { InventoryLoaders } from '../inventory-context.js';
import { inventorySubgraph } from '../subgraph.js';
import { ReservationService } from './reservation.service.js';

// Two-tier reservations on a real MariaDB server: 200 sub-dealer orders at once against the one
// warehouse of their parent, through the group commit and the conditional updates, with a pool of
// connections interleaving for real (SQLite runs one writer at a time and proves none of this).

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const log = createLogger('inventory-seller-race-spec', 'silent');
const service: Viewer = { userId: 'orders', role: Role.SERVICE };
const SELLER = 'dlr_P_RACE';
const PRODUCT = 'prd_RACE';
const HELD = 150;
const ORDERS = 200;
const LOTTED = 100;
let mariadb: TestMariaDb;
let orm: MikroORM;
let n = 0;
const context = (viewer: Viewer) =>
  new RequestContext<InventoryLoaders>(viewer, orm.em.fork(), log, `spec-${++n}`, inventorySubgraph.createLoaders);

const warehouse = (id: string, kind: WarehouseKind, dealerId: string | null) => ({
  ...{ id, code: `WH-${id.toUpperCase().replace(/_/g, '-')}`, name: id, nameEn: id, kind, dealerId },
  ...{ regionId: 'reg_js', regionPath: '/reg_cn/reg_east/reg_js/', active: true, version: 1 },
  ...{ deactivatedAt: null, deactivatedReason: null, address: null, createdAt: new Date() },
});
const level = (id: string, warehouseId: string, onHand: number) => ({
  ...{ id, warehouseId, productId: PRODUCT, onHand, reserved: 0, quarantined: 0, safetyStock: 0 },
  ...{ version: 0, updatedAt: new Date() },
});

beforeAll(async () => {
  mariadb = await startMariaDb({ logDir: join(ROOT, 'test-results', 'logs', `inventory-race-${Date.now()}`) });
  mariadb.sql('CREATE DATABASE dnp_inventory_race CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci');
  orm = await openDatabase({
    config: { DB_CLIENT: 'mariadb', DB_URL: mariadb.url('dnp_inventory_race'), DB_POOL_MAX: 20, LOG_LEVEL: 'silent' },
    entities: inventorySubgraph.entities,
    migrations: inventorySubgraph.migrations,
    log,
  });
  const em = orm.em.fork();
  // The seller's warehouse holds exactly HELD units (part in a lot); the brand's has plenty of the same product.
  await em.insert(Warehouse, warehouse('wh_p_race', WarehouseKind.DEALER, SELLER));
  await em.insert(Warehouse, warehouse('wh_brand_race', WarehouseKind.REGIONAL, null));
  await em.insert(StockLevel, level('stk_p_race', 'wh_p_race', HELD));
  await em.insert(StockLevel, level('stk_brand_race', 'wh_brand_race', 10_000));
  await em.insert(Lot, {
    ...{ id: 'lot_p_race', lotNumber: 'L-RACE', productId: PRODUCT, warehouseId: 'wh_p_race', quantity: LOTTED },
    ...{ reserved: 0, quarantined: 0, producedAt: new Date(), expiresAt: new Date(Date.now() + 365 * 86_400_000) },
  });
}, 180_000);
afterAll(async () => {
  await orm?.close();
  await mariadb?.stop();
});

describe('reserveStock with sourceDealerId on MariaDB', () => {
  it(`${ORDERS} concurrent sub-dealer orders of 1 unit sell exactly the ${HELD} units the parent holds`, async () => {
    const reservations = new ReservationService();
    const results = await Promise.all(
      Array.from({ length: ORDERS }, (_, k) =>
        reservations.reserve(context(service), {
          key: `ord_race_${k}`,
          dealerId: `dlr_sub_${k % 7}`,
          regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'],
          lines: [{ productId: PRODUCT, quantity: 1 }],
          sourceDealerId: SELLER,
        }),
      ),
    );
    const made = results.filter((r) => r.reservation);
    const refused = results.filter((r) => !r.reservation);
    expect(made).toHaveLength(HELD);
    expect(refused).toHaveLength(ORDERS - HELD);
    expect(new Set(refused.flatMap((r) => r.errors.map((e) => e.code)))).toEqual(new Set(['INSUFFICIENT_STOCK']));

    const em = orm.em.fork();
    const seller = await em.findOneOrFail(StockLevel, { id: 'stk_p_race' });
    expect(seller).toMatchObject({ onHand: HELD, reserved: HELD });
    const lot = await em.findOneOrFail(Lot, { id: 'lot_p_race' });
    expect(lot).toMatchObject({ quantity: LOTTED, reserved: LOTTED });
    // The brand's warehouse was never touched, though it had plenty.
    const brand = await em.findOneOrFail(StockLevel, { id: 'stk_brand_race' });
    expect(brand).toMatchObject({ reserved: 0, version: 0 });
    expect(await em.count(Reservation, {})).toBe(HELD);
    const negative = await em.count(StockLevel, { $or: [{ reserved: { $lt: 0 } }, { onHand: { $lt: 0 } }] });
    expect(negative).toBe(0);
  }, 120_000);
});
