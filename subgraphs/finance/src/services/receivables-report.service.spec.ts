import { createLogger, ExportJobRecord, ExportRunner, FolderBlobStore, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReceivablesMonth } from '../entities/receivables-month.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import { financeSubgraph } from '../subgraph.js';
import { financeExports } from './finance-exports.js';
import { fixtureAccount, fixtureInvoice } from './finance-documents.fixture.js';
import { ReceivablesReportService, snapshotLastMonth } from './receivables-report.service.js';

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN };
const jsManager: Viewer = {
  ...{ userId: 'usr_js', role: Role.REGION_MANAGER, regionId: 'reg_js' },
  regionPath: ['reg_cn', 'reg_east', 'reg_js'],
};
const TZ = 'Asia/Shanghai';
/** 00:30 on 1 November in Beijing (16:30 UTC on 31 October): October has closed. */
const NOV_1_0030 = new Date('2026-10-31T16:30:00.000Z');
const reports = new ReceivablesReportService();
let db: TestSubgraph<FinanceLoaders>;
let dir: string;

beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph);
  dir = await mkdtemp(join(tmpdir(), 'dnp-receivables-'));
  const em = db.orm.em.fork();
  await fixtureAccount(em, 'dlr_R1', '/reg_cn/reg_east/reg_js/');
  await fixtureAccount(em, 'dlr_R2', '/reg_cn/reg_north/reg_bj/');
  // At the end of 31 October: R1 ¥10.00 21 days overdue and ¥5.00 not yet due; R2 ¥3.00 108 days overdue.
  await fixtureInvoice(em, { dealerId: 'dlr_R1', amountMinor: 1000, issuedOn: '2026-09-10', dueDate: '2026-10-10' });
  await fixtureInvoice(em, { dealerId: 'dlr_R1', amountMinor: 500, issuedOn: '2026-10-20', dueDate: '2026-11-20' });
  await fixtureInvoice(em, { dealerId: 'dlr_R2', amountMinor: 300, issuedOn: '2026-07-01', dueDate: '2026-07-15' });
  // Issued in November: not in October's snapshot.
  await fixtureInvoice(em, { dealerId: 'dlr_R2', amountMinor: 700, issuedOn: '2026-11-02', dueDate: '2026-12-02' });
});
afterAll(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

const figures = (rows: Awaited<ReturnType<ReceivablesReportService['rows']>>) =>
  rows.map((r) => `${r.month} ${r.taken} ${r.openMinor}/${r.overdueMinor}/${r.over90Minor} ${r.dealers}`);

describe('receivables month-end snapshot', () => {
  it('takes the month that closed in the brand zone once, from the aging as it stood at its end', async () => {
    expect(await snapshotLastMonth(db.orm.em, TZ, NOV_1_0030)).toBe(2);
    expect(await snapshotLastMonth(db.orm.em, TZ, NOV_1_0030)).toBe(0);
    const rows = await db.orm.em.fork().find(ReceivablesMonth, {}, { orderBy: { dealerId: 'asc' } });
    expect(rows.map((r) => [r.month, r.dealerId, r.openMinor, r.overdueMinor, r.over90Minor])).toEqual([
      ['2026-10', 'dlr_R1', 1500, 1000, 0],
      ['2026-10', 'dlr_R2', 300, 300, 300],
    ]);
  });
});

describe('receivablesReport', () => {
  it("sums each month end in the viewer's scope and marks months not taken", async () => {
    const range = { from: '2026-09', to: '2026-11' };
    expect(figures(await reports.report(db.context(hq), range))).toEqual([
      '2026-09 false 0/0/0 0',
      '2026-10 true 1800/1300/300 2',
      '2026-11 false 0/0/0 0',
    ]);
    expect(figures(await reports.report(db.context(jsManager), range))).toEqual([
      '2026-09 false 0/0/0 0',
      '2026-10 true 1500/1000/0 1',
      '2026-11 false 0/0/0 0',
    ]);
  });

  it('refuses bad and reversed months and ranges over 36 months', async () => {
    const field = (range: Record<string, string>) =>
      reports.report(db.context(hq), range).then(
        () => 'none',
        (e: Error & { extensions?: { field?: string } }) => e.extensions?.field,
      );
    expect(await field({ from: '2026-13', to: '2026-12' })).toBe('from');
    expect(await field({ from: '2026-10', to: '2026-09' })).toBe('to');
    expect(await field({ from: '2020-01', to: '2026-10' })).toBe('to');
  });

  it('exports through startFinanceReportExport in the requester scope', async () => {
    const start = `mutation($input: StartReportExportInput!) {
      startFinanceReportExport(input: $input) { job { id } errors { code field } }
    }`;
    const input = (filters: unknown) => ({ input: { report: 'receivablesReport', filters, format: 'CSV' } });
    const bad = await db.execute(start, input('{"from":"2026-10"}'), jsManager);
    expect(bad.data?.startFinanceReportExport).toEqual({
      job: null,
      errors: [{ code: 'FILTERS_INVALID', field: 'to' }],
    });
    const ok = await db.execute(start, input('{"from":"2026-10","to":"2026-10"}'), jsManager);
    const { job } = ok.data?.startFinanceReportExport as { job: { id: string } };
    const store = new FolderBlobStore(dir);
    await new ExportRunner(db.orm, createLogger('finance', 'silent'), financeExports, store).run();
    const row = await db.orm.em.fork().findOneOrFail(ExportJobRecord, { id: job.id });
    const text = (await store.get(row.blobKey!))!.bytes.toString('utf8');
    expect(text.split('\r\n')).toEqual([
      '\ufeffmonth,taken,open,overdue,over90,unapplied,dealers',
      '2026-10,yes,15.00,10.00,0.00,0.00,1',
    ]);
  });
});
