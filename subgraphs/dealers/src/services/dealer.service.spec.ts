import { demoNetwork, regionPath } from '@dnp/demo-data';
import { Money, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DealersLoaders } from '../dealers-context.js';
import { Dealer, DealerLevel } from '../entities/dealer.entity.js';
import { Qualification } from '../entities/qualification.entity.js';
import { DealerSort } from '../schema/dealer.input.js';
import { dealersSubgraph } from '../subgraph.js';
import { DealerService } from './dealer.service.js';
import { QualificationService } from './qualification.service.js';
import { RegionService } from './region.service.js';
import { UserService } from './user.service.js';

const { regions, dealers: demoDealers } = demoNetwork();
const js = demoDealers.find((d) => d.regionId === 'reg_js' && d.level === 'PROVINCIAL_AGENT')!;
const nj = demoDealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
const national = demoDealers.find((d) => d.level === 'NATIONAL_AGENT')!;
const southDealer = demoDealers.find((d) => regionPath(regions, d.regionId).includes('reg_south'))!;
/** Ids of a demo dealer and all its descendants. */
const subtree = (id: string): string[] => [
  id,
  ...demoDealers.filter((d) => d.parentId === id).flatMap((d) => subtree(d.id)),
];

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const east: Viewer = {
  userId: 'usr_east_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_east',
  regionPath: ['reg_cn', 'reg_east'],
};
const south: Viewer = {
  userId: 'usr_south_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_south',
  regionPath: ['reg_cn', 'reg_south'],
};
const jsAdmin: Viewer = { userId: 'usr_js_admin', role: Role.DEALER_ADMIN, dealerId: js.id, regionId: 'reg_js' };
const njStaff: Viewer = { userId: 'usr_nj_staff', role: Role.DEALER_STAFF, dealerId: nj.id, regionId: 'reg_js_nj' };

let db: TestSubgraph<DealersLoaders>;
const service = new DealerService();

/** Every dealer id a viewer can list, walking all pages. */
async function listAll(viewer: Viewer, sort?: DealerSort, first = 7): Promise<Dealer[]> {
  const out: Dealer[] = [];
  let after: string | null = null;
  for (let i = 0; i < 50; i++) {
    const page = await service.list(db.context(viewer), { first, after, sort });
    out.push(...page.edges.map((e) => e.node));
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return out;
}

beforeAll(async () => {
  const started = Date.now();
  db = await openTestSubgraph(dealersSubgraph, { seed: true });
  expect(Date.now() - started).toBeLessThan(3000);
});
afterAll(() => db.close());

describe('DealerService scoping', () => {
  it('shows head office every dealer', async () => {
    const page = await service.list(db.context(hq), { first: 1 });
    expect(page.totalCount).toBe(demoDealers.length);
    expect(demoDealers.length).toBeGreaterThanOrEqual(60);
  });

  it('shows a regional manager exactly the dealers registered in their region subtree', async () => {
    const expected = demoDealers
      .filter((d) => regionPath(regions, d.regionId).includes('reg_east'))
      .map((d) => d.id)
      .sort();
    expect((await listAll(east)).map((d) => d.id).sort()).toEqual(expected);
    await expect(service.findOne(db.context(east), southDealer.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await service.findOne(db.context(south), southDealer.id)).id).toBe(southDealer.id);
  });

  it('shows a dealer user their dealer and its sub-dealers only', async () => {
    expect((await listAll(jsAdmin)).map((d) => d.id).sort()).toEqual(subtree(js.id).sort());
    expect((await listAll(njStaff)).map((d) => d.id).sort()).toEqual(subtree(nj.id).sort());
    expect((await service.findOne(db.context(jsAdmin), nj.id)).id).toBe(nj.id);
    await expect(service.findOne(db.context(njStaff), js.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.findOne(db.context(jsAdmin), national.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.findOne(db.context(hq), 'dlr_nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('hides a parent outside the scope and refuses anonymous callers', async () => {
    const ctx = db.context(njStaff);
    expect(await service.parent(ctx, await service.findOne(ctx, nj.id))).toBeNull();
    const hqCtx = db.context(hq);
    expect((await service.parent(hqCtx, await service.findOne(hqCtx, nj.id)))?.id).toBe(js.id);
    await expect(service.list(db.context(null), {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(service.findOne(db.context(null), nj.id)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    const lost = await service.list(db.context({ userId: 'u', role: Role.REGION_MANAGER }), {});
    expect(lost.totalCount).toBe(0);
  });

  it('builds the tree from the top of each scope, with scoped children and no query per node', async () => {
    expect((await service.tree(db.context(hq))).map((d) => d.id)).toEqual([national.id]);
    expect((await service.tree(db.context(jsAdmin))).map((d) => d.id)).toEqual([js.id]);
    const ctx = db.context(east);
    const [top] = await service.tree(ctx);
    expect(top!.id).toBe(national.id);
    const before = db.counter.total;
    const agents = await service.children(ctx, top!);
    expect(agents.length).toBe(
      demoDealers.filter((d) => d.level === 'PROVINCIAL_AGENT' && regionPath(regions, d.regionId).includes('reg_east'))
        .length,
    );
    await Promise.all(agents.map((a) => service.children(ctx, a)));
    expect(db.counter.total).toBe(before);
    expect((await service.tree(db.context(hq), nj.id)).map((d) => d.id)).toEqual([nj.id]);
    await expect(service.tree(db.context(njStaff), js.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('DealerService.list', () => {
  it('pages through every sort without gaps or repeats and keeps the order', async () => {
    for (const sort of Object.values(DealerSort)) {
      const rows = await listAll(hq, sort, 9);
      expect(new Set(rows.map((d) => d.id)).size).toBe(demoDealers.length);
      expect(rows).toHaveLength(demoDealers.length);
    }
    const newest = await listAll(hq, DealerSort.JOINED_NEWEST, 11);
    const times = newest.map((d) => d.joinedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const byCode = await listAll(hq, DealerSort.CODE_DESC, 13);
    expect(byCode.map((d) => d.code)).toEqual(
      demoDealers
        .map((d) => d.code)
        .sort()
        .reverse(),
    );
  });

  it('filters by region subtree, level, parent and search text', async () => {
    const inJs = await service.list(db.context(hq), { first: 100, filter: { regionId: 'reg_js' } });
    expect(inJs.totalCount).toBe(demoDealers.filter((d) => regionPath(regions, d.regionId).includes('reg_js')).length);
    expect(inJs.edges.every((e) => e.node.regionPath.includes('/reg_js/'))).toBe(true);
    const agents = await service.list(db.context(hq), { first: 100, filter: { level: DealerLevel.PROVINCIAL_AGENT } });
    expect(agents.totalCount).toBe(demoDealers.filter((d) => d.level === 'PROVINCIAL_AGENT').length);
    const kids = await service.list(db.context(hq), { first: 100, filter: { parentId: js.id } });
    expect(kids.edges.map((e) => e.node.id).sort()).toEqual(
      demoDealers
        .filter((d) => d.parentId === js.id)
        .map((d) => d.id)
        .sort(),
    );
    const search = await service.list(db.context(hq), { first: 5, filter: { search: 'NANJING' } });
    expect(search.totalCount).toBeGreaterThan(0);
    expect(search.edges.every((e) => e.node.nameEn.includes('Nanjing'))).toBe(true);
    // A filter never widens the scope.
    const southInEast = await service.list(db.context(east), { first: 5, filter: { regionId: 'reg_south' } });
    expect(southInEast.totalCount).toBe(0);
  });

  it('reports bad input with codes', async () => {
    await expect(service.list(db.context(hq), { first: 101 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(service.list(db.context(hq), { first: 5, after: 'garbage' })).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
    await expect(service.list(db.context(hq), { filter: { search: 'x'.repeat(101) } })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(service.list(db.context(hq), { filter: { regionId: 'reg_nowhere' } })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('resolves per-dealer fields of a whole page in a constant number of queries', async () => {
    const ctx = db.context(hq);
    const page = await service.list(ctx, { first: 50 });
    const before = db.counter.total;
    await Promise.all(
      page.edges.map((e) =>
        Promise.all([
          service.region(ctx, e.node),
          service.qualifications(ctx, e.node),
          service.authorizedRegions(ctx, e.node),
          service.parent(ctx, e.node),
          service.children(ctx, e.node),
        ]),
      ),
    );
    expect(db.counter.total - before).toBeLessThanOrEqual(5);
  });
});

describe('DealerService.resolveReference and healthScore', () => {
  it('merges the @requires stats from the representation and scores them', async () => {
    const ctx = db.context(hq);
    const ref = {
      __typename: 'Dealer',
      id: nj.id,
      salesStats: { orderCount: 4, last90DaysAmount: Money.fromMinor(0, 'CNY') },
      paymentStats: { onTimeRate: 0.5, overdueAmount: Money.fromMinor(0, 'CNY') },
    };
    const dealer = (await service.resolveReference(ctx, ref))!;
    expect(dealer.name).toBe(nj.name);
    expect(service.healthScore(ctx, dealer)).toBe(20 + 0 + 20 + 10);
    // The shared identity-map instance is not polluted by one representation's stats.
    expect((await ctx.loaders.dealerById.load(nj.id))!.salesStats).toBeUndefined();
  });

  it('resolves references outside the scope to null', async () => {
    expect(await service.resolveReference(db.context(njStaff), { id: js.id })).toBeNull();
    expect((await service.resolveReference(db.context(njStaff), { id: nj.id }))?.id).toBe(nj.id);
  });
});

describe('users, regions and qualifications', () => {
  const users = new UserService();
  const regionService = new RegionService();

  it('answers me for people and null for anonymous callers', async () => {
    expect(await users.me(db.context(null))).toBeNull();
    expect((await users.me(db.context(njStaff)))?.username).toBe('nj_staff');
    expect(await users.me(db.context({ userId: 'orders', role: Role.SERVICE }))).toBeNull();
  });

  it("does not reveal another dealer's users", async () => {
    expect(await users.resolveReference(db.context(njStaff), { id: 'usr_js_admin' })).toBeNull();
    expect((await users.resolveReference(db.context(jsAdmin), { id: 'usr_nj_staff' }))?.id).toBe('usr_nj_staff');
    expect((await users.resolveReference(db.context(njStaff), { id: 'usr_hq_admin' }))?.id).toBe('usr_hq_admin');
  });

  it('serves the region tree publicly', async () => {
    const ctx = db.context(null);
    const [cn] = await regionService.children(ctx, null);
    expect(cn!.id).toBe('reg_cn');
    const sales = await regionService.children(ctx, 'reg_cn');
    expect(sales.map((r) => r.id)).toEqual(regions.filter((r) => r.parentId === 'reg_cn').map((r) => r.id));
    expect((await regionService.findOne(ctx, 'reg_js_nj')).depth).toBe(3);
    await expect(regionService.findOne(ctx, 'reg_xx')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('seeds 2–3 licences per dealer, some expiring within 30 days and some expired', async () => {
    const all = await db.orm.em.fork().find(Qualification, {});
    const per = new Map<string, number>();
    for (const q of all) per.set(q.dealerId, (per.get(q.dealerId) ?? 0) + 1);
    expect([...per.values()].every((n) => n >= 2 && n <= 3)).toBe(true);
    expect(per.size).toBe(demoDealers.length);
    const q = new QualificationService();
    expect(all.filter((x) => q.expired(x)).length).toBeGreaterThan(0);
    expect(all.filter((x) => !q.expired(x) && q.expiresInDays(x) < 30).length).toBeGreaterThan(0);
    const now = new Date('2026-01-10T00:00:00Z');
    expect(q.expiresInDays({ validUntil: new Date('2026-01-12T12:00:00Z') }, now)).toBe(2);
    expect(q.expiresInDays({ validUntil: new Date('2026-01-09T12:00:00Z') }, now)).toBe(-1);
    expect(q.expired({ validUntil: new Date('2026-01-09T12:00:00Z') }, now)).toBe(true);
    // Beijing days, as the expiry scanner counts: 23:30 on the 10th to 00:30 on the 11th is one day.
    const lateEvening = new Date('2026-01-10T15:30:00Z');
    expect(q.expiresInDays({ validUntil: new Date('2026-01-10T16:30:00Z') }, lateEvening, 'Asia/Shanghai')).toBe(1);
    expect(q.expiresInDays({ validUntil: new Date('2026-01-10T15:45:00Z') }, lateEvening, 'Asia/Shanghai')).toBe(0);
  });
});
