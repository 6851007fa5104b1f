import { REQUEST_ID_HEADER } from '@dnp/subgraph-kit/request-id';
import { VIEWER_HEADER } from '@dnp/subgraph-kit/viewer';
import express, { type Express, type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { assignRequestId, oneIdentity, requestIdOf } from './request-guards.js';
import { identityOrRefuse, refuse, routeErrors } from './route-refusals.js';
import type { ResolvedViewer } from './viewer-cache.js';

/**
 * Files do not travel through GraphQL (design §5.3): `POST /uploads?purpose=…` checks the caller's
 * identity as `/graphql` does (anonymous callers included), caps the body at MAX_UPLOAD_SIZE and hands
 * the bytes to the subgraph owning the purpose, whose kit `uploadRoute` checks the grant, sniffs and
 * stores them. `GET /media/…` serves products' public image variants with immutable cache headers;
 * `GET /documents/…` hands an application's licence scan to the caller dealers allows (never cached).
 */

/** The subgraph that owns each upload purpose (its `uploadRoute` lists the same purposes). */
export const UPLOAD_OWNERS: Readonly<Record<string, string>> = {
  PRODUCT_IMAGE: 'products',
  APPLICATION_DOCUMENT: 'dealers',
  QUALIFICATION_DOCUMENT: 'dealers',
};

/** The gateway's own refusal codes of an upload. */
export const UploadProxyCode = {
  UPLOAD_TOO_LARGE: 'UPLOAD_TOO_LARGE',
  UPLOAD_PURPOSE_INVALID: 'UPLOAD_PURPOSE_INVALID',
  SUBGRAPH_UNAVAILABLE: 'SUBGRAPH_UNAVAILABLE',
} as const;

/** Media paths the gateway forwards: lower-case letters, digits and `/ _ . -`, no dot segment. */
const MEDIA_PATH = /^\/media\/[a-z0-9_-][a-z0-9_.-]*(\/[a-z0-9_-][a-z0-9_.-]*)*$/;

/** Document paths the gateway forwards to dealers: an application's id and a document's id, nothing else. */
const DOCUMENT_PATH = /^\/documents\/applications\/[a-z]{2,8}_[a-z0-9_]{1,40}\/[a-z]{2,8}_[a-z0-9_]{1,40}$/;

/** What the upload and media routes need from the gateway. */
export interface UploadProxyOptions {
  /** Subgraph name → its GraphQL URL (the routes are its siblings: `/uploads`, `/media`). */
  urls: Record<string, string>;
  /** Largest upload body (express/bytes syntax, e.g. `5mb`). */
  maxUploadSize: string;
  /** The caller's identity exactly as `/graphql` resolves it (partner key or access token, session checked). */
  resolveIdentity: (req: Request) => Promise<Pick<ResolvedViewer, 'viewerToken'>>;
  /** The internal token of an anonymous caller for a subgraph (media are public). */
  anonymousToken: (subgraph: string) => Promise<string>;
  log: Logger;
}

/** Mounts `POST /uploads` and `GET /media/*`. */
export function mountUploadRoutes(app: Express, options: UploadProxyOptions): void {
  const body = express.raw({ type: () => true, limit: options.maxUploadSize });
  app.post('/uploads', assignRequestId, oneIdentity, (req, res, next) => {
    void forwardUpload(req, res, options, body).catch(next);
  });
  app.get('/media/*splat', (req, res, next) => {
    void forwardMedia(req, res, options).catch(next);
  });
  app.get('/documents/*splat', assignRequestId, oneIdentity, (req, res, next) => {
    void forwardDocument(req, res, options).catch(next);
  });
  app.use(['/uploads', '/media', '/documents'], routeErrors(options.log, 'upload route'));
}

async function forwardUpload(
  req: Request,
  res: Response,
  options: UploadProxyOptions,
  body: ReturnType<typeof express.raw>,
): Promise<void> {
  const identity = await identityOrRefuse(req, res, options.resolveIdentity);
  if (!identity) return;
  const purpose = typeof req.query.purpose === 'string' ? req.query.purpose : '';
  const owner = Object.hasOwn(UPLOAD_OWNERS, purpose) ? UPLOAD_OWNERS[purpose] : undefined;
  const url = owner && options.urls[owner];
  if (!owner || !url) {
    const message = `purpose must be one of ${Object.keys(UPLOAD_OWNERS).join(', ')}`;
    return refuse(res, 400, UploadProxyCode.UPLOAD_PURPOSE_INVALID, message);
  }
  const bytes = await readBody(req, res, body);
  if (!bytes) return;
  const target = `${url.replace(/\/graphql$/, '')}/uploads?purpose=${encodeURIComponent(purpose)}`;
  let answer: globalThis.Response;
  try {
    answer = await fetch(target, {
      method: 'POST',
      headers: {
        'content-type': 'application/octet-stream',
        [VIEWER_HEADER]: await identity.viewerToken(owner),
        [REQUEST_ID_HEADER]: requestIdOf(res),
      },
      body: bytes,
    });
  } catch (err) {
    options.log.warn({ err, subgraph: owner }, 'upload could not reach its subgraph');
    return refuse(res, 502, UploadProxyCode.SUBGRAPH_UNAVAILABLE, `The ${owner} service is unavailable`);
  }
  res
    .status(answer.status)
    .type('application/json')
    .send(Buffer.from(await answer.arrayBuffer()));
}

/** The body within MAX_UPLOAD_SIZE, or undefined once a refusal (413, 400) has been sent. */
function readBody(req: Request, res: Response, body: ReturnType<typeof express.raw>): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    body(req, res, (err?: unknown) => {
      if (!err) return resolve(Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0));
      const type = (err as { type?: string }).type;
      if (type === 'entity.too.large') {
        refuse(res, 413, UploadProxyCode.UPLOAD_TOO_LARGE, 'The file is larger than this gateway accepts');
        return resolve(undefined);
      }
      // The client went away mid-upload: nobody to answer.
      if (req.destroyed) return resolve(undefined);
      reject(err as Error);
    });
  });
}

/** GET /media/…: products' public media, answered immutable (a variant's path changes when its image does). */
async function forwardMedia(req: Request, res: Response, options: UploadProxyOptions): Promise<void> {
  const products = options.urls.products;
  if (!MEDIA_PATH.test(req.path) || req.path.length > 300 || !products) {
    res.status(404).end();
    return;
  }
  let answer: globalThis.Response;
  try {
    answer = await fetch(`${products.replace(/\/graphql$/, '')}${req.path}`, {
      headers: { [VIEWER_HEADER]: await options.anonymousToken('products') },
    });
  } catch (err) {
    options.log.warn({ err }, 'media could not reach products');
    res.status(502).end();
    return;
  }
  res.setHeader('x-content-type-options', 'nosniff');
  if (!answer.ok) {
    res.status(answer.status === 404 ? 404 : 502).end();
    return;
  }
  res.setHeader('cache-control', 'public, max-age=31536000, immutable');
  res.type(answer.headers.get('content-type') ?? 'application/octet-stream');
  res.status(200).send(Buffer.from(await answer.arrayBuffer()));
}

/**
 * GET /documents/…: a licence scan, fetched as the caller (its own token, the session checked as
 * `/graphql` does); dealers decides who may read it (404 for anyone else). Never cached.
 */
async function forwardDocument(req: Request, res: Response, options: UploadProxyOptions): Promise<void> {
  res.setHeader('x-content-type-options', 'nosniff');
  res.setHeader('cache-control', 'private, no-store');
  const dealers = options.urls.dealers;
  if (!DOCUMENT_PATH.test(req.path) || !dealers) return refuse(res, 404, 'NOT_FOUND', 'No such document');
  const identity = await identityOrRefuse(req, res, options.resolveIdentity);
  if (!identity) return;
  let answer: globalThis.Response;
  try {
    answer = await fetch(`${dealers.replace(/\/graphql$/, '')}${req.path}`, {
      headers: { [VIEWER_HEADER]: await identity.viewerToken('dealers'), [REQUEST_ID_HEADER]: requestIdOf(res) },
    });
  } catch (err) {
    options.log.warn({ err }, 'document could not reach dealers');
    return refuse(res, 502, UploadProxyCode.SUBGRAPH_UNAVAILABLE, 'The dealers service is unavailable');
  }
  if (!answer.ok) {
    if (answer.status === 404) return refuse(res, 404, 'NOT_FOUND', 'No such document');
    return refuse(res, 502, UploadProxyCode.SUBGRAPH_UNAVAILABLE, 'The dealers service failed');
  }
  res.setHeader('content-security-policy', "sandbox; default-src 'none'");
  res.type(answer.headers.get('content-type') ?? 'application/octet-stream');
  res.status(200).send(Buffer.from(await answer.arrayBuffer()));
}
