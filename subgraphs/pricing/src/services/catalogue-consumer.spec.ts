import { EventType, type DomainEvent, type EventPayload } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProductAttribute } from '../entities/product-attribute.entity.js';
import type { PricingLoaders } from '../pricing-context.js';
import { pricingSubgraph } from '../subgraph.js';
import { catalogueConsumer } from './catalogue-consumer.js';

let db: TestSubgraph<PricingLoaders>;
let n = 0;

function event<T extends EventType>(type: T, subjectId: string, payload: EventPayload<T>): DomainEvent {
  return {
    id: `evt_spec_${++n}`,
    type,
    source: 'products',
    occurredAt: new Date().toISOString(),
    subjectId,
    scope: { hqOnly: true },
    payload: payload as unknown as Record<string, unknown>,
  };
}

const product = (id: string, version: number, categoryPath: string) =>
  event(EventType.PRODUCT_CHANGED, id, {
    ...{ productId: id, sku: `SKU-${version}`, name: 'n', nameEn: 'n', brandId: 'brd_x', categoryId: 'cat_x' },
    ...{ categoryPath, status: 'ACTIVE', taxClass: 'STANDARD', traceable: false, shelfLifeDays: 30, unit: '箱' },
    ...{ salesRegionIds: null, version, change: version === 1 ? 'CREATED' : 'UPDATED' },
  });

const apply = (e: DomainEvent) => db.orm.em.fork().transactional((tx) => catalogueConsumer.handle(tx, e));
const row = (id: string) => db.orm.em.fork().findOne(ProductAttribute, { productId: id });

beforeAll(async () => {
  db = await openTestSubgraph(pricingSubgraph, { seed: true });
});
afterAll(() => db.close());

describe('pricing:catalogue consumer', () => {
  it('inserts a new product, applies a newer version and ignores an older one', async () => {
    await apply(product('prd_cc_1', 1, '/cat_a/cat_b/'));
    expect(await row('prd_cc_1')).toMatchObject({ sku: 'SKU-1', sourceVersion: 1, categoryPath: '/cat_a/cat_b/' });
    await apply(product('prd_cc_1', 3, '/cat_a/cat_c/'));
    await apply(product('prd_cc_1', 2, '/cat_a/cat_old/'));
    expect(await row('prd_cc_1')).toMatchObject({ sku: 'SKU-3', sourceVersion: 3, categoryPath: '/cat_a/cat_c/' });
  });

  it('rewrites the copied paths under a moved category and nothing else', async () => {
    await apply(product('prd_cc_2', 1, '/cat_m_1/cat_leaf/'));
    await apply(product('prd_cc_3', 1, '/cat_m_10/cat_leaf/'));
    await apply(
      event(EventType.CATEGORY_CHANGED, 'cat_m_1', {
        ...{ categoryId: 'cat_m_1', parentId: 'cat_top', path: '/cat_top/cat_m_1/' },
        ...{ previousPath: '/cat_m_1/', depth: 1, change: 'MOVED' },
      }),
    );
    expect((await row('prd_cc_2'))!.categoryPath).toBe('/cat_top/cat_m_1/cat_leaf/');
    expect((await row('prd_cc_3'))!.categoryPath).toBe('/cat_m_10/cat_leaf/');
  });
});
