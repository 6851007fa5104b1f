import type { MikroORM } from '@mikro-orm/core';
import ExcelJS from 'exceljs';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { Logger } from 'pino';
import type { BlobStore } from './blob-store.js';
import { ExportFormat, ExportJobRecord, ExportStatus } from './export-job.entity.js';
import {
  EXPORT_CHUNK,
  exportFileOf,
  pagerOf,
  recordExportProgress,
  requesterContext,
  type AnyReportPager,
  type ExportRegistry,
} from './export-job.js';

/** How long a runner owns a job without renewing it (a crashed runner's job is started again after it). */
export const EXPORT_LEASE_MS = 60_000;

/** Writes rows of one export into a local file, chunk by chunk (only the current chunk is held). */
interface ChunkWriter {
  write(rows: readonly (string | number | null)[][]): Promise<void>;
  close(): Promise<void>;
}

/** Waits until the stream has taken the text (backpressure), so a slow disk does not grow the buffer. */
function writeText(out: WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => {
    out.write(text, (err) => (err ? reject(err) : resolve()));
  });
}

/** CSV: a UTF-8 BOM (so Excel reads Chinese), the header, then papaparse's `unparse` of each chunk. */
function csvWriter(path: string, headers: readonly string[]): ChunkWriter {
  const out = createWriteStream(path);
  // unparse ends a header-only table with a line break; each chunk brings its own.
  const header = `\ufeff${Papa.unparse({ fields: [...headers], data: [] }).replace(/\r\n$/, '')}`;
  let started = false;
  return {
    async write(rows) {
      if (!started) await writeText(out, header);
      started = true;
      if (rows.length) await writeText(out, `\r\n${Papa.unparse(rows as unknown[][], { header: false })}`);
    },
    async close() {
      if (!started) await writeText(out, header);
      await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())));
    },
  };
}

/** XLSX: exceljs's streaming workbook writer; each committed row leaves memory. */
function xlsxWriter(path: string, sheet: string, headers: readonly string[]): ChunkWriter {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: false,
    useSharedStrings: false,
  });
  const worksheet = workbook.addWorksheet(sheet.slice(0, 31));
  worksheet.addRow([...headers]).commit();
  return {
    async write(rows) {
      for (const row of rows) worksheet.addRow(row as unknown[]).commit();
    },
    async close() {
      worksheet.commit();
      await workbook.commit();
    },
  };
}

/** Limits the runner's work (specs pass a smaller chunk to see several). */
export interface ExportRunnerOptions {
  chunk?: number;
  leaseMs?: number;
  now?: () => Date;
}

/**
 * Runs queued exports of one subgraph (rr §9): leases a job whose lease is free (QUEUED, or RUNNING left by
 * a runner that stopped: started again from the first row, since the partial file was local to that runner),
 * counts the report, then pages it `chunk` rows at a time into a local file, each page's progress committed
 * with a renewed lease and a `platform.export_progressed` event; the finished file goes into the blob store
 * and the job is DONE. A job whose report throws is FAILED with the message.
 */
export class ExportRunner {
  private readonly chunk: number;
  private readonly leaseMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly orm: MikroORM,
    private readonly log: Logger,
    private readonly registry: ExportRegistry,
    private readonly store: BlobStore,
    options: ExportRunnerOptions = {},
  ) {
    this.chunk = options.chunk ?? EXPORT_CHUNK;
    this.leaseMs = options.leaseMs ?? EXPORT_LEASE_MS;
    this.now = options.now ?? (() => new Date());
  }

  /** Runs every job there is to run now; answers how many it finished (DONE or FAILED). */
  async run(): Promise<number> {
    let finished = 0;
    for (let job = await this.claim(); job; job = await this.claim()) {
      await this.runJob(job);
      finished++;
    }
    return finished;
  }

  /** Leases one job; null when none is free. */
  async claim(): Promise<ExportJobRecord | null> {
    const at = this.now();
    const em = this.orm.em.fork();
    const free = {
      owner: this.registry.owner,
      status: { $in: [ExportStatus.QUEUED, ExportStatus.RUNNING] },
      $or: [{ leaseUntil: null }, { leaseUntil: { $lt: at } }],
    };
    const candidate = await em.findOne(ExportJobRecord, free, { orderBy: { createdAt: 'asc', id: 'asc' } });
    if (!candidate) return null;
    const set = { status: ExportStatus.RUNNING, leaseUntil: this.lease(), rowsDone: 0 };
    // Another runner took it first: look again.
    if (!(await em.nativeUpdate(ExportJobRecord, { id: candidate.id, ...free }, set))) return this.claim();
    return Object.assign(candidate, set);
  }

  /** Pages the job's report into its file and stores it; FAILED with the reason when anything throws. */
  private async runJob(job: ExportJobRecord): Promise<void> {
    const dir = await mkdtemp(join(tmpdir(), 'dnp-export-'));
    try {
      const pager = pagerOf(this.registry, job.report);
      if (!pager) throw new Error(`report ${job.report} is no longer registered`);
      const file = join(dir, 'export');
      await this.writeFile(job, pager, file);
      const blobKey = `exports/${job.owner}/${job.id}`;
      await this.store.put(blobKey, await readFile(file), exportFileOf(job).contentType);
      await this.progress(job, { status: ExportStatus.DONE, blobKey, finishedAt: this.now(), leaseUntil: null });
      this.log.info({ jobId: job.id, rows: job.rowsDone }, 'export done');
    } catch (err) {
      this.log.warn({ err, jobId: job.id }, 'export failed');
      const error = String((err as Error).message ?? err).slice(0, 300);
      await this.progress(job, { status: ExportStatus.FAILED, error, finishedAt: this.now(), leaseUntil: null });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  /** Counts, then writes every page; progress after each page. */
  private async writeFile(job: ExportJobRecord, pager: AnyReportPager, file: string): Promise<void> {
    const filters: unknown = JSON.parse(job.filters);
    const context = () => requesterContext(this.registry, job, this.orm.em.fork({ clear: true }), this.log);
    const first = context();
    const parsed: unknown = await pager.parse(first, filters);
    const total = await pager.count(first, parsed);
    await this.progress(job, { rowsTotal: total, leaseUntil: this.lease() });
    const headers = pager.columns.map((c) => c.header);
    const writer = job.format === ExportFormat.XLSX ? xlsxWriter(file, job.report, headers) : csvWriter(file, headers);
    for (let offset = 0; ; offset += this.chunk) {
      // A fresh EntityManager per page: the identity map never holds more than one page.
      const rows: unknown[] = await pager.page(context(), parsed, offset, this.chunk);
      await writer.write(rows.map((row) => pager.columns.map((c) => c.value(row))));
      if (rows.length) await this.progress(job, { rowsDone: job.rowsDone + rows.length, leaseUntil: this.lease() });
      if (rows.length < this.chunk) break;
    }
    await writer.close();
  }

  /**
   * The end of a lease from now, in whole seconds: `lease_until` is a MariaDB `datetime` (no fractions), and
   * each progress commit finds the job by the lease it holds, so an instant with milliseconds never matched
   * there and every export failed ("no longer running here") at its first page.
   */
  private lease(): Date {
    return new Date(Math.ceil((this.now().getTime() + this.leaseMs) / 1000) * 1000);
  }

  /** Commits a change of the job (while this runner still holds it) with its progress event. */
  private async progress(job: ExportJobRecord, change: Partial<ExportJobRecord>): Promise<void> {
    await this.orm.em.fork().transactional(async (tx) => {
      const held = await tx.nativeUpdate(
        ExportJobRecord,
        // The lease it holds: a runner that took the job over after this one's lease ran out renewed it.
        { id: job.id, status: ExportStatus.RUNNING, leaseUntil: job.leaseUntil },
        change as Record<string, unknown>,
      );
      if (!held) throw new Error(`export ${job.id} is no longer running here`);
      Object.assign(job, change);
      recordExportProgress(tx, job, this.now());
      await tx.flush();
    });
  }
}
