// Order to cash under concurrency, on MariaDB with events over Redis (docs/design/order-to-cash.md §17):
// two operators shipping the same shipments at once ship each once; the same bank file imported twice at
// once (and an overlapping file with it) records each payment once; 100 concurrent payments leave the
// dealer's account exact; concurrent invoicing, with a fault after every 7th invoice number was drawn,
// leaves the year's invoice numbers 1..N without a gap or a duplicate.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  BARE_UTF8_EXPORT,
  bankCsv,
  businessDate,
  DEMO_BANK_ACCOUNT,
  fen,
  sqlRows,
  yuan,
  type BankRow,
} from './support/o2c.js';
import {
  accountOf,
  O2C,
  payloadOf,
  placeApproved,
  plentifulProducts,
  sqlNumber,
  waitUntil,
  type PlacedOrder,
} from './support/o2c-fixtures.js';
import { bootSharedPlatform, SEEDED_MARIADB, type TestPlatform } from './support/platform.js';

/** The operator's warehouses: every shipment of these suites is served from one of them. */
const OPERATOR_WAREHOUSES = ['wh_hq', 'wh_east'];
const RACES = 20;
const INVOICING = 60;
const FAULT_EVERY = 7;

/** `ids` as a SQL list of string literals (ids are the platform's own, never user text). */
const inList = (ids: string[]) => ids.map((id) => `'${id.replace(/'/g, '')}'`).join(', ');
/** One `key → number` map from rows of (key, number). */
const byKey = (rows: (string | null)[][]) => Object.fromEntries(rows.map(([k, n]) => [k!, Number(n)]));

describe('order to cash under concurrency (mariadb, redis)', () => {
  let t: TestPlatform;
  const tok: Record<string, string> = {};
  let jsDealer: string;
  let njDealer: string;
  let products: string[];

  beforeAll(async () => {
    t = await bootSharedPlatform('mariadb', SEEDED_MARIADB);
    for (const u of ['hq_admin', 'wh_east_op', 'fin_clerk', 'js_admin', 'nj_admin']) tok[u] = await t.login(u);
    const me = async (u: string) => (await t.gql('{ me { dealer { id } } }', {}, tok[u])).data.me.dealer.id as string;
    jsDealer = await me('js_admin');
    njDealer = await me('nj_admin');
    products = plentifulProducts(t, OPERATOR_WAREHOUSES, 200, 6);
    expect(products.length).toBe(6);
  });
  afterAll(async () => {
    await t?.stop();
  });

  /** `n` one-shipment orders of the Jiangsu agent (1 or 2 units of one product each), placed 5 at a time. */
  async function placeOrders(n: number): Promise<PlacedOrder[]> {
    const orders: PlacedOrder[] = [];
    for (let i = 0; i < n; i += 5) {
      const batch = Array.from({ length: Math.min(5, n - i) }, (_, j) =>
        placeApproved(t, tok.js_admin!, [{ productId: products[(i + j) % products.length]!, quantity: 1 + (j % 2) }]),
      );
      orders.push(...(await Promise.all(batch)));
    }
    for (const o of orders) {
      expect(o.shipments).toHaveLength(1);
      expect(OPERATOR_WAREHOUSES).toContain(o.shipments[0]!.warehouse.id);
    }
    return orders;
  }

  /** Waits (bounded) until each shipment has its invoice; answers invoice count per shipment id. */
  async function invoicesOf(shipmentIds: string[]): Promise<Record<string, number>> {
    const count = () =>
      byKey(
        sqlRows(
          t,
          `select shipment_id, count(*) from dnp_finance.invoice where shipment_id in (${inList(shipmentIds)}) ` +
            'group by shipment_id',
        ),
      );
    await waitUntil('every shipment invoiced', () => Object.keys(count()).length === shipmentIds.length, 120_000);
    return count();
  }

  // Long because: the race, then per shipment every record that must exist exactly once.
  it('two operators shipping the same 20 shipments at once ship each once', async () => {
    const orders = await placeOrders(RACES);
    const shipments = orders.map((o) => o.shipments[0]!);
    const ids = shipments.map((s) => s.id);
    const ship = (id: string, who: string, tracking: string) =>
      t.gql(O2C.ship, { input: { shipmentId: id, carrier: '顺丰速运', trackingNumber: tracking } }, tok[who]);
    const results = await Promise.all(
      ids.flatMap((id, i) => [ship(id, 'wh_east_op', `SFOP${i}0001`), ship(id, 'hq_admin', `SFHQ${i}0001`)]),
    );
    for (const [i, id] of ids.entries()) {
      const pair = [results[2 * i]!, results[2 * i + 1]!];
      expect(pair.every((r) => r.errors === undefined)).toBe(true);
      const payloads = pair.map((r) => r.data.shipShipment);
      const won = payloads.filter((p) => p.errors.length === 0);
      const lost = payloads.filter((p) => p.errors.length > 0);
      expect(won, `shipment ${id}`).toHaveLength(1);
      expect(lost.map((p) => p.errors.map((e: { code: string }) => e.code))).toEqual([['SHIPMENT_ALREADY_SHIPPED']]);
      // The loser sees the shipment as the winner shipped it (so a retry recognises whose tracking number it is).
      expect(lost[0].shipment).toMatchObject({ id, status: 'SHIPPED', trackingNumber: won[0].shipment.trackingNumber });
      const stored = sqlRows(t, `select status, tracking_number from dnp_orders.shipment where id = '${id}'`)[0];
      expect(stored).toEqual(['SHIPPED', won[0].shipment.trackingNumber]);
    }

    // Exactly one invoice, one reservation commit, one set of ledger rows and one audit entry per shipment.
    const invoices = await invoicesOf(ids);
    expect(Object.values(invoices)).toEqual(ids.map(() => 1));
    const list = inList(ids);
    const commits = byKey(
      sqlRows(
        t,
        `select part_key, count(*) from dnp_inventory.reservation_commit where part_key in (${list}) group by part_key`,
      ),
    );
    const ledger = sqlRows(
      t,
      'select reference, count(*), sum(delta) from dnp_inventory.stock_movement ' +
        `where reference in (${list}) group by reference`,
    );
    const lots = byKey(
      sqlRows(t, `select shipment_id, count(*) from dnp_orders.shipment_lot where shipment_id in (${list}) group by 1`),
    );
    const audits = byKey(
      sqlRows(
        t,
        "select entity_id, count(*) from dnp_orders.audit_entry where operation = 'shipShipment' " +
          `and entity_id in (${list}) group by entity_id`,
      ),
    );
    const units = (id: string) => shipments.find((s) => s.id === id)!.lines.reduce((s, l) => s + l.quantity, 0);
    for (const id of ids) {
      expect(commits[id], `commit of ${id}`).toBe(1);
      expect(audits[id], `audit of ${id}`).toBe(1);
      const row = ledger.find(([ref]) => ref === id);
      expect(row, `ledger of ${id}`).toEqual([id, String(lots[id]), String(-units(id))]);
    }
    // Each order's reservation: fully committed, exactly the shipped units.
    const reservations = sqlRows(
      t,
      'select r.`key`, r.status, sum(l.quantity), sum(l.committed), sum(l.released) from dnp_inventory.reservation r ' +
        'join dnp_inventory.reservation_line l on l.reservation_id = r.id ' +
        `where r.\`key\` in (${inList(orders.map((o) => o.id))}) group by r.\`key\`, r.status`,
    );
    expect(reservations).toHaveLength(RACES);
    for (const o of orders) {
      const u = String(units(o.shipments[0]!.id));
      expect(reservations.find(([key]) => key === o.id)).toEqual([o.id, 'COMMITTED', u, u, '0']);
    }
  }, 240_000);

  // Long because: two files, three imports at once, then every figure they may have changed.
  it('the same bank file imported twice at once, with an overlapping file, records each payment once', async () => {
    const open = sqlRows(
      t,
      'select id, number, outstanding_minor from dnp_finance.invoice ' +
        `where dealer_id = '${jsDealer}' and outstanding_minor >= 300 order by number limit 4`,
    );
    expect(open).toHaveLength(4);
    const account0 = await accountOf(t, tok.hq_admin!, jsDealer);
    const payments0 = sqlNumber(t, `select count(*) from dnp_finance.payment where dealer_id = '${jsDealer}'`);
    const row = (i: number): BankRow => ({
      ...{ date: businessDate(), amount: yuan(101 + i), payerName: '江苏嘉禾', payerAccount: '6217000012340001' },
      ...{ summary: `货款 ${open[i]![1]!.replace(/-/g, '')}`, serial: `E2ECC${i}` },
    });
    const fileA = bankCsv([row(0), row(1), row(2)], BARE_UTF8_EXPORT).toString('base64');
    const fileB = bankCsv([row(2), row(3)], BARE_UTF8_EXPORT).toString('base64'); // overlaps A in one line
    const imports = await Promise.all(
      [fileA, fileA, fileB].map((contentBase64, i) =>
        t.gql(
          O2C.importBank,
          { input: { fileName: `cc-${i}.csv`, contentBase64, bankAccount: DEMO_BANK_ACCOUNT } },
          tok.fin_clerk,
        ),
      ),
    );
    const [a1, a2, b] = imports.map((r, i) => payloadOf(`import ${i}`, r));
    // The twin answers the other's import as duplicateOf: one import of file A.
    const twins = [a1, a2].filter((p) => p.duplicateOf);
    expect(twins).toHaveLength(1);
    const first = [a1, a2].find((p) => p.import)!;
    expect(twins[0].duplicateOf.id).toBe(first.import.id);
    expect(b.import).toBeTruthy();
    // Four distinct credit lines across the two files, each imported and paid once.
    const imported = first.import.importedCount + b.import.importedCount;
    const duplicates = first.import.duplicateCount + b.import.duplicateCount;
    expect([imported, duplicates]).toEqual([4, 1]);
    expect(first.import.matchedCount + b.import.matchedCount).toBe(4);
    const paymentsOf = () => sqlNumber(t, `select count(*) from dnp_finance.payment where dealer_id = '${jsDealer}'`);
    await waitUntil('four payments', () => paymentsOf() >= payments0 + 4, 30_000);
    expect(paymentsOf()).toBe(payments0 + 4);
    const paid = [0, 1, 2, 3].reduce((s, i) => s + 101 + i, 0);
    for (const [i, [id, , before]] of open.entries()) {
      const now = sqlNumber(t, `select outstanding_minor from dnp_finance.invoice where id = '${id}'`);
      expect(now, `invoice ${id}`).toBe(Number(before) - (101 + i));
    }
    const account1 = await accountOf(t, tok.hq_admin!, jsDealer);
    expect(account1.used).toBe(account0.used - paid);
    expect(account1.balance).toBe(account0.balance);
    expect(account1.available).toBe(account0.available + paid);
    // The same bytes once more, after the race: answered as the earlier import, nothing new.
    const again = payloadOf(
      'import again',
      await t.gql(
        O2C.importBank,
        { input: { fileName: 'cc-again.csv', contentBase64: fileA, bankAccount: DEMO_BANK_ACCOUNT } },
        tok.fin_clerk,
      ),
    );
    expect(again.duplicateOf.id).toBe(first.import.id);
    expect(paymentsOf()).toBe(payments0 + 4);
  }, 90_000);

  // Long because: the payments, then each of the account's figures against the test's own sums.
  it('100 concurrent payments to one dealer leave its account exact', async () => {
    // ¥0.01–¥999.99 by a fixed sequence (the ends included), summed here by integers.
    let seed = 20261207;
    const amounts = Array.from({ length: 100 }, (_, i) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return i === 0 ? 1 : i === 1 ? 99_999 : 1 + (seed % 99_999);
    });
    const total = amounts.reduce((s, a) => s + a, 0);
    const before = await accountOf(t, tok.hq_admin!, njDealer);
    const count0 = sqlNumber(t, `select count(*) from dnp_finance.payment where dealer_id = '${njDealer}'`);
    const started = Date.now();
    const results = await Promise.all(
      amounts.map((minor, i) =>
        t.gql(
          O2C.pay,
          {
            input: {
              ...{ dealerId: njDealer, idempotencyKey: `e2e-cc-pay-${i}`, amount: yuan(minor) },
              ...{ method: 'BANK_TRANSFER', reference: `E2E-CC-${i}`, receivedOn: businessDate() },
            },
          },
          tok.fin_clerk,
        ),
      ),
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(60_000);
    const payments = results.map((r, i) => payloadOf<{ payment: any }>(`payment ${i}`, r).payment);
    // Each payment: as asked, allocated + unallocated = amount, its allocations summing to what it allocated.
    let allocated = 0;
    for (const [i, p] of payments.entries()) {
      const [amount, alloc, rest] = [p.amount, p.allocated, p.unallocated].map((m) => fen(m.amount));
      expect([amount, alloc + rest]).toEqual([amounts[i], amounts[i]]);
      const parts = p.allocations.reduce((s: number, a: { amount: { amount: string } }) => s + fen(a.amount.amount), 0);
      expect(parts).toBe(alloc);
      allocated += alloc;
    }
    expect(sqlNumber(t, `select count(*) from dnp_finance.payment where dealer_id = '${njDealer}'`)).toBe(count0 + 100);
    const stored = sqlRows(
      t,
      'select sum(amount_minor), sum(allocated_minor), sum(unallocated_minor) from dnp_finance.payment ' +
        `where dealer_id = '${njDealer}' and idempotency_key like 'e2e-cc-pay-%'`,
    )[0]!.map(Number);
    expect(stored).toEqual([total, allocated, total - allocated]);
    const after = await accountOf(t, tok.hq_admin!, njDealer);
    expect(after.limit).toBe(before.limit);
    expect(after.held).toBe(before.held);
    expect(after.used).toBe(before.used - allocated);
    expect(after.balance).toBe(before.balance + (total - allocated));
    expect(after.available).toBe(before.available + total);
    // Oldest first: money is left over only once nothing is open any more.
    if (total > allocated) expect(after.used).toBe(0);
  }, 120_000);

  // Long because: the fault switched on, the concurrent shipping, then the numbering and the rolled-back numbers.
  it('concurrent invoicing with a fault after every 7th number leaves no gap and no duplicate', async () => {
    // Finance again, failing every 7th invoice transaction after it drew its number (test-only switch).
    await t.platform.restartSubgraph('finance', { env: { FINANCE_FAULT_AFTER_INVOICE_NUMBER: String(FAULT_EVERY) } });
    const orders = await placeOrders(INVOICING);
    const ids = orders.map((o) => o.shipments[0]!.id);
    const results = await Promise.all(
      ids.map((id, i) =>
        t.gql(
          O2C.ship,
          { input: { shipmentId: id, carrier: '中通快递', trackingNumber: `ZT${i}000${i}` } },
          tok[i % 2 ? 'hq_admin' : 'wh_east_op'],
        ),
      ),
    );
    for (const r of results) expect(payloadOf('ship', r).shipment.status).toBe('SHIPPED');
    // The failed ones are issued again by the fulfilment resumer.
    const invoices = await invoicesOf(ids);
    expect(Object.values(invoices)).toEqual(ids.map(() => 1));
    const year = Number(businessDate().slice(0, 4));
    const [count, distinct, min, max] = sqlRows(
      t,
      `select count(*), count(distinct seq), min(seq), max(seq) from dnp_finance.invoice where year = ${year}`,
    )[0]!.map(Number);
    expect(count).toBeGreaterThanOrEqual(RACES + INVOICING);
    expect([distinct, min, max]).toEqual([count, 1, count]);
    // Numbers drawn by the rolled-back transactions were taken again: at least INVOICING / 7 faults happened.
    const log = readFileSync(t.platform.subgraphs.finance.process.logFile, 'utf8');
    const faults = new Set(log.match(/injected fault after INV \d+/g) ?? []);
    expect(faults.size).toBeGreaterThanOrEqual(Math.floor(INVOICING / FAULT_EVERY));
    for (const fault of faults) {
      const seq = Number(fault.replace(/\D/g, ''));
      expect(sqlNumber(t, `select count(*) from dnp_finance.invoice where year = ${year} and seq = ${seq}`)).toBe(1);
    }
  }, 360_000);
});
