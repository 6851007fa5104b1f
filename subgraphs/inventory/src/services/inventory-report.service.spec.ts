import {
  EventType,
  EXPORT_CHUNK,
  ExportJobRecord,
  ExportRunner,
  FolderBlobStore,
  createLogger,
  Role,
  type DomainEvent,
  type ReportPager,
  type Viewer,
} from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StockFlowDay } from '../entities/stock-flow-day.entity.js';
import type { InventoryLoaders } from '../inventory-context.js';
import { inventorySubgraph } from '../subgraph.js';
import { inventoryExports } from './inventory-exports.js';
import { InventoryReportService, type InventoryReportFilter } from './inventory-report.service.js';
import { stockFactsConsumer } from './stock-facts.consumer.js';

const HQ: Viewer = { userId: 'usr_hq', role: Role.HQ_ADMIN };
/** An operator of the east warehouse only: the HQ warehouse is outside their scope. */
const EAST_OP: Viewer = { userId: 'usr_op', role: Role.WAREHOUSE_OPERATOR, warehouseIds: ['wh_east'] };
const consumer = stockFactsConsumer('Asia/Shanghai');
const reports = new InventoryReportService();

let db: TestSubgraph<InventoryLoaders>;
let dir: string;
let seq = 0;

beforeAll(async () => {
  db = await openTestSubgraph(inventorySubgraph, { seed: true });
  dir = await mkdtemp(join(tmpdir(), 'dnp-inventory-report-'));
});
afterAll(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

/** A `stock_changed` of (warehouse, product) at a UTC instant, the level at `onHand` after version `version`. */
const changed = (warehouseId: string, productId: string, at: string, version: number, onHand: number) =>
  ({
    id: `evt_sf${++seq}`,
    type: EventType.STOCK_CHANGED,
    source: 'inventory',
    occurredAt: at,
    subjectId: `sl_${productId}`,
    scope: {},
    payload: { productId, warehouseId, onHand, reserved: 0, available: onHand, safetyStock: 0, version },
  }) as DomainEvent;
const apply = (e: DomainEvent) => db.orm.em.fork().transactional((tx) => consumer.handle(tx, e));
const days = (productId: string) =>
  db.orm.em.fork().find(StockFlowDay, { productId }, { orderBy: { day: 'asc' }, disableIdentityMap: true });

describe('inventory:stock-facts', () => {
  it('keeps in, out and closing per business day; a replay or an older version changes nothing', async () => {
    // 00:30 Beijing on 1 March is 16:30 UTC on 28 February: it counts on 1 March.
    await apply(changed('wh_hq', 'prd_rep_a', '2026-02-28T16:30:00.000Z', 1, 100));
    await apply(changed('wh_hq', 'prd_rep_a', '2026-03-01T02:00:00.000Z', 2, 100));
    const sale = changed('wh_hq', 'prd_rep_a', '2026-03-01T03:00:00.000Z', 3, 60);
    await apply(sale);
    await apply({ ...sale, id: 'evt_sf_again' });
    await apply(changed('wh_hq', 'prd_rep_a', '2026-03-01T04:00:00.000Z', 2, 100));
    await apply(changed('wh_hq', 'prd_rep_a', '2026-03-03T01:00:00.000Z', 4, 80));
    // 23:30 Beijing on 28 February: still February. First seen at version 7: an opening, neither in nor out.
    await apply(changed('wh_hq', 'prd_rep_b', '2026-02-28T15:30:00.000Z', 7, 50));
    expect((await days('prd_rep_a')).map((d) => [d.day, d.inUnits, d.outUnits, d.closingUnits])).toEqual([
      ['2026-03-01', 100, 40, 60],
      ['2026-03-03', 20, 0, 80],
    ]);
    expect((await days('prd_rep_b')).map((d) => [d.day, d.inUnits, d.outUnits, d.closingUnits])).toEqual([
      ['2026-02-28', 0, 0, 50],
    ]);
  });
});

describe('inventoryReport', () => {
  const march: InventoryReportFilter = { warehouseId: 'wh_hq', from: '2026-03-01', to: '2026-03-03' };

  it('gives opening, in, out, closing, turnover and days of stock per product from the facts', async () => {
    const page = await reports.report(db.context(HQ), march);
    expect([page.days, page.totalCount]).toEqual([3, 2]);
    expect(page.rows).toEqual([
      {
        ...{ warehouseId: 'wh_hq', productId: 'prd_rep_a', openingUnits: 0, inUnits: 120, outUnits: 40 },
        ...{ closingUnits: 80, averageUnits: 40, turnover: 1, daysOfStock: 6 },
      },
      {
        ...{ warehouseId: 'wh_hq', productId: 'prd_rep_b', openingUnits: 50, inUnits: 0, outUnits: 0 },
        ...{ closingUnits: 50, averageUnits: 50, turnover: 0, daysOfStock: null },
      },
    ]);
    const second = await reports.report(db.context(HQ), { ...march, first: 1, offset: 1 });
    expect(second.rows.map((r) => r.productId)).toEqual(['prd_rep_b']);
  });

  it("refuses a warehouse outside the viewer's scope, bad dates and ranges over a year", async () => {
    const refusals = [
      reports.report(db.context(EAST_OP), march),
      reports.report(db.context(HQ), { ...march, to: '2026-02-30' }),
      reports.report(db.context(HQ), { ...march, to: '2026-02-01' }),
      reports.report(db.context(HQ), { ...march, to: '2027-03-03' }),
      reports.report(db.context(HQ), { ...march, first: 501 }),
    ];
    const fields = await Promise.all(
      refusals.map((p) =>
        p.then(
          () => 'none',
          (e: Error & { extensions?: { code?: string; field?: string; entity?: string } }) =>
            `${e.extensions?.code} ${e.extensions?.field ?? e.extensions?.entity}`,
        ),
      ),
    );
    expect(fields).toEqual([
      'NOT_FOUND Warehouse',
      'BAD_USER_INPUT to',
      'BAD_USER_INPUT to',
      'BAD_USER_INPUT to',
      'BAD_USER_INPUT first',
    ]);
  });

  it('exports through startInventoryReportExport: the CSV holds the report rows, paged by 5 000', async () => {
    const filters = JSON.stringify(march);
    const start = `mutation($input: StartReportExportInput!) {
      startInventoryReportExport(input: $input) { job { id status } errors { code field } }
    }`;
    const refused = await db.execute(start, { input: { report: 'inventoryReport', filters, format: 'ODS' } }, HQ);
    expect(refused.data?.startInventoryReportExport).toEqual({
      job: null,
      errors: [{ code: 'FORMAT_UNKNOWN', field: 'format' }],
    });
    const outside = { input: { report: 'inventoryReport', filters, format: 'CSV' } };
    expect(
      ((await db.execute(start, outside, EAST_OP)).data?.startInventoryReportExport as { errors: unknown[] }).errors,
    ).toEqual([{ code: 'FILTERS_INVALID', field: 'warehouseId' }]);
    const answer = await db.execute(start, { input: { report: 'inventoryReport', filters, format: 'CSV' } }, HQ);
    const { job } = answer.data?.startInventoryReportExport as { job: { id: string; status: string } };
    expect(job.status).toBe('QUEUED');

    const limits: number[] = [];
    const pager = inventoryExports.pagers[0] as ReportPager<InventoryReportFilter, unknown>;
    const watched = {
      ...inventoryExports,
      pagers: [{ ...pager, page: (c, f, o, l) => (limits.push(l), pager.page(c, f, o, l)) } as typeof pager],
    };
    const store = new FolderBlobStore(dir);
    await new ExportRunner(db.orm, createLogger('inventory', 'silent'), watched, store).run();
    expect(limits).toEqual([EXPORT_CHUNK]);
    const row = await db.orm.em.fork().findOneOrFail(ExportJobRecord, { id: job.id });
    expect([row.status, row.rowsDone, row.rowsTotal]).toEqual(['DONE', 2, 2]);
    const text = (await store.get(row.blobKey!))!.bytes.toString('utf8').replace(/^\ufeff/, '');
    const csv = Papa.parse<Record<string, string>>(text, { header: true, dynamicTyping: true });
    const report = await reports.report(db.context(HQ), march);
    expect(csv.data).toEqual(
      report.rows.map((r) => ({ ...r, turnover: r.turnover, daysOfStock: r.daysOfStock ?? null })),
    );

    const read = await db.execute(
      `query($id: ID!) { inventoryExportJob(id: $id) { status rowsDone downloadPath } }`,
      { id: job.id },
      HQ,
    );
    expect(read.data?.inventoryExportJob).toEqual({ status: 'DONE', rowsDone: 2, downloadPath: `/exports/${job.id}` });
    const other = await db.execute(
      `query($id: ID!) { inventoryExportJob(id: $id) { id } }`,
      { id: job.id },
      { ...HQ, userId: 'usr_x' },
    );
    expect(other.data?.inventoryExportJob).toBeNull();
  });
});
