import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, postGraphql, type DbMode, type TestPlatform } from './support/platform.js';

const CATALOG = /* GraphQL */ `
  query Catalog($first: Int) {
    products(first: $first) {
      totalCount
      edges {
        node {
          id
          sku
          name
          price {
            amount
            currency
          }
          availability {
            available
          }
        }
      }
    }
  }
`;

describe.each<DbMode>(['sqlite', 'mariadb'])('platform spine on %s', (mode) => {
  let t: TestPlatform;
  let dealerToken: string;
  let hqToken: string;

  beforeAll(async () => {
    // Pricing's reference cache off: the statement counts below are what a request costs when
    // nothing is cached (with it on, the counts would depend on which products earlier requests read).
    t = await bootPlatform(mode, { subgraphEnv: { pricing: { PRICING_REFERENCE_CACHE_MS: '0' } } });
    dealerToken = await t.login('nj_admin');
    hqToken = await t.login('hq_admin');
  });
  afterAll(async () => {
    await t?.stop();
  });

  it('answers the catalogue query for a logged-in dealer with data from three subgraphs', async () => {
    const res = await t.gql(CATALOG, { first: 20 }, dealerToken);
    expect(res.errors).toBeUndefined();
    const edges = res.data.products.edges;
    expect(edges).toHaveLength(20);
    expect(res.data.products.totalCount).toBeGreaterThanOrEqual(500);
    for (const { node } of edges) {
      expect(node.sku).toMatch(/^JH-[A-Z]{3}-\d{4}$/);
      expect(node.name.length).toBeGreaterThan(0);
      expect(node.price.currency).toBe('CNY');
      expect(node.price.amount).toMatch(/^\d+\.\d{2}$/);
      expect(Number.isInteger(node.availability.available)).toBe(true);
    }
  });

  it("prices by the dealer's grade: a grade price is below the list price the HQ sees", async () => {
    const q = `query($sku: String) { product(sku: $sku) { sku price { amount } listPrice { amount } } }`;
    const dealer = await t.gql(q, { sku: 'JH-MLK-0001' }, dealerToken);
    const hq = await t.gql(q, { sku: 'JH-MLK-0001' }, hqToken);
    expect(dealer.errors).toBeUndefined();
    expect(hq.errors).toBeUndefined();
    expect(hq.data.product.price.amount).toBe(hq.data.product.listPrice.amount);
    expect(Number(dealer.data.product.price.amount)).toBeLessThan(Number(hq.data.product.listPrice.amount));
  });

  it('costs the same SQL statements for 50 products as for 5 in every subgraph involved (no N+1)', async () => {
    const cost = async (first: number) => {
      const names = ['products', 'pricing', 'inventory'] as const;
      const before = await Promise.all(names.map((n) => t.queryCount(n)));
      const res = await t.gql(CATALOG, { first }, dealerToken);
      expect(res.errors).toBeUndefined();
      expect(res.data.products.edges).toHaveLength(first);
      const after = await Promise.all(names.map((n) => t.queryCount(n)));
      return Object.fromEntries(names.map((n, i) => [n, after[i]! - before[i]!]));
    };
    await cost(5); // warm-up: first-request statements (e.g. migrations check) do not count
    const five = await cost(5);
    const fifty = await cost(50);
    expect(fifty).toEqual(five);
    expect(five.products).toBeGreaterThan(0);
  });

  it('joins dealer, orders and finance data for the dealer itself', async () => {
    const res = await t.gql(
      `{ me { username role dealer { id name level grade region { name }
           orders(first: 3) {
             totalCount edges { node { orderNumber total { amount } lines { quantity product { sku name } } } }
           }
           creditAccount { limit { amount } available { amount } }
           healthScore } } }`,
      {},
      dealerToken,
    );
    expect(res.errors).toBeUndefined();
    const dealer = res.data.me.dealer;
    expect(res.data.me.username).toBe('nj_admin');
    expect(dealer.orders.totalCount).toBeGreaterThan(0);
    expect(dealer.orders.edges[0].node.lines[0].product.sku).toMatch(/^JH-/);
    expect(Number(dealer.creditAccount.limit.amount)).toBeGreaterThan(0);
    expect(dealer.healthScore).toBeGreaterThanOrEqual(0);
    expect(dealer.healthScore).toBeLessThanOrEqual(100);
  });

  it("never shows a dealer another dealer's orders", async () => {
    const mine = await t.gql(
      `{ me { dealer { id } } orders(first: 100) { edges { node { id dealer { id } } } } }`,
      {},
      dealerToken,
    );
    expect(mine.errors).toBeUndefined();
    const myId = mine.data.me.dealer.id;
    // Its own orders, and (read-only) those of the dealers below it, named in its token.
    const subDealerIds: string[] =
      JSON.parse(Buffer.from(dealerToken.split('.')[1]!, 'base64url').toString()).subDealerIds ?? [];
    const readable = new Set([myId, ...subDealerIds]);
    expect(mine.data.orders.edges.length).toBeGreaterThan(0);
    expect(mine.data.orders.edges.every((e: any) => readable.has(e.node.dealer.id))).toBe(true);
    const all = await t.gql(`{ orders(first: 100) { edges { node { id dealer { id } } } } }`, {}, hqToken);
    const foreign = all.data.orders.edges.find((e: any) => !readable.has(e.node.dealer.id)).node.id;
    const res = await t.gql(`query($id: ID!) { order(id: $id) { id } }`, { id: foreign }, dealerToken);
    expect(res.data.order).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('adjusts stock for HQ with a ledger row, and refuses what would go negative', async () => {
    const warehouses = await t.gql(`{ warehouses { id kind } }`, {}, hqToken);
    const hqWarehouse = warehouses.data.warehouses.find((w: any) => w.kind === 'HQ').id;
    const adjust = `mutation($input: AdjustStockInput!) { adjustStock(input: $input) {
      stockLevel { onHand available } movement { delta balanceAfter } errors { code message field } } }`;
    const before = await t.gql(
      `{ product(sku: "JH-MLK-0002") { id stockLevels { warehouse { id } onHand } } }`,
      {},
      hqToken,
    );
    const productId = before.data.product.id;
    const onHand = before.data.product.stockLevels.find((s: any) => s.warehouse.id === hqWarehouse).onHand;
    const up = await t.gql(
      adjust,
      { input: { warehouseId: hqWarehouse, productId, delta: 7, reason: 'RECEIPT', note: 'e2e' } },
      hqToken,
    );
    expect(up.errors).toBeUndefined();
    expect(up.data.adjustStock.errors).toEqual([]);
    expect(up.data.adjustStock.stockLevel.onHand).toBe(onHand + 7);
    expect(up.data.adjustStock.movement).toEqual({ delta: 7, balanceAfter: onHand + 7 });
    const down = await t.gql(
      adjust,
      { input: { warehouseId: hqWarehouse, productId, delta: -(onHand + 1000), reason: 'ADJUSTMENT' } },
      hqToken,
    );
    expect(down.data.adjustStock.errors[0].code).toBe('INSUFFICIENT_STOCK');
    const after = await t.gql(
      `{ product(sku: "JH-MLK-0002") { stockLevels { warehouse { id } onHand } } }`,
      {},
      hqToken,
    );
    expect(after.data.product.stockLevels.find((s: any) => s.warehouse.id === hqWarehouse).onHand).toBe(onHand + 7);
    const asDealer = await t.gql(
      adjust,
      { input: { warehouseId: hqWarehouse, productId, delta: 1, reason: 'RECEIPT' } },
      dealerToken,
    );
    expect(asDealer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  describe('bad input and bad callers get clear errors with codes', () => {
    it('unknown ids and malformed keys', async () => {
      const unknown = await t.gql(`{ product(id: "prd_99999") { id } }`, {}, dealerToken);
      expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      const malformed = await t.gql(`{ product(sku: "not a sku!") { id } }`, {}, dealerToken);
      expect(malformed.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const code = await t.gql(`{ traceCode(code: "nope") { code } }`, {}, hqToken);
      expect(code.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const page = await t.gql(`{ products(first: 1000) { totalCount } }`, {}, dealerToken);
      expect(page.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      const cursor = await t.gql(`{ products(first: 5, after: "forged") { totalCount } }`, {}, dealerToken);
      expect(cursor.errors?.[0]?.extensions?.code).toBe('INVALID_CURSOR');
    });

    it('wrong password, forged and expired tokens', async () => {
      const wrong = await t.gql(
        `mutation { login(input: { username: "nj_admin", password: "wrong" }) { accessToken } }`,
      );
      expect(wrong.errors?.[0]?.extensions?.code).toBe('INVALID_CREDENTIALS');
      const forged = await t.gql(`{ me { id } }`, {}, `${dealerToken.slice(0, -4)}AAAA`);
      expect(forged.status).toBe(401);
      expect(forged.errors?.[0]?.extensions?.code).toBe('INVALID_TOKEN');
      const expired = await new SignJWT({ role: 'HQ_ADMIN' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('usr_hq_admin')
        .setIssuer('dnp-dealers')
        .setAudience('dnp')
        .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
        .sign(new TextEncoder().encode(t.authSecret));
      const res = await t.gql(`{ me { id } }`, {}, expired);
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions?.code).toBe('TOKEN_EXPIRED');
    });

    it('subgraphs refuse calls that did not come through the gateway', async () => {
      const direct = await postGraphql(t.platform.subgraphs.orders.url, `{ orders(first: 1) { totalCount } }`);
      expect(direct.status).toBe(401);
      expect(direct.errors?.[0]?.extensions?.code).toBe('GATEWAY_TOKEN_REQUIRED');
    });
  });
});
