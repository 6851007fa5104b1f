import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import type { GraphQLSchema } from 'graphql';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DealerGrade } from '../entities/price-list.entity.js';
import type { PricingLoaders } from '../pricing-context.js';
import { pricingSubgraph } from '../subgraph.js';
import { PriceListService } from './price-list.service.js';

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const east: Viewer = {
  userId: 'usr_east_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_east',
  regionPath: ['reg_cn', 'reg_east'],
};
const south: Viewer = {
  userId: 'usr_south_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_south',
  regionPath: ['reg_cn', 'reg_south'],
};
const gdProvince: Viewer = {
  userId: 'usr_gd',
  role: Role.REGION_MANAGER,
  regionId: 'reg_gd',
  regionPath: ['reg_cn', 'reg_south', 'reg_gd'],
};
const dealer: Viewer = {
  userId: 'usr_nj_admin',
  role: Role.DEALER_ADMIN,
  dealerId: 'dlr_0003',
  dealerGrade: 'A',
  regionId: 'reg_js_nj',
  regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'],
};
// The schema is built by @apollo/subgraph with graphql's CommonJS build; vitest would hand this
// file the ESM build, and graphql refuses schemas from "another realm". Use the same build.
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const service = new PriceListService();

let db: TestSubgraph<PricingLoaders>;
let schema: GraphQLSchema;
beforeAll(async () => {
  db = await openTestSubgraph(pricingSubgraph, { seed: true });
  schema = (await pricingSubgraph.buildSchema()).schema;
});
afterAll(() => db.close());

const codes = async (viewer: Viewer, filter = {}) =>
  (await service.list(db.context(viewer), { first: 100, filter })).edges.map((e) => e.node.id);

describe('PriceListService.list', () => {
  it('shows HQ every list, by code', async () => {
    expect(await codes(hq)).toEqual([
      'pl_base',
      'pl_east_clearance_2025',
      'pl_grade_a',
      'pl_grade_b',
      'pl_grade_b_trial',
      'pl_grade_c',
      'pl_grade_d',
      'pl_south_a',
    ]);
  });

  it('shows a manager only the lists that can apply in their region', async () => {
    expect(await codes(east)).not.toContain('pl_south_a');
    expect(await codes(east)).toContain('pl_east_clearance_2025');
    expect(await codes(south)).toContain('pl_south_a');
    expect(await codes(south)).not.toContain('pl_east_clearance_2025');
    // A province manager sees lists of its ancestors (the South China list applies to Guangdong).
    expect(await codes(gdProvince)).toContain('pl_south_a');
  });

  it('refuses dealers (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)', async () => {
    await expect(service.list(db.context(dealer), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.list(db.context(null), {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(service.findOne(db.context(dealer), 'pl_grade_a')).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('filters by active, grade and region', async () => {
    expect(await codes(hq, { active: false })).toEqual(['pl_grade_b_trial']);
    expect(await codes(hq, { dealerGrade: DealerGrade.B })).toEqual(['pl_grade_b', 'pl_grade_b_trial']);
    expect(await codes(hq, { regionId: 'reg_south' })).toEqual(['pl_south_a']);
    await expect(service.list(db.context(hq), { filter: { regionId: ' ' } })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
  });

  it('pages with cursors without gaps and refuses forged cursors', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = await service.list(db.context(hq), { first: 3, after });
      expect(page.totalCount).toBe(8);
      seen.push(...page.edges.map((e) => e.node.id));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(await codes(hq));
    await expect(service.list(db.context(hq), { after: 'junk' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    await expect(service.list(db.context(hq), { first: 101 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('PriceListService.findOne', () => {
  it('finds lists in scope and answers NOT_FOUND otherwise', async () => {
    expect((await service.findOne(db.context(hq), 'pl_south_a')).regionDepth).toBe(2);
    expect((await service.findOne(db.context(south), 'pl_south_a')).code).toBe('SOUTH-A');
    await expect(service.findOne(db.context(east), 'pl_south_a')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.findOne(db.context(hq), 'pl_nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('tells whether a list is effective now', async () => {
    const ctx = db.context(hq);
    expect(service.effective(ctx, await service.findOne(ctx, 'pl_grade_a'))).toBe(true);
    expect(service.effective(ctx, await service.findOne(ctx, 'pl_east_clearance_2025'))).toBe(false);
    expect(service.effective(ctx, await service.findOne(ctx, 'pl_grade_b_trial'))).toBe(false);
  });
});

describe('PriceList.entries', () => {
  it('pages through every entry of a list in (product, minQuantity) order', async () => {
    const ctx = db.context(hq);
    const list = await service.findOne(ctx, 'pl_grade_a');
    const keys: string[] = [];
    let after: string | null = null;
    let total: number;
    do {
      const page = await service.entries(db.context(hq), list, { first: 100, after });
      total = page.totalCount;
      keys.push(...page.edges.map((e) => `${e.node.productId}:${String(e.node.minQuantity).padStart(3, '0')}`));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    // 639 base prices plus two tiers for 213 products.
    expect(total).toBe(639 + 213 * 2);
    expect(keys).toHaveLength(total);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(keys).size).toBe(total);
    await expect(service.entries(ctx, list, { after: 'junk' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('loads the entries of many lists in the same number of statements as of two', async () => {
    const source =
      `query ($n: Int!) { priceLists(first: $n) { edges { node { id effective region { id } ` +
      `entries(first: 3) { totalCount edges { node { productId minQuantity unitPrice { amount } ` +
      `product { id } } } } } } } }`;
    const run = async (n: number) => {
      db.counter.reset();
      const result = await graphql({ schema, source, variableValues: { n }, contextValue: db.context(hq) });
      expect(result.errors).toBeUndefined();
      const edges = (
        result.data as {
          priceLists: { edges: { node: { id: string; entries: { totalCount: number; edges: unknown[] } } }[] };
        }
      ).priceLists.edges;
      expect(edges).toHaveLength(n);
      expect(edges.every((e) => e.node.entries.edges.length === 3 && e.node.entries.totalCount >= 80)).toBe(true);
      return db.counter.total;
    };
    const two = await run(2);
    expect(await run(8)).toBe(two);
  });
});
