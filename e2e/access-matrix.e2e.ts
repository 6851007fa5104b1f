import { signViewerToken, type Viewer } from '@dnp/subgraph-kit/viewer';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootPlatform, postGraphql, type DbMode, type GqlResponse, type TestPlatform } from './support/platform.js';
import { subscribe } from './support/subscriptions.js';

// Roles × the partner contract (docs/domain.md), against a real gateway and real subgraphs: what each
// role sees and may do, and that a dealer never reaches another dealer's rows through lists, ids,
// `_entities` on a subgraph or nested fields. Partner keys are minted as viewer tokens straight to
// the subgraphs (the gateway's API keys live in another branch): the subgraphs enforce scopes
// themselves, which is exactly what these rows prove.

type Outcome = string;

/** What one call came to: the first error code, else a short summary of the data. */
function outcome(res: GqlResponse, summarize: (data: any) => string): Outcome {
  if (res.errors?.length) return res.errors[0]!.extensions?.code ?? 'ERROR';
  return summarize(res.data);
}

const payloadOutcome = (field: string) => (d: any) => {
  const p = d[field];
  return p.errors?.length ? `refused:${p.errors[0].code}` : 'done';
};

/** One value from a subgraph's own database (fixtures no API lists, e.g. a code a dealer owns). */
function sqlValue(t: TestPlatform, subgraph: string, statement: string): string | null {
  if (t.mode === 'sqlite') {
    const { DatabaseSync } = createRequire(import.meta.url)('node:sqlite') as typeof import('node:sqlite');
    const db = new DatabaseSync(join(t.dataDir!, `${subgraph}.sqlite`), { readOnly: true });
    try {
      const row = db.prepare(statement).get() as Record<string, unknown> | undefined;
      return row ? String(Object.values(row)[0]) : null;
    } finally {
      db.close();
    }
  }
  const out = t.mariadb!.sql(`use dnp_${subgraph}; ${statement}`).trim();
  return out ? out.split('\n')[0]!.split('\t')[0]! : null;
}

describe.each<DbMode>(['sqlite', 'mariadb'])('roles and data scopes on %s', (mode) => {
  let t: TestPlatform;
  const token: Record<string, string> = {};
  let njId: string;
  let jsId: string;
  let njGrade: string;
  let otherId: string;
  let njOrder: string;
  let otherOrder: string;
  let njCode: string;
  let otherWarehouse: string | null;

  const subgraphUrl = (name: string) => t.platform.subgraphs[name as keyof typeof t.platform.subgraphs].url;
  const direct = async (
    name: string,
    viewer: Record<string, unknown>,
    query: string,
    variables?: Record<string, unknown>,
  ) =>
    postGraphql(subgraphUrl(name), query, variables, {
      'x-dnp-viewer': await signViewerToken(t.internalSecret, name, viewer as unknown as Viewer, 600),
    });

  beforeAll(async () => {
    t = await bootPlatform(mode);
    for (const u of ['hq_admin', 'east_manager', 'js_admin', 'nj_admin', 'nj_staff', 'wh_east_op', 'fin_clerk'])
      token[u] = await t.login(u);
    const me = async (u: string) => (await t.gql('{ me { dealer { id } } }', {}, token[u])).data.me.dealer.id as string;
    njId = await me('nj_admin');
    jsId = await me('js_admin');
    njGrade = (await t.gql('query($id: ID!) { dealer(id: $id) { grade } }', { id: njId }, token.hq_admin)).data.dealer
      .grade;
    // A dealer far away: active, in the south, not below js.
    const south = await t.gql(
      'query($f: DealerFilter) { dealers(first: 50, filter: $f) { edges { node { id code level } } } }',
      { f: { regionId: 'reg_south', status: 'ACTIVE', level: 'REGIONAL_DEALER' } },
      token.hq_admin,
    );
    const other = south.data.dealers.edges[0].node;
    otherId = other.id;
    token.other = await t.login(other.code.toLowerCase());
    // Settled orders, so no row of the matrix can change their status (reviewOrder answers INVALID_TRANSITION for all).
    // The dealer's own order (nj also reads its sub-dealer's, which demo data may list first).
    const firstOrder = async (u: string, dealerId: string) =>
      (
        await t.gql(
          'query($d: ID) { orders(first: 1, filter: { status: [COMPLETED, SHIPPED], dealerId: $d }) { edges ' +
            '{ node { id } } } }',
          { d: dealerId },
          token[u],
        )
      ).data.orders.edges[0].node.id as string;
    njOrder = await firstOrder('nj_admin', njId);
    otherOrder = await firstOrder('other', otherId);
    njCode = sqlValue(
      t,
      'traceability',
      `select code from serial_code where owner_dealer_id = '${njId}' and level = 'ITEM' and status in ` +
        `('RECEIVED', 'SHIPPED') order by code limit 1`,
    )!;
    expect(njCode).toMatch(/^JH/);
    otherWarehouse = sqlValue(
      t,
      'inventory',
      `select id from warehouse where kind = 'DEALER' and dealer_id <> '${jsId}' order by id limit 1`,
    );
  }, 240_000);
  afterAll(async () => {
    await t?.stop();
  });

  describe('dealer isolation', () => {
    it("lists: a dealer sees its own (and its sub-dealers' read-only) orders, invoices and warehouses", async () => {
      const res = await t.gql(
        '{ orders(first: 100) { totalCount edges { node { dealer { id } } } } invoices(first: 100) { edges { ' +
          'node { dealer { id } } } } warehouses { kind dealer { id } } }',
        {},
        token.nj_admin,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.orders.totalCount).toBeGreaterThan(0);
      // nj has a retailer below it, whose rows it reads too; nothing else.
      const tree = await t.gql('{ dealers(first: 100) { edges { node { id parent { id } } } } }', {}, token.nj_admin);
      const mine = new Set<string>(tree.data.dealers.edges.map((e: any) => e.node.id));
      expect(mine.has(njId)).toBe(true);
      expect(mine.has(jsId)).toBe(false);
      for (const e of res.data.orders.edges) expect(mine.has(e.node.dealer.id)).toBe(true);
      for (const e of res.data.invoices.edges) expect(mine.has(e.node.dealer.id)).toBe(true);
      for (const w of res.data.warehouses) if (w.kind === 'DEALER') expect(w.dealer.id).toBe(njId);
    });

    it("ids: another dealer's order, dealer, warehouse and code answer NOT_FOUND", async () => {
      const order = await t.gql('query($id: ID!) { order(id: $id) { id } }', { id: otherOrder }, token.nj_admin);
      expect(order.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      expect(order.data?.order ?? null).toBeNull();
      const dealer = await t.gql('query($id: ID!) { dealer(id: $id) { id } }', { id: otherId }, token.nj_admin);
      expect(dealer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      if (otherWarehouse) {
        const wh = await t.gql('query($id: ID!) { warehouse(id: $id) { id } }', { id: otherWarehouse }, token.nj_admin);
        expect(wh.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      }
      const code = await t.gql('query($c: String!) { traceCode(code: $c) { code } }', { c: njCode }, token.other);
      expect(code.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it("_entities: another dealer's order, dealer, credit account and warehouse resolve to null", async () => {
      const nj = { userId: 'usr_nj_admin', role: 'DEALER_ADMIN', dealerId: njId };
      const orders = await direct(
        'orders',
        nj,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id } } }',
        {
          r: [
            { __typename: 'Order', id: otherOrder },
            { __typename: 'Order', id: njOrder },
          ],
        },
      );
      expect(orders.errors).toBeUndefined();
      expect(orders.data._entities).toEqual([null, { id: njOrder }]);
      const dealers = await direct(
        'dealers',
        nj,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Dealer { id name } } }',
        { r: [{ __typename: 'Dealer', id: otherId }] },
      );
      expect(dealers.data._entities).toEqual([null]);
      if (otherWarehouse) {
        const wh = await direct(
          'inventory',
          nj,
          'query($r: [_Any!]!) { _entities(representations: $r) { ... on Warehouse { id } } }',
          { r: [{ __typename: 'Warehouse', id: otherWarehouse }] },
        );
        expect(wh.data._entities).toEqual([null]);
      }
    });

    it("nested fields: another dealer's orders and credit through a Dealer reference stay empty", async () => {
      const nj = { userId: 'usr_nj_admin', role: 'DEALER_ADMIN', dealerId: njId };
      const q = (field: string) =>
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Dealer { ${field} } } }`;
      const orders = await direct('orders', nj, q('orders(first: 10) { totalCount edges { node { id } } }'), {
        r: [{ __typename: 'Dealer', id: otherId }],
      });
      expect(orders.errors).toBeUndefined();
      expect(orders.data._entities[0].orders).toEqual({ totalCount: 0, edges: [] });
      const credit = await direct('finance', nj, q('creditAccount { id }'), {
        r: [{ __typename: 'Dealer', id: otherId }],
      });
      expect(credit.data._entities[0].creditAccount).toBeNull();
      const viaGateway = await t.gql(
        'query($id: ID!) { order(id: $id) { dealer { id orders(first: 50) { edges { node { dealer { id } } } } } } }',
        { id: njOrder },
        token.nj_admin,
      );
      expect(viaGateway.errors).toBeUndefined();
      for (const e of viaGateway.data.order.dealer.orders.edges) expect(e.node.dealer.id).toBe(njId);
    });

    it("a parent dealer reads its sub-dealers' orders but cannot change them", async () => {
      const read = await t.gql(
        'query($id: ID!) { order(id: $id) { id dealer { id } } }',
        { id: njOrder },
        token.js_admin,
      );
      expect(read.errors).toBeUndefined();
      expect(read.data.order.dealer.id).toBe(njId);
      const list = await t.gql(
        'query($f: OrderFilter) { orders(first: 5, filter: $f) { totalCount } }',
        { f: { dealerId: njId } },
        token.js_admin,
      );
      expect(list.data.orders.totalCount).toBeGreaterThan(0);
      const cancel = await t.gql(
        'mutation($id: ID!) { cancelOrder(id: $id) { errors { code } } }',
        { id: njOrder },
        token.js_admin,
      );
      expect(cancel.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      const scan = await t.gql(
        'mutation($i: ScanCodeInput!) { scanCode(input: $i) { errors { code } } }',
        { i: { code: njCode, action: 'SCAN', regionId: 'reg_js_nj' } },
        token.js_admin,
      );
      expect(scan.data.scanCode.errors[0].code).toBe('NOT_FOUND');
      // The sub-dealer does not see its parent.
      const up = await t.gql('query($id: ID!) { order(id: $id) { id } }', { id: njOrder }, token.nj_admin);
      expect(up.errors).toBeUndefined();
      const parentDealer = await t.gql('query($id: ID!) { dealer(id: $id) { id } }', { id: jsId }, token.nj_admin);
      expect(parentDealer.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('a region manager sees only orders of dealers in the region subtree', async () => {
      const res = await t.gql(
        '{ orders(first: 100) { totalCount edges { node { dealer { id } } } } }',
        {},
        token.east_manager,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.orders.totalCount).toBeGreaterThan(0);
      const eastDealers = await t.gql(
        '{ dealers(first: 100, filter: { regionId: "reg_east" }) { totalCount edges { node { id } } } }',
        {},
        token.hq_admin,
      );
      expect(eastDealers.data.dealers.totalCount).toBeLessThanOrEqual(100);
      const east = new Set(eastDealers.data.dealers.edges.map((e: any) => e.node.id));
      for (const e of res.data.orders.edges) expect(east.has(e.node.dealer.id)).toBe(true);
      const far = await t.gql('query($id: ID!) { order(id: $id) { id } }', { id: otherOrder }, token.east_manager);
      expect(far.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });
  });

  describe('warehouse operator and finance clerk', () => {
    /** The demo operator's warehouses (user_warehouse rows of wh_east_op). */
    const MINE = ['wh_east', 'wh_hq'];
    const operator = { userId: 'usr_wh_east_op', role: 'WAREHOUSE_OPERATOR', warehouseIds: MINE };
    const codeOf = (res: GqlResponse) => res.errors?.[0]?.extensions?.code ?? 'answered';

    it("an operator reads its warehouses' stock, lots and ledger, and nothing of any other warehouse", async () => {
      const res = await t.gql(
        '{ warehouses { id } stockLevels(first: 100) { totalCount edges { node { warehouse { id } lots { id } } } } ' +
          'lots(first: 100) { totalCount edges { node { warehouse { id } } } } stockMovements(first: 100) { ' +
          'totalCount edges { node { warehouse { id } } } } products(first: 20) { edges { node { stockLevels { ' +
          'warehouse { id } } } } } }',
        {},
        token.wh_east_op,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data.warehouses.map((w: any) => w.id).sort()).toEqual(MINE);
      const seen = [
        ...res.data.stockLevels.edges,
        ...res.data.lots.edges,
        ...res.data.stockMovements.edges,
        ...res.data.products.edges.flatMap((e: any) => e.node.stockLevels.map((node: any) => ({ node }))),
      ].map((e: any) => e.node.warehouse.id as string);
      expect(res.data.stockLevels.totalCount).toBeGreaterThan(0);
      expect(res.data.lots.totalCount).toBeGreaterThan(0);
      expect(res.data.stockMovements.totalCount).toBeGreaterThan(0);
      expect(new Set(seen)).toEqual(new Set(MINE));
      // Exactly the stock of those two warehouses, as HQ counts it.
      const hqCount = async (w: string) =>
        (
          await t.gql(
            'query($w: ID) { stockLevels(first: 0, filter: { warehouseId: $w }) { totalCount } }',
            { w },
            token.hq_admin,
          )
        ).data.stockLevels.totalCount as number;
      expect(res.data.stockLevels.totalCount).toBe((await hqCount('wh_hq')) + (await hqCount('wh_east')));
      for (const q of [
        '{ warehouse(id: "wh_south") { id } }',
        '{ stockLevels(first: 5, filter: { warehouseId: "wh_south" }) { totalCount } }',
        '{ lots(first: 5, filter: { warehouseId: "wh_south" }) { totalCount } }',
        '{ stockMovements(first: 5, filter: { warehouseId: "wh_south" }) { totalCount } }',
      ])
        expect(codeOf(await t.gql(q, {}, token.wh_east_op)), q).toBe('NOT_FOUND');
      const southLevel = sqlValue(
        t,
        'inventory',
        "select id from stock_level where warehouse_id = 'wh_south' limit 1",
      )!;
      const byId = await t.gql('query($id: ID!) { stockLevel(id: $id) { id } }', { id: southLevel }, token.wh_east_op);
      expect(codeOf(byId)).toBe('NOT_FOUND');
    });

    it('an operator sees no dealer, order, invoice, credit, price, alert or audit row', async () => {
      for (const q of [
        '{ dealers(first: 5) { totalCount } }',
        '{ dealerTree { id } }',
        `{ dealer(id: "${njId}") { id } }`,
        '{ orders(first: 5) { totalCount } }',
        `{ order(id: "${njOrder}") { id } }`,
        '{ invoices(first: 5) { totalCount } }',
        '{ creditAccounts(first: 5) { totalCount } }',
        '{ creditAccount(id: "cra_x") { id } }',
        '{ creditLimitChanges(first: 5) { totalCount } }',
        '{ priceLists(first: 5) { totalCount } }',
        '{ promotions(first: 5) { totalCount } }',
        '{ subDealerPriceList { id } }',
        '{ inventoryAlerts(first: 5) { totalCount } }',
        '{ creditAlerts(first: 5) { totalCount } }',
        '{ orderAlerts(first: 5) { totalCount } }',
        '{ reservations(first: 5) { totalCount } }',
        '{ auditLog(first: 5) { totalCount } }',
        `{ traceCode(code: "${njCode}") { code } }`,
        // net: network administration reads (managers, dealer users, user admins, HQ) are not an operator's.
        '{ users(first: 5) { totalCount } }',
        '{ dealerApplications(first: 5) { totalCount } }',
        '{ qualificationAlerts(first: 5) { totalCount } }',
        '{ gradeProposals(first: 5) { totalCount } }',
        '{ stockImports(first: 5) { totalCount } }',
        '{ salesTrend(granularity: MONTH) { orderCount } }',
        // Issue 16 price control: minimums and violations are staff reads, not an operator's.
        '{ minimumResalePrices(first: 5) { totalCount } }',
        '{ priceViolations(first: 5) { totalCount } }',
        '{ priceViolationSummary(groupBy: REGION) { key } }',
      ])
        expect(codeOf(await t.gql(q, {}, token.wh_east_op)), q).toBe('FORBIDDEN');
      // Past the grants, straight to the subgraphs: every row without a warehouse is outside its scope.
      const dealerRef = { r: [{ __typename: 'Dealer', id: njId }] };
      const q = (field: string) =>
        `query($r: [_Any!]!) { _entities(representations: $r) { ... on Dealer { ${field} } } }`;
      expect((await direct('dealers', operator, q('id name'), dealerRef)).data._entities).toEqual([null]);
      const orders = await direct('orders', operator, q('orders(first: 10) { totalCount }'), dealerRef);
      expect(orders.data._entities[0].orders.totalCount).toBe(0);
      const order = await direct(
        'orders',
        operator,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Order { id } } }',
        { r: [{ __typename: 'Order', id: njOrder }] },
      );
      expect(order.data._entities).toEqual([null]);
      expect(
        (await direct('finance', operator, q('creditAccount { id }'), dealerRef)).data._entities[0].creditAccount,
      ).toBeNull();
      expect(codeOf(await direct('finance', operator, q('paymentStats { onTimeRate }'), dealerRef))).toBe('FORBIDDEN');
      const wh = await direct(
        'inventory',
        operator,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Warehouse { id } } }',
        {
          r: [
            { __typename: 'Warehouse', id: 'wh_south' },
            { __typename: 'Warehouse', id: 'wh_east' },
          ],
        },
      );
      expect(wh.data._entities).toEqual([null, { id: 'wh_east' }]);
      // An operator whose token names no warehouse sees none.
      const none = await direct('inventory', { ...operator, warehouseIds: [] }, '{ warehouses { id } }');
      expect(none.data.warehouses).toEqual([]);
    });

    it.runIf(mode === 'sqlite')(
      'live: an operator receives the stock changes of its warehouses only',
      async () => {
        const doc = 'subscription($w: ID) { stockChanged(warehouseId: $w) { id warehouse { id } } }';
        const mine = subscribe(t.platform.gatewayUrl, `Bearer ${token.wh_east_op}`, doc);
        const south = subscribe(t.platform.gatewayUrl, `Bearer ${token.wh_east_op}`, doc, { w: 'wh_south' });
        const clerk = subscribe(t.platform.gatewayUrl, `Bearer ${token.fin_clerk}`, doc);
        const hqSub = subscribe(t.platform.gatewayUrl, `Bearer ${token.hq_admin}`, doc);
        try {
          await Promise.all([mine, south, clerk, hqSub].map((x) => x.connected));
          const health = t.platform.gatewayUrl.replace(/\/graphql$/, '/health');
          await expect
            .poll(async () => ((await (await fetch(health)).json()) as any).subscriptions?.active ?? 0, {
              timeout: 10_000,
            })
            .toBeGreaterThanOrEqual(4);
          const productId = sqlValue(
            t,
            'inventory',
            "select product_id from stock_level where warehouse_id = 'wh_south' limit 1",
          )!;
          // South China first, then the HQ warehouse: events of one source arrive in commit order.
          for (const warehouseId of ['wh_south', 'wh_hq']) {
            const res = await t.gql(
              'mutation($i: AdjustStockInput!) { adjustStock(input: $i) { errors { code } } }',
              { i: { warehouseId, productId, delta: 1, reason: 'RECEIPT', note: 'live scope' } },
              token.hq_admin,
            );
            expect(res.data.adjustStock.errors).toEqual([]);
          }
          await hqSub.waitFor((m) => m.length >= 2, 30_000);
          await mine.waitFor((m) => m.length >= 1, 30_000);
          await new Promise((r) => setTimeout(r, 1000));
          const seen = mine.messages.map((m) => m.data?.stockChanged.warehouse.id as string);
          expect(seen).toContain('wh_hq');
          expect(seen.every((w) => MINE.includes(w))).toBe(true);
          expect(south.messages).toEqual([]);
          expect(clerk.messages).toEqual([]);
        } finally {
          await Promise.all([mine, south, clerk, hqSub].map((x) => x.dispose().catch(() => undefined)));
        }
      },
      120_000,
    );

    it("a finance clerk reads every dealer's orders, invoices and credit, and no stock, price or audit", async () => {
      const res = await t.gql(
        '{ invoices(first: 100) { totalCount } creditAccounts(first: 0) { totalCount } ' +
          'orders(first: 0) { totalCount } dealers(first: 0) { totalCount } ' +
          `order(id: "${otherOrder}") { id } dealer(id: "${otherId}") { ` +
          // What the console's dealer profile asks for (the clerk's page).
          'creditAccount { id } healthScore salesStats { orderCount } paymentStats { onTimeRate } orders(first: 1) ' +
          '{ totalCount } } }',
        {},
        token.fin_clerk,
      );
      expect(res.errors).toBeUndefined();
      const all = await t.gql(
        '{ invoices(first: 100) { totalCount } creditAccounts(first: 0) { totalCount } orders(first: 0) { ' +
          'totalCount } dealers(first: 0) { totalCount } }',
        {},
        token.hq_admin,
      );
      for (const k of ['invoices', 'creditAccounts', 'orders', 'dealers'])
        expect(res.data[k].totalCount, k).toBe(all.data[k].totalCount);
      expect(res.data.order.id).toBe(otherOrder);
      expect(res.data.dealer.creditAccount).not.toBeNull();
      for (const q of [
        '{ warehouses { id } }',
        '{ stockLevels(first: 5) { totalCount } }',
        '{ lots(first: 5) { totalCount } }',
        '{ priceLists(first: 5) { totalCount } }',
        '{ subDealerPriceList { id } }',
        '{ auditLog(first: 5) { totalCount } }',
        // net: network administration reads (managers, dealer users, user admins, HQ) are not a clerk's.
        '{ users(first: 5) { totalCount } }',
        '{ dealerApplications(first: 5) { totalCount } }',
        '{ qualificationAlerts(first: 5) { totalCount } }',
        '{ gradeProposals(first: 5) { totalCount } }',
        '{ stockImports(first: 5) { totalCount } }',
        `{ traceCode(code: "${njCode}") { code } }`,
        // Issue 16 price control: minimums and violations are staff reads, not a clerk's.
        '{ minimumResalePrices(first: 5) { totalCount } }',
        '{ priceViolations(first: 5) { totalCount } }',
        '{ priceViolationSummary(groupBy: REGION) { key } }',
      ])
        expect(codeOf(await t.gql(q, {}, token.fin_clerk)), q).toBe('FORBIDDEN');
    });
  });

  describe.runIf(mode === 'sqlite')('partner contract × role', () => {
    // Each row: the role, how to call (gateway token or direct subgraph viewer), and the expected outcome
    // per operation.
    type Op =
      | 'products'
      | 'product'
      | 'me'
      | 'dealer(own)'
      | 'dealer(other)'
      | 'quote'
      | 'warehouses'
      | 'order(own)'
      | 'order(other)'
      | 'orders'
      | 'traceCode(own)'
      | 'placeOrder'
      | 'cancelOrder(own)'
      | 'reviewOrder'
      | 'adjustStock'
      | 'scanCode(own)';

    const EXPECTED: Record<string, Record<Op, Outcome>> = {
      HQ_ADMIN: {
        products: 'list',
        product: 'list price',
        me: 'HQ_ADMIN',
        'dealer(own)': 'found',
        'dealer(other)': 'found',
        quote: 'priced',
        warehouses: 'all',
        'order(own)': 'found',
        'order(other)': 'found',
        orders: 'all dealers',
        'traceCode(own)': 'found',
        placeOrder: 'FORBIDDEN',
        'cancelOrder(own)': 'done',
        reviewOrder: 'refused:INVALID_TRANSITION',
        adjustStock: 'done',
        'scanCode(own)': 'done',
      },
      REGION_MANAGER: {
        products: 'list',
        product: 'list price',
        me: 'REGION_MANAGER',
        'dealer(own)': 'found',
        'dealer(other)': 'NOT_FOUND',
        quote: 'priced',
        warehouses: 'region',
        'order(own)': 'found',
        'order(other)': 'NOT_FOUND',
        orders: 'region dealers',
        'traceCode(own)': 'found',
        placeOrder: 'FORBIDDEN',
        'cancelOrder(own)': 'FORBIDDEN',
        reviewOrder: 'refused:INVALID_TRANSITION',
        adjustStock: 'FORBIDDEN',
        'scanCode(own)': 'FORBIDDEN',
      },
      'DEALER_ADMIN (parent js)': {
        products: 'list',
        product: 'dealer price',
        me: 'DEALER_ADMIN',
        'dealer(own)': 'found',
        'dealer(other)': 'NOT_FOUND',
        quote: 'priced',
        warehouses: 'own + brand',
        'order(own)': 'found',
        'order(other)': 'NOT_FOUND',
        orders: 'own + sub-dealers',
        'traceCode(own)': 'found',
        placeOrder: 'done',
        'cancelOrder(own)': 'FORBIDDEN',
        reviewOrder: 'FORBIDDEN',
        adjustStock: 'FORBIDDEN',
        'scanCode(own)': 'refused:NOT_FOUND',
      },
      DEALER_ADMIN: {
        products: 'list',
        product: 'dealer price',
        me: 'DEALER_ADMIN',
        'dealer(own)': 'found',
        'dealer(other)': 'NOT_FOUND',
        quote: 'priced',
        warehouses: 'own + brand',
        'order(own)': 'found',
        'order(other)': 'NOT_FOUND',
        orders: 'own + sub-dealers',
        'traceCode(own)': 'found',
        placeOrder: 'done',
        'cancelOrder(own)': 'done',
        reviewOrder: 'FORBIDDEN',
        adjustStock: 'FORBIDDEN',
        'scanCode(own)': 'done',
      },
      DEALER_STAFF: {
        products: 'list',
        product: 'dealer price',
        me: 'DEALER_STAFF',
        'dealer(own)': 'found',
        'dealer(other)': 'NOT_FOUND',
        quote: 'priced',
        warehouses: 'own + brand',
        'order(own)': 'found',
        'order(other)': 'NOT_FOUND',
        orders: 'own + sub-dealers',
        'traceCode(own)': 'found',
        placeOrder: 'done',
        'cancelOrder(own)': 'done',
        reviewOrder: 'FORBIDDEN',
        adjustStock: 'FORBIDDEN',
        'scanCode(own)': 'done',
      },
      WAREHOUSE_OPERATOR: {
        products: 'list',
        product: 'list price',
        me: 'WAREHOUSE_OPERATOR',
        'dealer(own)': 'FORBIDDEN',
        'dealer(other)': 'FORBIDDEN',
        quote: 'priced',
        warehouses: 'its own',
        'order(own)': 'FORBIDDEN',
        'order(other)': 'FORBIDDEN',
        orders: 'FORBIDDEN',
        'traceCode(own)': 'FORBIDDEN',
        placeOrder: 'FORBIDDEN',
        'cancelOrder(own)': 'FORBIDDEN',
        reviewOrder: 'FORBIDDEN',
        adjustStock: 'FORBIDDEN',
        'scanCode(own)': 'FORBIDDEN',
      },
      FINANCE_CLERK: {
        products: 'list',
        product: 'list price',
        me: 'FINANCE_CLERK',
        'dealer(own)': 'found',
        'dealer(other)': 'found',
        quote: 'priced',
        warehouses: 'FORBIDDEN',
        'order(own)': 'found',
        'order(other)': 'found',
        orders: 'all dealers',
        'traceCode(own)': 'FORBIDDEN',
        placeOrder: 'FORBIDDEN',
        'cancelOrder(own)': 'FORBIDDEN',
        reviewOrder: 'FORBIDDEN',
        adjustStock: 'FORBIDDEN',
        'scanCode(own)': 'FORBIDDEN',
      },
      'PARTNER CATALOG_READ': {
        products: 'list',
        product: 'list price',
        me: 'null',
        'dealer(own)': 'FORBIDDEN',
        'dealer(other)': 'FORBIDDEN',
        quote: 'priced',
        warehouses: 'FORBIDDEN',
        'order(own)': 'FORBIDDEN',
        'order(other)': 'FORBIDDEN',
        orders: 'FORBIDDEN',
        'traceCode(own)': 'FORBIDDEN',
        placeOrder: 'FORBIDDEN',
        'cancelOrder(own)': 'FORBIDDEN',
        reviewOrder: 'FORBIDDEN',
        adjustStock: 'FORBIDDEN',
        'scanCode(own)': 'FORBIDDEN',
      },
      'PARTNER DEALER_READ': {
        products: 'list',
        product: 'dealer price',
        me: 'null',
        'dealer(own)': 'found',
        'dealer(other)': 'NOT_FOUND',
        quote: 'priced',
        warehouses: 'own + brand',
        'order(own)': 'found',
        'order(other)': 'NOT_FOUND',
        orders: 'own',
        'traceCode(own)': 'found',
        placeOrder: 'FORBIDDEN',
        'cancelOrder(own)': 'FORBIDDEN',
        reviewOrder: 'FORBIDDEN',
        adjustStock: 'FORBIDDEN',
        'scanCode(own)': 'FORBIDDEN',
      },
      anonymous: {
        products: 'list',
        product: 'list price',
        me: 'null',
        'dealer(own)': 'UNAUTHENTICATED',
        'dealer(other)': 'UNAUTHENTICATED',
        quote: 'priced',
        warehouses: 'UNAUTHENTICATED',
        'order(own)': 'UNAUTHENTICATED',
        'order(other)': 'UNAUTHENTICATED',
        orders: 'UNAUTHENTICATED',
        'traceCode(own)': 'UNAUTHENTICATED',
        placeOrder: 'UNAUTHENTICATED',
        'cancelOrder(own)': 'UNAUTHENTICATED',
        reviewOrder: 'UNAUTHENTICATED',
        adjustStock: 'UNAUTHENTICATED',
        'scanCode(own)': 'UNAUTHENTICATED',
      },
    };

    // Long because: runRow and the rows run against fixtures read once at the start (the list price, the
    // warehouse counts, js's visible tree) and fill one results table that is compared whole with EXPECTED.
    it('gives every role exactly its row of the partner contract', async () => {
      const product = (await t.gql('{ product(sku: "JH-MLK-0001") { id listPrice { amount } } }', {})).data.product;
      const listAmount = product.listPrice.amount as string;
      const allWarehouses = Number(sqlValue(t, 'inventory', 'select count(*) from warehouse'));
      const brandWarehouses = Number(sqlValue(t, 'inventory', "select count(*) from warehouse where kind <> 'DEALER'"));
      const jsVisible = await t.gql('{ dealers(first: 100) { edges { node { id } } } }', {}, token.js_admin);
      const jsTree = new Set<string>(jsVisible.data.dealers.edges.map((e: any) => e.node.id));
      const results: Record<string, Record<string, Outcome>> = {};
      let placed = 0;

      // Long because: one call per operation of the partner contract (16), in the order of the EXPECTED table.
      /** Runs every operation for one caller; `call` sends to the gateway or, for partners, to the owning subgraph. */
      const runRow = async (
        row: string,
        call: (subgraph: string, query: string, variables?: Record<string, unknown>) => Promise<GqlResponse>,
        dealerId: string | null,
        gateway = true,
      ) => {
        const r: Record<string, Outcome> = {};
        r.products = outcome(await call('products', '{ products(first: 3) { edges { node { id } } } }'), (d) =>
          d.products.edges.length === 3 ? 'list' : 'empty',
        );
        // Through the gateway `product`; straight to pricing, the same field on the entity reference.
        const priced = gateway
          ? await call('products', 'query($id: ID) { product(id: $id) { price { amount } } }', { id: product.id })
          : await call(
              'pricing',
              'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { price { amount } } } }',
              { r: [{ __typename: 'Product', id: product.id }] },
            );
        r.product = outcome(priced, (d) =>
          (gateway ? d.product : d._entities[0]).price?.amount === listAmount ? 'list price' : 'dealer price',
        );
        r.me = outcome(await call('dealers', '{ me { role } }'), (d) => d.me?.role ?? 'null');
        const dealer = (id: string) => call('dealers', 'query($id: ID!) { dealer(id: $id) { id } }', { id });
        r['dealer(own)'] = outcome(await dealer(njId), () => 'found');
        r['dealer(other)'] = outcome(await dealer(otherId), () => 'found');
        r.quote = outcome(
          await call('pricing', 'query($i: QuoteInput!) { quote(input: $i) { total { amount } } }', {
            i: { lines: [{ productId: product.id, quantity: 2 }] },
          }),
          (d) => (Number(d.quote.total.amount) > 0 ? 'priced' : 'zero'),
        );
        r.warehouses = outcome(await call('inventory', '{ warehouses { id kind dealer { id } } }'), (d) => {
          if (d.warehouses.length === allWarehouses) return 'all';
          // The operator's adjustStock below targets wh_hq, one of its own warehouses: refused all the same.
          if (
            d.warehouses
              .map((w: any) => w.id)
              .sort()
              .join() === 'wh_east,wh_hq'
          )
            return 'its own';
          const owners = new Set(d.warehouses.filter((w: any) => w.kind === 'DEALER').map((w: any) => w.dealer.id));
          const brand = d.warehouses.filter((w: any) => w.kind !== 'DEALER').length === brandWarehouses;
          if (brand && [...owners].every((id) => id === dealerId)) return 'own + brand';
          return 'region';
        });
        const order = (id: string) => call('orders', 'query($id: ID!) { order(id: $id) { id } }', { id });
        r['order(own)'] = outcome(await order(njOrder), () => 'found');
        r['order(other)'] = outcome(await order(otherOrder), () => 'found');
        const totalOrders = Number(sqlValue(t, 'orders', 'select count(*) from sales_order'));
        r.orders = outcome(
          await call('orders', '{ orders(first: 100) { totalCount edges { node { dealer { id } } } } }'),
          (d) => {
            const ids = new Set<string>(d.orders.edges.map((e: any) => e.node.dealer.id));
            if (d.orders.totalCount === totalOrders) return 'all dealers';
            if (ids.size === 1 && ids.has(dealerId ?? '')) return 'own';
            if (dealerId && ids.size > 1 && [...ids].every((id) => jsTree.has(id))) return 'own + sub-dealers';
            return dealerId ? 'other' : 'region dealers';
          },
        );
        r['traceCode(own)'] = outcome(
          await call('traceability', 'query($c: String!) { traceCode(code: $c) { code } }', { c: njCode }),
          () => 'found',
        );
        const key = `matrix-${row.replace(/\W+/g, '-')}-${++placed}`;
        const place = await call(
          'orders',
          'mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { id } errors { code } } }',
          { i: { idempotencyKey: key, lines: [{ sku: 'JH-MLK-0001', quantity: 1 }] } },
        );
        r.placeOrder = outcome(place, (d) => (d.placeOrder.order ? 'done' : `refused:${d.placeOrder.errors[0]?.code}`));
        // Cancel a fresh order of nj's own (placed by nj staff for this row), so every row tries the same kind
        // of order.
        const fresh = await t.gql(
          'mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { id } } }',
          { i: { idempotencyKey: `${key}-victim`, lines: [{ sku: 'JH-MLK-0001', quantity: 1 }] } },
          token.nj_staff,
        );
        const victim = fresh.data.placeOrder.order.id as string;
        r['cancelOrder(own)'] = outcome(
          await call('orders', 'mutation($id: ID!) { cancelOrder(id: $id, reason: "matrix") { errors { code } } }', {
            id: victim,
          }),
          payloadOutcome('cancelOrder'),
        );
        r.reviewOrder = outcome(
          await call('orders', 'mutation($id: ID!) { reviewOrder(id: $id, decision: APPROVE) { errors { code } } }', {
            id: njOrder,
          }),
          payloadOutcome('reviewOrder'),
        );
        r.adjustStock = outcome(
          await call('inventory', 'mutation($i: AdjustStockInput!) { adjustStock(input: $i) { errors { code } } }', {
            i: { warehouseId: 'wh_hq', productId: product.id, delta: 1, reason: 'RECEIPT', note: 'matrix' },
          }),
          payloadOutcome('adjustStock'),
        );
        r['scanCode(own)'] = outcome(
          await call('traceability', 'mutation($i: ScanCodeInput!) { scanCode(input: $i) { errors { code } } }', {
            i: { code: njCode, action: 'SCAN', regionId: 'reg_js_nj' },
          }),
          payloadOutcome('scanCode'),
        );
        results[row] = r;
      };

      const viaGateway =
        (tok: string | undefined) => (_subgraph: string, query: string, variables?: Record<string, unknown>) =>
          t.gql(query, variables, tok);
      await runRow('HQ_ADMIN', viaGateway(token.hq_admin), null);
      await runRow('REGION_MANAGER', viaGateway(token.east_manager), null);
      await runRow('DEALER_ADMIN (parent js)', viaGateway(token.js_admin), jsId);
      await runRow('DEALER_ADMIN', viaGateway(token.nj_admin), njId);
      await runRow('DEALER_STAFF', viaGateway(token.nj_staff), njId);
      await runRow('WAREHOUSE_OPERATOR', viaGateway(token.wh_east_op), null);
      await runRow('FINANCE_CLERK', viaGateway(token.fin_clerk), null);
      const partner = (scopes: string[]) => (subgraph: string, query: string, variables?: Record<string, unknown>) =>
        direct(
          subgraph,
          {
            userId: `key_${scopes[0]}`,
            role: 'PARTNER',
            dealerId: njId,
            dealerGrade: njGrade,
            regionId: 'reg_js_nj',
            regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'],
            scopes,
          },
          query,
          variables,
        );
      await runRow('PARTNER CATALOG_READ', partner(['CATALOG_READ']), njId, false);
      await runRow('PARTNER DEALER_READ', partner(['DEALER_READ']), njId, false);
      await runRow('anonymous', viaGateway(undefined), null);

      // The whole matrix, printed for the reader of the test log.
      const table = Object.entries(results).map(([role, r]) => ({ role, ...r }));
      console.table(table);
      expect(results).toEqual(EXPECTED);
    }, 300_000);

    /**
     * Order-to-cash reads (docs/design/order-to-cash.md §3): per role, a list answers all rows, a scoped part,
     * none, or a refusal; an object by id is found, null or refused.
     */
    const O2C_ROLES = {
      HQ_ADMIN: 'hq_admin',
      REGION_MANAGER: 'east_manager',
      'DEALER_ADMIN (parent js)': 'js_admin',
      DEALER_ADMIN: 'nj_admin',
      DEALER_STAFF: 'nj_staff',
      WAREHOUSE_OPERATOR: 'wh_east_op',
      FINANCE_CLERK: 'fin_clerk',
    } as const;
    const o2cRow = (cells: string): Record<string, Outcome> => {
      const values = cells.trim().split(/\s+/);
      return Object.fromEntries(O2C_READS.map((c, i) => [c, values[i]!]));
    };
    const O2C_READS = [
      'shipments',
      'shipment(own)',
      'shipment(other)',
      'warehouseQueue',
      'invoices',
      'invoice(own)',
      'invoice(other)',
      'payments',
      'payment(own)',
      'creditNotes',
      'statement(own)',
      'statement(other)',
      'statements',
      'receivablesAging',
      'bankImports',
      'bankStatementLines',
      'returns',
      'returnRequest(own)',
    ];
    // Columns in the order of O2C_READS. A dealer reads its own rows (a parent its sub-dealers' too); another
    // dealer's statement is null (the query is by dealer and month), its shipments and invoices NOT_FOUND.
    const DEALER_READS = 'scoped found NOT_FOUND FORBIDDEN scoped found NOT_FOUND scoped found none found null scoped';
    const ALL_FINANCE = 'all found found all found none found found all all all all';
    const O2C_EXPECTED: Record<string, Record<string, Outcome>> = {
      HQ_ADMIN: o2cRow(`all found found all ${ALL_FINANCE} all found`),
      // The only return is nj's, an east dealer's: the east manager's part is all of them.
      REGION_MANAGER: o2cRow(`${DEALER_READS.replace('FORBIDDEN', 'all')} scoped FORBIDDEN FORBIDDEN all found`),
      'DEALER_ADMIN (parent js)': o2cRow(`${DEALER_READS} scoped FORBIDDEN FORBIDDEN all found`),
      DEALER_ADMIN: o2cRow(`${DEALER_READS} scoped FORBIDDEN FORBIDDEN all found`),
      DEALER_STAFF: o2cRow(`${DEALER_READS} scoped FORBIDDEN FORBIDDEN all found`),
      // Its warehouses' shipments and queue, no finance row; a requested return has no target warehouse yet.
      WAREHOUSE_OPERATOR: o2cRow(`scoped found NOT_FOUND all ${'FORBIDDEN '.repeat(12)} none NOT_FOUND`),
      FINANCE_CLERK: o2cRow(`all found found FORBIDDEN ${ALL_FINANCE} all found`),
      'PARTNER CATALOG_READ': o2cRow('FORBIDDEN '.repeat(O2C_READS.length)),
      'PARTNER DEALER_READ': o2cRow(`${DEALER_READS} ${'FORBIDDEN '.repeat(5)}`),
      anonymous: o2cRow('UNAUTHENTICATED '.repeat(O2C_READS.length)),
    };

    /** Places, approves, ships and receives one order of nj's, then asks to return its unit. */
    const returnOfNj = async () => {
      const run = async (query: string, variables: Record<string, unknown>, user: string) => {
        const res = await t.gql(query, variables, token[user]);
        const payload = res.data && (Object.values(res.data)[0] as { errors?: unknown[] } | null);
        expect(res.errors ?? payload?.errors ?? [], JSON.stringify(res)).toEqual([]);
        return payload as any;
      };
      const placed = await run(
        'mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { id status } errors { code } } }',
        { i: { idempotencyKey: `o2c-reads-${mode}`, lines: [{ sku: 'JH-MLK-0001', quantity: 1 }] } },
        'nj_admin',
      );
      const orderId = placed.order.id as string;
      if (placed.order.status !== 'APPROVED')
        await run(
          'mutation($id: ID!) { reviewOrder(id: $id, decision: APPROVE) { errors { code } } }',
          { id: orderId },
          'hq_admin',
        );
      let shipmentId: string | null = null;
      for (let i = 0; i < 60 && !shipmentId; i++) {
        shipmentId = sqlValue(
          t,
          'orders',
          `select id from shipment where order_id = '${orderId}' and status = 'PICKING'`,
        );
        if (!shipmentId) await new Promise((r) => setTimeout(r, 1000));
      }
      const ship = 'mutation($i: ShipShipmentInput!) { shipShipment(input: $i) { errors { code } } }';
      await run(ship, { i: { shipmentId, carrier: 'SF Express', trackingNumber: `SFREADS${mode}1` } }, 'hq_admin');
      const receive = 'mutation($i: ConfirmReceiptInput!) { confirmReceipt(input: $i) { errors { code } } }';
      await run(receive, { i: { shipmentId } }, 'nj_admin');
      const orderLineId = sqlValue(
        t,
        'orders',
        `select order_line_id from shipment_line where shipment_id = '${shipmentId}'`,
      );
      await run(
        'mutation($i: RequestReturnInput!) { requestReturn(input: $i) { errors { code } } }',
        {
          i: {
            ...{ orderId, idempotencyKey: `o2c-reads-${mode}`, reason: 'QUALITY', comment: 'matrix' },
            lines: [{ shipmentId, orderLineId, quantity: 1 }],
          },
        },
        'nj_admin',
      );
    };

    // Long because: one call per order-to-cash query (18), in the order of O2C_READS, then every role's row.
    it('order-to-cash reads: every role sees exactly its rows of shipments, finance and returns', async () => {
      // Fixtures every list needs: November's statements, one bank import, one return of nj's.
      await t.gql('mutation { runStatements(period: "2026-11") { errors { code } } }', {}, token.hq_admin);
      const csv = '交易日期,贷方发生额,对方户名,对方账号,摘要\n2026-11-20,12.34,无名客户,999900001,matrix\n';
      const bank = await t.gql(
        'mutation($i: ImportBankStatementInput!) { importBankStatement(input: $i) { errors { code } } }',
        {
          i: {
            ...{ fileName: 'matrix.csv', bankAccount: '6222020000000000001' },
            contentBase64: Buffer.from(csv, 'utf8').toString('base64'),
          },
        },
        token.hq_admin,
      );
      expect(bank.data?.importBankStatement?.errors, JSON.stringify(bank)).toEqual([]);
      await returnOfNj();
      const one = (subgraph: string, table: string, dealerId: string) =>
        sqlValue(t, subgraph, `select id from ${table} where dealer_id = '${dealerId}' order by id limit 1`);
      const ids = {
        shipOwn: one('orders', 'shipment', njId),
        shipOther: one('orders', 'shipment', otherId),
        invOwn: one('finance', 'invoice', njId),
        invOther: one('finance', 'invoice', otherId),
        payOwn: one('finance', 'payment', njId),
        retOwn: one('orders', 'return_request', njId),
      };
      const hqCounts: Record<string, number> = {};
      const list = async (call: Call, name: string, field: string, query: string, vars?: Record<string, unknown>) =>
        outcome(await call(name, query, vars), (d) => {
          const n = field === 'receivablesAging' ? d[field].rows.totalCount : d[field].totalCount;
          hqCounts[query] ??= n;
          return n === 0 ? 'none' : n === hqCounts[query] ? 'all' : 'scoped';
        });
      const byId = async (call: Call, name: string, query: string, id: string | null) =>
        id == null
          ? 'no fixture'
          : outcome(await call(name, query, { id }), (d) => (Object.values(d)[0] ? 'found' : 'null'));
      type Call = (subgraph: string, query: string, variables?: Record<string, unknown>) => Promise<GqlResponse>;
      const runO2c = async (call: Call) => {
        const page = (field: string, extra = '') => `{ ${field}(first: 100${extra}) { totalCount } }`;
        const statementOf = (dealerId: string) =>
          call('finance', 'query($d: ID!) { statement(dealerId: $d, period: "2026-11") { id } }', { d: dealerId });
        const v: Outcome[] = [
          await list(call, 'orders', 'shipments', page('shipments')),
          await byId(call, 'orders', 'query($id: ID!) { shipment(id: $id) { id } }', ids.shipOwn),
          await byId(call, 'orders', 'query($id: ID!) { shipment(id: $id) { id } }', ids.shipOther),
          await list(call, 'orders', 'warehouseQueue', page('warehouseQueue', ', warehouseId: "wh_east"')),
          await list(call, 'finance', 'invoices', page('invoices')),
          await byId(call, 'finance', 'query($id: ID!) { invoice(id: $id) { id } }', ids.invOwn),
          await byId(call, 'finance', 'query($id: ID!) { invoice(id: $id) { id } }', ids.invOther),
          await list(call, 'finance', 'payments', page('payments')),
          await byId(call, 'finance', 'query($id: ID!) { payment(id: $id) { id } }', ids.payOwn),
          await list(call, 'finance', 'creditNotes', page('creditNotes')),
          outcome(await statementOf(njId), (d) => (d.statement ? 'found' : 'null')),
          outcome(await statementOf(otherId), (d) => (d.statement ? 'found' : 'null')),
          await list(call, 'finance', 'statements', page('statements')),
          await list(call, 'finance', 'receivablesAging', '{ receivablesAging(first: 100) { rows { totalCount } } }'),
          await list(call, 'finance', 'bankImports', page('bankImports')),
          await list(call, 'finance', 'bankStatementLines', page('bankStatementLines')),
          await list(call, 'orders', 'returns', page('returns')),
          await byId(call, 'orders', 'query($id: ID!) { returnRequest(id: $id) { id } }', ids.retOwn),
        ];
        return Object.fromEntries(O2C_READS.map((c, i) => [c, v[i]!]));
      };
      const results: Record<string, Record<string, Outcome>> = {};
      for (const [role, user] of Object.entries(O2C_ROLES))
        results[role] = await runO2c((_s, q, vars) => t.gql(q, vars, token[user]));
      const partner =
        (scopes: string[]): Call =>
        (subgraph, query, variables) =>
          direct(
            subgraph,
            {
              ...{ userId: `key_${scopes[0]}`, role: 'PARTNER', dealerId: njId, dealerGrade: njGrade },
              ...{ regionId: 'reg_js_nj', regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'], scopes },
            },
            query,
            variables,
          );
      results['PARTNER CATALOG_READ'] = await runO2c(partner(['CATALOG_READ']));
      results['PARTNER DEALER_READ'] = await runO2c(partner(['DEALER_READ']));
      results.anonymous = await runO2c((_s, q, vars) => t.gql(q, vars));
      console.table(Object.entries(results).map(([role, r]) => ({ role, ...r })));
      expect(results).toEqual(O2C_EXPECTED);
    }, 300_000);

    it('lets anyone log in, and records who did what in the audit log that only HQ reads', async () => {
      const login = await t.gql(
        'mutation { login(input: { username: "nj_staff", password: "Demo@2026" }) { user { id } } }',
        {},
      );
      expect(login.errors).toBeUndefined();
      const before = await t.gql(
        '{ stockLevels(first: 1, filter: { warehouseId: "wh_hq" }) { edges { node { id onHand product { id } } } } }',
        {},
        token.hq_admin,
      );
      const level = before.data.stockLevels.edges[0].node;
      const adjust = await t.gql(
        'mutation($i: AdjustStockInput!) { adjustStock(input: $i) { errors { code } } }',
        { i: { warehouseId: 'wh_hq', productId: level.product.id, delta: 3, reason: 'RECEIPT', note: 'audit e2e' } },
        token.hq_admin,
      );
      expect(adjust.data.adjustStock.errors).toEqual([]);

      const LOG =
        'query($f: AuditLogFilter, $after: String) { auditLog(first: 2, filter: $f, after: $after) { ' +
        'totalCount pageInfo { hasNextPage endCursor } edges { node { id subgraph actorId actorRole ' +
        'operation action entityType entityId before after } } } }';
      const log = await t.gql(LOG, { f: { entityType: 'StockLevel', entityId: level.id } }, token.hq_admin);
      expect(log.errors).toBeUndefined();
      const entry = log.data.auditLog.edges[0].node;
      expect(entry).toMatchObject({
        subgraph: 'inventory',
        actorId: 'usr_hq_admin',
        actorRole: 'HQ_ADMIN',
        operation: 'adjustStock',
        entityId: level.id,
      });
      expect(JSON.parse(entry.before).onHand).toBe(level.onHand);
      expect(JSON.parse(entry.after).onHand).toBe(level.onHand + 3);

      // Orders placed in the matrix, by their dealers, newest first, paged across subgraphs.
      const orders = await t.gql(LOG, { f: { entityType: 'Order', actorId: 'usr_nj_staff' } }, token.hq_admin);
      expect(orders.data.auditLog.totalCount).toBeGreaterThan(2);
      const next = await t.gql(
        LOG,
        { f: { entityType: 'Order', actorId: 'usr_nj_staff' }, after: orders.data.auditLog.pageInfo.endCursor },
        token.hq_admin,
      );
      const ids = [...orders.data.auditLog.edges, ...next.data.auditLog.edges].map((e: any) => e.node.id);
      expect(new Set(ids).size).toBe(ids.length);
      expect([...ids].sort().reverse()).toEqual(ids);
      // Logins are audited, secrets never are.
      const logins = await t.gql(LOG, { f: { entityType: 'User', actorId: 'usr_nj_staff' } }, token.hq_admin);
      expect(logins.data.auditLog.edges[0].node).toMatchObject({ subgraph: 'dealers', operation: 'login' });

      for (const u of ['east_manager', 'nj_admin']) {
        const refused = await t.gql(LOG, {}, token[u]);
        expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      }
      const internal = await direct(
        'orders',
        { userId: 'usr_nj_admin', role: 'DEALER_ADMIN', dealerId: njId },
        '{ auditEntries(first: 5) { totalCount } }',
      );
      expect(internal.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }, 120_000);
  });
});
