#!/usr/bin/env node
// Read-model lag benchmark (issue 15, design network-administration.md §19). Boots the seeded platform on
// a fresh MariaDB (events on Redis Streams, or on the embedded bus with `embedded`), then HQ creates
// products through the gateway at a fixed rate (open loop), each followed by its base price
// (`setPriceListEntries(pl_base)`, as the console does). Per product it measures, from the moment
// `createProduct` answered:
//   - priced: until a dealer (nj_admin) gets a price for it (`product(id) { price }`, polled every 50 ms);
//   - applied: until pricing's `pricing:catalogue` consumer applied its `products.product_changed`
//     (its `processed_events` row, polled every 20 ms on MariaDB).
// Prints p50/p95/p99/max of both. Target (§19): p99 < 1 s, max < 2 s on 2 cores.
//   node bench/read-model-lag.bench.mjs [products=200] [rate=10] [bus=redis|embedded]
// At most 2,000 products and 50/s; every poll gives up after 5 s (counted as missed).
import mysql from 'mysql2/promise';
import { bootBenchPlatform, calibrationMs, cpuMeter, machineLoad, percentile, printTable } from './support.mjs';

const count = Math.min(Math.max(1, Number(process.argv[2] ?? 200)), 2_000);
const rate = Math.min(Math.max(1, Number(process.argv[3] ?? 10)), 50);
const bus = process.argv[4] === 'embedded' ? 'embedded' : 'redis';
const POLL_GIVE_UP_MS = 5_000;
const PRICE_POLL_MS = 50;
const EVENT_POLL_MS = 20;

const CREATE =
  'mutation($input: CreateProductInput!) { createProduct(input: $input) { product { id } errors { code field } } }';
const PRICE =
  'mutation($id: ID!, $e: [PriceListEntryInput!]!) { setPriceListEntries(priceListId: $id, entries: $e) ' +
  '{ errors { code field } } }';
const PRICED = 'query($id: ID!) { product(id: $id) { id price { amount } } }';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A valid EAN-13 from a 12-digit body (GS1 check digit appended). */
function ean13(body) {
  let sum = 0;
  [...body].reverse().forEach((d, i) => (sum += Number(d) * (i % 2 === 0 ? 3 : 1)));
  return body + ((10 - (sum % 10)) % 10);
}

/** Calls `probe` every `everyMs` until it answers true; the ms it took, or null after POLL_GIVE_UP_MS. */
async function until(probe, everyMs, since) {
  while (performance.now() - since < POLL_GIVE_UP_MS) {
    if (await probe()) return performance.now() - since;
    await sleep(everyMs);
  }
  return null;
}

const bench = await bootBenchPlatform('read-model-lag', { redis: bus === 'redis' });
const { gql, login, platform, mariadb, redis } = bench;
const db = mysql.createPool({
  host: '127.0.0.1',
  port: mariadb.port,
  user: 'dnp',
  password: 'dnp',
  connectionLimit: 8,
});
try {
  const [hq, dealer] = await Promise.all([login('hq_admin'), login('nj_admin')]);
  const demo = await gql('{ products(first: 1) { edges { node { brand { id } category { id } } } } }', {}, hq);
  const { brand, category } = demo.data.products.edges[0].node;
  const stamp = Date.now().toString(36).toUpperCase();
  const prefix = String(Date.now()).slice(-6);

  /** One product: create, price, then both polls; answers its timings (ms) or the failure. */
  const one = async (i) => {
    const sku = `BENCH-LAG-${stamp}-${i}`;
    const input = {
      ...{ brandId: brand.id, categoryId: category.id, sku, name: `读模型延迟 ${i}`, nameEn: `Lag ${i}` },
      ...{ unit: '箱', unitEn: 'case', barcode: ean13(`2${prefix}${String(i).padStart(5, '0')}`) },
      ...{ taxClass: 'STANDARD', shelfLifeDays: 365, traceable: false },
    };
    const t0 = performance.now();
    const created = await gql(CREATE, { input }, hq);
    const product = created.data?.createProduct?.product;
    if (!product) return { failed: JSON.stringify(created.errors ?? created.data.createProduct.errors) };
    const answered = performance.now();
    const priced = gql(
      PRICE,
      { id: 'pl_base', e: [{ productId: product.id, minQuantity: 1, unitPriceMinor: 4990 }] },
      hq,
    );
    const [[event]] = await db.query(
      'select event_id from dnp_products.outbox_events where subject_id = ? and type = ? order by seq limit 1',
      [product.id, 'products.product_changed'],
    );
    const applied = until(
      async () =>
        (
          await db.query('select 1 from dnp_pricing.processed_events where consumer = ? and event_id = ?', [
            'pricing:catalogue',
            event?.event_id ?? '',
          ])
        )[0].length > 0,
      EVENT_POLL_MS,
      answered,
    );
    const priceSet = await priced;
    if (priceSet.errors || priceSet.data.setPriceListEntries.errors.length)
      return { failed: JSON.stringify(priceSet.errors ?? priceSet.data.setPriceListEntries.errors) };
    const seen = until(
      async () => Boolean((await gql(PRICED, { id: product.id }, dealer)).data?.product?.price),
      PRICE_POLL_MS,
      answered,
    );
    return { create: answered - t0, priced: await seen, applied: await applied };
  };

  await one(99_999); // connections, JIT, the first consumer run
  const cpu = cpuMeter(platform, { mariadb, redis });
  const calibrationBefore = calibrationMs();
  cpu.start();
  const started = performance.now();
  const pending = [];
  for (let i = 0; i < count; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(one(i));
  }
  const results = await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  const cpuRows = cpu.stop(count, 'product');
  const calibrationAfter = calibrationMs();

  const failed = results.filter((r) => r.failed);
  const ok = results.filter((r) => !r.failed);
  const row = (measure, values) => {
    const got = values.filter((v) => v !== null).sort((a, b) => a - b);
    return {
      measure,
      n: got.length,
      missed: values.length - got.length,
      'p50 ms': percentile(got, 0.5),
      'p95 ms': percentile(got, 0.95),
      'p99 ms': percentile(got, 0.99),
      'max ms': got.length ? got.at(-1).toFixed(0) : '',
      '> 1 s': got.filter((v) => v > 1000).length,
      '> 2 s': got.filter((v) => v > 2000).length,
    };
  };
  printTable(
    `Read-model lag: ${count} products created at ${rate}/s through the gateway in ${elapsed.toFixed(1)} s, ` +
      `MariaDB, ${bus === 'redis' ? 'Redis Streams' : 'embedded bus'}, ${machineLoad()}, ${process.version}, ` +
      `calibration ${calibrationBefore}/${calibrationAfter} ms`,
    [
      row(
        'createProduct answer',
        ok.map((r) => r.create),
      ),
      row(
        'answered → dealer sees a price',
        ok.map((r) => r.priced),
      ),
      row(
        'answered → pricing:catalogue applied',
        ok.map((r) => r.applied),
      ),
    ],
  );
  if (failed.length) console.log(`${failed.length} products failed; first: ${failed[0].failed}`);
  printTable('CPU per process during the run', cpuRows);
} finally {
  await db.end();
  await bench.stop();
}
