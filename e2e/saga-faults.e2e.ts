import { Role, signViewerToken, VIEWER_HEADER } from '@dnp/subgraph-kit';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, postGraphql, type TestPlatform } from './support/platform.js';

// Faults around the order placement saga on MariaDB (docs/order-saga.md): late holds (a
// reservation, credit hold or promotion consumption that arrives after its order gave up, or
// with a key no order knows) that the tombstones refuse and the reconcilers release; a frozen
// inventory process that answers long after the saga gave up; an orders process that dies
// mid-request.

const PLACE = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      order {
        id
        status
        rejectionReasons {
          code
        }
      }
      errors {
        code
        message
      }
    }
  }
`;
const ORDER = /* GraphQL */ `
  query ($id: ID!) {
    order(id: $id) {
      id
      status
      sagaStep
      rejectionReasons {
        code
      }
    }
  }
`;
const SKU = 'JH-MLK-0002';
const FINAL_STEPS = new Set(['COMPLETED', 'COMPENSATED']);
const RESERVE = /* GraphQL */ `
  mutation ($input: ReserveStockInput!) {
    reserveStock(input: $input) {
      reservation {
        id
        status
      }
      errors {
        code
        message
      }
    }
  }
`;
const HOLD = /* GraphQL */ `
  mutation ($input: HoldCreditInput!) {
    holdCredit(input: $input) {
      hold {
        id
        status
      }
      errors {
        code
        message
      }
    }
  }
`;
const CONSUME = /* GraphQL */ `
  mutation ($input: ConsumePromotionBudgetInput!) {
    consumePromotionBudget(input: $input) {
      redemptions {
        id
      }
      errors {
        code
        message
      }
    }
  }
`;
const RELEASE_BUDGET = /* GraphQL */ `
  mutation ($key: String!) {
    releasePromotionBudget(idempotencyKey: $key) {
      redemptions {
        id
        releasedAt
      }
      errors {
        code
      }
    }
  }
`;
type Variables = Record<string, unknown>;
interface Consumed {
  redemptions: { id: string }[];
  errors: { code: string }[];
}
interface Released {
  redemptions: { id: string; releasedAt: string | null }[];
  errors: { code: string }[];
}
/** The region path of the Nanjing dealer (nj_admin's), root first. */
const NJ_REGION_PATH = ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'];
/** A promotion no placement of this file applies (snacks): late consumptions are counted on it. */
const PROMOTION = 'prm_snack_tiers';
/** How long the reconcilers may take to release a late hold (interval 1 s, grace 5 s, see beforeAll). */
const RECONCILE_WAIT_MS = 30_000;

interface OrderView {
  id: string;
  status: string;
  sagaStep: string;
  rejectionReasons: { code: string }[];
}

/** Rows of a `mariadb -N` answer, split on tabs. */
const rows = (text: string) =>
  text
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));
const quoted = (ids: readonly string[]) => ids.map((id) => `'${id.replace(/[^A-Za-z0-9_-]/g, '')}'`).join(',');

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
  /** The one number a `select` answers. */
  const sqlNumber = (statement: string) => Number(sql(statement)[0]![0]);
  /** A service-only operation sent straight to a subgraph as the SERVICE identity (as the saga would). */
  const service = async <T = any>(name: 'inventory' | 'finance' | 'pricing', query: string, variables: Variables) => {
    const token = await signViewerToken(t.internalSecret, name, { userId: 'e2e-late-caller', role: Role.SERVICE });
    const res = await postGraphql<T>(t.platform.subgraphs[name].url, query, variables, { [VIEWER_HEADER]: token });
    if (res.errors?.length) throw new Error(JSON.stringify(res.errors));
    return res.data as T;
  };
  const consume = async (key: string, amountMinor: number) => {
    const promotions = [{ promotionId: PROMOTION, amountMinor }];
    const input = { idempotencyKey: key, dealerId: 'dlr_e2e_late', orderId: key, promotions };
    return (await service<{ consumePromotionBudget: Consumed }>('pricing', CONSUME, { input })).consumePromotionBudget;
  };
  const releaseBudget = async (key: string) =>
    (await service<{ releasePromotionBudget: Released }>('pricing', RELEASE_BUDGET, { key })).releasePromotionBudget;
  const budgetUsed = () => sqlNumber(`select budget_used_minor from dnp_pricing.promotion where id = '${PROMOTION}'`);
  /** Keys among `keys` with a redemption that still counts. */
  const liveConsumptions = (keys: readonly string[]) =>
    sql(
      `select distinct idempotency_key from dnp_pricing.promotion_redemption` +
        ` where released_at is null and idempotency_key in (${quoted(keys)}) order by 1`,
    ).map((r) => r[0]);
  const order = async (id: string) => (await gqlOk<{ order: OrderView }>(ORDER, { id }, hq)).order;
  const orders = (ids: readonly string[]) => Promise.all(ids.map(order));
  const signal = (name: 'inventory' | 'orders', sig: NodeJS.Signals) =>
    process.kill(t.platform.subgraphs[name].process.child.pid!, sig);
  /** Keys among `ids` with an ACTIVE reservation, and with a HELD credit hold. */
  const liveEffects = (ids: readonly string[]) => ({
    reservations: sql(
      `select \`key\` from dnp_inventory.reservation where status = 'ACTIVE' and \`key\` in (${quoted(ids)})`,
    ).map((r) => r[0]),
    holds: sql(`select \`key\` from dnp_finance.credit_hold where status = 'HELD' and \`key\` in (${quoted(ids)})`).map(
      (r) => r[0],
    ),
  });
  /** The id of the product sold as SKU, and the dealer id of nj_admin. */
  const productOfSku = async () => {
    const query = 'query($sku: String) { product(sku: $sku) { id } }';
    return (await gqlOk<{ product: { id: string } }>(query, { sku: SKU }, hq)).product.id;
  };
  const njDealerId = async () =>
    (await gqlOk<{ me: { dealer: { id: string } } }>('{ me { dealer { id } } }', {}, dealer)).me.dealer.id;
  /** Keys among `keys` with a live reservation, credit hold or promotion consumption. */
  const liveHolds = (keys: readonly string[]) => ({ ...liveEffects(keys), consumptions: liveConsumptions(keys) });
  /** Per stock level of the product: reserved minus the units of its ACTIVE reservations (0 when they agree). */
  const reservedDrift = (productId: string) =>
    sql(
      `select l.id, l.reserved - coalesce((select sum(x.quantity) from dnp_inventory.reservation_line x` +
        ` join dnp_inventory.reservation r on r.id = x.reservation_id` +
        ` where r.status = 'ACTIVE' and x.warehouse_id = l.warehouse_id and x.product_id = l.product_id), 0)` +
        ` from dnp_inventory.stock_level l where l.product_id = '${productId}' order by l.id`,
    ).map(([id, drift]) => [id, Number(drift)] as const);

  beforeAll(async () => {
    t = await bootPlatform('mariadb', {
      subgraphEnv: {
        // A short deadline, so that a frozen inventory outlives it; a step timeout long enough that the
        // releases the resumer sends are still awaited (their answers count) when inventory wakes up.
        orders: { SAGA_DEADLINE_SECONDS: '5', SAGA_STEP_TIMEOUT_MS: '4000', SAGA_RESUME_INTERVAL_MS: '500' },
        // Reconcilers every second; a hold whose key no order knows is released once 5 s old.
        inventory: { RECONCILE_INTERVAL_MS: '1000', RECONCILE_GRACE_SECONDS: '5' },
        finance: { RECONCILE_INTERVAL_MS: '1000', RECONCILE_GRACE_SECONDS: '5' },
        pricing: { RECONCILE_INTERVAL_MS: '1000', RECONCILE_GRACE_SECONDS: '5' },
      },
    });
    hq = await t.login('hq_admin');
    dealer = await t.login('nj_admin');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('a promotion consumption arriving after its release is refused, nothing spent; also racing it', async () => {
    const before = budgetUsed();
    const key = `ord_e2e_late_${randomUUID().slice(0, 8)}`;
    // The saga's compensation got there first: a release of a key pricing never saw.
    expect(await releaseBudget(key)).toEqual({ redemptions: [], errors: [] });
    const late = await consume(key, 700);
    expect(late.redemptions).toEqual([]);
    expect(late.errors.map((e) => e.code)).toEqual(['PROMOTION_BUDGET_RELEASED']);
    expect(budgetUsed()).toBe(before);
    expect(liveConsumptions([key])).toEqual([]);
    // The tombstone is audited.
    const tombstones = sqlNumber(
      `select count(*) from dnp_pricing.audit_entry where operation = 'releasePromotionBudget'` +
        ` and \`after\` like '%"${key}"%' and \`after\` like '%"tombstone":true%'`,
    );
    expect(tombstones).toBe(1);

    // Ten times a consumption and its release at once, on MariaDB: whichever commits first wins,
    // and either way nothing stays consumed.
    const keys = Array.from({ length: 10 }, (_, i) => `ord_e2e_race_${i}_${randomUUID().slice(0, 8)}`);
    const outcomes: string[] = [];
    for (const k of keys) {
      const [made] = await Promise.all([consume(k, 100), releaseBudget(k)]);
      outcomes.push(made.errors[0]?.code ?? (made.redemptions.length ? 'CONSUMED' : 'NOTHING'));
      await releaseBudget(k);
    }
    expect(
      outcomes.every((o) => o === 'CONSUMED' || o === 'PROMOTION_BUDGET_RELEASED'),
      outcomes.join(),
    ).toBe(true);
    expect(liveConsumptions(keys)).toEqual([]);
    expect(budgetUsed()).toBe(before);
  });

  it('reconcilers release late holds of REJECTED, unknown orders, audited; an APPROVED order keeps its', async () => {
    const productId = await productOfSku();
    const dealerId = await njDealerId();
    // An active order: its reservation and credit hold are live and must stay so.
    const input = { idempotencyKey: `e2e-live-${randomUUID()}`, lines: [{ sku: SKU, quantity: 1 }] };
    const placed = await gqlOk<{ placeOrder: { order: { id: string; status: string } } }>(PLACE, { input }, dealer);
    const approved = placed.placeOrder.order;
    expect(approved.status).toBe('APPROVED');
    // A REJECTED order (of the demo data) that never held anything: its key is free.
    const rejected = sql(`select id from dnp_orders.sales_order where status = 'REJECTED' order by id limit 1`)[0]![0]!;
    const orphan = `e2e-orphan-${randomUUID()}`;
    expect(liveEffects([rejected, orphan])).toEqual({ reservations: [], holds: [] });
    expect(liveConsumptions([approved.id])).toEqual([]);

    const reserved = () =>
      sqlNumber(`select coalesce(sum(reserved), 0) from dnp_inventory.stock_level where product_id = '${productId}'`);
    const held = () => sqlNumber(`select held_minor from dnp_finance.credit_account where dealer_id = '${dealerId}'`);
    const baseline = { reserved: reserved(), held: held(), budget: budgetUsed() };
    // Late holds, as a request queued behind a stall would make them: straight to each subgraph
    // as the saga's service identity.
    const made: Record<string, { reservation: string; hold: string }> = {};
    for (const key of [rejected, orphan]) {
      const lines = [{ productId, quantity: 2 }];
      const r = (await service('inventory', RESERVE, { input: { key, dealerId, regionPath: NJ_REGION_PATH, lines } }))
        .reserveStock;
      expect([r.errors, r.reservation?.status]).toEqual([[], 'ACTIVE']);
      const h = (await service('finance', HOLD, { input: { key, dealerId, amountMinor: 12_345 } })).holdCredit;
      expect([h.errors, h.hold?.status]).toEqual([[], 'HELD']);
      made[key] = { reservation: r.reservation.id, hold: h.hold.id };
    }
    for (const key of [rejected, orphan, approved.id]) {
      const c = await consume(key, 300);
      expect([c.errors, c.redemptions.length]).toEqual([[], 1]);
    }
    // (No totals here: the REJECTED order's holds may already be released by now.)

    // Within a bounded wait every late hold is given back; the APPROVED order's stay.
    const late = [rejected, orphan];
    await expect
      .poll(() => liveHolds(late), { timeout: RECONCILE_WAIT_MS, interval: 500 })
      .toEqual({ reservations: [], holds: [], consumptions: [] });
    // Everything back, but for the APPROVED order's consumption.
    const now = { reserved: reserved(), held: held(), budget: budgetUsed() };
    expect(now).toEqual({ ...baseline, budget: baseline.budget + 300 });
    expect(liveEffects([approved.id])).toEqual({ reservations: [approved.id], holds: [approved.id] });
    expect(liveConsumptions([approved.id])).toEqual([approved.id]);
    // Each release is audited under the reconciler's own identity.
    const ids = Object.values(made);
    const audited = (db: string, actor: string, operation: string, entityIds: string[]) =>
      sqlNumber(
        `select count(*) from dnp_${db}.audit_entry where actor_id = '${actor}' and operation = '${operation}'` +
          ` and entity_id in (${quoted(entityIds)})`,
      );
    expect(
      audited(
        'inventory',
        'inventory-reconciler',
        'releaseReservation',
        ids.map((m) => m.reservation),
      ),
    ).toBe(2);
    expect(
      audited(
        'finance',
        'finance-reconciler',
        'releaseCreditHold',
        ids.map((m) => m.hold),
      ),
    ).toBe(2);
    for (const key of [rejected, orphan]) {
      const n = sqlNumber(
        `select count(*) from dnp_pricing.audit_entry where actor_id = 'pricing-reconciler'` +
          ` and operation = 'releasePromotionBudget' and \`after\` like '%"${key}"%'`,
      );
      expect(n, key).toBe(1);
    }
    // The same late request once more replays the released consumption: nothing is spent again.
    await consume(rejected, 300);
    expect(budgetUsed()).toBe(baseline.budget + 300);
  });

  it("a reservation arriving after its order's rejection does not outlive it (inventory frozen too long)", async () => {
    const productId = (
      await gqlOk<{ product: { id: string } }>('query($sku: String) { product(sku: $sku) { id } }', { sku: SKU }, hq)
    ).product.id;
    const driftBefore = reservedDrift(productId);
    signal('inventory', 'SIGSTOP');
    let placed: { order: { id: string; status: string } | null }[];
    try {
      // A dozen placements in flight while inventory is frozen: each waits at the reservation.
      placed = await Promise.all(
        Array.from({ length: 12 }, async () => {
          const res = await t.gql<{ placeOrder: { order: { id: string; status: string } | null } }>(
            PLACE,
            { input: { idempotencyKey: `e2e-freeze-${randomUUID()}`, lines: [{ sku: SKU, quantity: 1 }] } },
            dealer,
          );
          expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
          return res.data!.placeOrder;
        }),
      );
      for (const p of placed) expect(p.order).not.toBeNull();
      // Frozen past the deadline: every saga gives up and starts compensating (the release waits for inventory too).
      const ids = placed.map((p) => p.order!.id);
      await expect
        .poll(async () => (await orders(ids)).filter((o) => o.sagaStep === 'COMPENSATING').length, {
          timeout: 90_000,
          interval: 250,
        })
        .toBe(ids.length);
    } finally {
      signal('inventory', 'SIGCONT');
    }
    const ids = placed.map((p) => p.order!.id);
    await expect
      .poll(async () => (await orders(ids)).filter((o) => FINAL_STEPS.has(o.sagaStep)).length, {
        timeout: 60_000,
        interval: 500,
      })
      .toBe(ids.length);
    for (const o of await orders(ids)) {
      expect(o.status).toBe('REJECTED');
      expect(o.rejectionReasons.map((r) => r.code)).toEqual(['SAGA_DEADLINE_EXCEEDED']);
    }
    // The requests inventory took in while frozen have all run by now; none may leave a live effect.
    await sleep(3_000);
    await expect
      .poll(() => liveEffects(ids), { timeout: 20_000, interval: 1_000 })
      .toEqual({ reservations: [], holds: [] });
    expect(reservedDrift(productId)).toEqual(driftBefore);
  });

  it('a caller of a crashed orders gets OUTCOME_UNKNOWN; a same-key retry returns the one real order', async () => {
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
    expect(down.errors?.map((e) => [e.extensions?.code, e.extensions?.retryable])).toEqual([
      ['SUBGRAPH_UNAVAILABLE', true],
    ]);
    expect(down.errors![0]!.message).not.toMatch(/127\.0\.0\.1|http:|ECONN/i);

    await t.platform.restartSubgraph('orders', { crash: true, env: fast });
    // The retry with the same key answers the order the first call made, once the saga is resumed.
    let outcome: { id: string; status: string } | null = null;
    await expect
      .poll(
        async () => {
          const res = await gqlOk<{ placeOrder: { order: { id: string; status: string } | null } }>(
            PLACE,
            { input },
            dealer,
          );
          outcome = res.placeOrder.order;
          return outcome?.status;
        },
        { timeout: 30_000, interval: 500 },
      )
      .toBe('APPROVED');
    expect(sql(`select id from dnp_orders.sales_order where idempotency_key = '${key}'`).map((r) => r[0])).toEqual([
      outcome!.id,
    ]);
    expect(liveEffects([outcome!.id])).toEqual({ reservations: [outcome!.id], holds: [outcome!.id] });
  });

  it('an outage of orders is one warning per reconciler, not an error per run; reconciling resumes after', async () => {
    const reconciling = ['inventory', 'finance', 'pricing'] as const;
    const logOf = (name: (typeof reconciling)[number]) =>
      readFileSync(t.platform.subgraphs[name].process.logFile, 'utf8');
    /** Per reconciling subgraph, how many lines of its log match. */
    const logged = (pattern: RegExp) => reconciling.map((name) => (logOf(name).match(pattern) ?? []).length);
    // A reconciler warns once per outage: one still inside an earlier test's outage (no run since
    // orders came back) would not warn again. Wait until every reconciler has seen orders answer.
    await expect
      .poll(
        () => {
          const down = logged(/orders cannot be reached/g);
          const back = logged(/orders answers again/g);
          return down.every((n, i) => back[i]! >= n);
        },
        { timeout: RECONCILE_WAIT_MS, interval: 250 },
      )
      .toBe(true);
    const warned = logged(/orders cannot be reached/g);
    const failed = logged(/periodic task failed/g);
    // A live hold in each subgraph under a key no order knows, so each reconciler asks orders.
    const productId = await productOfSku();
    const dealerId = await njDealerId();
    const key = `e2e-outage-${randomUUID()}`;
    const input = { key, dealerId, regionPath: NJ_REGION_PATH, lines: [{ productId, quantity: 1 }] };
    expect((await service('inventory', RESERVE, { input })).reserveStock.errors).toEqual([]);
    const hold = await service('finance', HOLD, { input: { key, dealerId, amountMinor: 100 } });
    expect(hold.holdCredit.errors).toEqual([]);
    expect((await consume(key, 100)).errors).toEqual([]);

    const child = t.platform.subgraphs.orders.process.child;
    signal('orders', 'SIGKILL');
    await expect.poll(() => child.exitCode ?? child.signalCode, { timeout: 10_000 }).not.toBeNull();
    // Six reconciler intervals without orders (and past the grace period of the key).
    await sleep(6_000);
    expect(logged(/orders cannot be reached/g)).toEqual(warned.map((n) => n + 1));
    expect(logged(/periodic task failed/g)).toEqual(failed);
    expect(liveHolds([key])).toEqual({ reservations: [key], holds: [key], consumptions: [key] });

    // Orders is back: the reconcilers release the orphan again, still without an error.
    await t.platform.restartSubgraph('orders', { crash: true });
    await expect
      .poll(() => liveHolds([key]), { timeout: RECONCILE_WAIT_MS, interval: 500 })
      .toEqual({ reservations: [], holds: [], consumptions: [] });
    expect(logged(/periodic task failed/g)).toEqual(failed);
  });
});
