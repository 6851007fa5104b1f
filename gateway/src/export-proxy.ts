import { REQUEST_ID_HEADER } from '@dnp/subgraph-kit/request-id';
import { VIEWER_HEADER } from '@dnp/subgraph-kit/viewer';
import type { Express, Request, Response } from 'express';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { Logger } from 'pino';
import { assignRequestId, oneIdentity, requestIdOf } from './request-guards.js';
import { identityOrRefuse, refuse, routeErrors } from './route-refusals.js';
import type { ResolvedViewer } from './viewer-cache.js';

/**
 * Report exports are files, not GraphQL (rr §9): `GET /exports/:id` checks the caller's identity as
 * `/graphql` does and streams the file from the subgraph that ran the export, whose kit `exportRoute`
 * answers it to the viewer who asked for it only. Not compressed (XLSX is a zip already, and the bytes
 * stream through as they come).
 */

/** The subgraphs that run exports, asked in turn (each answers 404 for an id that is not its own). */
export const EXPORT_OWNERS: readonly string[] = ['inventory', 'traceability', 'finance', 'orders'];

/** Export ids the gateway forwards (kit `newId('exp')`); anything else is 404 without a subgraph call. */
const EXPORT_ID = /^exp_[A-Za-z0-9]{1,36}$/;

/** Headers of the owner's answer passed on to the client. */
const PASSED_HEADERS = ['content-type', 'content-disposition', 'content-length', 'x-content-type-options'];

/** What the export route needs from the gateway. */
export interface ExportProxyOptions {
  /** Subgraph name → its GraphQL URL (the route is its sibling `/exports/:id`). */
  urls: Record<string, string>;
  /** The caller's identity exactly as `/graphql` resolves it (partner key or access token, session checked). */
  resolveIdentity: (req: Request) => Promise<Pick<ResolvedViewer, 'viewerToken'>>;
  log: Logger;
}

/** Mounts `GET /exports/:id`. */
export function mountExportRoute(app: Express, options: ExportProxyOptions): void {
  app.get('/exports/:id', assignRequestId, oneIdentity, (req, res, next) => {
    void forwardExport(req, res, options).catch(next);
  });
  app.use('/exports', routeErrors(options.log, 'export route'));
}

async function forwardExport(req: Request, res: Response, options: ExportProxyOptions): Promise<void> {
  const identity = await identityOrRefuse(req, res, options.resolveIdentity);
  if (!identity) return;
  const id = String(req.params.id);
  if (!EXPORT_ID.test(id)) return refuse(res, 404, 'EXPORT_UNKNOWN', 'No such export');
  let last: globalThis.Response | undefined;
  for (const owner of EXPORT_OWNERS) {
    const url = options.urls[owner];
    if (!url) continue;
    let answer: globalThis.Response;
    try {
      answer = await fetch(`${url.replace(/\/graphql$/, '')}/exports/${id}`, {
        headers: { [VIEWER_HEADER]: await identity.viewerToken(owner), [REQUEST_ID_HEADER]: requestIdOf(res) },
      });
    } catch (err) {
      options.log.warn({ err, subgraph: owner }, 'export could not reach its subgraph');
      continue;
    }
    if (answer.status === 404) {
      await answer.body?.cancel();
      last = answer;
      continue;
    }
    return pipeAnswer(res, answer);
  }
  if (last) return refuse(res, 404, 'EXPORT_UNKNOWN', 'No export of yours has this id');
  refuse(res, 502, 'SUBGRAPH_UNAVAILABLE', 'The export services are unavailable');
}

/** Streams the owner's answer through as it comes; `no-transform` keeps the compression middleware off it. */
function pipeAnswer(res: Response, answer: globalThis.Response): void {
  res.status(answer.status);
  for (const name of PASSED_HEADERS) {
    const value = answer.headers.get(name);
    if (value) res.setHeader(name, value);
  }
  res.setHeader('cache-control', 'private, no-store, no-transform');
  if (!answer.body) return void res.end();
  Readable.fromWeb(answer.body as WebReadableStream<Uint8Array>).pipe(res);
}
