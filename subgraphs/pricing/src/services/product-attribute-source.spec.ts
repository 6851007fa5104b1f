import { Role, ServiceCallError, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProductAttribute } from '../entities/product-attribute.entity.js';
import type { PricingLoaders } from '../pricing-context.js';
import { pricingSubgraph } from '../subgraph.js';
import { PriceListAdminService } from './price-list-admin.service.js';
import {
  useProductAttributeSource,
  type ProductAttributeSource,
  type ProductFacts,
} from './product-attribute-source.js';
import { pricingReferenceOf } from './pricing-reference.cache.js';
import { knownProducts } from './promotion.service.js';

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const admin = new PriceListAdminService();
let db: TestSubgraph<PricingLoaders>;
let previous: ProductAttributeSource;

/** Stands in for the products subgraph: knows `products`, records every id it is asked for. */
function productsKnowing(products: ProductFacts[]) {
  const asked: string[][] = [];
  useProductAttributeSource(async (ids) => {
    asked.push([...ids]);
    return products.filter((p) => ids.includes(p.productId));
  });
  return asked;
}

const fresh = (id: string): ProductFacts => ({
  productId: id,
  sku: `SKU-${id.toUpperCase()}`,
  status: 'ACTIVE',
  categoryPath: '/cat_dairy/cat_new/',
  brandId: 'brd_new',
  version: 1,
});

beforeAll(async () => {
  db = await openTestSubgraph(pricingSubgraph, { seed: true });
  previous = useProductAttributeSource(async () => []);
});
afterEach(() => useProductAttributeSource(async () => []));
afterAll(async () => {
  useProductAttributeSource(previous);
  await db.close();
});

describe('read-through to the products subgraph', () => {
  it('knows a product created before its event arrived, stores its row once, and asks only for misses', async () => {
    const asked = productsKnowing([fresh('prd_rt_1')]);
    const known = await knownProducts(db.orm.em.fork(), ['prd_00001', 'prd_rt_1', 'prd_rt_nope']);
    expect([...known].sort()).toEqual(['prd_00001', 'prd_rt_1']);
    expect(asked).toEqual([['prd_rt_1', 'prd_rt_nope']]);
    const row = await db.orm.em.fork().findOneOrFail(ProductAttribute, { productId: 'prd_rt_1' });
    expect(row).toMatchObject({ sku: 'SKU-PRD_RT_1', status: 'ACTIVE', sourceVersion: 1, brandId: 'brd_new' });
    await knownProducts(db.orm.em.fork(), ['prd_rt_1']);
    expect(asked).toHaveLength(1);
  });

  it('lets HQ price a product right after createProduct', async () => {
    const refusedBefore = await admin.setEntries(db.context(hq), 'pl_base', [
      { productId: 'prd_rt_2', minQuantity: 1, unitPriceMinor: 1990 },
    ]);
    expect(refusedBefore.errors.map((e) => e.code)).toEqual(['UNKNOWN_PRODUCT']);
    productsKnowing([fresh('prd_rt_2')]);
    const res = await admin.setEntries(db.context(hq), 'pl_base', [
      { productId: 'prd_rt_2', minQuantity: 1, unitPriceMinor: 1990 },
    ]);
    expect(res.errors).toEqual([]);
    expect(res.entries.map((e) => e.unitPriceMinor)).toEqual([1990]);
  });

  it('gives a quote the attributes of a product the read model missed', async () => {
    productsKnowing([fresh('prd_rt_3')]);
    const cache = pricingReferenceOf(db.orm.em, 2000);
    const [attrs, unknown] = await cache.attributesOf(db.orm.em.fork(), ['prd_rt_3', 'prd_rt_none']);
    expect(attrs).toMatchObject({ productId: 'prd_rt_3', categoryPath: '/cat_dairy/cat_new/', brandId: 'brd_new' });
    expect(unknown).toBeNull();
  });

  it('treats the ids as unknown, without failing, while the products subgraph cannot be reached', async () => {
    useProductAttributeSource(async () => {
      throw new ServiceCallError('products', 'SERVICE_UNAVAILABLE', 'connection refused', true);
    });
    expect([...(await knownProducts(db.orm.em.fork(), ['prd_00001', 'prd_rt_down']))]).toEqual(['prd_00001']);
  });
});
