import { demoNetwork } from '@dnp/demo-data';
import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import type { GraphQLSchema } from 'graphql';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StockLevel } from '../entities/stock-level.entity.js';
import type { InventoryLoaders } from '../inventory-context.js';
import { StockLevelSort } from '../schema/inventory.input.js';
import { inventorySubgraph } from '../subgraph.js';
import { StockLevelService } from './stock-level.service.js';

// The schema is built by @apollo/subgraph with the CommonJS graphql; execute it with the same copy.
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

const network = demoNetwork();
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
const manager: Viewer = { userId: 'usr_south_manager', role: Role.REGION_MANAGER, regionId: 'reg_south' };
const jsUser = network.users.find((u) => u.id === 'usr_js_admin')!;
const dealer: Viewer = {
  userId: jsUser.id,
  role: Role.DEALER_ADMIN,
  dealerId: jsUser.dealerId!,
  regionId: jsUser.regionId!,
};
const jsWarehouse = network.warehouses.find((w) => w.dealerId === jsUser.dealerId)!.id;
const orderable = network.warehouses.filter((w) => w.kind !== 'DEALER').map((w) => w.id);

let db: TestSubgraph<InventoryLoaders>;
let schema: GraphQLSchema;
const service = new StockLevelService();

beforeAll(async () => {
  db = await openTestSubgraph(inventorySubgraph, { seed: true });
  schema = (await inventorySubgraph.buildSchema()).schema;
});
afterAll(() => db.close());

/** Runs a GraphQL operation against the subgraph schema; returns data and the SQL statements it cost. */
async function run(viewer: Viewer | null, source: string, variableValues: Record<string, unknown> = {}) {
  const contextValue = db.context(viewer);
  db.counter.reset();
  const result = await graphql({ schema, source, variableValues, contextValue });
  if (result.errors) throw result.errors[0];
  return { data: result.data as Record<string, any>, statements: db.counter.total };
}

const productIds = (n: number) => Array.from({ length: n }, (_, i) => `prd_${String(i + 1).padStart(5, '0')}`);
const ENTITIES =
  `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { id availability { available ` +
  `onHand reserved inStock warehouseCount } stockLevels { available warehouse { id kind } lots { expiryStatus ` +
  `} } } } }`;
const reps = (ids: string[]) => ids.map((id) => ({ __typename: 'Product', id }));

describe('Product.availability and Product.stockLevels', () => {
  it('cost the same SQL statements for 50 products as for 5', async () => {
    const five = await run(dealer, ENTITIES, { reps: reps(productIds(5)) });
    const fifty = await run(dealer, ENTITIES, { reps: reps(productIds(50)) });
    expect(fifty.data._entities).toHaveLength(50);
    // The warehouse list is reused for WAREHOUSE_TTL_MS, so the second run may skip it.
    expect(fifty.statements).toBeLessThanOrEqual(five.statements);
    // One query for the warehouses (when not cached), one for the stock levels, one for the lots.
    expect(five.statements).toBeLessThanOrEqual(3);
    expect(fifty.statements).toBeGreaterThanOrEqual(2);
  });

  it("sum HQ and regional stock, plus a dealer user's own warehouse", async () => {
    const em = db.orm.em.fork();
    const { data } = await run(null, ENTITIES, { reps: reps(['prd_00001']) });
    const levels = await em.find(StockLevel, { productId: 'prd_00001', warehouseId: { $in: orderable } });
    const availability = data._entities[0].availability;
    expect(availability.onHand).toBe(levels.reduce((n, s) => n + s.onHand, 0));
    expect(availability.available).toBe(levels.reduce((n, s) => n + s.onHand - s.reserved, 0));
    expect(availability.warehouseCount).toBe(levels.filter((s) => s.onHand > s.reserved).length);
    expect(availability.inStock).toBe(availability.available > 0);
    expect(data._entities[0].stockLevels.map((s: any) => s.warehouse.kind)).not.toContain('DEALER');

    const own = await em.find(StockLevel, { warehouseId: jsWarehouse });
    const productId = own.find((s) => s.onHand > 0)!.productId;
    const asDealer = await run(dealer, ENTITIES, { reps: reps([productId]) });
    const asManager = await run(manager, ENTITIES, { reps: reps([productId]) });
    const extra = own.find((s) => s.productId === productId)!.onHand;
    expect(asDealer.data._entities[0].availability.onHand).toBe(
      asManager.data._entities[0].availability.onHand + extra,
    );
    expect(asDealer.data._entities[0].stockLevels.map((s: any) => s.warehouse.id)).toContain(jsWarehouse);
    expect(asManager.data._entities[0].stockLevels.map((s: any) => s.warehouse.id)).not.toContain(jsWarehouse);
  });

  it('report a product nobody stocks as unavailable', async () => {
    const { data } = await run(hq, ENTITIES, { reps: reps(['prd_nothing']) });
    expect(data._entities[0]).toMatchObject({
      availability: { available: 0, onHand: 0, reserved: 0, inStock: false, warehouseCount: 0 },
      stockLevels: [],
    });
  });
});

describe('Warehouse.stockLevels', () => {
  const WAREHOUSES =
    `query ($first: Int, $after: String) { warehouses { id stockLevels(first: $first, after: $after) { ` +
    `totalCount edges { cursor node { id product { id } belowSafetyStock updatedAt } } pageInfo { hasNextPage ` +
    `endCursor } } } }`;

  it('batches the pages of all warehouses into a fixed number of statements', async () => {
    const all = await run(hq, WAREHOUSES, { first: 3 });
    const few = await run(manager, WAREHOUSES, { first: 3 });
    expect(all.data.warehouses.length).toBeGreaterThan(few.data.warehouses.length);
    expect(all.statements).toBe(few.statements);
    const hqWarehouse = all.data.warehouses.find((w: any) => w.id === 'wh_hq');
    expect(hqWarehouse.stockLevels.totalCount).toBe(639);
    expect(hqWarehouse.stockLevels.edges.map((e: any) => e.node.product.id)).toEqual([
      'prd_00001',
      'prd_00002',
      'prd_00003',
    ]);
    const next = await run(hq, WAREHOUSES, { first: 3, after: hqWarehouse.stockLevels.pageInfo.endCursor });
    expect(
      next.data.warehouses.find((w: any) => w.id === 'wh_hq').stockLevels.edges.map((e: any) => e.node.product.id),
    ).toEqual(['prd_00004', 'prd_00005', 'prd_00006']);
  });

  it('filters by product and below-safety-stock', async () => {
    const { data } = await run(
      hq,
      `{ warehouse(id: "wh_hq") { below: stockLevels(first: 100, filter: { belowSafetyStock: true }) { ` +
        `totalCount edges { node { available safetyStock belowSafetyStock } } } one: stockLevels(filter: { ` +
        `productId: "prd_00007" }) { totalCount } } }`,
    );
    expect(data.warehouse.below.totalCount).toBeGreaterThan(0);
    expect(
      data.warehouse.below.edges.every((e: any) => e.node.belowSafetyStock && e.node.available < e.node.safetyStock),
    ).toBe(true);
    expect(data.warehouse.one.totalCount).toBe(1);
  });
});

describe('StockLevelService.list', () => {
  it('finds ~5 % out of stock and ~8 % more below safety stock in the seed', async () => {
    const all = await service.list(db.context(hq), { first: 0, filter: { warehouseId: 'wh_hq' } });
    const below = await service.list(db.context(hq), {
      first: 0,
      filter: { warehouseId: 'wh_hq', belowSafetyStock: true },
    });
    const above = await service.list(db.context(hq), {
      first: 0,
      filter: { warehouseId: 'wh_hq', belowSafetyStock: false },
    });
    expect(below.totalCount + above.totalCount).toBe(all.totalCount);
    expect(below.totalCount / all.totalCount).toBeGreaterThan(0.06);
    expect(below.totalCount / all.totalCount).toBeLessThan(0.22);
  });

  it('pages in on-hand order across pages without repeats', async () => {
    const seen = new Set<string>();
    const values: number[] = [];
    let after: string | null = null;
    for (let i = 0; i < 4; i++) {
      const page = await service.list(db.context(hq), {
        first: 100,
        after,
        sort: StockLevelSort.ON_HAND_DESC,
        filter: { warehouseId: 'wh_north' },
      });
      for (const e of page.edges) {
        expect(seen.has(e.node.id)).toBe(false);
        seen.add(e.node.id);
        values.push(e.node.onHand);
      }
      after = page.pageInfo.endCursor;
    }
    expect(seen.size).toBe(400);
    expect(values).toEqual([...values].sort((a, b) => b - a));
  });

  it('refuses oversized pages and forged cursors', async () => {
    await expect(service.list(db.context(hq), { first: 101 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(service.list(db.context(hq), { first: 5, after: 'nope' })).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
  });
});

describe('stockLevelsByIds', () => {
  it('answers in order with one statement, null for unknown ids and warehouses outside the scope', async () => {
    const em = db.orm.em.fork();
    const mine = await em.findOneOrFail(StockLevel, { warehouseId: jsWarehouse });
    const hqLevel = await em.findOneOrFail(StockLevel, { warehouseId: 'wh_hq' });
    const QUERY = 'query($ids: [ID!]!) { stockLevelsByIds(ids: $ids) { id warehouse { id } } }';
    const asHq = await run(hq, QUERY, { ids: [mine.id, 'stk_nope', hqLevel.id, mine.id] });
    expect(asHq.data.stockLevelsByIds.map((l: { id: string } | null) => l?.id ?? null)).toEqual([
      mine.id,
      null,
      hqLevel.id,
      mine.id,
    ]);
    // A region manager of the south does not see a Jiangsu dealer's warehouse.
    const asManager = await run(manager, QUERY, { ids: [mine.id] });
    expect(asManager.data.stockLevelsByIds).toEqual([null]);
    expect((await run(hq, QUERY, { ids: [] })).data.stockLevelsByIds).toEqual([]);
  });

  it('refuses more than 100 ids with BAD_USER_INPUT', async () => {
    await expect(
      service.byIds(
        db.context(hq),
        Array.from({ length: 101 }, (_, i) => `stk_${i}`),
      ),
    ).rejects.toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'ids' } });
  });
});
