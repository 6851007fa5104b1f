import { EventType, newEventId, Role, type DomainEvent, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PriceListEntry } from '../entities/price-list-entry.entity.js';
import type { PricingLoaders } from '../pricing-context.js';
import { pricingSubgraph } from '../subgraph.js';
import { pricingCachesConsumer } from './caches-consumer.js';
import { pricingReferenceOf } from './pricing-reference.cache.js';
import { quote } from './quote.service.js';

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };

let db: TestSubgraph<PricingLoaders>;
beforeAll(async () => {
  db = await openTestSubgraph(pricingSubgraph, { seed: true });
});
afterAll(() => db.close());

const priceOf = async (productId: string) =>
  (await quote(db.context(hq), { lines: [{ productId, quantity: 1 }] })).lines[0]!.unitPriceMinor;

const event = (type: EventType, subjectId: string): DomainEvent => ({
  id: newEventId(),
  type,
  source: type.split('.')[0]!,
  occurredAt: new Date().toISOString(),
  subjectId,
  scope: { hqOnly: true },
  payload: {},
});

describe('pricing:caches', () => {
  it('makes a change committed elsewhere show at once instead of after the cache time', async () => {
    // Created before any quote, so the cache keeps entries far longer than this test runs.
    pricingReferenceOf(db.orm.em, 60_000);
    const consumer = pricingCachesConsumer(() => pricingReferenceOf(db.orm.em, 60_000));
    expect(consumer).toMatchObject({ name: 'pricing:caches', delivery: 'every-instance' });
    expect(consumer.types).toEqual([
      EventType.PRODUCT_CHANGED,
      EventType.CATEGORY_CHANGED,
      EventType.SUB_DEALER_PRICE_CHANGED,
    ]);
    const before = await priceOf('prd_00003');
    const setPrice = (unitPriceMinor: number) =>
      // As another pricing instance (or a read-model consumer) would: no flush here clears the cache.
      db.orm.em.fork().nativeUpdate(PriceListEntry, { productId: 'prd_00003' }, { unitPriceMinor });
    for (const type of consumer.types) {
      expect(await priceOf('prd_00003')).toBe(before);
      await setPrice(before + 1);
      expect(await priceOf('prd_00003'), `stale before ${type}`).toBe(before);
      await consumer.handle(db.orm.em.fork(), event(type, 'prd_00003'));
      expect(await priceOf('prd_00003'), `fresh after ${type}`).toBe(before + 1);
      await setPrice(before);
      await consumer.handle(db.orm.em.fork(), event(type, 'prd_00003'));
    }
  });
});
