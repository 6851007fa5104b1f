import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PricingLoaders } from '../pricing-context.js';
import { pricingSubgraph } from '../subgraph.js';
import { PriceListAdminService } from './price-list-admin.service.js';
import { pricingReferenceOf } from './pricing-reference.cache.js';
import { quote } from './quote.service.js';

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const admin = new PriceListAdminService();

let db: TestSubgraph<PricingLoaders>;
beforeAll(async () => {
  db = await openTestSubgraph(pricingSubgraph, { seed: true });
});
afterAll(() => db.close());

/** HQ's quote of one unit of `productId`: its unit price (minor units) and the SQL statements it cost. */
async function priceOf(productId: string) {
  db.counter.reset();
  const q = await quote(db.context(hq), { lines: [{ productId, quantity: 1 }] });
  return { unitPriceMinor: q.lines[0]!.unitPriceMinor, statements: db.counter.total };
}

describe('PricingReferenceCache', () => {
  it('reuses lists, entries and attributes across requests; forgets them when this process edits a price', async () => {
    const first = await priceOf('prd_00002');
    const second = await priceOf('prd_00002');
    expect(second.unitPriceMinor).toBe(first.unitPriceMinor);
    // Lists, entries and attributes come from the cache: only what changes per order is read.
    expect(second.statements).toBeLessThan(first.statements);

    const changed = await admin.setEntries(db.context(hq), 'pl_base', [
      { productId: 'prd_00002', minQuantity: 1, unitPriceMinor: first.unitPriceMinor + 111 },
    ]);
    expect(changed.errors).toEqual([]);
    expect((await priceOf('prd_00002')).unitPriceMinor).toBe(first.unitPriceMinor + 111);
  });

  it('is one per database and can be cleared', async () => {
    const em = db.orm.em.fork();
    const cache = pricingReferenceOf(em, 2000);
    expect(pricingReferenceOf(db.orm.em.fork(), 2000)).toBe(cache);
    const lists = await cache.activeLists(em);
    expect(await cache.activeLists(em)).toBe(lists);
    cache.clear();
    expect(await cache.activeLists(em)).not.toBe(lists);
    expect(await cache.attributesOf(em, ['prd_00001', 'prd_nope'])).toEqual([
      expect.objectContaining({ productId: 'prd_00001' }),
      null,
    ]);
  });
});
