import { demoNetwork } from '@dnp/demo-data';
import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertStatus, DiversionAlert } from '../entities/diversion-alert.entity.js';
import { CodeLevel, CodeStatus, SerialCode } from '../entities/serial-code.entity.js';
import { ScanAction } from '../schema/trace.input.js';
import { traceabilitySubgraph } from '../subgraph.js';
import type { TraceabilityLoaders } from '../traceability-context.js';
import { DiversionAlertService } from './diversion-alert.service.js';
import { ScanService } from './scan.service.js';

const { dealers } = demoNetwork();
const nj = dealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn' };
const east: Viewer = { userId: 'usr_east_manager', role: Role.REGION_MANAGER, regionId: 'reg_east' };
const south: Viewer = { userId: 'usr_south_manager', role: Role.REGION_MANAGER, regionId: 'reg_south' };
const njAdmin: Viewer = { userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: nj.id, regionId: 'reg_js_nj' };

let db: TestSubgraph<TraceabilityLoaders>;
const service = new DiversionAlertService();
const CITIES = ['reg_zj_hz', 'reg_gd_gz', 'reg_bj_cy', 'reg_sh_pd', 'reg_fj_xm', 'reg_sc_cd'];

beforeAll(async () => {
  db = await openTestSubgraph(traceabilitySubgraph, { seed: true });
  // Twelve more diversions (HQ inspections of the Nanjing dealer's stock around the country) give pages to walk.
  const items = await db.orm.em
    .fork()
    .find(
      SerialCode,
      { ownerDealerId: nj.id, level: CodeLevel.ITEM, status: CodeStatus.RECEIVED },
      { limit: 12, orderBy: { code: 'asc' } },
    );
  const scans = new ScanService();
  for (const [i, item] of items.entries()) {
    const res = await scans.scan(db.context(hq), {
      code: item.code,
      action: ScanAction.SCAN,
      regionId: CITIES[i % CITIES.length]!,
    });
    expect(res.diversionAlert).toBeTruthy();
  }
});
afterAll(() => db.close());

describe('DiversionAlertService.list', () => {
  it('seeds 3–5 open alerts', async () => {
    const seeded = await db.orm.em.fork().count(DiversionAlert, { detectedByDealerId: { $ne: null } });
    const all = await db.orm.em.fork().count(DiversionAlert, {});
    expect(all - 12).toBeGreaterThanOrEqual(3);
    expect(all - 12).toBeLessThanOrEqual(5);
    expect(seeded).toBeGreaterThan(0);
  });

  it('pages newest first through every alert, without gaps or repeats', async () => {
    const total = await db.orm.em.fork().count(DiversionAlert, {});
    const seen: DiversionAlert[] = [];
    let after: string | null = null;
    do {
      const page = await service.list(db.context(hq), { first: 5, after });
      expect(page.totalCount).toBe(total);
      seen.push(...page.edges.map((e) => e.node));
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen.map((a) => a.id)).size).toBe(total);
    const times = seen.map((a) => a.detectedAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
  });

  it('filters by status and owner', async () => {
    const open = await service.list(db.context(hq), { first: 100, filter: { status: AlertStatus.OPEN } });
    expect(open.edges.every((e) => e.node.status === AlertStatus.OPEN)).toBe(true);
    const mine = await service.list(db.context(hq), { first: 100, filter: { ownerDealerId: nj.id } });
    expect(mine.totalCount).toBeGreaterThanOrEqual(12);
    expect(mine.edges.every((e) => e.node.ownerDealerId === nj.id)).toBe(true);
  });

  it('scopes managers to alerts detected in their region subtree', async () => {
    const all = await service.list(db.context(hq), { first: 100 });
    const eastPage = await service.list(db.context(east), { first: 100 });
    const southPage = await service.list(db.context(south), { first: 100 });
    expect(eastPage.edges.every((e) => e.node.detectedRegionPath.includes('/reg_east/'))).toBe(true);
    expect(southPage.edges.every((e) => e.node.detectedRegionPath.includes('/reg_south/'))).toBe(true);
    expect(eastPage.totalCount).toBe(all.edges.filter((e) => e.node.detectedRegionPath.includes('/reg_east/')).length);
    expect(eastPage.totalCount).toBeGreaterThan(0);
    expect(southPage.totalCount).toBeGreaterThan(0);
  });

  it('refuses dealers (FORBIDDEN), anonymous callers (UNAUTHENTICATED), bad sizes and forged cursors', async () => {
    await expect(service.list(db.context(njAdmin), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.list(db.context(null), {})).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
    await expect(service.list(db.context(hq), { first: 101 })).rejects.toMatchObject({ code: 'BAD_USER_INPUT' });
    await expect(service.list(db.context(hq), { after: 'nope' })).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });
});

describe('DiversionAlertService acknowledge / resolve', () => {
  it('acknowledges once, records who, then resolves; a resolved alert cannot be reopened', async () => {
    const alert = (await service.list(db.context(east), { first: 1, filter: { status: AlertStatus.OPEN } })).edges[0]!
      .node;
    const acked = await service.acknowledge(db.context(east), alert.id);
    expect(acked).toMatchObject({ status: AlertStatus.ACKNOWLEDGED, acknowledgedBy: 'usr_east_manager' });
    expect(acked.acknowledgedAt).toBeInstanceOf(Date);
    expect((await service.acknowledge(db.context(hq), alert.id)).acknowledgedBy).toBe('usr_east_manager');
    expect((await service.resolve(db.context(hq), alert.id)).status).toBe(AlertStatus.RESOLVED);
    await expect(service.acknowledge(db.context(hq), alert.id)).rejects.toMatchObject({ code: 'ALERT_RESOLVED' });
  });

  it("answers NOT_FOUND for alerts outside a manager's region and FORBIDDEN for dealers", async () => {
    const southAlert = (await service.list(db.context(south), { first: 1 })).edges[0]!.node;
    await expect(service.acknowledge(db.context(east), southAlert.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(service.resolve(db.context(njAdmin), southAlert.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.resolve(db.context(hq), 'div_nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
