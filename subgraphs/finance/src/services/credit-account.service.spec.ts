import { demoNetwork, regionPath } from '@dnp/demo-data';
import { encodeCursor, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount, CreditStatus, utilizationPpm } from '../entities/credit-account.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import { CreditAccountSort } from '../schema/credit-account.input.js';
import { buildDemoFinance } from '../seed/demo.seed.js';
import { financeSubgraph } from '../subgraph.js';
import { availableMinor, CreditAccountService, utilization } from './credit-account.service.js';

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn' };
const east: Viewer = { userId: 'usr_east_manager', role: Role.REGION_MANAGER, regionId: 'reg_east' };
const njAdmin: Viewer = {
  userId: 'usr_nj_admin',
  role: Role.DEALER_ADMIN,
  dealerId: 'dlr_0003',
  regionId: 'reg_js_nj',
};
const partner: Viewer = { userId: 'prt_1', role: Role.PARTNER };

let db: TestSubgraph<FinanceLoaders>;
const service = new CreditAccountService();
const admitted = demoNetwork().dealers.filter((d) => d.status !== 'APPLICANT');

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: true });
});
afterAll(() => db.close());

describe('credit arithmetic', () => {
  it('computes availability to the cent and shows a negative balance as is', () => {
    expect(availableMinor({ limitMinor: 10_000_000, usedMinor: 2_345_678, heldMinor: 1_000_001 })).toBe(6_654_321);
    expect(availableMinor({ limitMinor: 1_000_000, usedMinor: 1_200_050, heldMinor: 0 })).toBe(-200_050);
    expect(availableMinor({ limitMinor: 0, usedMinor: 0, heldMinor: 0 })).toBe(0);
  });

  it('computes utilization from used and held, above 1 when over the limit', () => {
    expect(utilization({ limitMinor: 10_000_000, usedMinor: 2_345_678, heldMinor: 1_000_001 })).toBeCloseTo(
      0.3345679,
      12,
    );
    expect(utilization({ limitMinor: 1_000_000, usedMinor: 1_200_050, heldMinor: 0 })).toBeCloseTo(1.20005, 12);
    expect(utilization({ limitMinor: 0, usedMinor: 0, heldMinor: 0 })).toBe(0);
    expect(utilization({ limitMinor: 0, usedMinor: 1, heldMinor: 0 })).toBe(1);
  });

  it('stores the sort key in whole parts per million, rounded down, exact beyond 2^53', () => {
    expect(utilizationPpm(10_000_000, 2_345_678, 1_000_001)).toBe(334_567);
    expect(utilizationPpm(3, 1, 0)).toBe(333_333);
    expect(utilizationPpm(90_000_000_000_00, 45_000_000_000_00, 0)).toBe(500_000);
    expect(utilizationPpm(0, 5, 0)).toBe(1_000_000);
  });
});

describe('demo seed', () => {
  it('gives every admitted dealer an account whose used equals its outstanding invoices', async () => {
    const em = db.orm.em.fork();
    const accounts = await em.find(CreditAccount, {});
    expect(accounts).toHaveLength(admitted.length);
    const invoices = await em.find(Invoice, {});
    const owed = new Map<string, number>();
    for (const i of invoices) owed.set(i.dealerId, (owed.get(i.dealerId) ?? 0) + i.amountMinor - i.paidMinor);
    for (const a of accounts) {
      expect(a.usedMinor).toBe(owed.get(a.dealerId) ?? 0);
      expect(a.utilizationPpm).toBe(utilizationPpm(a.limitMinor, a.usedMinor, a.heldMinor));
      expect(a.id).toBe(`cra_${a.dealerId.slice(4)}`);
    }
    const nj = accounts.find((a) => a.dealerId === 'dlr_0003')!;
    expect(nj.dealerRegionPath).toBe('/reg_cn/reg_east/reg_js/reg_js_nj/');
    expect(nj.dealerPath).toBe('/dlr_0001/dlr_0002/dlr_0003/');
    const hot = accounts.filter((a) => a.usedMinor / a.limitMinor > 0.9);
    expect(hot.length).toBeGreaterThanOrEqual(3);
    expect(hot.length).toBeLessThanOrEqual(12);
  });

  it('is deterministic and quick to build', () => {
    const anchor = new Date(Date.UTC(2026, 10, 22));
    const started = Date.now();
    const a = buildDemoFinance(anchor);
    expect(Date.now() - started).toBeLessThan(2000);
    const b = buildDemoFinance(anchor);
    expect(b.invoices.map((i) => [i.id, i.amountMinor, i.paidMinor])).toEqual(
      a.invoices.map((i) => [i.id, i.amountMinor, i.paidMinor]),
    );
    const paid = a.invoices.filter((i) => i.paidAt);
    const late = paid.filter((i) => i.paidAt! > i.dueAt).length / paid.length;
    expect(late).toBeGreaterThan(0.05);
    expect(late).toBeLessThan(0.2);
    const unpaid = a.invoices.filter((i) => !i.paidAt);
    expect(unpaid.some((i) => i.dueAt < anchor)).toBe(true);
    expect(unpaid.some((i) => i.dueAt > anchor)).toBe(true);
  });
});

describe('CreditAccountService scoping', () => {
  it('gives dealer users their own account and nobody else one', async () => {
    expect((await service.mine(db.context(njAdmin)))!.dealerId).toBe('dlr_0003');
    expect(await service.mine(db.context(hq))).toBeNull();
    expect(await service.mine(db.context(null))).toBeNull();
  });

  it("answers NOT_FOUND for another dealer's account by id", async () => {
    expect((await service.findOne(db.context(njAdmin), 'cra_0003')).dealerId).toBe('dlr_0003');
    await expect(service.findOne(db.context(njAdmin), 'cra_0002')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.findOne(db.context(east), 'cra_0026')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await service.findOne(db.context(east), 'cra_0002')).dealerId).toBe('dlr_0002');
    await expect(service.findOne(db.context(partner), 'cra_0002')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.findOne(db.context(hq), 'cra_9999')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.findOne(db.context(null), 'cra_0002')).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  it("returns null for Dealer.creditAccount of a dealer outside the viewer's scope", async () => {
    expect(await service.forDealer(db.context(njAdmin), 'dlr_0002')).toBeNull();
    expect((await service.forDealer(db.context(njAdmin), 'dlr_0003'))!.id).toBe('cra_0003');
    expect(await service.forDealer(db.context(east), 'dlr_0026')).toBeNull();
    expect((await service.forDealer(db.context(east), 'dlr_0003'))!.id).toBe('cra_0003');
    expect(await service.forDealer(db.context(null), 'dlr_0003')).toBeNull();
    expect(await service.forDealer(db.context(hq), 'dlr_9999')).toBeNull();
    expect(await service.byReference(db.context(njAdmin), 'cra_0002')).toBeNull();
  });

  it('lists accounts for HQ and managers only, a manager only within the region', async () => {
    const all = await service.list(db.context(hq), { first: 100 });
    expect(all.totalCount).toBe(admitted.length);
    const mine = await service.list(db.context(east), { first: 100 });
    const { regions } = demoNetwork();
    expect(mine.totalCount).toBe(admitted.filter((d) => regionPath(regions, d.regionId).includes('reg_east')).length);
    expect(mine.totalCount).toBeLessThan(admitted.length);
    expect(mine.edges.every((e) => e.node.dealerRegionPath.includes('/reg_east/'))).toBe(true);
    await expect(service.list(db.context(njAdmin), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.list(db.context(null), {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });
});

describe('CreditAccountService.list', () => {
  it('pages by utilization, highest first, without gaps or repeats', async () => {
    const seen: CreditAccount[] = [];
    let after: string | null = null;
    do {
      const page = await service.list(db.context(hq), { first: 7, after, sort: CreditAccountSort.UTILIZATION_DESC });
      seen.push(...page.edges.map((e) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen.map((a) => a.id)).size).toBe(admitted.length);
    const ppm = seen.map((a) => a.utilizationPpm);
    expect(ppm).toEqual([...ppm].sort((a, b) => b - a));
  });

  it('pages by dealer id', async () => {
    const first = await service.list(db.context(hq), { first: 10, sort: CreditAccountSort.DEALER });
    const second = await service.list(db.context(hq), {
      first: 10,
      after: first.pageInfo.endCursor,
      sort: CreditAccountSort.DEALER,
    });
    const ids = [...first.edges, ...second.edges].map((e) => e.node.dealerId);
    expect(ids).toEqual([...ids].sort());
    expect(new Set(ids).size).toBe(20);
    expect(second.pageInfo.hasPreviousPage).toBe(true);
  });

  it('filters by minimum utilization and status', async () => {
    const hot = await service.list(db.context(hq), { first: 100, filter: { minUtilization: 0.9 } });
    expect(hot.totalCount).toBeGreaterThan(0);
    expect(hot.edges.every((e) => utilization(e.node) >= 0.9)).toBe(true);
    const frozen = await service.list(db.context(hq), { first: 100, filter: { status: CreditStatus.FROZEN } });
    expect(frozen.totalCount).toBe(admitted.filter((d) => d.status !== 'ACTIVE').length);
  });

  it('refuses bad input with codes', async () => {
    await expect(service.list(db.context(hq), { first: 101 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(service.list(db.context(hq), { first: -1 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(service.list(db.context(hq), { filter: { minUtilization: -0.1 } })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(service.list(db.context(hq), { filter: { minUtilization: Number.NaN } })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
    });
    await expect(service.list(db.context(hq), { after: 'garbage' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    await expect(service.list(db.context(hq), { after: encodeCursor(['x', 'cra_0001']) })).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
    });
    await expect(
      service.list(db.context(hq), { after: encodeCursor([5, 'cra_0001']), sort: CreditAccountSort.DEALER }),
    ).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    await expect(service.findOne(db.context(hq), 'not an id')).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    const empty = await service.list(db.context(hq), { first: 0 });
    expect(empty.edges).toHaveLength(0);
    expect(empty.totalCount).toBe(admitted.length);
  });
});
