import { Role, TaxClass } from '@dnp/subgraph-kit';
import { Product } from '../entities/product.entity.js';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProductsLoaders } from '../products-context.js';
import { ProductSort } from '../schema/product.input.js';
import { productsSubgraph } from '../subgraph.js';
import { ProductService } from './product.service.js';

const hq = { userId: 'u1', role: Role.HQ_ADMIN };
let db: TestSubgraph<ProductsLoaders>;
const service = new ProductService();

beforeAll(async () => {
  db = await openTestSubgraph(productsSubgraph, { seed: true });
});
afterAll(() => db.close());

describe('ProductService.list', () => {
  it('pages through the whole catalogue with cursors, without gaps or repeats', async () => {
    const seen = new Set<string>();
    let after: string | null = null;
    let pages = 0;
    do {
      const page = await service.list(db.context(hq), { first: 100, after, sort: ProductSort.NAME_ASC });
      for (const e of page.edges) {
        expect(seen.has(e.node.id)).toBe(false);
        seen.add(e.node.id);
      }
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages++;
    } while (after && pages < 20);
    expect(seen.size).toBeGreaterThanOrEqual(500);
  });

  it('sorts newest first and keeps the order across pages', async () => {
    const first = await service.list(db.context(hq), { first: 10, sort: ProductSort.NEWEST });
    const second = await service.list(db.context(hq), {
      first: 10,
      after: first.pageInfo.endCursor,
      sort: ProductSort.NEWEST,
    });
    const dates = [...first.edges, ...second.edges].map((e) => e.node.createdAt.getTime());
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it('filters by category subtree, brand and search text', async () => {
    const dairy = await service.list(db.context(hq), { first: 100, filter: { categoryId: 'cat_dairy' } });
    expect(dairy.totalCount).toBeGreaterThan(100);
    expect(dairy.edges.every((e) => ['cat_mlk', 'cat_yog', 'cat_pwd'].includes(e.node.categoryId))).toBe(true);
    const water = await service.list(db.context(hq), {
      first: 5,
      filter: { search: 'mineral', brandIds: ['brd_qingquan'] },
    });
    expect(water.totalCount).toBeGreaterThan(0);
    expect(water.edges.every((e) => e.node.nameEn.toLowerCase().includes('mineral'))).toBe(true);
  });

  it('refuses a page size over 100 and a forged cursor', async () => {
    await expect(service.list(db.context(hq), { first: 101 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(service.list(db.context(hq), { first: 5, after: 'not-a-cursor' })).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
  });
});

describe('ProductService.findOne', () => {
  it('finds by id and by SKU and reports unknown or malformed keys with codes', async () => {
    expect((await service.findOne(db.context(hq), { sku: 'JH-MLK-0001' })).id).toBe('prd_00001');
    expect((await service.findOne(db.context(hq), { id: 'prd_00002' })).sku).toBe('JH-MLK-0002');
    await expect(service.findOne(db.context(hq), { id: 'prd_nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.findOne(db.context(hq), { sku: 'bad sku!' })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(service.findOne(db.context(hq), {})).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('products schema', () => {
  it('resolves entity references in one batch', async () => {
    const before = db.counter.total;
    const res = await db.execute(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { sku brand { code } } } }`,
      {
        reps: [
          { __typename: 'Product', id: 'prd_00001' },
          { __typename: 'Product', sku: 'JH-MLK-0002' },
          { __typename: 'Product', id: 'prd_00003' },
        ],
      },
      hq,
    );
    expect(res.errors).toBeUndefined();
    expect((res.data as any)._entities.map((p: any) => p.sku)).toEqual(['JH-MLK-0001', 'JH-MLK-0002', 'JH-MLK-0003']);
    // by id, by sku, then brands: three statements for any number of references
    expect(db.counter.total - before).toBe(3);
  });
});

describe('Product.taxClass', () => {
  it('classes plain milk REDUCED (9 %), fortified milk and everything else STANDARD (13 %)', async () => {
    const res = await db.execute(
      `{ a: product(sku: "JH-MLK-0001") { nameEn taxClass }
         b: product(sku: "JH-MLK-0037") { nameEn taxClass }
         c: product(sku: "JH-MLK-0061") { nameEn taxClass }
         d: product(sku: "JH-YOG-0001") { nameEn taxClass }
         e: product(sku: "JH-PWD-0001") { nameEn taxClass } }`,
    );
    expect(res.errors).toBeUndefined();
    const data = res.data as Record<string, { nameEn: string; taxClass: string }>;
    expect(Object.values(data)).toEqual([
      { nameEn: expect.stringContaining(' Whole Milk '), taxClass: 'REDUCED' },
      { nameEn: expect.stringContaining(' High-calcium Milk '), taxClass: 'STANDARD' },
      { nameEn: expect.stringContaining(' A2 Beta-casein Milk '), taxClass: 'REDUCED' },
      { nameEn: expect.stringContaining(' Plain Yogurt '), taxClass: 'STANDARD' },
      { nameEn: expect.stringContaining(' Infant Formula '), taxClass: 'STANDARD' },
    ]);
  });

  it('seeds the demo catalogue with the classes of its facts: 48 REDUCED milk SKUs, the rest STANDARD', async () => {
    const byClass = new Map<string, string[]>();
    for (const p of await db.orm.em.fork().find(Product, {}, { fields: ['taxClass', 'categoryId'] })) {
      byClass.set(p.taxClass, [...(byClass.get(p.taxClass) ?? []), p.categoryId]);
    }
    expect(byClass.get(TaxClass.REDUCED)).toHaveLength(48);
    expect(new Set(byClass.get(TaxClass.REDUCED))).toEqual(new Set(['cat_mlk']));
    expect(byClass.get(TaxClass.STANDARD)!.length).toBeGreaterThan(500);
    // No demo good is zero-rated or exempt under Chinese VAT (see DemoTaxClass).
    expect(byClass.has(TaxClass.ZERO)).toBe(false);
  });
});
