import { EventType, handleOnce, newEventId, type DomainEvent } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DealerProfile, ProductProfile } from '../../entities/rebate-profile.entity.js';
import type { FinanceLoaders } from '../../finance-context.js';
import { financeSubgraph } from '../../subgraph.js';
import { rebateProfileConsumer } from './rebate-profile-consumer.js';
import { dealerProfiles, productProfiles, useProfileSources, type ProfileSources } from './rebate-profile-source.js';

let db: TestSubgraph<FinanceLoaders>;
beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph);
});
afterAll(() => db.close());

const consumer = rebateProfileConsumer();
const run = (e: DomainEvent) => handleOnce(db.orm.em, consumer.name, e.id, (tx) => consumer.handle(tx, e));
const event = (type: EventType, payload: Record<string, unknown>, occurredAt = new Date()): DomainEvent => ({
  ...{ id: newEventId(), type, source: 'test', occurredAt: occurredAt.toISOString(), subjectId: 'x' },
  ...{ scope: { hqOnly: true }, payload },
});
const dealerChanged = (grade: string, at: Date, parentId?: string | null) =>
  event(
    EventType.DEALER_CHANGED,
    {
      ...{ dealerId: 'dlr_rp1', change: 'GRADE', status: 'ACTIVE', grade, level: 'CITY_DEALER' },
      ...{ regionPath: '/reg_cn/reg_east/', dealerPath: '/dlr_rp1/', orderingBlocked: false },
      ...(parentId === undefined ? {} : { parentId }),
    },
    at,
  );
const productChanged = (productId: string, version: number, categoryPath: string) =>
  event(EventType.PRODUCT_CHANGED, {
    ...{ productId, sku: `SKU-${productId}`, name: 'n', nameEn: 'n', brandId: 'brd_a', categoryId: 'c' },
    ...{ categoryPath, status: 'ACTIVE', taxClass: 'GOODS', traceable: false, shelfLifeDays: 1, unit: 'box' },
    ...{ salesRegionIds: null, version, change: 'UPDATED' },
  });
const profile = (dealerId: string) => db.orm.em.fork().findOne(DealerProfile, { dealerId });

describe('finance:rebate-profiles', () => {
  it('keeps the newest dealer change; an older one arriving late changes nothing', async () => {
    expect(consumer).toMatchObject({ name: 'finance:rebate-profiles', delivery: 'once' });
    const t0 = new Date('2026-03-01T00:00:00Z');
    await run(dealerChanged('B', t0, 'dlr_top'));
    await run(dealerChanged('A', new Date(t0.getTime() + 1000)));
    expect(await profile('dlr_rp1')).toMatchObject({
      grade: 'A',
      parentId: 'dlr_top',
      regionPath: '/reg_cn/reg_east/',
    });
    await run(dealerChanged('C', new Date(t0.getTime() - 1000), null));
    expect(await profile('dlr_rp1')).toMatchObject({ grade: 'A', parentId: 'dlr_top' });
  });

  it('upserts products by version and rewrites copied paths when a category moves', async () => {
    await run(productChanged('prd_rp1', 3, '/cat_a/cat_b/'));
    await run(productChanged('prd_rp1', 2, '/cat_z/'));
    await run(productChanged('prd_rp2', 1, '/cat_a/cat_bb/'));
    await run(
      event(EventType.CATEGORY_CHANGED, {
        ...{ categoryId: 'cat_b', parentId: 'cat_x', path: '/cat_x/cat_b/', previousPath: '/cat_a/cat_b/' },
        ...{ depth: 1, change: 'MOVED' },
      }),
    );
    const rows = await db.orm.em.fork().find(ProductProfile, { productId: { $in: ['prd_rp1', 'prd_rp2'] } });
    expect(rows.map((r) => [r.productId, r.categoryPath, r.sourceVersion])).toEqual([
      ['prd_rp1', '/cat_x/cat_b/', 3],
      ['prd_rp2', '/cat_a/cat_bb/', 1],
    ]);
  });

  it('reads a missing profile through from its owner once, and leaves unknown ids out', async () => {
    const asked: string[][] = [];
    const previous = useProfileSources({
      dealers: async (ids) => {
        asked.push([...ids]);
        return ids
          .filter((id) => id === 'dlr_rt1')
          .map((dealerId) => ({
            dealerId,
            grade: 'B',
            level: 'CITY_DEALER',
            status: 'ACTIVE',
            parentId: null,
            regionId: 'reg_js',
          }));
      },
      products: async (ids) =>
        ids.map((productId) => ({ productId, sku: 'S', brandId: 'brd_b', categoryPath: '/cat_q/', version: 7 })),
    } satisfies ProfileSources);
    try {
      const em = db.orm.em.fork();
      expect((await dealerProfiles(em, ['dlr_rt1', 'dlr_unknown'])).map((d) => d.dealerId)).toEqual(['dlr_rt1']);
      expect(await profile('dlr_rt1')).toMatchObject({ grade: 'B', regionPath: '/reg_js/' });
      await dealerProfiles(db.orm.em.fork(), ['dlr_rt1']);
      expect(asked).toEqual([['dlr_rt1', 'dlr_unknown']]);
      expect(await productProfiles(db.orm.em.fork(), ['prd_rt1'])).toMatchObject([
        { brandId: 'brd_b', sourceVersion: 7 },
      ]);
    } finally {
      useProfileSources(previous);
    }
  });
});
