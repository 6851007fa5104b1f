import { demoNetwork } from '@dnp/demo-data';
import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealersLoaders } from '../dealers-context.js';
import { dealersSubgraph } from '../subgraph.js';

const { dealers } = demoNetwork();
const js = dealers.find((d) => d.regionId === 'reg_js' && d.level === 'PROVINCIAL_AGENT')!;
const nj = dealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
const njAdmin: Viewer = { userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: nj.id, regionId: 'reg_js_nj' };
const jsAdmin: Viewer = { userId: 'usr_js_admin', role: Role.DEALER_ADMIN, dealerId: js.id, regionId: 'reg_js' };
const PARENT = 'query ($id: ID!) { dealer(id: $id) { id parentId parent { id } } }';
let db: TestSubgraph<DealersLoaders>;

beforeAll(async () => {
  db = await openTestSubgraph(dealersSubgraph, { seed: true });
}, 60_000);
afterAll(() => db.close());

describe('Dealer.parentId', () => {
  it("gives a sub-dealer its parent's id (the seller it may quote) while the parent's row stays hidden", async () => {
    expect(js.id).toBe(nj.parentId);
    const own = await db.execute(PARENT, { id: nj.id }, njAdmin);
    expect(own.errors).toBeUndefined();
    expect(own.data).toEqual({ dealer: { id: nj.id, parentId: js.id, parent: null } });
    const hidden = await db.execute(PARENT, { id: js.id }, njAdmin);
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('names the parent for the parent itself, and no parent at the top', async () => {
    const child = await db.execute(PARENT, { id: nj.id }, jsAdmin);
    expect(child.data).toEqual({ dealer: { id: nj.id, parentId: js.id, parent: { id: js.id } } });
    const national = dealers.find((d) => d.level === 'NATIONAL_AGENT')!;
    const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
    const top = await db.execute(PARENT, { id: national.id }, hq);
    expect(top.data).toEqual({ dealer: { id: national.id, parentId: null, parent: null } });
  });
});
