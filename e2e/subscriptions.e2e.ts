import { EventType } from '@dnp/event-bus';
import { signViewerToken } from '@dnp/subgraph-kit/viewer';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, type TestPlatform } from './support/platform.js';
import { subscribe, type LiveSubscription } from './support/subscriptions.js';

// Federated subscriptions over graphql-ws on the gateway's /graphql, against the real platform
// with two gateway processes: an event raised by a subgraph reaches subscribers on every
// gateway, with fields of other subgraphs resolved per subscriber; dealers only get their own
// orders; connections need a valid token; operations meet the HTTP limits; resume with `after`.

const STOCK_LEVEL = /* GraphQL */ `
  query {
    stockLevels(first: 1, filter: { warehouseId: "wh_hq" }) {
      edges {
        node {
          id
          product {
            id
            name
          }
          warehouse {
            id
            name
          }
        }
      }
    }
  }
`;
const ADJUST = /* GraphQL */ `
  mutation Adjust($input: AdjustStockInput!) {
    adjustStock(input: $input) {
      stockLevel {
        id
        onHand
      }
      errors {
        code
        message
      }
    }
  }
`;
const STOCK_CHANGED = /* GraphQL */ `
  subscription Stock($productId: ID, $after: String) {
    stockChanged(productId: $productId, after: $after) {
      id
      onHand
      available
      product {
        id
        name
        category {
          name
        }
      }
      warehouse {
        id
        name
      }
    }
  }
`;
const LIVE_AVAILABILITY = /* GraphQL */ `
  subscription Availability($productIds: [ID!]) {
    stockChanged(productIds: $productIds) {
      product {
        id
        availability {
          available
          inStock
        }
      }
    }
  }
`;
const PRODUCT_AVAILABILITY = /* GraphQL */ `
  query ($id: ID!) {
    product(id: $id) {
      id
      availability {
        available
        inStock
      }
    }
  }
`;
const ORDER_CHANGED = /* GraphQL */ `
  subscription Orders {
    orderStatusChanged {
      id
      status
      dealer {
        id
      }
    }
  }
`;
const PLACE = /* GraphQL */ `
  mutation Place($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      order {
        id
        status
        dealer {
          id
        }
      }
      errors {
        code
        message
      }
    }
  }
`;
const DEALERS = /* GraphQL */ `
  query {
    dealers(first: 50, filter: { status: ACTIVE, level: REGIONAL_DEALER }) {
      edges {
        node {
          id
          code
          region {
            id
          }
        }
      }
    }
  }
`;

describe('subscriptions across two gateways', () => {
  let t: TestPlatform;
  let hq: string;
  const open: LiveSubscription[] = [];
  const live = <T = any>(url: string, token: string | null, query: string, variables?: Record<string, unknown>) => {
    const s = subscribe<T>(
      url,
      token === null ? null : token.startsWith('Bearer ') ? token : `Bearer ${token}`,
      query,
      variables,
    );
    open.push(s);
    return s;
  };
  /** Waits until gateway `i` holds at least `n` subscriptions (they register asynchronously). */
  const subscribed = async (i: number, n: number) => {
    const health = t.platform.gateways[i]!.url.replace(/\/graphql$/, '/health');
    await expect
      .poll(
        async () =>
          ((await (await fetch(health)).json()) as { subscriptions?: { active: number } }).subscriptions?.active ?? 0,
        { timeout: 10_000, interval: 50 },
      )
      .toBeGreaterThanOrEqual(n);
  };
  const receipt = (productId: string, warehouseId: string) => ({
    input: {
      warehouseId,
      productId,
      delta: 1,
      reason: 'RECEIPT',
      lotNumber: `E2E-LIVE-${randomUUID().slice(0, 8)}`,
      expiresAt: new Date(Date.now() + 200 * 86_400_000).toISOString(),
      note: 'e2e: subscriptions',
    },
  });

  beforeAll(async () => {
    t = await bootPlatform('sqlite', { gateways: 2 });
    hq = await t.login('hq_admin');
  });
  afterAll(async () => {
    await Promise.all(open.map((s) => s.dispose().catch(() => undefined)));
    await t?.stop();
  });

  it('an adjustment via gateway 1 reaches a subscriber on gateway 2, the product name from products', async () => {
    const [g1, g2] = t.platform.gateways.map((g) => g.url) as [string, string];
    const level = (await t.gql(STOCK_LEVEL, {}, hq, g1)).data.stockLevels.edges[0].node;
    const sub = live(g2, hq, STOCK_CHANGED, { productId: level.product.id });
    const other = live(g2, hq, STOCK_CHANGED, { productId: 'prd_does_not_exist' });
    await sub.connected;
    await subscribed(1, 2);

    const res = await t.gql(ADJUST, receipt(level.product.id, level.warehouse.id), hq, g1);
    expect(res.errors).toBeUndefined();
    expect(res.data.adjustStock.errors).toEqual([]);
    const [message] = await sub.waitFor((m) => m.length >= 1);
    expect(message!.errors).toBeUndefined();
    expect(message!.data.stockChanged).toMatchObject({
      id: level.id,
      onHand: res.data.adjustStock.stockLevel.onHand,
      product: { id: level.product.id, name: level.product.name },
      warehouse: { id: level.warehouse.id, name: level.warehouse.name },
    });
    expect(typeof message!.data.stockChanged.product.category.name).toBe('string');
    expect(message!.extensions?.event).toMatchObject({ type: EventType.STOCK_CHANGED });
    expect(message!.extensions!.event!.position).toEqual(expect.any(String));
    // Delivered once, and not to a subscriber filtering on another product.
    await new Promise((r) => setTimeout(r, 500));
    expect(sub.messages).toHaveLength(1);
    expect(other.messages).toHaveLength(0);
  });

  it('the same event reaches subscribers on both gateways, once each', async () => {
    const [g1, g2] = t.platform.gateways.map((g) => g.url) as [string, string];
    const level = (await t.gql(STOCK_LEVEL, {}, hq, g1)).data.stockLevels.edges[0].node;
    const subs = [
      live(g1, hq, STOCK_CHANGED, { productId: level.product.id }),
      live(g2, hq, STOCK_CHANGED, { productId: level.product.id }),
    ];
    await Promise.all(subs.map((s) => s.connected));
    await Promise.all([subscribed(0, 1), subscribed(1, 3)]);
    await t.gql(ADJUST, receipt(level.product.id, level.warehouse.id), hq, g1);
    for (const s of subs) await s.waitFor((m) => m.length >= 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(subs.map((s) => s.messages.length)).toEqual([1, 1]);
    expect(subs[0]!.messages[0]!.extensions!.event!.id).toBe(subs[1]!.messages[0]!.extensions!.event!.id);
  });

  it("stockChanged(productIds:) carries the products' availability as the dealer's catalogue reads it", async () => {
    const [g1, g2] = t.platform.gateways.map((g) => g.url) as [string, string];
    const nj = await t.login('nj_admin');
    const level = (await t.gql(STOCK_LEVEL, {}, hq, g1)).data.stockLevels.edges[0].node;
    const sub = live(g2, nj, LIVE_AVAILABILITY, { productIds: [level.product.id, 'prd_other'] });
    const other = live(g2, nj, LIVE_AVAILABILITY, { productIds: ['prd_does_not_exist'] });
    await Promise.all([sub.connected, other.connected]);
    await subscribed(1, 2);

    await t.gql(ADJUST, receipt(level.product.id, level.warehouse.id), hq, g1);
    const [message] = await sub.waitFor((m) => m.length >= 1);
    // The figure the catalogue shows the dealer, read after the change with the dealer's scope.
    const catalogue = await t.gql(PRODUCT_AVAILABILITY, { id: level.product.id }, nj, g1);
    expect(message!.errors).toBeUndefined();
    expect(message!.data.stockChanged.product).toEqual(catalogue.data.product);

    // A change in another dealer's warehouse reaches HQ but never this dealer.
    const warehouses = (await t.gql('query { warehouses { id kind } }', {}, hq, g1)).data.warehouses as {
      id: string;
      kind: string;
    }[];
    const foreign = warehouses.find((w) => w.kind === 'DEALER')!;
    const hqSub = live(g2, hq, LIVE_AVAILABILITY, { productIds: [level.product.id] });
    await hqSub.connected;
    await subscribed(1, 3);
    const res = await t.gql(ADJUST, receipt(level.product.id, foreign.id), hq, g1);
    expect(res.data.adjustStock.errors).toEqual([]);
    await hqSub.waitFor((m) => m.length >= 1);
    await new Promise((r) => setTimeout(r, 500));
    expect(sub.messages).toHaveLength(1);
    expect(other.messages).toHaveLength(0);
  });

  it('refuses stockChanged with more than 200 productIds (BAD_USER_INPUT)', async () => {
    const url = t.platform.gateways[0]!.url;
    const ids = (n: number) => Array.from({ length: n }, (_, i) => `prd_${i}`);
    const tooMany = live(url, hq, LIVE_AVAILABILITY, { productIds: ids(201) });
    const enough = live(url, hq, LIVE_AVAILABILITY, { productIds: ids(200) });
    await expect.poll(() => tooMany.error !== null, { timeout: 10_000 }).toBe(true);
    expect(JSON.stringify(tooMany.error)).toContain('BAD_USER_INPUT');
    expect(JSON.stringify(tooMany.error)).toContain('at most 200');
    await enough.connected;
    await new Promise((r) => setTimeout(r, 300));
    expect(enough.error).toBeNull();
  });

  it('a dealer subscribed to orderStatusChanged receives only its own orders', async () => {
    const [g1, g2] = t.platform.gateways.map((g) => g.url) as [string, string];
    const nj = await t.login('nj_admin');
    const njDealer = (await t.gql('query { me { dealer { id } } }', {}, nj)).data.me.dealer.id as string;
    // Another regional dealer outside Nanjing's tree (not a parent, not a child).
    const candidates = (await t.gql(DEALERS, {}, hq)).data.dealers.edges.map(
      (e: { node: { id: string; code: string; region: { id: string } } }) => e.node,
    );
    const otherDealer = candidates.find(
      (d: { id: string; region: { id: string } }) => d.id !== njDealer && !d.region.id.startsWith('reg_js'),
    )!;
    expect(otherDealer).toBeDefined();
    const other = await t.login(otherDealer.code.toLowerCase());

    const dealerSub = live(g2, nj, ORDER_CHANGED);
    const hqSub = live(g1, hq, ORDER_CHANGED);
    await Promise.all([dealerSub.connected, hqSub.connected]);
    await Promise.all([subscribed(0, 1), subscribed(1, 1)]);

    const place = async (token: string) => {
      const res = await t.gql(
        PLACE,
        {
          input: {
            idempotencyKey: `e2e-live-${randomUUID()}`,
            lines: [{ sku: 'JH-MLK-0070', quantity: 1 }],
            note: 'e2e: subscriptions',
          },
        },
        token,
        g1,
      );
      expect(res.errors).toBeUndefined();
      return res.data.placeOrder.order as { id: string };
    };
    const foreign = await place(other);
    const own = await place(nj);
    // HQ sees both orders change; by then the dealer has had every chance to get the foreign one.
    await hqSub.waitFor(
      (m) => [foreign.id, own.id].every((id) => m.some((x) => x.data?.orderStatusChanged.id === id)),
      15_000,
    );
    await dealerSub.waitFor((m) => m.some((x) => x.data?.orderStatusChanged.id === own.id), 15_000);
    await new Promise((r) => setTimeout(r, 500));
    const ids = new Set(dealerSub.messages.map((m) => m.data.orderStatusChanged.id));
    expect(ids.has(foreign.id)).toBe(false);
    expect(dealerSub.messages.every((m) => m.data.orderStatusChanged.dealer.id === njDealer)).toBe(true);
  });

  it('refuses connections without a valid token, with 4401 and the code', async () => {
    const url = t.platform.gateways[0]!.url;
    const none = live(url, null, STOCK_CHANGED);
    const forged = live(url, 'Bearer not.a.token', STOCK_CHANGED);
    await expect(none.connected).rejects.toThrow();
    await expect(forged.connected).rejects.toThrow();
    expect(none.closed).toMatchObject({ code: 4401 });
    expect(none.closed!.reason).toMatch(/^UNAUTHENTICATED/);
    expect(forged.closed).toMatchObject({ code: 4401 });
    expect(forged.closed!.reason).toMatch(/^INVALID_TOKEN/);
  });

  it('validates subscriptions like HTTP operations and refuses what it does not serve', async () => {
    const url = t.platform.gateways[0]!.url;
    const unknownField = live(url, hq, 'subscription { stockChanged { id noSuchField } }');
    const query = live(url, hq, 'query { stockLevels(first: 1) { totalCount } }');
    const twoFields = live(url, hq, 'subscription { stockChanged { id } orderStatusChanged { id } }');
    for (const s of [unknownField, query, twoFields])
      await expect.poll(() => s.error !== null, { timeout: 10_000 }).toBe(true);
    expect(JSON.stringify(unknownField.error)).toContain('noSuchField');
    expect(JSON.stringify(query.error)).toContain('SUBSCRIPTIONS_ONLY');
    expect(JSON.stringify(twoFields.error)).toMatch(/single|one/i);
  });

  it('resumes after the last position seen: the missed change is replayed first', async () => {
    const [g1, g2] = t.platform.gateways.map((g) => g.url) as [string, string];
    const level = (await t.gql(STOCK_LEVEL, {}, hq, g1)).data.stockLevels.edges[0].node;
    const first = live(g1, hq, STOCK_CHANGED, { productId: level.product.id });
    await first.connected;
    await subscribed(0, 1);
    await t.gql(ADJUST, receipt(level.product.id, level.warehouse.id), hq, g1);
    const [seen] = await first.waitFor((m) => m.length >= 1);
    await first.dispose();

    // Offline: a change happens.
    const missed = await t.gql(ADJUST, receipt(level.product.id, level.warehouse.id), hq, g1);
    // Reconnect (to the other gateway) with the last position seen.
    const resumed = live(g2, hq, STOCK_CHANGED, {
      productId: level.product.id,
      after: seen!.extensions!.event!.position,
    });
    const [replayed] = await resumed.waitFor((m) => m.length >= 1);
    expect(replayed!.data.stockChanged.onHand).toBe(missed.data.adjustStock.stockLevel.onHand);
    expect(replayed!.extensions!.event!.id).not.toBe(seen!.extensions!.event!.id);
  });

  it('subgraphs answer a direct subscription with SUBSCRIPTIONS_VIA_GATEWAY', async () => {
    // A well-formed viewer token signed for inventory, as the gateway would sign it: the subgraph still refuses.
    const token = await signViewerToken(t.internalSecret, 'inventory', { userId: 'usr_hq_admin', role: 'HQ_ADMIN' });
    const res = await fetch(t.platform.subgraphs.inventory.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-dnp-viewer': token },
      body: JSON.stringify({ query: 'subscription { stockChanged { id } }' }),
    });
    const body = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
    expect(body.errors?.[0]?.extensions?.code).toBe('SUBSCRIPTIONS_VIA_GATEWAY');
  });
});

describe('subscriptions in production mode: MariaDB, Redis Streams, two inventory instances, two gateways', () => {
  let t: TestPlatform;
  const open: LiveSubscription[] = [];

  beforeAll(async () => {
    t = await bootPlatform('mariadb', { redis: true, gateways: 2, replicas: { inventory: 2 } });
  });
  afterAll(async () => {
    await Promise.all(open.map((s) => s.dispose().catch(() => undefined)));
    await t?.stop();
  });

  it('an adjustment on one inventory instance reaches a subscriber of the other gateway (other instance)', async () => {
    const hq = await t.login('hq_admin');
    const [g1, g2] = t.platform.gateways.map((g) => g.url) as [string, string];
    expect(t.platform.replicas.inventory).toHaveLength(2);
    const level = (await t.gql(STOCK_LEVEL, {}, hq, g1)).data.stockLevels.edges[0].node;
    const on2 = subscribe(g2, `Bearer ${hq}`, STOCK_CHANGED, { productId: level.product.id });
    const on1 = subscribe(g1, `Bearer ${hq}`, STOCK_CHANGED, { productId: level.product.id });
    open.push(on1, on2);
    await Promise.all([on1.connected, on2.connected]);
    for (const g of t.platform.gateways) {
      const health = g.url.replace(/\/graphql$/, '/health');
      await expect
        .poll(
          async () =>
            ((await (await fetch(health)).json()) as { subscriptions?: { active: number } }).subscriptions?.active ?? 0,
          { timeout: 10_000, interval: 50 },
        )
        .toBeGreaterThanOrEqual(1);
    }
    // Gateway 1 sends the mutation to inventory instance 1; gateway 2 re-reads from instance 2.
    const res = await t.gql(
      ADJUST,
      {
        input: {
          warehouseId: level.warehouse.id,
          productId: level.product.id,
          delta: 1,
          reason: 'RECEIPT',
          lotNumber: `E2E-LIVE-${randomUUID().slice(0, 8)}`,
          expiresAt: new Date(Date.now() + 200 * 86_400_000).toISOString(),
          note: 'e2e: subscriptions (redis)',
        },
      },
      hq,
      g1,
    );
    expect(res.data.adjustStock.errors).toEqual([]);
    for (const s of [on2, on1]) {
      const [m] = await s.waitFor((x) => x.length >= 1, 15_000);
      expect(m!.data.stockChanged).toMatchObject({
        id: level.id,
        onHand: res.data.adjustStock.stockLevel.onHand,
        product: { name: level.product.name },
      });
    }
    await new Promise((r) => setTimeout(r, 500));
    expect([on1.messages.length, on2.messages.length]).toEqual([1, 1]);
    // Positions are Redis stream ids, shared by both gateways.
    expect(on1.messages[0]!.extensions!.event!.position).toBe(on2.messages[0]!.extensions!.event!.position);
  });
});
