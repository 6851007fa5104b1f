#!/usr/bin/env node
// Safety-stock import benchmark (issue 15, design network-administration.md §19). Boots the seeded
// platform on a fresh MariaDB, writes a GBK CSV of `lines` distinct (warehouse, SKU) pairs (the demo's
// warehouses × its SKUs, with regional warehouses added when those are too few; header
// 仓库编码,商品编码,安全库存 in GBK, CRLF lines), and has HQ import it through the gateway
// (`importSafetyStock`, base64): the answer is the validation of every line (nothing is written before
// it); then the leased runner applies the good lines in chunks, and `stockImport` is polled every
// 100 ms until COMPLETED. Checks that every line landed (appliedLines, and the stock levels in MariaDB
// holding the file's values). Target (§19): validation < 3 s, apply < 30 s on 2 cores.
//   node bench/safety-stock-import.bench.mjs [lines=20000]
// At most 20,000 lines (the import's own limit); the apply poll gives up after 300 s.
import { cpus } from 'node:os';
import { bootBenchPlatform, calibrationMs, cpuMeter, machineLoad, mariadbClient, printTable } from './support.mjs';

const lines = Math.min(Math.max(1, Number(process.argv[2] ?? 20_000)), 20_000);
const APPLY_GIVE_UP_MS = 300_000;
// "仓库编码,商品编码,安全库存" in GBK (the lines themselves are ASCII, the same bytes in GBK).
const GBK_HEADER = Buffer.from('b2d6bfe2b1e0c2eb2cc9ccc6b7b1e0c2eb2cb0b2c8abbfe2b4e6', 'hex');

const IMPORT =
  'mutation($input: ImportSafetyStockInput!) { importSafetyStock(input: $input) { ' +
  'import { id status totalLines goodLines badLines } errors { code message line } } }';
const PROGRESS = 'query($id: ID!) { stockImport(id: $id) { status appliedLines goodLines completedAt } }';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Every SKU of the catalogue, read a page of 100 at a time (HQ). */
async function allSkus(gql, hq) {
  const skus = [];
  let after = null;
  do {
    const res = await gql(
      'query($after: String) { products(first: 100, after: $after) { edges { node { sku } } ' +
        'pageInfo { hasNextPage endCursor } } }',
      { after },
      hq,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    skus.push(...res.data.products.edges.map((e) => e.node.sku));
    after = res.data.products.pageInfo.hasNextPage ? res.data.products.pageInfo.endCursor : null;
  } while (after && skus.length < 100_000);
  return skus;
}

const bench = await bootBenchPlatform('safety-stock-import');
const { gql, login, platform, mariadb } = bench;
try {
  const hq = await login('hq_admin');
  const warehouses = (await gql('{ warehouses { id code active } }', {}, hq)).data.warehouses.filter((w) => w.active);
  const skus = await allSkus(gql, hq);
  // The demo has 29 warehouses × 639 SKUs: regional warehouses are added (untimed) until the pairs suffice.
  for (let n = 1; warehouses.length * skus.length < lines && n <= 50; n++) {
    const input = {
      code: `WH-BENCH-${n}`,
      name: `压测仓 ${n}`,
      nameEn: `Bench ${n}`,
      kind: 'REGIONAL',
      regionId: 'reg_sh',
    };
    const res = await gql(
      'mutation($i: CreateWarehouseInput!) { createWarehouse(input: $i) { warehouse { id code } errors { code } } }',
      { i: input },
      hq,
    );
    const made = res.data?.createWarehouse?.warehouse;
    if (!made) throw new Error(`createWarehouse: ${JSON.stringify(res.errors ?? res.data.createWarehouse.errors)}`);
    warehouses.push(made);
  }
  if (warehouses.length * skus.length < lines)
    throw new Error(`only ${warehouses.length} warehouses × ${skus.length} SKUs: fewer pairs than ${lines} lines`);
  // Warehouse-major, so every warehouse gets its share of the SKUs; 1..97 so the values can be checked.
  const rows = Array.from({ length: lines }, (_, i) => {
    const w = warehouses[Math.floor(i / skus.length)];
    return { warehouseId: w.id, code: w.code, sku: skus[i % skus.length], safety: 1 + (i % 97) };
  });
  const body = rows.map((r) => `${r.code},${r.sku},${r.safety}\r\n`).join('');
  const file = Buffer.concat([GBK_HEADER, Buffer.from(`\r\n${body}`, 'ascii')]);

  const cpu = cpuMeter(platform, { mariadb });
  const calibrationBefore = calibrationMs();
  cpu.start();
  const t0 = performance.now();
  const answer = await gql(
    IMPORT,
    { input: { fileName: `bench-${lines}.csv`, contentBase64: file.toString('base64'), encoding: 'GBK' } },
    hq,
  );
  const validated = performance.now();
  const job = answer.data?.importSafetyStock?.import;
  if (!job) throw new Error(`import refused: ${JSON.stringify(answer.errors ?? answer.data.importSafetyStock.errors)}`);
  let progress;
  do {
    await sleep(100);
    progress = (await gql(PROGRESS, { id: job.id }, hq)).data.stockImport;
  } while (progress.status !== 'COMPLETED' && performance.now() - validated < APPLY_GIVE_UP_MS);
  const applied = performance.now();
  const cpuRows = cpu.stop(lines / 1000, '1000 lines');
  const calibrationAfter = calibrationMs();

  // The stock levels hold the file's values (a value the file gives is never the seed's 0 for most).
  const sql = mariadbClient(mariadb, 'dnp_inventory');
  const expected = new Map(rows.map((r) => [`${r.warehouseId}|${r.sku}`, r.safety]));
  const levels = sql.rows(
    'select s.warehouse_id, p.sku, s.safety_stock from stock_level s ' +
      'join dnp_products.product p on p.id = s.product_id',
  );
  let matching = 0;
  for (const [warehouseId, sku, safety] of levels)
    if (expected.get(`${warehouseId}|${sku}`) === Number(safety)) matching++;

  printTable(
    `importSafetyStock through the gateway: ${lines} lines, GBK, ${(file.length / 1024).toFixed(0)} KiB, ` +
      `MariaDB, ${cpus().length} CPUs, ${machineLoad()}, ${process.version}, ` +
      `calibration ${calibrationBefore}/${calibrationAfter} ms`,
    [
      {
        lines: job.totalLines,
        good: job.goodLines,
        bad: job.badLines,
        'validate s (answer)': ((validated - t0) / 1000).toFixed(2),
        'apply s (answer → COMPLETED)': ((applied - validated) / 1000).toFixed(2),
        'lines/s applied': (lines / ((applied - validated) / 1000)).toFixed(0),
        status: progress.status,
        applied: progress.appliedLines,
        'levels holding the value': matching,
      },
    ],
  );
  printTable('CPU per process (validation and apply)', cpuRows);
} finally {
  await bench.stop();
}
