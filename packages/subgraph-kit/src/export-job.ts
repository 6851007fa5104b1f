import { EventType } from '@dnp/event-bus';
import type { EntityManager } from '@mikro-orm/core';
import type { Logger } from 'pino';
import { recordAudit } from './audit.js';
import { ExportFormat, ExportJobRecord, ExportStatus } from './export-job.entity.js';
import { newId } from './ids.js';
import { recordEvent } from './outbox-events.js';
import { RequestContext } from './request-context.js';
import { domainError, type DomainError } from './user-error.js';
import type { Viewer } from './viewer.js';

/**
 * Report exports (rr §9): `startReportExport` writes an `export_job` row for a report a subgraph registered
 * (`ReportPager`); a leased runner (`export-runner.ts`) pages it in chunks into a CSV or XLSX blob; the file
 * is fetched by its requester only, through the gateway's `GET /exports/:id` (`export-route.ts`). Written once
 * here: a subgraph supplies only its pagers.
 */

/** Rows the runner reads per page (and per transaction of progress): memory is bounded by it, not the report. */
export const EXPORT_CHUNK = 5000;

/** Refusal codes of `startReportExport`. */
export const ExportCode = {
  REPORT_UNKNOWN: 'REPORT_UNKNOWN',
  FILTERS_INVALID: 'FILTERS_INVALID',
  FORMAT_UNKNOWN: 'FORMAT_UNKNOWN',
} as const;

/** One column of an exported report: its header and how a row gives its cell. */
export interface ReportColumn<R> {
  header: string;
  value: (row: R) => string | number | null;
}

/**
 * An exportable report of one subgraph. `parse` validates the requester's filters in their scope (a
 * DomainError is answered FILTERS_INVALID); `count` and `page` read the report as the requester would,
 * `page` from the row `offset`, at most `limit` rows, in a stable order.
 */
export interface ReportPager<F = unknown, R = unknown> {
  name: string;
  columns: readonly ReportColumn<R>[];
  parse(ctx: RequestContext<object>, raw: unknown): Promise<F | DomainError>;
  count(ctx: RequestContext<object>, filters: F): Promise<number>;
  page(ctx: RequestContext<object>, filters: F, offset: number, limit: number): Promise<R[]>;
}

/** A pager of any report (the registry holds several row types). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyReportPager = ReportPager<any, any>;

/** What a subgraph registers: its name, its pagers, and how its request loaders are made (for the runner). */
export interface ExportRegistry {
  owner: string;
  pagers: readonly AnyReportPager[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  createLoaders: (ctx: RequestContext<any>) => object;
  /** Who may start exports and read their jobs (the reports' own readers). */
  grants: readonly string[];
}

/** The pager of `report`, if registered. */
export function pagerOf(registry: ExportRegistry, report: string): AnyReportPager | undefined {
  return registry.pagers.find((p) => p.name === report);
}

/** What `startReportExport` takes. */
export interface StartExportInput {
  report: string;
  /** JSON text of the report's filters. */
  filters: string;
  format: string;
}

/**
 * A new export id naming its owner: `exp_`, the owner's first three letters, then a time-ordered id
 * (`exp_inv01…`, `exp_fin01…`; at most 33 characters, letters and digits after `exp_` as the export routes
 * accept), so the gateway's `exportProgressed(id)` re-reads a job through its owner's `<owner>ExportJob(id)`
 * from the id alone (gateway `exportJobQueryOf`).
 */
export function newExportId(owner: string, at: Date = new Date()): string {
  return `exp_${owner.slice(0, 3)}${newId('x', at).slice(2)}`;
}

/** The requester's scope on a progress event: their dealer, else a manager's region, else HQ only. */
export function exportEventScope(viewer: Viewer) {
  if (viewer.dealerId) return { dealerIds: [viewer.dealerId] };
  if (viewer.regionPath?.length) return { regionPath: viewer.regionPath };
  return { hqOnly: true };
}

/** Records `platform.export_progressed` for the job as it stands, in `em`'s unit of work. */
export function recordExportProgress(em: EntityManager, job: ExportJobRecord, at: Date): void {
  recordEvent(em, {
    type: EventType.EXPORT_PROGRESSED,
    subjectId: job.id,
    scope: exportEventScope(JSON.parse(job.viewer) as Viewer),
    occurredAt: at,
    payload: {
      jobId: job.id,
      owner: job.owner,
      report: job.report,
      status: job.status,
      rowsDone: job.rowsDone,
      rowsTotal: job.rowsTotal ?? 0,
    },
  });
}

/** Parses the filters' JSON text; undefined when it is not a JSON object. */
function filtersObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Checks and queues one export for the viewer: a registered report (REPORT_UNKNOWN), CSV or XLSX
 * (FORMAT_UNKNOWN), filters the report accepts in the viewer's scope (FILTERS_INVALID); nothing is written
 * on a refusal. The row, its audit entry and a QUEUED progress event commit together.
 */
export async function startReportExport(
  ctx: RequestContext<object>,
  registry: ExportRegistry,
  input: StartExportInput,
  { operation = 'startReportExport', now = new Date() }: { operation?: string; now?: Date } = {},
): Promise<{ job: ExportJobRecord; errors?: undefined } | { job?: undefined; errors: DomainError[] }> {
  const viewer = ctx.requireViewer();
  const pager = pagerOf(registry, input.report);
  if (!pager) return { errors: [domainError(ExportCode.REPORT_UNKNOWN, `No report "${input.report}"`, 'report')] };
  if (!Object.values(ExportFormat).includes(input.format as ExportFormat)) {
    return { errors: [domainError(ExportCode.FORMAT_UNKNOWN, 'format must be CSV or XLSX', 'format')] };
  }
  const raw = filtersObject(input.filters);
  const parsed = raw ? await pager.parse(ctx, raw) : domainError(ExportCode.FILTERS_INVALID, 'filters: a JSON object');
  if (isDomainError(parsed)) {
    return { errors: [domainError(ExportCode.FILTERS_INVALID, parsed.message, parsed.field ?? 'filters')] };
  }
  const job = Object.assign(new ExportJobRecord(), {
    id: newExportId(registry.owner, now),
    owner: registry.owner,
    report: pager.name,
    filters: JSON.stringify(raw),
    format: input.format,
    status: ExportStatus.QUEUED,
    rowsDone: 0,
    rowsTotal: null,
    blobKey: null,
    error: null,
    requestedBy: viewer.userId,
    viewer: JSON.stringify(viewer),
    leaseUntil: null,
    createdAt: now,
    finishedAt: null,
  });
  await ctx.em.fork().transactional(async (tx) => {
    tx.persist(job);
    recordAudit(tx, ctx, {
      operation,
      action: 'CREATE',
      entityType: 'ExportJob',
      entityId: job.id,
      after: { report: job.report, format: job.format, filters: raw },
    });
    recordExportProgress(tx, job, now);
    await tx.flush();
  });
  return { job };
}

/** True for a `DomainError` (what `ReportPager.parse` answers for bad filters). */
function isDomainError(value: unknown): value is DomainError {
  return Boolean(value && typeof value === 'object' && 'code' in value && 'message' in value && 'field' in value);
}

/** The viewer's own export job of this subgraph, or null (another user's job is as unknown as a missing one). */
export async function findExportJob(ctx: RequestContext<object>, id: string): Promise<ExportJobRecord | null> {
  const viewer = ctx.requireViewer();
  return ctx.em.findOne(ExportJobRecord, { id, requestedBy: viewer.userId }, { refresh: true });
}

/** A request context of the job's requester, for the runner's reads (a fresh EntityManager per chunk). */
export function requesterContext(
  registry: ExportRegistry,
  job: Pick<ExportJobRecord, 'id' | 'viewer'>,
  em: EntityManager,
  log: Logger,
): RequestContext<object> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return new RequestContext<any>(JSON.parse(job.viewer) as Viewer, em, log, `export:${job.id}`, registry.createLoaders);
}

/** The export's file name and content type. */
export function exportFileOf(job: Pick<ExportJobRecord, 'id' | 'report' | 'format'>) {
  const xlsx = job.format === ExportFormat.XLSX;
  return {
    name: `${job.report}-${job.id}.${xlsx ? 'xlsx' : 'csv'}`,
    contentType: xlsx ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8',
  };
}
