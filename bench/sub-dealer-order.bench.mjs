#!/usr/bin/env node
// Two-tier ordering benchmark (issue 15, design network-administration.md §19). Boots the seeded platform
// on a fresh MariaDB and builds (untimed) a two-tier network through the gateway: 3 provincial agents
// with a dealer warehouse as parents (the Jiangsu agent first), 20 active lower-tier dealers moved under
// them (`setDealerParent`), each parent's price for 10 nationwide products (`setSubDealerPrice`, 5 % above
// the brand's price for the dealer or above the brand's floor when that is higher), a credit line per
// sub-dealer (`setSubDealerCreditLine`), stock in the parents' warehouses and in the brand's HQ warehouse.
// Then the 20 sub-dealers place one-unit orders, closed loop with `concurrency` workers for `seconds`:
// first from the brand (`seller: BRAND`), then from their parent (`seller: PARENT`: the parent's list,
// only its warehouse, its credit line). Prints
// orders/s, p50/p95/p99, the outcomes, CPU ms per order in each process, and the oversell check (stock
// levels in the parents' warehouses with more reserved than on hand: must be 0).
// Target (§19): parent-sourced orders within 10 % of brand orders.
//   node bench/sub-dealer-order.bench.mjs [seconds=20] [concurrency=20]
// At most 120 s per run and 64 workers; each run also stops after 20,000 orders.
import { randomUUID } from 'node:crypto';
import {
  bootBenchPlatform,
  calibrationMs,
  cpuMeter,
  machineLoad,
  mariadbClient,
  percentile,
  printTable,
} from './support.mjs';

const seconds = Math.min(Math.max(1, Number(process.argv[2] ?? 20)), 120);
const concurrency = Math.min(Math.max(1, Number(process.argv[3] ?? 20)), 64);
const MAX_ORDERS = 20_000;
const PARENTS = 3;
const SUB_DEALERS = 20;
const PRODUCTS = 10;
const STOCK = 500_000;
// The demo's fixed accounts: these dealers' admins are not named after their codes.
const ADMIN_OF = { dlr_0002: 'js_admin', dlr_0003: 'nj_admin' };

const PLACE =
  'mutation($input: PlaceOrderInput!) { placeOrder(input: $input) { order { id status } errors { code } } }';
const DEALERS =
  'query($after: String) { dealers(first: 100, after: $after, filter: { status: ACTIVE }) { edges { node ' +
  '{ id code level status parentId } } pageInfo { hasNextPage endCursor } } }';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const bench = await bootBenchPlatform('sub-dealer-order');
const { gql, login, platform, mariadb } = bench;
/** A mutation's payload, or a thrown error naming the step (GraphQL errors or payload errors). */
async function must(step, query, variables, token, field) {
  const res = await gql(query, variables, token);
  const payload = res.data?.[field];
  if (res.errors || !payload || payload.errors?.length)
    throw new Error(`${step}: ${JSON.stringify(res.errors ?? payload?.errors)}`);
  return payload;
}
const adminLogin = (d) => login(ADMIN_OF[d.id] ?? d.code.toLowerCase()).catch(() => null);

try {
  const hq = await login('hq_admin');
  const active = [];
  for (let after = null, first = true; first || after; first = false) {
    const res = await gql(DEALERS, { after }, hq);
    if (res.errors) throw new Error(JSON.stringify(res.errors));
    active.push(...res.data.dealers.edges.map((e) => e.node).filter((d) => d.status === 'ACTIVE'));
    after = res.data.dealers.pageInfo.hasNextPage ? res.data.dealers.pageInfo.endCursor : null;
  }
  const warehouseIds = new Set((await gql('{ warehouses { id } }', {}, hq)).data.warehouses.map((w) => w.id));
  const parents = [];
  for (const d of active.filter((x) => x.level === 'PROVINCIAL_AGENT').sort((a, b) => a.id.localeCompare(b.id))) {
    if (parents.length >= PARENTS || !warehouseIds.has(`wh_${d.code.toLowerCase()}`)) continue;
    const token = await adminLogin(d);
    if (token) parents.push({ ...d, token, warehouseId: `wh_${d.code.toLowerCase()}` });
  }
  if (parents.length < PARENTS) throw new Error(`only ${parents.length} provincial agents with a warehouse`);
  const parentIds = new Set(parents.map((p) => p.id));
  // Their present sub-dealers first, then other active regional dealers and retailers, in turn per parent.
  const lower = active.filter((d) => ['REGIONAL_DEALER', 'RETAILER'].includes(d.level));
  const subs = [
    ...lower.filter((d) => parentIds.has(d.parentId)),
    ...lower.filter((d) => !parentIds.has(d.parentId)),
  ].slice(0, SUB_DEALERS);
  subs.forEach((d, i) => (d.seller = parentIds.has(d.parentId) ? d.parentId : parents[i % PARENTS].id));
  for (const d of subs.filter((x) => x.parentId !== x.seller))
    await must(
      `setDealerParent ${d.code}`,
      'mutation($i: SetDealerParentInput!) { setDealerParent(input: $i) { errors { code } } }',
      { i: { dealerId: d.id, parentId: d.seller, reason: 'bench: two tiers' } },
      hq,
      'setDealerParent',
    );
  // Everyone signs in again after the moves: a token names the dealer's parent and its sub-dealers.
  for (const p of parents) p.token = await adminLogin(p);
  for (const d of subs) d.token = await adminLogin(d);
  const buyers = subs.filter((d) => d.token);
  if (buyers.length < SUB_DEALERS) console.log(`only ${buyers.length} sub-dealers could sign in`);

  const products = (
    await gql(`{ products(first: ${PRODUCTS * 2}) { edges { node { id sku salesRegionIds } } } }`, {}, hq)
  ).data.products.edges
    .map((e) => e.node)
    .filter((p) => !p.salesRegionIds)
    .slice(0, PRODUCTS);
  const expiresAt = new Date(Date.now() + 365 * 86_400_000).toISOString();
  for (const warehouseId of ['wh_hq', ...parents.map((p) => p.warehouseId)])
    for (const p of products)
      await must(
        `adjustStock ${warehouseId} ${p.sku}`,
        'mutation($i: AdjustStockInput!) { adjustStock(input: $i) { errors { code message } } }',
        {
          i: {
            ...{ warehouseId, productId: p.id, delta: STOCK, reason: 'RECEIPT' },
            ...{ lotNumber: `BENCH-${Date.now()}`, expiresAt, note: 'bench' },
          },
        },
        hq,
        'adjustStock',
      );
  for (const p of products) {
    const brand = await gql('query($id: ID!) { product(id: $id) { price { amount } } }', { id: p.id }, buyers[0].token);
    const amount = Number(brand.data?.product?.price?.amount);
    if (!amount) throw new Error(`no brand price for ${p.sku}: ${JSON.stringify(brand)}`);
    for (const parent of parents) {
      // 5 % above the brand's price, or above the brand's floor for the sub-dealers when that is higher.
      const set = (price) =>
        gql(
          'mutation($i: SubDealerPriceInput!) { setSubDealerPrice(input: $i) { floor { amount } errors { code } } }',
          { i: { productId: p.id, unitPrice: price.toFixed(2) } },
          parent.token,
        );
      let res = await set(amount * 1.05);
      const floor = Number(res.data?.setSubDealerPrice?.floor?.amount ?? 0);
      if (res.data?.setSubDealerPrice?.errors[0]?.code === 'PRICE_BELOW_FLOOR') res = await set(floor * 1.05);
      if (res.errors || res.data.setSubDealerPrice.errors.length)
        throw new Error(`setSubDealerPrice ${parent.code} ${p.sku}: ${JSON.stringify(res)}`);
    }
  }
  // Finance may learn the moves from dealers a little later (cached): retried for up to 30 s.
  for (const d of buyers) {
    const parent = parents.find((p) => p.id === d.seller);
    for (let started = performance.now(); ; await sleep(500)) {
      try {
        await must(
          `setSubDealerCreditLine ${d.code}`,
          'mutation($i: SubDealerCreditLineInput!) { setSubDealerCreditLine(input: $i) { errors { code message } } }',
          { i: { dealerId: d.id, limit: '50000000.00', termDays: 30, reason: 'bench' } },
          parent.token,
          'setSubDealerCreditLine',
        );
        break;
      } catch (err) {
        if (performance.now() - started > 30_000) throw err;
      }
    }
  }
  console.log(
    `network: ${parents.map((p) => `${p.code} (${buyers.filter((d) => d.seller === p.id).length})`).join(', ')} ` +
      `selling ${products.length} products to ${buyers.length} sub-dealers`,
  );

  /** Closed loop: `concurrency` workers, the sub-dealers in turn, for `runSeconds`, at most `limit` orders. */
  const run = async (seller, runSeconds, limit = MAX_ORDERS) => {
    const latencies = [];
    const outcomes = {};
    let sent = 0;
    const started = performance.now();
    const until = started + runSeconds * 1000;
    const worker = async (w) => {
      for (let i = 0; performance.now() < until && sent < limit; i++) {
        sent++;
        const buyer = buyers[(w + i * concurrency) % buyers.length];
        const line = { productId: products[(w + i) % products.length].id, quantity: 1 };
        const t0 = performance.now();
        let outcome;
        try {
          const res = await gql(PLACE, { input: { idempotencyKey: randomUUID(), seller, lines: [line] } }, buyer.token);
          const r = res.data?.placeOrder;
          outcome = res.errors
            ? `error ${res.errors[0]?.extensions?.code ?? res.errors[0]?.message}`
            : r.order
              ? `${r.order.status}${r.errors[0] ? ` ${r.errors[0].code}` : ''}`
              : `refused ${r.errors[0]?.code}`;
        } catch (err) {
          outcome = `transport ${err.message}`;
        }
        latencies.push(performance.now() - t0);
        outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, (_, w) => worker(w)));
    const elapsed = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    return { requests: latencies.length, elapsed, latencies, outcomes };
  };

  await run('PARENT', 3, 500); // warm-up: connections, JIT, caches of both paths
  await run('BRAND', 3, 500);
  const rows = [];
  const cpuTables = [];
  for (const seller of ['BRAND', 'PARENT']) {
    const cpu = cpuMeter(platform, { mariadb });
    const calibration = calibrationMs();
    cpu.start();
    const r = await run(seller, seconds);
    const cpuRows = cpu.stop(r.requests, 'order');
    const total = cpuRows.filter((c) => c.process !== 'load generator').reduce((s, c) => s + c['CPU ms'], 0);
    rows.push({
      seller,
      'orders/s': (r.requests / r.elapsed).toFixed(1),
      'p50 ms': percentile(r.latencies, 0.5),
      'p95 ms': percentile(r.latencies, 0.95),
      'p99 ms': percentile(r.latencies, 0.99),
      orders: r.requests,
      'CPU ms/order (platform)': (total / r.requests).toFixed(1),
      outcomes: Object.entries(r.outcomes)
        .sort((a, b) => b[1] - a[1])
        .map(([o, n]) => `${o} ${n}`)
        .join(', '),
      'calibration ms': calibration,
    });
    cpuTables.push([seller, cpuRows]);
  }
  const sql = mariadbClient(mariadb, 'dnp_inventory');
  const inParents = parents.map((p) => `'${p.warehouseId}'`).join(',');
  const [[oversold]] = sql.rows(
    `select count(*) from stock_level where warehouse_id in (${inParents}) and (reserved > on_hand or on_hand < 0)`,
  );
  const [[reservedAtParents]] = sql.rows(
    `select coalesce(sum(reserved), 0) from stock_level where warehouse_id in (${inParents})`,
  );
  printTable(
    `placeOrder through the gateway, ${buyers.length} sub-dealers of ${PARENTS} parents, ${concurrency} workers, ` +
      `${seconds} s per seller, MariaDB, ${machineLoad()}, ${process.version}`,
    rows,
  );
  const ratio = Number(rows[1]['orders/s']) / Number(rows[0]['orders/s']);
  console.log(
    `parent / brand throughput: ${(ratio * 100).toFixed(0)} % (target ≥ 90 %); oversold stock levels in the ` +
      `parents' warehouses: ${oversold} (must be 0); units reserved there: ${reservedAtParents}`,
  );
  for (const [seller, cpuRows] of cpuTables) printTable(`CPU per process, seller ${seller}`, cpuRows);
} finally {
  await bench.stop();
}
