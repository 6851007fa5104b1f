import { OutboxEvent } from '@dnp/event-bus';
import { Migration } from '@mikro-orm/migrations';
import ExcelJS from 'exceljs';
import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema, printSchema } from 'graphql';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_ENTITIES, AuditEntry } from './audit.js';
import { DEV_SECRET } from './base-config.js';
import { FolderBlobStore } from './blob-store.js';
import { runSubgraph, type StartedSubgraph } from './bootstrap.js';
import { ExportJobRecord, ExportStatus } from './export-job.entity.js';
import { EXPORT_CHUNK, findExportJob, startReportExport, type ExportRegistry, type ReportPager } from './export-job.js';
import { exportRoute } from './export-route.js';
import { ExportRunner } from './export-runner.js';
import { RequestContext } from './request-context.js';
import { baseSubgraphConfig, parseConfig } from './service-config.js';
import { domainError } from './user-error.js';
import { Role, signViewerToken, VIEWER_HEADER, type Viewer } from './viewer.js';

const HQ: Viewer = { userId: 'u_hq', role: Role.HQ_ADMIN };
const OTHER: Viewer = { userId: 'u_other', role: Role.HQ_ADMIN };
const log = pino({ level: 'silent' });

interface Row {
  n: number;
  name: string;
  amount: number;
}

/** Every `limit` the runner asked for, so the chunk size is seen, not assumed. */
const limits: number[] = [];
/** A report of `size` generated rows (Chinese text and commas to exercise the quoting). */
const numbers: ReportPager<{ size: number }, Row> = {
  name: 'numbers',
  columns: [
    { header: 'n', value: (r) => r.n },
    { header: '名称', value: (r) => r.name },
    { header: 'amount', value: (r) => r.amount },
  ],
  async parse(_ctx, raw) {
    const size = (raw as { size?: unknown }).size;
    return typeof size === 'number' && Number.isInteger(size) && size >= 0
      ? { size }
      : domainError('SIZE_INVALID', 'size: a whole number', 'filters.size');
  },
  async count(_ctx, f) {
    return f.size;
  },
  async page(_ctx, f, offset, limit) {
    limits.push(limit);
    const end = Math.min(f.size, offset + limit);
    return Array.from({ length: Math.max(0, end - offset) }, (_, i) => rowOf(offset + i));
  },
};
const broken: ReportPager<object, Row> = { ...numbers, name: 'broken', page: () => Promise.reject(new Error('boom')) };
const rowOf = (n: number): Row => ({ n, name: `经销商 ${n}, "甲"`, amount: n * 100 });

const registry: ExportRegistry = {
  owner: 'files',
  pagers: [numbers, broken],
  createLoaders: () => ({}),
  grants: [Role.HQ_ADMIN],
};

/** The audit table a subgraph's own migrations create (startReportExport writes an entry). */
class AuditTable extends Migration {
  override up(): void {
    this.addSql(
      'create table `audit_entry` (`id` text not null primary key, `at` datetime not null, `actor_id` text not null, ' +
        '`actor_role` text not null, `actor_dealer_id` text null, `actor_name` text null, `operation` text not null, ' +
        '`action` text not null, `entity_type` text not null, `entity_id` text not null, `before` text null, ' +
        '`after` text null, `request_id` text null);',
    );
  }
}

let dir: string;
let store: FolderBlobStore;
let running: StartedSubgraph;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnp-export-job-'));
  store = new FolderBlobStore(join(dir, 'blobs'));
  const query = new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLBoolean } } });
  const schema = new GraphQLSchema({ query });
  running = await runSubgraph(
    {
      name: 'files',
      entities: [...AUDIT_ENTITIES],
      migrations: { sqlite: [{ name: 'AuditTable', class: AuditTable }], mysql: [] },
      createLoaders: () => ({}),
      buildSchema: async () => ({ schema, sdl: printSchema(schema) }),
      routes: exportRoute(registry, { store, runner: false }),
    },
    parseConfig(baseSubgraphConfig, { PORT: '0', LOG_LEVEL: 'silent' }, 'files'),
    { signals: false, exit: () => {} },
  );
  base = running.url.replace(/\/graphql$/, '');
});
afterAll(async () => {
  await running?.close();
  await rm(dir, { recursive: true, force: true });
});

const ctxOf = (viewer: Viewer) => new RequestContext(viewer, running.orm.em.fork(), log, 'req_1', () => ({}));
const jobs = () => running.orm.em.fork().count(ExportJobRecord);
const start = (report: string, filters: string, format: string) =>
  startReportExport(ctxOf(HQ), registry, { report, filters, format });
const runner = (name = 'a') => new ExportRunner(running.orm, log.child({ runner: name }), registry, store);

async function fetchFile(id: string, viewer: Viewer | null) {
  const token = await signViewerToken(DEV_SECRET, 'files', viewer);
  return fetch(`${base}/exports/${id}`, { headers: { [VIEWER_HEADER]: token } });
}

async function progressOf(jobId: string) {
  const events = await running.orm.em.fork().find(OutboxEvent, { subjectId: jobId }, { orderBy: { seq: 'asc' } });
  return events.map((e) => `${e.type} ${e.payload.status} ${e.payload.rowsDone}/${e.payload.rowsTotal}`);
}

describe('startReportExport', () => {
  it('refuses an unknown report, format or bad filters and writes nothing', async () => {
    const before = await jobs();
    const answers = [
      await start('nope', '{}', 'CSV'),
      await start('numbers', '{"size":1}', 'PDF'),
      await start('numbers', 'not json', 'CSV'),
      await start('numbers', '[1]', 'CSV'),
      await start('numbers', '{"size":-1}', 'XLSX'),
    ];
    expect(answers.map((a) => a.errors?.map((e) => `${e.code} ${e.field}`))).toEqual([
      ['REPORT_UNKNOWN report'],
      ['FORMAT_UNKNOWN format'],
      ['FILTERS_INVALID filters'],
      ['FILTERS_INVALID filters'],
      ['FILTERS_INVALID filters.size'],
    ]);
    expect(await jobs()).toBe(before);
  });

  it('queues a job only its requester reads', async () => {
    const { job } = await start('numbers', '{"size":3}', 'CSV');
    expect(job).toMatchObject({ status: ExportStatus.QUEUED, owner: 'files', requestedBy: 'u_hq', rowsDone: 0 });
    // The owner's tag in the id: the gateway's exportProgressed(id) re-reads it through `filesExportJob`.
    expect(job!.id).toMatch(/^exp_fil[0-9a-z]{26}$/);
    expect(job!.id.length).toBeLessThanOrEqual(40);
    expect((await findExportJob(ctxOf(HQ), job!.id))?.id).toBe(job!.id);
    expect(await findExportJob(ctxOf(OTHER), job!.id)).toBeNull();
    expect(await progressOf(job!.id)).toEqual(['platform.export_progressed QUEUED 0/0']);
    const audit = await running.orm.em.fork().findOneOrFail(AuditEntry, { entityId: job!.id });
    expect([audit.operation, audit.actorId]).toEqual(['startReportExport', 'u_hq']);
    await runner().run();
  });
});

describe('ExportRunner', () => {
  it('leases in whole seconds, so its lease compares equal in a MariaDB datetime column (no fractions)', async () => {
    const { job } = await start('numbers', '{"size":3}', 'CSV');
    // An instant with milliseconds, as the system clock gives: MariaDB keeps `datetime` to the second.
    const at = new Date('2026-12-08T01:02:03.456Z');
    const claimed = await new ExportRunner(running.orm, log, registry, store, { now: () => at }).claim();
    expect(claimed!.leaseUntil!.getTime() % 1000).toBe(0);
    // A runner after that lease ran out takes the queue over and finishes every job.
    const later = new Date(claimed!.leaseUntil!.getTime() + 1_234);
    await new ExportRunner(running.orm, log, registry, store, { now: () => later }).run();
    const stored = await running.orm.em.fork().findOneOrFail(ExportJobRecord, { id: job!.id });
    expect([stored.status, stored.rowsDone, stored.leaseUntil]).toEqual([ExportStatus.DONE, 3, null]);
  });

  it('writes a CSV in chunks of 5 000 that papaparse reads back as the rows, with progress events', async () => {
    const size = 2 * EXPORT_CHUNK + 7;
    const { job } = await start('numbers', JSON.stringify({ size }), 'CSV');
    limits.length = 0;
    expect(await runner().run()).toBe(1);
    expect(limits).toEqual([EXPORT_CHUNK, EXPORT_CHUNK, EXPORT_CHUNK]);
    const row = await running.orm.em.fork().findOneOrFail(ExportJobRecord, { id: job!.id });
    expect(row).toMatchObject({ status: 'DONE', rowsDone: size, rowsTotal: size, leaseUntil: null });
    expect(await progressOf(job!.id)).toEqual([
      'platform.export_progressed QUEUED 0/0',
      `platform.export_progressed RUNNING 0/${size}`,
      `platform.export_progressed RUNNING 5000/${size}`,
      `platform.export_progressed RUNNING 10000/${size}`,
      `platform.export_progressed RUNNING ${size}/${size}`,
      `platform.export_progressed DONE ${size}/${size}`,
    ]);
    const res = await fetchFile(job!.id, HQ);
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
    const text = await res.text();
    const parsed = Papa.parse<Record<string, string>>(text.replace(/^\ufeff/, ''), { header: true });
    expect(parsed.errors).toEqual([]);
    const expected = Array.from({ length: size }, (_, n) => rowOf(n));
    expect(parsed.data.map((r) => ({ n: Number(r.n), name: r['名称'], amount: Number(r.amount) }))).toEqual(expected);
  });

  it('writes an XLSX that exceljs reads back as the rows; only its requester fetches it', async () => {
    const size = EXPORT_CHUNK + 1;
    const { job } = await start('numbers', JSON.stringify({ size }), 'XLSX');
    await runner().run();
    expect((await fetchFile(job!.id, OTHER)).status).toBe(404);
    expect((await fetchFile('exp_nothing', HQ)).status).toBe(404);
    const res = await fetchFile(job!.id, HQ);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="numbers-${job!.id}.xlsx"`);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const sheet = workbook.worksheets[0]!;
    const values: unknown[][] = [];
    sheet.eachRow((r) => values.push((r.values as unknown[]).slice(1)));
    expect(values[0]).toEqual(['n', '名称', 'amount']);
    expect(values.slice(1)).toEqual(Array.from({ length: size }, (_, n) => Object.values(rowOf(n))));
  });

  it('leaves a leased job to its runner, answers 409 until it is done, and fails a broken report', async () => {
    const { job } = await start('numbers', '{"size":2}', 'CSV');
    const first = runner('a');
    expect((await first.claim())?.id).toBe(job!.id);
    expect(await runner('b').claim()).toBeNull();
    expect((await fetchFile(job!.id, HQ)).status).toBe(409);
    const bad = await start('broken', '{"size":2}', 'CSV');
    await runner('b').run();
    const failed = await running.orm.em.fork().findOneOrFail(ExportJobRecord, { id: bad.job!.id });
    expect([failed.status, failed.error]).toEqual(['FAILED', 'boom']);
    expect((await running.orm.em.fork().findOneOrFail(ExportJobRecord, { id: job!.id })).status).toBe('RUNNING');
  });
});
