import type { Express, Request, Response } from 'express';
import type { BlobStore } from './blob-store.js';
import { createBlobStore } from './blob-store-factory.js';
import type { RouteEnvironment } from './bootstrap.js';
import { AppError, ErrorCode } from './errors.js';
import { ExportJobRecord, ExportStatus } from './export-job.entity.js';
import { exportFileOf, type ExportRegistry } from './export-job.js';
import { ExportRunner, type ExportRunnerOptions } from './export-runner.js';
import { runPeriodically } from './periodic.js';
import { VIEWER_HEADER, verifyViewerToken } from './viewer.js';

/** How often the export runner looks for queued jobs. */
export const EXPORT_POLL_MS = 1000;

/** Refusal codes of `GET /exports/:id` besides the token's. */
export const ExportRouteCode = {
  EXPORT_UNKNOWN: 'EXPORT_UNKNOWN',
  EXPORT_NOT_READY: 'EXPORT_NOT_READY',
} as const;

/** Job ids the route looks up (anything else is unknown without a query). */
const JOB_ID = /^exp_[A-Za-z0-9]{1,36}$/;

function refuse(res: Response, status: number, code: string, message: string): void {
  if (!res.headersSent) res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * Mounts `GET /exports/:id` for a subgraph's `routes` and registers its export runner as background work.
 * The file is answered to the viewer who asked for it, and only once it is DONE: a missing gateway token
 * 401 GATEWAY_TOKEN_REQUIRED, anyone else's or an unknown job 404 EXPORT_UNKNOWN (so a caller learns
 * nothing about others' exports), a job still running 409 EXPORT_NOT_READY.
 */
export function exportRoute(
  registry: ExportRegistry,
  options: ExportRunnerOptions & { store?: BlobStore; runner?: boolean } = {},
): (app: Express, env: RouteEnvironment) => void {
  return (app, env) => {
    const store = options.store ?? createBlobStore(env.config);
    app.get('/exports/:id', (req, res, next) => {
      void serveExport(req, res, env, store).catch(next);
    });
    // `runner: false` serves files only (a replica that leaves the paging to others, or a spec's own runner).
    if (options.runner === false) return;
    env.background((orm, log) => {
      const runner = new ExportRunner(orm, log, registry, store, options);
      return runPeriodically('export runner', EXPORT_POLL_MS, () => runner.run(), log);
    });
  };
}

async function serveExport(req: Request, res: Response, env: RouteEnvironment, store: BlobStore): Promise<void> {
  let userId: string | undefined;
  try {
    const header = req.headers[VIEWER_HEADER];
    const token = Array.isArray(header) ? header[0] : header;
    userId = (await verifyViewerToken(env.config.INTERNAL_JWT_SECRET, env.name, token))?.userId;
  } catch (err) {
    const code = err instanceof AppError ? err.code : ErrorCode.GATEWAY_TOKEN_REQUIRED;
    return refuse(res, 401, code, (err as Error).message);
  }
  if (!userId) return refuse(res, 401, ErrorCode.UNAUTHENTICATED, 'You must be logged in to do this');
  const id = String(req.params.id);
  const job = JOB_ID.test(id)
    ? await env.orm.em.fork().findOne(ExportJobRecord, { id, owner: env.name, requestedBy: userId })
    : null;
  if (!job) return refuse(res, 404, ExportRouteCode.EXPORT_UNKNOWN, `No export "${id.slice(0, 60)}" of yours`);
  const blob = job.status === ExportStatus.DONE && job.blobKey ? await store.get(job.blobKey) : null;
  if (!blob) return refuse(res, 409, ExportRouteCode.EXPORT_NOT_READY, `Export ${job.id} is ${job.status}`);
  const file = exportFileOf(job);
  res.setHeader('content-disposition', `attachment; filename="${file.name}"`);
  res.setHeader('cache-control', 'private, no-store');
  res.setHeader('x-content-type-options', 'nosniff');
  res.type(file.contentType).status(200).send(blob.bytes);
}
