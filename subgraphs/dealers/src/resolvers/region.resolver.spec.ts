import { demoNetwork } from '@dnp/demo-data';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealersLoaders } from '../dealers-context.js';
import { dealersSubgraph } from '../subgraph.js';

const { regions } = demoNetwork();
let db: TestSubgraph<DealersLoaders>;

beforeAll(async () => {
  db = await openTestSubgraph(dealersSubgraph, { seed: true });
}, 60_000);
afterAll(() => db.close());

describe('the region tree through the schema', () => {
  it('answers anonymous callers: the application form offers it before anyone has an account', async () => {
    const tree = await db.execute('{ regions { id code children { id parent { id } children { id nameEn } } } }');
    expect(tree.errors).toBeUndefined();
    const [cn] = (tree.data as { regions: { id: string; children: { id: string; parent: { id: string } }[] }[] })
      .regions;
    expect(cn!.id).toBe('reg_cn');
    expect(cn!.children.map((r) => r.id)).toEqual(regions.filter((r) => r.parentId === 'reg_cn').map((r) => r.id));
    expect(cn!.children.every((r) => r.parent.id === 'reg_cn')).toBe(true);

    const one = await db.execute('query ($id: ID!) { region(id: $id) { id depth nameEn } }', { id: 'reg_js_nj' });
    expect(one.errors).toBeUndefined();
    expect(one.data).toEqual({
      region: { id: 'reg_js_nj', depth: 3, nameEn: regions.find((r) => r.id === 'reg_js_nj')!.nameEn },
    });
  });

  it('still answers NOT_FOUND for an unknown region and keeps dealers private', async () => {
    const unknown = await db.execute('{ region(id: "reg_xx") { id } }');
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const dealers = await db.execute('{ dealers(first: 1) { totalCount } }');
    expect(dealers.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
