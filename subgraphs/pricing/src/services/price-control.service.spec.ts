import {
  AUDIT_ENTITIES,
  EventType,
  handleOnce,
  OutboxEvent,
  Role,
  type DomainEvent,
  type Viewer,
} from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PriceViolation, PriceViolationStatus } from '../entities/price-violation.entity.js';
import { ResaleFloor } from '../entities/resale-floor.entity.js';
import { RetailPriceReport, RetailPriceSource } from '../entities/retail-price-report.entity.js';
import type { PricingContext, PricingLoaders } from '../pricing-context.js';
import { PriceViolationGroupBy } from '../schema/price-control.input.js';
import { pricingSubgraph } from '../subgraph.js';
import { PriceViolationService } from './price-violation.service.js';
import { ResaleFloorService } from './resale-floor.service.js';
import { retailPricesConsumer } from './retail-prices-consumer.js';
import { RetailPriceService } from './retail-price.service.js';
import type { SellerDirectory } from './seller-directory.service.js';

const AuditEntry = AUDIT_ENTITIES[0];
const P = 'prd_00002';
const NJ = 'dlr_0003';
const JS = 'dlr_0002';
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const east: Viewer = { userId: 'usr_east_manager', role: Role.REGION_MANAGER, regionId: 'reg_east' };
const south: Viewer = { userId: 'usr_south_manager', role: Role.REGION_MANAGER, regionId: 'reg_south' };
const njAdmin: Viewer = { userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: NJ, regionId: 'reg_js_nj' };
const njStaff: Viewer = { ...njAdmin, userId: 'usr_nj_staff', role: Role.DEALER_STAFF };
const jsAdmin: Viewer = { userId: 'usr_js_admin', role: Role.DEALER_ADMIN, dealerId: JS, regionId: 'reg_js' };

let db: TestSubgraph<PricingLoaders>;
const floors = new ResaleFloorService();
const reports = new RetailPriceService();
const violations = new PriceViolationService();
/** The dealer directory as the demo has these dealers (pricing asks dealers for it; no dealers subgraph here). */
const directory: SellerDirectory = {
  parentOf: async (id) => (id === NJ ? JS : null),
  seller: async (id) =>
    [NJ, JS, 'dlr_sh'].includes(id) ? { id, code: id, name: id, nameEn: id, subDealers: [] } : null,
};
function ctx(viewer: Viewer): PricingContext {
  const context = db.context(viewer);
  context.loaders.sellers = directory;
  return context;
}

async function counts() {
  const em = db.orm.em.fork();
  return Promise.all([
    em.count(ResaleFloor, {}),
    em.count(RetailPriceReport, {}),
    em.count(PriceViolation, {}),
    em.count(OutboxEvent, {}),
    em.count(AuditEntry, {}),
  ]);
}
const events = (type: EventType) => db.orm.em.fork().find(OutboxEvent, { type }, { orderBy: { seq: 'asc' } });
const codes = (r: { errors: { code: string; field: string | null }[] }) => r.errors.map((e) => [e.code, e.field]);

beforeAll(async () => {
  db = await openTestSubgraph(pricingSubgraph, { seed: true });
  // East China at 50.00 covers Jiangsu's cities unless Jiangsu says otherwise: it says 60.00.
  for (const [regionId, minPriceMinor] of [
    ['reg_east', 5000],
    ['reg_js', 6000],
  ] as const)
    expect((await floors.set(ctx(hq), { productId: P, regionId, minPriceMinor })).errors).toEqual([]);
});
afterAll(() => db.close());

describe('setMinimumResalePrice / removeMinimumResalePrice', () => {
  it('refuses each bad field with its own code and writes nothing; FORBIDDEN for anyone but HQ', async () => {
    const before = await counts();
    const bad = await floors.set(ctx(hq), { productId: 'prd_nope', regionId: 'reg_nope', minPriceMinor: 0 });
    expect(codes(bad)).toEqual([
      ['PRICE_NOT_POSITIVE', 'minPriceMinor'],
      ['PRODUCT_UNKNOWN', 'productId'],
      ['REGION_UNKNOWN', 'regionId'],
    ]);
    const at = new Date('2026-12-01T00:00:00Z');
    const validity = await floors.set(ctx(hq), {
      ...{ productId: P, regionId: 'reg_sh', minPriceMinor: 100 },
      ...{ validFrom: at, validTo: at },
    });
    expect(codes(validity)).toEqual([['INVALID_VALIDITY', 'validTo']]);
    await expect(floors.set(ctx(east), { productId: P, regionId: 'reg_sh', minPriceMinor: 100 })).rejects.toThrow();
    await expect(floors.remove(ctx(njAdmin), P, 'reg_js')).rejects.toThrow();
    expect(await counts()).toEqual(before);
  });

  it('replaces, removes and re-sets a minimum, each audited with its event', async () => {
    const set = await floors.set(ctx(hq), { productId: P, regionId: 'reg_sh', minPriceMinor: 4000 });
    const again = await floors.set(ctx(hq), { productId: P, regionId: 'reg_sh', minPriceMinor: 4500 });
    expect(again.floor).toMatchObject({
      id: set.floor!.id,
      minPriceMinor: 4500,
      regionPath: '/reg_cn/reg_east/reg_sh/',
    });
    const removed = await floors.remove(ctx(hq), P, 'reg_sh');
    expect(removed.floor?.id).toBe(set.floor!.id);
    expect((await floors.remove(ctx(hq), P, 'reg_sh')).floor).toBeNull();
    const changes = (await events(EventType.RESALE_FLOOR_CHANGED)).filter((e) => e.payload.regionId === 'reg_sh');
    expect(changes.map((e) => e.payload.minimumMinor)).toEqual([4000, 4500, null]);
    const em = db.orm.em.fork();
    expect(await em.count(AuditEntry, { entityId: set.floor!.id })).toBe(3);
    const page = await floors.list(ctx(njStaff), { productId: P }, { first: 10 });
    expect(page.edges.map((e) => e.node.regionId).sort()).toEqual(['reg_east', 'reg_js']);
  });
});

describe('reportRetailPrice', () => {
  it('refuses each bad input with its own code and writes nothing; a dealer reports only as itself', async () => {
    const before = await counts();
    const future = new Date(Date.now() + 3_600_000);
    const bad = await reports.report(ctx(njAdmin), {
      ...{ productId: 'prd_nope', regionId: 'reg_nope', priceMinor: -1, observedAt: future },
    });
    expect(codes(bad)).toEqual([
      ['PRICE_NOT_POSITIVE', 'priceMinor'],
      ['OBSERVED_IN_FUTURE', 'observedAt'],
      ['PRODUCT_UNKNOWN', 'productId'],
      ['REGION_UNKNOWN', 'regionId'],
    ]);
    const noDealer = await reports.report(ctx(hq), { productId: P, regionId: 'reg_js_nj', priceMinor: 100 });
    expect(codes(noDealer)).toEqual([['DEALER_REQUIRED', 'dealerId']]);
    const unknown = await reports.report(ctx(hq), {
      ...{ productId: P, regionId: 'reg_js_nj', priceMinor: 100, dealerId: 'dlr_nope' },
    });
    expect(codes(unknown)).toEqual([['DEALER_UNKNOWN', 'dealerId']]);
    expect(unknown.report).toBeNull();
    await expect(
      reports.report(ctx(njAdmin), { productId: P, regionId: 'reg_js_nj', priceMinor: 100, dealerId: JS }),
    ).rejects.toThrow(/own dealer/);
    await expect(reports.report(ctx(east), { productId: P, regionId: 'reg_js_nj', priceMinor: 100 })).rejects.toThrow();
    expect(await counts()).toEqual(before);
  });

  it('applies the deepest minimum on the path: Jiangsu 60.00 in Nanjing, East China 50.00 in Shanghai', async () => {
    const nanjing = await reports.report(ctx(njStaff), { productId: P, regionId: 'reg_js_nj', priceMinor: 5500 });
    expect(nanjing.errors).toEqual([]);
    expect(nanjing.report).toMatchObject({ minimumMinor: 6000, source: RetailPriceSource.REPORT, dealerId: NJ });
    expect(nanjing.violation).toMatchObject({
      ...{ dealerId: NJ, productId: P, regionId: 'reg_js_nj', priceMinor: 5500, minimumMinor: 6000 },
      status: PriceViolationStatus.OPEN,
    });
    const shanghai = await reports.report(ctx(hq), {
      ...{ productId: P, regionId: 'reg_sh', priceMinor: 5500, dealerId: 'dlr_sh', code: 'JH0000000000000001' },
    });
    expect(shanghai.report).toMatchObject({ minimumMinor: 5000, violationId: null });
    expect(shanghai.violation).toBeNull();
    const raised = (await events(EventType.PRICE_VIOLATION_RAISED)).at(-1)!;
    expect(raised.payload).toMatchObject({ alertId: nanjing.violation!.id, minimumMinor: 6000, source: 'REPORT' });
    expect(await db.orm.em.fork().count(AuditEntry, { entityId: nanjing.report!.id })).toBe(1);
  });

  it("joins the day's open violation of a dealer, product and region; raises anew once it is resolved", async () => {
    const first = await reports.report(ctx(jsAdmin), { productId: P, regionId: 'reg_js_sz', priceMinor: 5900 });
    const second = await reports.report(ctx(jsAdmin), { productId: P, regionId: 'reg_js_sz', priceMinor: 5800 });
    expect(second.violation!.id).toBe(first.violation!.id);
    expect(second.report!.violationId).toBe(first.violation!.id);
    const raisedFor = async (id: string) =>
      (await events(EventType.PRICE_VIOLATION_RAISED)).filter((e) => e.payload.alertId === id).length;
    expect(await raisedFor(first.violation!.id)).toBe(1);
    await violations.acknowledge(ctx(jsAdmin), first.violation!.id);
    const resolved = await violations.resolve(ctx(east), first.violation!.id);
    expect(resolved).toMatchObject({ status: PriceViolationStatus.RESOLVED, openKey: null });
    const third = await reports.report(ctx(jsAdmin), { productId: P, regionId: 'reg_js_sz', priceMinor: 5700 });
    expect(third.violation!.id).not.toBe(first.violation!.id);
    await expect(violations.acknowledge(ctx(njAdmin), third.violation!.id)).rejects.toThrow();
  });
});

describe('pricing:retail-prices consumer', () => {
  let n = 0;
  const sold = (priceMinor: number | null, code: string): DomainEvent => ({
    id: `evt_rs_${++n}`,
    type: EventType.RETAIL_SOLD,
    source: 'traceability',
    occurredAt: new Date().toISOString(),
    subjectId: code,
    scope: { dealerIds: [NJ], regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'] },
    payload: { code, productId: P, dealerId: NJ, regionId: 'reg_js_nj', priceMinor, soldAt: new Date().toISOString() },
  });
  const run = (e: DomainEvent) =>
    handleOnce(db.orm.em, retailPricesConsumer.name, e.id, (tx) => retailPricesConsumer.handle(tx, e));

  it('files a priced scan once as a SCAN report with its code and violation; a replay files nothing', async () => {
    const e = sold(4200, 'JH00000000000000RS');
    await run(e);
    const before = await counts();
    await run(e);
    expect(await counts()).toEqual(before);
    const rows = await db.orm.em.fork().find(RetailPriceReport, { code: 'JH00000000000000RS' });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ source: RetailPriceSource.SCAN, priceMinor: 4200, minimumMinor: 6000 });
    const violation = await db.orm.em.fork().findOneOrFail(PriceViolation, { id: rows[0]!.violationId! });
    expect(violation.dealerId).toBe(NJ);
  });

  it('files nothing for a sale without a price', async () => {
    const before = await counts();
    await run(sold(null, 'JH00000000000000RT'));
    expect(await db.orm.em.fork().count(RetailPriceReport, { code: 'JH00000000000000RT' })).toBe(0);
    expect((await counts()).slice(0, 3)).toEqual(before.slice(0, 3));
  });
});

describe('priceViolations and priceViolationSummary scopes', () => {
  const dealersSeen = async (viewer: Viewer) =>
    [...new Set((await violations.list(ctx(viewer), {}, { first: 100 })).edges.map((e) => e.node.dealerId))].sort();

  it('shows HQ all, a manager its region subtree and a dealer its own', async () => {
    expect(await dealersSeen(hq)).toEqual([JS, NJ]);
    expect(await dealersSeen(east)).toEqual([JS, NJ]);
    expect(await dealersSeen(south)).toEqual([]);
    expect(await dealersSeen(njStaff)).toEqual([NJ]);
    expect(await dealersSeen(jsAdmin)).toEqual([JS]);
    const filtered = await violations.list(
      ctx(hq),
      { regionId: 'reg_js_sz', status: PriceViolationStatus.RESOLVED },
      {},
    );
    expect(filtered.edges.map((e) => e.node.dealerId)).toEqual([JS]);
    const nanjingOnly = await violations.list(ctx(jsAdmin), { dealerId: NJ }, {});
    expect(nanjingOnly.edges).toEqual([]);
  });

  it('counts per region and per dealer within the scope', async () => {
    const byRegion = await violations.summary(ctx(hq), { groupBy: PriceViolationGroupBy.REGION });
    // The scan in Nanjing joined the report's open violation of that day: one there.
    expect(byRegion).toEqual([
      { key: 'reg_js_sz', count: 2, unresolved: 1 },
      { key: 'reg_js_nj', count: 1, unresolved: 1 },
    ]);
    const byDealer = await violations.summary(ctx(njAdmin), { groupBy: PriceViolationGroupBy.DEALER });
    expect(byDealer).toEqual([{ key: NJ, count: 1, unresolved: 1 }]);
    expect(await violations.summary(ctx(south), { groupBy: PriceViolationGroupBy.DEALER })).toEqual([]);
    const future = new Date(Date.now() + 86_400_000);
    expect(await violations.summary(ctx(hq), { groupBy: PriceViolationGroupBy.DEALER, from: future })).toEqual([]);
  });
});
