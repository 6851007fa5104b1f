#!/usr/bin/env node
// Shipping benchmark (issue 14). Boots the seeded platform on a fresh MariaDB (one database per
// subgraph), raises stock of 20 nationwide products at the HQ and East China warehouses, then
// (untimed) 40 ACTIVE East China dealers place one-unit orders through the gateway until there
// are enough APPROVED orders whose PICKING shipment leaves a warehouse of `wh_east_op`. The
// operator (one session per worker) then ships them with `shipShipment` through the gateway,
// closed loop, at each concurrency level in turn, each level on its own fresh shipments. Every
// shipment is the real thing: stock committed in inventory, the invoice numbered and the credit
// captured in finance, the order moved on. Prints shipments/s and p50/p95/p99 per level, the
// invoices issued and the gaps in the year's invoice numbers (must stay 0), and CPU ms per
// shipment per process.
//   node bench/ship.bench.mjs [perLevel=150] [levels=1,4,16] [seconds=60]
// `perLevel` shipments per level (at most 1000), each level stops after `seconds` (at most 300).
import { randomUUID } from 'node:crypto';
import { cpus } from 'node:os';
import {
  bootBenchPlatform,
  calibrationMs,
  cpuMeter,
  machineLoad,
  mariadbClient,
  percentile,
  printTable,
  sqlStatements,
} from './support.mjs';

const perLevel = Math.min(Number(process.argv[2] ?? 150), 1_000);
const levels = String(process.argv[3] ?? '1,4,16')
  .split(',')
  .map((n) => Math.min(Math.max(1, Number(n)), 64));
const seconds = Math.min(Number(process.argv[4] ?? 60), 300);
const WARM_UP = 20;
const DEALERS = 40;
const PRODUCTS = 20;
const OPERATOR_WAREHOUSES = ['wh_hq', 'wh_east'];

const PLACE =
  'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { order { id status } errors { code } } }';
const SHIPMENTS_OF =
  'query($orderId: ID!) { shipments(first: 5, filter: { orderId: $orderId }) { edges { node ' +
  '{ id status warehouse { id } } } } }';
const SHIP =
  'mutation($input: ShipShipmentInput!) { shipShipment(input: $input) { shipment { id status } ' +
  'order { status } errors { code } } }';

const bench = await bootBenchPlatform('ship');
const { gql, login, platform, mariadb } = bench;
try {
  const hq = await login('hq_admin');
  const dealers = await eastDealers(hq);
  const products = await stockedProducts(hq);
  const wanted = WARM_UP + perLevel * levels.length;
  const setupStarted = performance.now();
  const shipments = await approvedShipments(dealers, products, wanted);
  const setupSeconds = (performance.now() - setupStarted) / 1000;
  console.log(
    `setup: ${shipments.length} PICKING shipments from ${dealers.length} dealers in ${setupSeconds.toFixed(1)} s`,
  );
  if (shipments.length < wanted) throw new Error(`only ${shipments.length} of ${wanted} shipments could be made`);

  const operators = [];
  for (let i = 0; i < Math.max(...levels); i++) operators.push(await login('wh_east_op'));
  const finance = mariadbClient(mariadb, 'dnp_finance');
  const invoiceGaps = () =>
    finance
      .rows('select year, count(*), coalesce(max(seq), 0) from invoice where seq is not null group by year')
      .reduce((gaps, [, n, max]) => gaps + Number(max) - Number(n), 0);
  const invoiceCount = () => Number(finance.rows('select count(*) from invoice')[0][0]);

  await ship(shipments.splice(0, WARM_UP), 4, operators); // warm-up: connections, JIT, caches
  const rows = [];
  const cpuRows = [];
  for (const concurrency of levels) {
    const invoices0 = invoiceCount();
    const calibration = calibrationMs();
    const cpu = cpuMeter(platform, { mariadb });
    const sql0 = await sqlStatements(platform);
    cpu.start();
    const r = await ship(shipments.splice(0, perLevel), concurrency, operators);
    const shipped = r.outcomes.SHIPPED ?? 0;
    if (concurrency === Math.max(...levels)) {
      const sql1 = await sqlStatements(platform);
      const per = Math.max(1, shipped);
      for (const row of cpu.stop(per, 'shipment')) {
        const sql = row.process in sql1 ? ((sql1[row.process] - sql0[row.process]) / per).toFixed(1) : '';
        cpuRows.push({ concurrency, ...row, 'SQL/shipment': sql });
      }
    }
    rows.push({
      concurrency,
      shipments: shipped,
      seconds: r.elapsed.toFixed(1),
      'shipments/s': (shipped / r.elapsed).toFixed(1),
      'p50 ms': r.p50,
      'p95 ms': r.p95,
      'p99 ms': r.p99,
      'invoices issued': invoiceCount() - invoices0,
      'number gaps': invoiceGaps(),
      other: Object.entries(r.outcomes)
        .filter(([o]) => o !== 'SHIPPED')
        .map(([o, n]) => `${o} ${n}`)
        .join(', '),
      'calibration ms': calibration,
    });
  }
  printTable(
    `shipShipment through the gateway as wh_east_op, closed loop, ${perLevel} shipments per level ` +
      `(max ${seconds} s), MariaDB, ${cpus().length} CPUs, ${process.version}, ${machineLoad()} after the run`,
    rows,
  );
  console.log('(calibration: ms of a fixed CPU task before each level, ~25 on a fast, quiet machine)');
  printTable(`CPU per process at concurrency ${Math.max(...levels)}`, cpuRows);
} finally {
  await bench.stop();
}

/** ACTIVE East China dealers with the most available credit, logged in (codes lower-cased). */
async function eastDealers(hq) {
  const found = [];
  let after = null;
  do {
    const res = await gql(
      'query($after: String) { dealers(first: 100, after: $after, filter: { status: ACTIVE, regionId: "reg_east" }) ' +
        '{ edges { node { code creditAccount { available { amount } } } } pageInfo { hasNextPage endCursor } } }',
      { after },
      hq,
    );
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    for (const { node } of res.data.dealers.edges)
      found.push({ code: node.code, available: Number(node.creditAccount?.available.amount ?? 0) });
    after = res.data.dealers.pageInfo.hasNextPage ? res.data.dealers.pageInfo.endCursor : null;
  } while (after);
  found.sort((a, b) => b.available - a.available);
  const tokens = [];
  for (const d of found) {
    if (tokens.length >= DEALERS) break;
    // The Jiangsu agent and the Nanjing dealer log in as js_admin / nj_admin, not by code: skipped.
    const token = await login(d.code.toLowerCase()).catch(() => null);
    if (token) tokens.push(token);
  }
  return tokens;
}

/** Nationwide products with plenty of stock (one fresh lot) at both warehouses of the operator. */
async function stockedProducts(hq) {
  const res = await gql(`{ products(first: ${PRODUCTS}) { edges { node { id sku salesRegionIds } } } }`, {}, hq);
  const products = res.data.products.edges.map((e) => e.node).filter((p) => !p.salesRegionIds);
  const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
  for (const warehouseId of OPERATOR_WAREHOUSES) {
    for (const p of products) {
      const adjusted = await gql(
        'mutation($i: AdjustStockInput!) { adjustStock(input: $i) { errors { code } } }',
        { i: { warehouseId, productId: p.id, delta: 50_000, reason: 'RECEIPT', lotNumber: 'BENCH-SHIP', expiresAt } },
        hq,
      );
      const errors = adjusted.errors ?? adjusted.data.adjustStock.errors;
      if (errors.length) throw new Error(`adjustStock ${p.sku} at ${warehouseId}: ${JSON.stringify(errors)}`);
    }
  }
  return products;
}

/**
 * Places one-unit orders from the dealers in turn (8 at a time) until `wanted` APPROVED orders have
 * their single PICKING shipment in a warehouse of the operator, or 4× as many orders were tried.
 */
async function approvedShipments(dealers, products, wanted) {
  const shipments = [];
  let tried = 0;
  const worker = async (w) => {
    for (let i = w; shipments.length < wanted && tried < wanted * 4; i += 8) {
      tried++;
      const input = {
        idempotencyKey: randomUUID(),
        lines: [{ productId: products[i % products.length].id, quantity: 1 }],
      };
      const placed = await gql(PLACE, { input }, dealers[i % dealers.length]);
      const order = placed.data?.placeOrder.order;
      if (order?.status !== 'APPROVED') continue;
      const res = await gql(SHIPMENTS_OF, { orderId: order.id }, dealers[i % dealers.length]);
      for (const { node } of res.data?.shipments.edges ?? [])
        if (node.status === 'PICKING' && OPERATOR_WAREHOUSES.includes(node.warehouse.id)) shipments.push(node.id);
    }
  };
  await Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
  return shipments;
}

/** A shipShipment answer in a word: the shipment's status, the first refusal code or the error code. */
function outcomeOf(res) {
  if (res.errors) return `error ${res.errors[0]?.extensions?.code ?? res.errors[0]?.message}`;
  const r = res.data.shipShipment;
  return r.errors.length ? r.errors[0].code : r.shipment.status;
}

/** Ships `ids` in full, `concurrency` at a time (operator session per worker), for at most `seconds`. */
async function ship(ids, concurrency, operators) {
  const latencies = [];
  const outcomes = {};
  let next = 0;
  const started = performance.now();
  const until = started + seconds * 1000;
  const tally = (outcome, t0) => {
    latencies.push(performance.now() - t0);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  };
  const worker = async (w) => {
    while (next < ids.length && performance.now() < until) {
      const shipmentId = ids[next++];
      const input = {
        shipmentId,
        carrier: '顺丰速运',
        trackingNumber: `SF${shipmentId.replace(/[^A-Za-z0-9]/g, '').slice(-24)}`,
      };
      const t0 = performance.now();
      tally(await gql(SHIP, { input }, operators[w]).then(outcomeOf, (err) => `transport ${err.message}`), t0);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    elapsed,
    outcomes,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    p99: percentile(latencies, 0.99),
  };
}
