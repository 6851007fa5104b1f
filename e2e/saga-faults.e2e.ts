import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, type TestPlatform } from './support/platform.js';

// Faults around the order placement saga on MariaDB (docs/order-saga.md): a frozen inventory
// process that answers long after the saga gave up, and an orders process that dies mid-request.

const PLACE = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      order { id status rejectionReasons { code } }
      errors { code message }
    }
  }
`;
const ORDER = /* GraphQL */ `query($id: ID!) { order(id: $id) { id status sagaStep rejectionReasons { code } } }`;
const SKU = 'JH-MLK-0002';
const FINAL_STEPS = new Set(['COMPLETED', 'COMPENSATED']);

interface OrderView { id: string; status: string; sagaStep: string; rejectionReasons: { code: string }[] }

/** Rows of a `mariadb -N` answer, split on tabs. */
const rows = (text: string) => text.split('\n').filter(Boolean).map((l) => l.split('\t'));
const quoted = (ids: readonly string[]) => ids.map((id) => `'${id.replace(/[^A-Za-z0-9_]/g, '')}'`).join(',');

describe('order saga faults on MariaDB', () => {
  let t: TestPlatform;
  let hq: string;
  let dealer: string;

  const gqlOk = async <T = any>(query: string, variables: Record<string, unknown>, token: string): Promise<T> => {
    const res = await t.gql<T>(query, variables, token);
    if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
    return res.data as T;
  };
  const sql = (statement: string) => rows(t.mariadb!.sql(statement));
  const order = async (id: string) => (await gqlOk<{ order: OrderView }>(ORDER, { id }, hq)).order;
  const orders = (ids: readonly string[]) => Promise.all(ids.map(order));
  const signal = (name: 'inventory' | 'orders', sig: NodeJS.Signals) => process.kill(t.platform.subgraphs[name].process.child.pid!, sig);
  /** Keys among `ids` with an ACTIVE reservation, and with a HELD credit hold. */
  const liveEffects = (ids: readonly string[]) => ({
    reservations: sql(`select \`key\` from dnp_inventory.reservation where status = 'ACTIVE' and \`key\` in (${quoted(ids)})`).map((r) => r[0]),
    holds: sql(`select \`key\` from dnp_finance.credit_hold where status = 'HELD' and \`key\` in (${quoted(ids)})`).map((r) => r[0]),
  });
  /** Per stock level of the product: reserved minus the units of its ACTIVE reservations (0 when they agree). */
  const reservedDrift = (productId: string) =>
    sql(
      `select l.id, l.reserved - coalesce((select sum(x.quantity) from dnp_inventory.reservation_line x join dnp_inventory.reservation r on r.id = x.reservation_id` +
        ` where r.status = 'ACTIVE' and x.warehouse_id = l.warehouse_id and x.product_id = l.product_id), 0)` +
        ` from dnp_inventory.stock_level l where l.product_id = '${productId}' order by l.id`,
    ).map(([id, drift]) => [id, Number(drift)] as const);

  beforeAll(async () => {
    t = await bootPlatform('mariadb', {
      subgraphEnv: {
        // A short deadline, so that a frozen inventory outlives it; a step timeout long enough that the
        // releases the resumer sends are still awaited (their answers count) when inventory wakes up.
        orders: { SAGA_DEADLINE_SECONDS: '5', SAGA_STEP_TIMEOUT_MS: '4000', SAGA_RESUME_INTERVAL_MS: '500' },
        inventory: { RECONCILE_INTERVAL_MS: '1000', RECONCILE_GRACE_SECONDS: '30' },
        finance: { RECONCILE_INTERVAL_MS: '1000', RECONCILE_GRACE_SECONDS: '30' },
      },
    });
    hq = await t.login('hq_admin');
    dealer = await t.login('nj_admin');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('a reservation that arrives after its order was rejected does not outlive it (inventory frozen past the deadline)', async () => {
    const productId = (await gqlOk<{ product: { id: string } }>('query($sku: String) { product(sku: $sku) { id } }', { sku: SKU }, hq)).product.id;
    const driftBefore = reservedDrift(productId);
    signal('inventory', 'SIGSTOP');
    let placed: { order: { id: string; status: string } | null }[];
    try {
      // A dozen placements in flight while inventory is frozen: each waits at the reservation.
      placed = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const res = await t.gql<{ placeOrder: { order: { id: string; status: string } | null } }>(PLACE, { input: { idempotencyKey: `e2e-freeze-${randomUUID()}`, lines: [{ sku: SKU, quantity: 1 }] } }, dealer);
          expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
          return res.data!.placeOrder;
        }),
      );
      for (const p of placed) expect(p.order).not.toBeNull();
      // Frozen past the deadline: every saga gives up and starts compensating (the release waits for inventory too).
      const ids = placed.map((p) => p.order!.id);
      await expect.poll(async () => (await orders(ids)).filter((o) => o.sagaStep === 'COMPENSATING').length, { timeout: 90_000, interval: 250 }).toBe(ids.length);
    } finally {
      signal('inventory', 'SIGCONT');
    }
    const ids = placed.map((p) => p.order!.id);
    await expect.poll(async () => (await orders(ids)).filter((o) => FINAL_STEPS.has(o.sagaStep)).length, { timeout: 60_000, interval: 500 }).toBe(ids.length);
    for (const o of await orders(ids)) {
      expect(o.status).toBe('REJECTED');
      expect(o.rejectionReasons.map((r) => r.code)).toEqual(['SAGA_DEADLINE_EXCEEDED']);
    }
    // The requests inventory took in while frozen have all run by now; none may leave a live effect.
    await sleep(3_000);
    await expect.poll(() => liveEffects(ids), { timeout: 20_000, interval: 1_000 }).toEqual({ reservations: [], holds: [] });
    expect(reservedDrift(productId)).toEqual(driftBefore);
  });

  it('a caller of a crashed orders process gets OUTCOME_UNKNOWN; the retry with the same key returns the one real order', async () => {
    const fast = { SAGA_STEP_TIMEOUT_MS: '1000', SAGA_RESUME_INTERVAL_MS: '300', SAGA_DEADLINE_SECONDS: '120' };
    await t.platform.restartSubgraph('orders', { env: { ...fast, SAGA_FAULT_AFTER_STEP: 'CREDIT_HELD' } });
    const key = `e2e-crash-${randomUUID()}`;
    const input = { idempotencyKey: key, lines: [{ sku: SKU, quantity: 2 }] };
    const crashed = await t.gql(PLACE, { input }, dealer);
    await expect.poll(() => t.platform.subgraphs.orders.process.child.exitCode, { timeout: 10_000 }).toBe(137);
    expect(crashed.data?.placeOrder ?? null).toBeNull();
    expect(crashed.errors?.map((e) => e.extensions?.code)).toEqual(['OUTCOME_UNKNOWN']);
    const error = crashed.errors![0]!;
    expect(error.extensions?.retryable).toBe(true);
    expect(error.message).toMatch(/same idempotency key/);
    // Nothing about the transport or where the subgraph lives.
    expect(error.message).not.toMatch(/127\.0\.0\.1|http:|socket|closed|ECONN/i);
    expect(JSON.stringify(error.extensions)).not.toMatch(/127\.0\.0\.1|http:/);

    // While orders is down, a query is refused with its own retryable code.
    const down = await t.gql('{ orders(first: 1) { totalCount } }', {}, dealer);
    expect(down.errors?.map((e) => [e.extensions?.code, e.extensions?.retryable])).toEqual([['SUBGRAPH_UNAVAILABLE', true]]);
    expect(down.errors![0]!.message).not.toMatch(/127\.0\.0\.1|http:|ECONN/i);

    await t.platform.restartSubgraph('orders', { crash: true, env: fast });
    // The retry with the same key answers the order the first call made, once the saga is resumed.
    let outcome: { id: string; status: string } | null = null;
    await expect
      .poll(async () => {
        const res = await gqlOk<{ placeOrder: { order: { id: string; status: string } | null } }>(PLACE, { input }, dealer);
        outcome = res.placeOrder.order;
        return outcome?.status;
      }, { timeout: 30_000, interval: 500 })
      .toBe('APPROVED');
    expect(sql(`select id from dnp_orders.sales_order where idempotency_key = '${key}'`).map((r) => r[0])).toEqual([outcome!.id]);
    expect(liveEffects([outcome!.id])).toEqual({ reservations: [outcome!.id], holds: [outcome!.id] });
  });
});
