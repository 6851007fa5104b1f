import { demoNetwork } from '@dnp/demo-data';
import {
  businessDate,
  createLogger,
  ExportJobRecord,
  ExportRunner,
  FolderBlobStore,
  Role,
  startReportExport,
  type Viewer,
} from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { config } from '../config.js';
import { CodeLevel, CodeStatus, SerialCode } from '../entities/serial-code.entity.js';
import { SellThroughDay } from '../entities/sell-through-day.entity.js';
import { ScanAction, type ScanCodeInput } from '../schema/trace.input.js';
import { traceabilitySubgraph } from '../subgraph.js';
import type { TraceabilityLoaders } from '../traceability-context.js';
import { ScanService } from './scan.service.js';
import { SellThroughReportService } from './sell-through-report.service.js';
import { traceabilityExports } from './traceability-exports.js';

const { dealers } = demoNetwork();
const nj = dealers.find((d) => d.regionId === 'reg_js_nj' && d.level === 'REGIONAL_DEALER')!;
const js = dealers.find((d) => d.regionId === 'reg_js' && d.level === 'PROVINCIAL_AGENT')!;
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn' };
const njAdmin: Viewer = { userId: 'usr_nj_admin', role: Role.DEALER_ADMIN, dealerId: nj.id, regionId: 'reg_js_nj' };
const jsAdmin: Viewer = {
  ...{ userId: 'usr_js_admin', role: Role.DEALER_ADMIN, dealerId: js.id, regionId: 'reg_js' },
  subDealerIds: [nj.id],
};
const east: Viewer = { userId: 'usr_east_manager', role: Role.REGION_MANAGER, regionId: 'reg_east' };
const south: Viewer = { userId: 'usr_south_manager', role: Role.REGION_MANAGER, regionId: 'reg_south' };

let db: TestSubgraph<TraceabilityLoaders>;
let dir: string;
const scans = new ScanService();
const reports = new SellThroughReportService();
const today = businessDate(new Date(), config.BUSINESS_TIME_ZONE);

async function sell(viewer: Viewer, dealerId: string, retailPrice?: string) {
  const [code] = await db.orm.em
    .fork()
    .find(
      SerialCode,
      { ownerDealerId: dealerId, level: CodeLevel.ITEM, status: CodeStatus.RECEIVED },
      { orderBy: { code: 'asc' }, limit: 1 },
    );
  const input = { action: ScanAction.SELL, regionId: 'reg_js_nj', code: code!.code, retailPrice };
  const res = await scans.scan(db.context(viewer), input as ScanCodeInput);
  expect(res.errors).toEqual([]);
  return code!;
}

beforeAll(async () => {
  db = await openTestSubgraph(traceabilitySubgraph, { seed: true });
  dir = await mkdtemp(join(tmpdir(), 'dnp-sell-through-'));
  await sell(njAdmin, nj.id, '99.50');
  await sell(njAdmin, nj.id);
  await sell(jsAdmin, js.id, '120.00');
});
afterAll(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

const month = today.slice(0, 7);
const args = (over: Record<string, unknown> = {}) => ({ from: today, to: today, granularity: 'MONTH', ...over });
const sold = async (viewer: Viewer, over: Record<string, unknown> = {}) =>
  (await reports.report(db.context(viewer), args(over))).map((r) => `${r.period} ${r.soldUnits}`);

describe('sell_through_day', () => {
  it("is written in the SELL scan's transaction: units, priced units and revenue per seller and day", async () => {
    const rows = await db.orm.em.fork().find(SellThroughDay, { day: today }, { orderBy: { dealerId: 'asc' } });
    // One row per seller × product × region sold in: the codes taken are of different products.
    const byDealer: Record<string, number[]> = {};
    for (const r of rows) {
      const sum = (byDealer[r.dealerId] ??= [0, 0, 0]);
      [sum[0], sum[1], sum[2]] = [sum[0]! + r.soldUnits, sum[1]! + r.pricedUnits, sum[2]! + r.revenueMinor];
    }
    expect(byDealer).toEqual({ [nj.id]: [2, 1, 9950], [js.id]: [1, 1, 12000] });
    expect(rows.every((r) => r.regionId === 'reg_js_nj' && r.regionPath.endsWith('/reg_js_nj/'))).toBe(true);
  });
});

describe('sellThroughReport', () => {
  it('sums the periods with the average price of the priced units', async () => {
    expect(await reports.report(db.context(hq), args())).toEqual([
      { period: month, soldUnits: 3, pricedUnits: 2, revenueMinor: 21950, averagePriceMinor: 10975 },
    ]);
    expect(await sold(hq, { granularity: 'DAY' })).toEqual([`${today} 3`]);
  });

  it("reads in the viewer's scope and narrows by seller and region sold in", async () => {
    expect(await sold(njAdmin)).toEqual([`${month} 2`]);
    expect(await sold(jsAdmin)).toEqual([`${month} 3`]);
    expect(await sold(east)).toEqual([`${month} 3`]);
    expect(await sold(south)).toEqual([]);
    expect(await sold(hq, { dealerId: nj.id })).toEqual([`${month} 2`]);
    expect(await sold(njAdmin, { dealerId: js.id })).toEqual([]);
    expect(await sold(hq, { regionId: 'reg_js' })).toEqual([`${month} 3`]);
    expect(await sold(hq, { regionId: 'reg_south' })).toEqual([]);
  });

  it('refuses bad dates, reversed ranges and unknown granularities', async () => {
    const field = (over: Record<string, unknown>) =>
      reports.report(db.context(hq), args(over)).then(
        () => 'none',
        (e: Error & { extensions?: { field?: string } }) => e.extensions?.field,
      );
    expect(await field({ from: 'yesterday' })).toBe('from');
    expect(await field({ from: '2027-01-02', to: '2027-01-01' })).toBe('to');
    expect(await field({ granularity: 'HOUR' })).toBe('granularity');
  });

  it('exports as CSV through the kit export job, in the requester scope', async () => {
    const ctx = db.context(njAdmin);
    const filters = JSON.stringify(args());
    const { job } = await startReportExport(ctx, traceabilityExports, {
      report: 'sellThroughReport',
      filters,
      format: 'CSV',
    });
    const store = new FolderBlobStore(dir);
    await new ExportRunner(db.orm, createLogger('traceability', 'silent'), traceabilityExports, store).run();
    const row = await db.orm.em.fork().findOneOrFail(ExportJobRecord, { id: job!.id });
    expect([row.status, row.rowsDone]).toEqual(['DONE', 1]);
    const text = (await store.get(row.blobKey!))!.bytes.toString('utf8');
    expect(text.split('\r\n')).toEqual([
      '\ufeffperiod,soldUnits,pricedUnits,revenue,averagePrice',
      `${month},2,1,99.50,99.50`,
    ]);
  });
});
