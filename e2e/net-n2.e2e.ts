// Inventory administration through the gateway (docs/design/network-administration.md §6, §13.1), on
// MariaDB with events over Redis: warehouses opened, edited, deactivated and reactivated; safety stock
// set by HQ and by a warehouse's operator; a safety-stock CSV refused whole, then imported for its
// good lines; every refusal answers its own code and leaves every business table's row count as it was.
import { EventType } from '@dnp/event-bus';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sqlRows } from './support/o2c.js';
import { codeOf, payloadOf, rowCounts, settledCounts, sleep, sqlNumber } from './support/o2c-fixtures.js';
import { bootPlatform, type TestPlatform } from './support/platform.js';

const WAREHOUSE = 'warehouse { id code version active region { id } deactivatedReason }';
const CREATE =
  'mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { ' + `${WAREHOUSE} errors { code field } } }`;
const UPDATE = `mutation($i: UpdateWarehouseInput!) { updateWarehouse(input: $i) { ${WAREHOUSE} errors { code } } }`;
const ACTIVE =
  'mutation($id: ID!, $a: Boolean!, $r: String!) { setWarehouseActive(id: $id, active: $a, reason: $r) { ' +
  `${WAREHOUSE} errors { code } } }`;
const SAFETY =
  'mutation($i: SetSafetyStockInput!) { setSafetyStock(input: $i) { stockLevel { id safetyStock version } ' +
  'errors { code field } } }';
const IMPORT =
  'mutation($i: ImportSafetyStockInput!) { importSafetyStock(input: $i) { import { id status totalLines goodLines ' +
  'badLines appliedLines } duplicateOf { id } errors { code line column } } }';

describe('inventory administration (mariadb, redis)', () => {
  let t: TestPlatform;
  const tok: Record<string, string> = {};
  let skus: string[];

  beforeAll(async () => {
    const quiet = { ALERT_SCAN_INTERVAL_MS: '3600000' };
    t = await bootPlatform('mariadb', { seed: true, redis: true, subgraphEnv: { orders: quiet, inventory: quiet } });
    for (const u of ['hq_admin', 'wh_east_op', 'east_manager']) tok[u] = await t.login(u);
    skus = sqlRows(t, 'select sku from dnp_products.product order by sku limit 12').map(([s]) => s!);
  }, 300_000);
  afterAll(() => t?.stop());

  const hq = (q: string, v: Record<string, unknown>) => t.gql(q, v, tok.hq_admin);

  it('opens, edits, deactivates and reactivates a warehouse, each with its event', async () => {
    const input = { code: 'WH-E2E-N2', name: '测试仓', nameEn: 'E2E warehouse', kind: 'REGIONAL', regionId: 'reg_js' };
    const created = payloadOf('createWarehouse', await hq(CREATE, { i: input })).warehouse;
    expect(created).toMatchObject({ code: 'WH-E2E-N2', version: 1, active: true });
    const listed = await t.gql('{ warehouses { code } }', {}, tok.east_manager);
    expect(listed.data.warehouses.map((w: { code: string }) => w.code)).toContain('WH-E2E-N2');

    const moved = payloadOf(
      'updateWarehouse',
      await hq(UPDATE, { i: { id: created.id, expectedVersion: 1, regionId: 'reg_gd' } }),
    );
    expect(moved.warehouse).toMatchObject({ version: 2, region: { id: 'reg_gd' } });
    // The east manager no longer sees it; the region scope reads the new path.
    const after = await t.gql('{ warehouses { code } }', {}, tok.east_manager);
    expect(after.data.warehouses.map((w: { code: string }) => w.code)).not.toContain('WH-E2E-N2');

    const off = payloadOf('setWarehouseActive', await hq(ACTIVE, { id: created.id, a: false, r: 'e2e closing' }));
    expect(off.warehouse).toMatchObject({ active: false, deactivatedReason: 'e2e closing' });
    const on = payloadOf('setWarehouseActive', await hq(ACTIVE, { id: created.id, a: true, r: 'e2e back' }));
    expect(on.warehouse).toMatchObject({ active: true, version: 4 });
    const changes = sqlRows(
      t,
      `select json_value(payload, '$.change') from dnp_inventory.outbox_events where subject_id = '${created.id}' ` +
        `and type = '${EventType.WAREHOUSE_CHANGED}' order by seq`,
    ).map(([c]) => c);
    expect(changes).toEqual(['CREATED', 'UPDATED', 'DEACTIVATED', 'REACTIVATED']);
  });

  it('sets safety stock as HQ and as the operator of the warehouse', async () => {
    const [productId] = sqlRows(
      t,
      "select product_id from dnp_inventory.stock_level where warehouse_id = 'wh_east' limit 1",
    )[0]!;
    const byHq = payloadOf(
      'setSafetyStock',
      await hq(SAFETY, { i: { warehouseId: 'wh_east', productId, safetyStock: 77 } }),
    );
    expect(byHq.stockLevel.safetyStock).toBe(77);
    const op = await t.gql(SAFETY, { i: { warehouseId: 'wh_east', productId, safetyStock: 78 } }, tok.wh_east_op);
    expect(payloadOf('setSafetyStock', op).stockLevel.safetyStock).toBe(78);
    const elsewhere = await t.gql(
      SAFETY,
      { i: { warehouseId: 'wh_south', productId, safetyStock: 1 } },
      tok.wh_east_op,
    );
    expect(codeOf(elsewhere)).toBe('NOT_FOUND');
    const manager = await t.gql(SAFETY, { i: { warehouseId: 'wh_east', productId, safetyStock: 1 } }, tok.east_manager);
    expect(codeOf(manager)).toBe('FORBIDDEN');
  });

  it('refuses bad input with its own code and leaves every row count unchanged', async () => {
    const before = await settledCounts(t);
    const base = { name: 'x', nameEn: 'x', kind: 'REGIONAL', regionId: 'reg_js' };
    const held = sqlRows(t, 'select warehouse_id from dnp_inventory.stock_level where reserved > 0 limit 1')[0]![0];
    const cases: [string, Promise<Parameters<typeof codeOf>[0]>][] = [
      ['WAREHOUSE_CODE_TAKEN', hq(CREATE, { i: { ...base, code: 'WH-HQ' } })],
      ['REGION_UNKNOWN', hq(CREATE, { i: { ...base, code: 'WH-E2E-X1', regionId: 'reg_nowhere' } })],
      ['DEALER_REQUIRED', hq(CREATE, { i: { ...base, code: 'WH-E2E-X2', kind: 'DEALER' } })],
      ['VERSION_CONFLICT', hq(UPDATE, { i: { id: 'wh_east', expectedVersion: 99, name: 'x' } })],
      ['WAREHOUSE_HAS_RESERVATIONS', hq(ACTIVE, { id: held, a: false, r: 'no' })],
      ['SAFETY_STOCK_INVALID', hq(SAFETY, { i: { warehouseId: 'wh_east', productId: 'prd_00001', safetyStock: -1 } })],
    ];
    for (const [code, call] of cases) expect(codeOf(await call), code).toBe(code);
    const csv = ['仓库编码,SKU,安全库存', ...skus.slice(0, 8).map((s, k) => `WH-EAST,${s},${10 + k}`)];
    csv[3] = 'WH-EAST,NO-SUCH-SKU,5'; // line 4
    csv[6] = `WH-EAST,${skus[9]},-2`; // line 7
    const file = { fileName: 'e2e.csv', contentBase64: Buffer.from(csv.join('\n')).toString('base64') };
    const refused = await hq(IMPORT, { i: file });
    expect(refused.data.importSafetyStock.import).toBeNull();
    expect(refused.data.importSafetyStock.errors.map((e: { code: string; line: number }) => [e.code, e.line])).toEqual([
      ['SKU_UNKNOWN', 4],
      ['SAFETY_STOCK_INVALID', 7],
    ]);
    await sleep(500);
    expect(rowCounts(t)).toEqual(before);

    // With importGoodLines: exactly the good lines, applied in the background.
    const started = await hq(IMPORT, { i: { ...file, importGoodLines: true } });
    const job = started.data.importSafetyStock.import;
    expect(job).toMatchObject({ totalLines: 8, goodLines: 6, badLines: 2 });
    let progress = job;
    for (let i = 0; i < 50 && progress.status !== 'COMPLETED'; i++) {
      await sleep(200);
      progress = (await hq('query($id: ID!) { stockImport(id: $id) { status appliedLines } }', { id: job.id })).data
        .stockImport;
    }
    expect(progress).toEqual({ status: 'COMPLETED', appliedLines: 6 });
    expect(sqlNumber(t, `select count(*) from dnp_inventory.stock_import_line where import_id = '${job.id}'`)).toBe(6);
  });
});
