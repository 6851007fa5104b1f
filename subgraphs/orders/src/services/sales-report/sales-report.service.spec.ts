import {
  AppError,
  createLogger,
  ExportJobRecord,
  ExportRunner,
  FolderBlobStore,
  Role,
  type Viewer,
} from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import ExcelJS from 'exceljs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrdersLoaders } from '../../orders-context.js';
import {
  DealerRankingLevel,
  DealerRankingMetric,
  SalesReportCompare,
  SalesReportDimension as D,
  SalesReportGranularity as G,
  type SalesReportInput,
} from '../../schema/sales-report.input.js';
import { ordersSubgraph } from '../../subgraph.js';
import { BRAND_SELLER, type SalesFactDelta } from '../sales-facts/sales-fact-sources.js';
import { addSalesFacts } from '../sales-facts/sales-fact.writer.js';
import { ordersExports } from './sales-exports.js';
import { SalesReportService } from './sales-report.service.js';

const hq: Viewer = { userId: 'usr_hq', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const east: Viewer = {
  userId: 'usr_e',
  role: Role.REGION_MANAGER,
  regionId: 'reg_east',
  regionPath: ['reg_cn', 'reg_east'],
};
const rep1Admin: Viewer = { userId: 'usr_r1', role: Role.DEALER_ADMIN, dealerId: 'dlr_rep1', regionId: 'reg_js' };
const operator: Viewer = { userId: 'usr_w', role: Role.WAREHOUSE_OPERATOR, warehouseIds: ['wh_x'] };
const JS = '/reg_cn/reg_east/reg_js/';
const GD = '/reg_cn/reg_south/reg_gd/';
const MLK = '/cat_dairy/cat_mlk/';

let db: TestSubgraph<OrdersLoaders>;
const service = new SalesReportService();

/** A fact at a Beijing noon of `date`: net as given, gross net + 13 %. */
const fact = (date: string, dealerId: string, regionPath: string, productId: string, net: number, units: number) =>
  ({
    ...{ at: new Date(`${date}T04:00:00Z`), sellerKey: BRAND_SELLER, dealerId, regionPath, productId },
    ...{ categoryPath: productId === 'prd_r2' ? '/cat_dairy/cat_yog/' : MLK, brandId: 'brd_a' },
    ...{ orders: 1, orderLines: 1, units, grossMinor: (net * 113) / 100, netMinor: net },
  }) satisfies SalesFactDelta;

beforeAll(async () => {
  db = await openTestSubgraph(ordersSubgraph);
  const deltas = [
    fact('2029-03-15', 'dlr_rep1', JS, 'prd_r1', 10_000, 5),
    fact('2030-02-10', 'dlr_rep1', JS, 'prd_r1', 8_000, 4),
    fact('2030-03-05', 'dlr_rep1', JS, 'prd_r1', 7_000, 4),
    fact('2030-03-20', 'dlr_rep1', JS, 'prd_r2', 5_000, 2),
    fact('2030-03-12', 'dlr_rep2', GD, 'prd_r1', 5_000, 3),
    { ...fact('2030-03-08', 'dlr_rep3', JS, 'prd_r1', 2_000, 1), sellerKey: 'dlr_rep1' },
  ];
  await db.orm.em.fork().transactional((tx) => addSalesFacts(tx, deltas, 'Asia/Shanghai'));
});
afterAll(() => db.close());

const march = (over: Partial<SalesReportInput> = {}): SalesReportInput => ({
  ...{ dimension: D.DEALER, granularity: G.MONTH, from: '2030-03-01', to: '2030-03-31' },
  ...over,
});
const rows = async (viewer: Viewer, input: SalesReportInput) =>
  (await service.report(db.context(viewer), input, { offset: 0, limit: 100 })).rows.map((r) => [
    r.key,
    r.netMinor,
    r.compareNetMinor,
    r.changeBp,
  ]);
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => (e instanceof AppError ? e.code : String(e)),
  );

describe('SalesReportService.report', () => {
  it('compares dealers year on year, hand-computed, with totals over every row', async () => {
    const r = await service.report(db.context(hq), march({ compare: SalesReportCompare.YOY }), { offset: 0, limit: 2 });
    expect(r.rows.map((x) => [x.key, x.netMinor, x.compareNetMinor, x.changeBp])).toEqual([
      ['dlr_rep1', 12_000, 10_000, 2_000],
      ['dlr_rep2', 5_000, 0, null],
    ]);
    expect(r.total).toBe(3);
    expect(r.totals).toMatchObject({
      orders: 4,
      units: 10,
      netMinor: 19_000,
      compareNetMinor: 10_000,
      changeBp: 9_000,
    });
  });

  it('compares months with the month before (MOM), empty periods as zeros', async () => {
    const input = march({ dimension: D.PERIOD, from: '2030-02-01', compare: SalesReportCompare.MOM });
    expect(await rows(hq, input)).toEqual([
      ['2030-02', 8_000, 0, null],
      ['2030-03', 19_000, 8_000, 13_750],
    ]);
    const r = await service.report(db.context(hq), input, { offset: 0, limit: 10 });
    expect(r.totals).toMatchObject({ netMinor: 27_000, compareNetMinor: 8_000, changeBp: 23_750 });
    const quarter = await rows(
      hq,
      march({ dimension: D.PERIOD, granularity: G.QUARTER, compare: SalesReportCompare.YOY }),
    );
    expect(quarter).toEqual([['2030-Q1', 27_000, 10_000, 17_000]]);
  });

  it('groups regions below the viewer’s own, and a manager sees only its subtree', async () => {
    expect(await rows(hq, march({ dimension: D.REGION }))).toEqual([
      ['reg_east', 14_000, null, null],
      ['reg_south', 5_000, null, null],
    ]);
    expect(await rows(east, march({ dimension: D.REGION }))).toEqual([['reg_js', 14_000, null, null]]);
    expect(await rows(east, march({ dimension: D.DEALER, regionId: 'reg_south' }))).toEqual([]);
    expect(await rows(east, march({ dimension: D.DEALER, dealerId: 'dlr_rep2' }))).toEqual([]);
  });

  it('lets a dealer admin read its own purchases and its own sales to sub-dealers only', async () => {
    expect((await rows(rep1Admin, march())).map((r) => r[0])).toEqual(['dlr_rep1', 'dlr_rep3']);
    expect((await rows(rep1Admin, march({ sellerDealerId: 'dlr_rep1' }))).map((r) => r[0])).toEqual(['dlr_rep3']);
    expect(await rows(rep1Admin, march({ dealerId: 'dlr_rep2' }))).toEqual([]);
    expect(await codeOf(service.report(db.context(operator), march(), { offset: 0, limit: 1 }))).toBe('FORBIDDEN');
  });

  it('groups categories below the one named, and counts product orders per line', async () => {
    expect(await rows(hq, march({ dimension: D.CATEGORY }))).toEqual([['cat_dairy', 19_000, null, null]]);
    expect(await rows(hq, march({ dimension: D.CATEGORY, categoryId: 'cat_dairy' }))).toEqual([
      ['cat_mlk', 14_000, null, null],
      ['cat_yog', 5_000, null, null],
    ]);
    const products = await service.report(db.context(hq), march({ dimension: D.PRODUCT }), { offset: 0, limit: 5 });
    expect(products.rows.map((r) => [r.key, r.orders, r.units])).toEqual([
      ['prd_r1', 3, 8],
      ['prd_r2', 1, 2],
    ]);
  });

  it('pages day rows with the kit cursors', async () => {
    const input = march({ dimension: D.PERIOD, granularity: G.DAY });
    const first = await service.salesReport(db.context(hq), input, 10);
    expect(first.page.totalCount).toBe(31);
    const second = await service.salesReport(db.context(hq), input, 10, first.page.pageInfo.endCursor);
    expect(second.page.edges.map((e) => e.node.key)).toEqual(
      Array.from({ length: 10 }, (_, i) => `2030-03-${String(i + 11).padStart(2, '0')}`),
    );
    expect(second.page.edges.find((e) => e.node.key === '2030-03-12')?.node.netMinor).toBe(5_000);
  });

  it('refuses bad input with its own code', async () => {
    const ctx = db.context(hq);
    const page = { offset: 0, limit: 1 };
    expect(await codeOf(service.report(ctx, march({ from: '2030-04-01' }), page))).toBe('FROM_AFTER_TO');
    expect(await codeOf(service.report(ctx, march({ to: '2030-02-30' }), page))).toBe('DATE_INVALID');
    const long = march({ granularity: G.DAY, from: '2025-01-01', to: '2029-12-31' });
    expect(await codeOf(service.report(ctx, long, page))).toBe('RANGE_TOO_LONG');
    expect(await codeOf(service.report(ctx, march({ regionId: 'reg %' }), page))).toBe('FILTER_INVALID');
  });
});

describe('SalesReportService.dealerRanking', () => {
  it('ranks dealers by net, growth and level within the scope', async () => {
    const rank = async (viewer: Viewer, input: Parameters<SalesReportService['dealerRanking']>[1]) =>
      (await service.dealerRanking(db.context(viewer), input)).map((r) => [r.rank, r.dealerId, r.netMinor, r.growthBp]);
    expect(await rank(hq, { period: '2030-03' })).toEqual([
      [1, 'dlr_rep1', 12_000, 2_000],
      [2, 'dlr_rep2', 5_000, null],
      [3, 'dlr_rep3', 2_000, null],
    ]);
    const growth = await rank(hq, { period: '2030-Q1', metric: DealerRankingMetric.GROWTH });
    expect(growth[0]).toEqual([1, 'dlr_rep1', 20_000, 10_000]);
    expect(await rank(hq, { period: '2030', level: DealerRankingLevel.SUB_DEALER })).toEqual([
      [1, 'dlr_rep3', 2_000, null],
    ]);
    expect((await rank(east, { period: '2030-03' })).map((r) => r[1])).toEqual(['dlr_rep1', 'dlr_rep3']);
    expect(await rank(east, { period: '2030-03', regionId: 'reg_south' })).toEqual([]);
    expect(await codeOf(service.dealerRanking(db.context(hq), { period: '2030-13' }))).toBe('PERIOD_INVALID');
  });
});

describe('startOrdersReportExport', () => {
  const start = `mutation($input: StartReportExportInput!) {
    startOrdersReportExport(input: $input) { job { id status } errors { code field } }
  }`;
  const startWith = async (viewer: Viewer, report: string, filters: object, format = 'XLSX') =>
    (await db.execute(start, { input: { report, filters: JSON.stringify(filters), format } }, viewer)).data
      ?.startOrdersReportExport as { job: { id: string; status: string } | null; errors: unknown[] };
  const runAll = async (dir: string) => {
    const store = new FolderBlobStore(dir);
    await new ExportRunner(db.orm, createLogger('orders', 'silent'), ordersExports, store).run();
    return store;
  };

  it('refuses bad filters with the query’s own codes, writing nothing', async () => {
    const before = await db.orm.em.fork().count(ExportJobRecord, {});
    expect((await startWith(hq, 'salesReport', { ...march(), dimension: 'CITY' })).errors).toEqual([
      { code: 'FILTERS_INVALID', field: 'dimension' },
    ]);
    expect((await startWith(hq, 'salesReport', march({ to: '2030-02-30' }))).errors).toEqual([
      { code: 'FILTERS_INVALID', field: 'to' },
    ]);
    expect((await startWith(hq, 'dealerRanking', { period: '2030-13' })).errors).toEqual([
      { code: 'FILTERS_INVALID', field: 'period' },
    ]);
    expect((await startWith(hq, 'salesReport', march(), 'ODS')).errors).toEqual([
      { code: 'FORMAT_UNKNOWN', field: 'format' },
    ]);
    expect(await db.orm.em.fork().count(ExportJobRecord, {})).toBe(before);
  });

  it('writes the sales rows into an XLSX and the whole ranking into a CSV, in the viewer’s scope', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dnp-orders-export-'));
    try {
      const input = march({ compare: SalesReportCompare.YOY });
      const sales = (await startWith(hq, 'salesReport', input)).job!;
      const ranking = (await startWith(east, 'dealerRanking', { period: '2030-03' }, 'CSV')).job!;
      expect([sales.status, ranking.status]).toEqual(['QUEUED', 'QUEUED']);
      const store = await runAll(dir);

      const salesRow = await db.orm.em.fork().findOneOrFail(ExportJobRecord, { id: sales.id });
      expect([salesRow.status, salesRow.rowsDone, salesRow.rowsTotal]).toEqual(['DONE', 3, 3]);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await store.get(salesRow.blobKey!))!.bytes as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      const cells = sheet
        .getSheetValues()
        .slice(1)
        .map((r) => (r as unknown[]).slice(1));
      expect(cells[0]).toEqual(['key', 'label', 'orders', 'units', 'gross', 'net', 'compareNet', 'changePercent']);
      expect(cells[1]).toEqual(['dlr_rep1', 'dlr_rep1', 2, 6, '135.60', '120.00', '100.00', '20.00']);
      const report = await service.report(db.context(hq), input, { offset: 0, limit: 100 });
      expect(cells.slice(1).map((r) => r[0])).toEqual(report.rows.map((r) => r.key));

      const rankingRow = await db.orm.em.fork().findOneOrFail(ExportJobRecord, { id: ranking.id });
      const text = (await store.get(rankingRow.blobKey!))!.bytes.toString('utf8').replace(/^\ufeff/, '');
      const csv = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true });
      expect(csv.data.map((r) => [r.rank, r.dealerId, r.net, r.growthPercent])).toEqual([
        ['1', 'dlr_rep1', '120.00', '20.00'],
        ['2', 'dlr_rep3', '20.00', ''],
      ]);

      const read = await db.execute(
        `query($id: ID!) { ordersExportJob(id: $id) { status downloadPath } }`,
        {
          id: sales.id,
        },
        hq,
      );
      expect(read.data?.ordersExportJob).toEqual({ status: 'DONE', downloadPath: `/exports/${sales.id}` });
      const other = await db.execute(`query($id: ID!) { ordersExportJob(id: $id) { id } }`, { id: sales.id }, east);
      expect(other.data?.ordersExportJob).toBeNull();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
