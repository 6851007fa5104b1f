import { demoNetwork, regionPath } from '@dnp/demo-data';
import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealersLoaders } from '../dealers-context.js';
import { User, UserRole } from '../entities/user.entity.js';
import { dealersSubgraph } from '../subgraph.js';
import { UserQueryService } from './user-query.service.js';

const { regions, dealers } = demoNetwork();
const js = dealers.find((d) => d.regionId === 'reg_js' && d.level === 'PROVINCIAL_AGENT')!;
const nj = dealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const east: Viewer = {
  userId: 'usr_east_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_east',
  regionPath: ['reg_cn', 'reg_east'],
};
const jsAdmin: Viewer = { userId: 'usr_js_admin', role: Role.DEALER_ADMIN, dealerId: js.id, regionId: 'reg_js' };
const njAdmin: Viewer = { userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: nj.id, regionId: 'reg_js_nj' };
const njStaff: Viewer = { userId: 'usr_nj_staff', role: Role.DEALER_STAFF, dealerId: nj.id, regionId: 'reg_js_nj' };

let db: TestSubgraph<DealersLoaders>;
const queries = new UserQueryService();

/** Every username a viewer lists with `filter`, walking all pages. */
async function listAll(viewer: Viewer, filter = {}, first = 5): Promise<string[]> {
  const out: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 100; i++) {
    const page = await queries.list(db.context(viewer), { first, after, filter });
    out.push(...page.edges.map((e) => e.node.username));
    if (!page.pageInfo.hasNextPage) return out;
    after = page.pageInfo.endCursor;
  }
  throw new Error('too many pages');
}

beforeAll(async () => {
  db = await openTestSubgraph(dealersSubgraph, { seed: true });
});
afterAll(() => db.close());

describe('UserQueryService.list', () => {
  it('gives head office every user, by username, across pages', async () => {
    const all = await db.orm.em.fork().find(User, {}, { orderBy: { username: 'asc' } });
    expect(await listAll(hq)).toEqual(all.map((u) => u.username));
    const page = await queries.list(db.context(hq), { first: 3 });
    expect(page.totalCount).toBe(all.length);
  });

  it("gives a manager exactly the users of its region's dealers", async () => {
    const eastDealers = new Set(
      dealers.filter((d) => regionPath(regions, d.regionId).includes('reg_east')).map((d) => d.id),
    );
    const all = await db.orm.em.fork().find(User, {}, { orderBy: { username: 'asc' } });
    const expected = all.filter((u) => u.dealerId && eastDealers.has(u.dealerId)).map((u) => u.username);
    expect(expected.length).toBeGreaterThan(2);
    expect(await listAll(east)).toEqual(expected);
    expect(await listAll(east)).not.toContain('hq_admin');
  });

  it("gives a dealer admin its own dealer's users only, never its sub-dealers'", async () => {
    expect(await listAll(njAdmin)).toEqual(['nj_admin', 'nj_staff']);
    const mine = await listAll(jsAdmin);
    expect(mine).toContain('js_admin');
    expect(mine).not.toContain('nj_admin');
    // A filter for another dealer narrows to nothing rather than widening the reach.
    expect(await listAll(jsAdmin, { dealerId: nj.id })).toEqual([]);
    expect(await listAll(njStaff)).toEqual([]);
  });

  it('filters by dealer, role, active and search text', async () => {
    expect(await listAll(hq, { dealerId: nj.id, role: UserRole.DEALER_STAFF })).toEqual(['nj_staff']);
    expect(await listAll(hq, { role: UserRole.REGION_MANAGER })).toEqual(['east_manager', 'south_manager']);
    expect(await listAll(hq, { search: 'MANAGER' })).toEqual(['east_manager', 'south_manager']);
    expect(await listAll(hq, { search: '华东大区' })).toEqual(['east_manager']);
    expect(await listAll(hq, { search: '%' })).toEqual([]);
    expect(await listAll(hq, { active: false })).toEqual([]);
    await expect(queries.list(db.context(hq), { filter: { search: 'x'.repeat(101) } })).rejects.toThrow(/search/);
  });
});

describe('account details', () => {
  it('are told to the user, HQ, its dealer admin and its manager; null to others', async () => {
    const em = db.orm.em.fork();
    const staff = await em.findOneOrFail(User, { username: 'nj_staff' });
    const hqUser = await em.findOneOrFail(User, { username: 'hq_admin' });
    const reason = (v: Viewer, u: User) => queries.accountDetail(db.context(v), u, () => 'seen');
    expect(await reason(hq, staff)).toBe('seen');
    expect(await reason(njAdmin, staff)).toBe('seen');
    expect(await reason(njStaff, staff)).toBe('seen');
    expect(await reason(east, staff)).toBe('seen');
    expect(await reason(jsAdmin, staff)).toBeNull();
    expect(await reason(njAdmin, hqUser)).toBeNull();
    expect(await reason(east, hqUser)).toBeNull();
    expect(await queries.invitationPending(db.context(hq), staff)).toBe(false);
    expect(await queries.invitationPending(db.context(jsAdmin), staff)).toBeNull();
  });
});
