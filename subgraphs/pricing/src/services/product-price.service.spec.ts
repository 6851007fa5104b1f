import { demoCatalog } from '@dnp/demo-data';
import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import type { GraphQLSchema } from 'graphql';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PricingLoaders } from '../pricing-context.js';
import { GRADE_PERCENT, percentOfRounded } from '../seed/demo.seed.js';
import { pricingSubgraph } from '../subgraph.js';
import { ProductPriceService } from './product-price.service.js';
import { pricingReferenceOf } from './pricing-reference.cache.js';

const southA: Viewer = {
  userId: 'usr_d00029',
  role: Role.DEALER_ADMIN,
  dealerId: 'dlr_0029',
  dealerGrade: 'A',
  regionId: 'reg_gd_sz',
  regionPath: ['reg_cn', 'reg_south', 'reg_gd', 'reg_gd_sz'],
};
const southC: Viewer = { ...southA, dealerId: 'dlr_0030', dealerGrade: 'C' };
const manager: Viewer = {
  userId: 'usr_south_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_south',
  regionPath: ['reg_cn', 'reg_south'],
};
const { products } = demoCatalog();
// The schema is built by @apollo/subgraph with graphql's CommonJS build; vitest would hand this
// file the ESM build, and graphql refuses schemas from "another realm". Use the same build.
const { graphql } = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const service = new ProductPriceService();

const ENTITIES =
  `query ($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id price { amount ` +
  `currency } listPrice { amount } volumeTiers { minQuantity unitPrice { amount } } } } }`;

let db: TestSubgraph<PricingLoaders>;
let schema: GraphQLSchema;
beforeAll(async () => {
  db = await openTestSubgraph(pricingSubgraph, { seed: true });
  schema = (await pricingSubgraph.buildSchema()).schema;
});
afterAll(() => db.close());

async function entities(viewer: Viewer | null, ids: string[]) {
  const result = await graphql({
    schema,
    source: ENTITIES,
    variableValues: { r: ids.map((id) => ({ __typename: 'Product', id })) },
    contextValue: db.context(viewer),
  });
  expect(result.errors).toBeUndefined();
  return (
    result.data as {
      _entities: {
        id: string;
        price: { amount: string } | null;
        listPrice: { amount: string } | null;
        volumeTiers: { minQuantity: number; unitPrice: { amount: string } }[];
      }[];
    }
  )._entities;
}

describe('Product price fields', () => {
  it('resolve price, listPrice and tiers for a grade-A dealer in South China', async () => {
    const [p1, p2] = await entities(southA, ['prd_00001', 'prd_00002']);
    expect(p1).toEqual({
      id: 'prd_00001',
      price: { amount: '47.40', currency: 'CNY' },
      listPrice: { amount: '60.80' },
      // Tiers of the South A list: 47.40 × 97 % → 45.98 → 46.00, × 94 % → 44.56 → 44.60.
      volumeTiers: [
        { minQuantity: 50, unitPrice: { amount: '46.00' } },
        { minQuantity: 200, unitPrice: { amount: '44.60' } },
      ],
    });
    expect(p2).toEqual({
      id: 'prd_00002',
      price: { amount: '85.90', currency: 'CNY' },
      listPrice: { amount: '104.80' },
      volumeTiers: [],
    });
  });

  it('gives a grade-C dealer the grade C list (the South A list is for grade A only)', async () => {
    const [p1] = await entities(southC, ['prd_00001']);
    expect(p1!.price!.amount).toBe((percentOfRounded(6080, GRADE_PERCENT.C) / 100).toFixed(2));
  });

  it('gives managers and anonymous viewers the base list price with no tiers', async () => {
    for (const viewer of [manager, null]) {
      const [p1] = await entities(viewer, ['prd_00001']);
      expect(p1).toMatchObject({ price: { amount: '60.80' }, listPrice: { amount: '60.80' }, volumeTiers: [] });
    }
  });

  it('answers null prices and no tiers for a product no list prices', async () => {
    const ctx = db.context(southA);
    expect(await service.price(ctx, 'prd_nope')).toBeNull();
    expect(await service.listPrice(ctx, 'prd_nope')).toBeNull();
    expect(await service.volumeTiers(ctx, 'prd_nope')).toEqual([]);
  });

  it('costs the same number of SQL statements for 50 products as for 5 (no N+1)', async () => {
    const count = async (n: number) => {
      // A cold reference cache: what one request costs when nothing is cached.
      pricingReferenceOf(db.orm.em, 0).clear();
      db.counter.reset();
      const rows = await entities(
        southA,
        products.slice(0, n).map((p) => p.id),
      );
      expect(rows).toHaveLength(n);
      expect(rows.every((r) => r.price && r.listPrice)).toBe(true);
      return db.counter.total;
    };
    const five = await count(5);
    expect(await count(50)).toBe(five);
    expect(await count(500)).toBe(five);
    expect(five).toBe(2);
  });
});
