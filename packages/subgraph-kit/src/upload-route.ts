import type { EntityManager, MikroORM } from '@mikro-orm/core';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { createHash, randomBytes } from 'node:crypto';
import type { Logger } from 'pino';
import { Grant, holdsGrant } from './authorization.js';
import type { BlobStore } from './blob-store.js';
import { createBlobStore } from './blob-store-factory.js';
import type { RouteEnvironment } from './bootstrap.js';
import { AppError, ErrorCode } from './errors.js';
import { runPeriodically } from './periodic.js';
import { UploadRecord } from './upload.entity.js';
import { domainError, type DomainError } from './user-error.js';
import { VIEWER_HEADER, verifyViewerToken, type Viewer } from './viewer.js';

/**
 * Uploads are not GraphQL (design §5.3): the gateway's `POST /uploads?purpose=…` reaches the owning
 * subgraph's `/uploads`, which checks the purpose's grant, sniffs the bytes, stores the blob and an
 * `upload` row, and answers `{ uploadId, contentType, byteSize }`; a mutation then attaches the upload
 * by id (`consumeUpload`) in its own transaction. Uploads never attached are swept after UPLOAD_TTL_HOURS.
 */

/** What an upload is for; each purpose has its grants and allowed types (`UPLOAD_PURPOSES`). */
export const UploadPurpose = {
  PRODUCT_IMAGE: 'PRODUCT_IMAGE',
  APPLICATION_DOCUMENT: 'APPLICATION_DOCUMENT',
  QUALIFICATION_DOCUMENT: 'QUALIFICATION_DOCUMENT',
} as const;
/** One of `UploadPurpose`. */
export type UploadPurpose = (typeof UploadPurpose)[keyof typeof UploadPurpose];

/** The content types an upload may have, as sniffed from its first bytes. */
export const UploadContentType = {
  JPEG: 'image/jpeg',
  PNG: 'image/png',
  WEBP: 'image/webp',
  PDF: 'application/pdf',
} as const;
/** One of `UploadContentType`. */
export type UploadContentType = (typeof UploadContentType)[keyof typeof UploadContentType];

/** The refusal codes of the route (design §13.1) and of attaching an upload. */
export const UploadCode = {
  UPLOAD_TOO_LARGE: 'UPLOAD_TOO_LARGE',
  UPLOAD_TYPE_NOT_ALLOWED: 'UPLOAD_TYPE_NOT_ALLOWED',
  UPLOAD_PURPOSE_INVALID: 'UPLOAD_PURPOSE_INVALID',
  UPLOAD_UNKNOWN: 'UPLOAD_UNKNOWN',
} as const;

const IMAGES: readonly UploadContentType[] = [UploadContentType.JPEG, UploadContentType.PNG, UploadContentType.WEBP];
const DOCUMENTS: readonly UploadContentType[] = [...IMAGES, UploadContentType.PDF];

/**
 * Who may upload for each purpose and which types it takes. Fixed here, not per subgraph: anonymous
 * callers (throttled per IP at the gateway) may only upload application documents.
 */
export const UPLOAD_PURPOSES: Record<
  UploadPurpose,
  { grants: readonly string[]; types: readonly UploadContentType[] }
> = {
  PRODUCT_IMAGE: { grants: [Grant.HQ_ADMIN, Grant.SERVICE], types: IMAGES },
  APPLICATION_DOCUMENT: { grants: [Grant.ANYONE], types: DOCUMENTS },
  QUALIFICATION_DOCUMENT: {
    grants: [Grant.HQ_ADMIN, Grant.REGION_MANAGER, Grant.DEALER_ADMIN, Grant.DEALER_STAFF, Grant.SERVICE],
    types: DOCUMENTS,
  },
};

/** The largest body the route itself reads; the gateway's MAX_UPLOAD_SIZE (5 MB) refuses far earlier. */
export const UPLOAD_ROUTE_MAX_BYTES = 25 * 1024 * 1024;

/** How often the upload sweeper runs (and once at start-up). */
export const UPLOAD_SWEEP_INTERVAL_MS = 15 * 60 * 1000;

/** The type the bytes' magic number says (JPEG, PNG, WebP, PDF), or undefined for anything else. */
export function sniffContentType(bytes: Uint8Array): UploadContentType | undefined {
  const starts = (offset: number, magic: readonly number[]) => magic.every((b, i) => bytes[offset + i] === b);
  const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));
  if (starts(0, [0xff, 0xd8, 0xff])) return UploadContentType.JPEG;
  if (starts(0, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return UploadContentType.PNG;
  if (bytes.length >= 12 && starts(0, ascii('RIFF')) && starts(8, ascii('WEBP'))) return UploadContentType.WEBP;
  if (starts(0, ascii('%PDF-'))) return UploadContentType.PDF;
  return undefined;
}

/** What `uploadRoute` accepts: the purposes this subgraph owns, and the store (default: the configured one). */
export interface UploadRouteOptions {
  purposes: readonly UploadPurpose[];
  store?: BlobStore;
}

/** The answer of a stored upload. */
export interface UploadReceipt {
  uploadId: string;
  contentType: UploadContentType;
  byteSize: number;
}

/**
 * Mounts `POST /uploads?purpose=…` for a subgraph's `routes`, and registers the sweeper of its expired
 * uploads as background work. Refusals write nothing: a missing gateway token 401
 * GATEWAY_TOKEN_REQUIRED, a purpose this subgraph does not own 400 UPLOAD_PURPOSE_INVALID, a caller
 * without the purpose's grant 401 UNAUTHENTICATED / 403 FORBIDDEN, a body over the route's cap 413
 * UPLOAD_TOO_LARGE, bytes of another type 415 UPLOAD_TYPE_NOT_ALLOWED.
 */
export function uploadRoute(options: UploadRouteOptions): (app: Express, env: RouteEnvironment) => void {
  return (app, env) => {
    const store = options.store ?? createBlobStore(env.config);
    const ttlMs = env.config.UPLOAD_TTL_HOURS * 3600 * 1000;
    const body = express.raw({ type: () => true, limit: UPLOAD_ROUTE_MAX_BYTES });
    app.post('/uploads', (req, res, next) => {
      void admit(req, res, options.purposes, env).then((admitted) => {
        if (!admitted) return;
        body(req, res, (err?: unknown) => {
          if (err) return void refuseBody(err, res, next);
          const bytes: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
          storeUpload(env.orm, store, { ...admitted, bytes, ttlMs }).then(
            (answer) => (typeof answer === 'string' ? refuse(res, 415, answer) : void res.status(201).json(answer)),
            next,
          );
        });
      }, next);
    });
    env.background((orm, log) => startUploadSweeper(orm, log, store));
  };
}

/** The purpose and viewer of an admitted request, or undefined once the request has been refused. */
async function admit(
  req: Request,
  res: Response,
  purposes: readonly UploadPurpose[],
  env: RouteEnvironment,
): Promise<{ purpose: UploadPurpose; viewer: Viewer | null } | undefined> {
  let viewer: Viewer | null;
  try {
    const header = req.headers[VIEWER_HEADER];
    viewer = await verifyViewerToken(
      env.config.INTERNAL_JWT_SECRET,
      env.name,
      Array.isArray(header) ? header[0] : header,
    );
  } catch (err) {
    refuse(res, 401, err instanceof AppError ? err.code : ErrorCode.GATEWAY_TOKEN_REQUIRED, (err as Error).message);
    return undefined;
  }
  const purpose = req.query.purpose;
  if (typeof purpose !== 'string' || !(purposes as readonly string[]).includes(purpose)) {
    refuse(res, 400, UploadCode.UPLOAD_PURPOSE_INVALID, `Uploads here are for ${purposes.join(', ')}`);
    return undefined;
  }
  if (!holdsGrant(viewer, UPLOAD_PURPOSES[purpose as UploadPurpose].grants)) {
    if (viewer) refuse(res, 403, ErrorCode.FORBIDDEN, `Your role (${viewer.role}) may not upload ${purpose}`);
    else refuse(res, 401, ErrorCode.UNAUTHENTICATED, 'You must be logged in to do this');
    return undefined;
  }
  return { purpose: purpose as UploadPurpose, viewer };
}

function refuseBody(err: unknown, res: Response, next: NextFunction): void {
  if ((err as { type?: string }).type === 'entity.too.large') {
    refuse(res, 413, UploadCode.UPLOAD_TOO_LARGE, `Uploads are at most ${UPLOAD_ROUTE_MAX_BYTES} bytes`);
  } else next(err);
}

function refuse(res: Response, status: number, code: string, message = `Refused: ${code}`): void {
  if (!res.headersSent) res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** An unguessable upload id: `upl_` and 26 base32 characters (130 random bits). */
function newUploadId(): string {
  const alphabet = '0123456789abcdefghjkmnpqrstvwxyz';
  return `upl_${[...randomBytes(26)].map((b) => alphabet[b % 32]).join('')}`;
}

/** Sniffs, then writes the row and the blob (the row first: a crash between leaves a row the sweeper removes). */
async function storeUpload(
  orm: MikroORM,
  store: BlobStore,
  upload: { purpose: UploadPurpose; viewer: Viewer | null; bytes: Buffer; ttlMs: number },
): Promise<UploadReceipt | string> {
  const contentType = sniffContentType(upload.bytes);
  if (!contentType || !UPLOAD_PURPOSES[upload.purpose].types.includes(contentType)) {
    return UploadCode.UPLOAD_TYPE_NOT_ALLOWED;
  }
  const uploadId = newUploadId();
  const blobKey = `uploads/${upload.purpose.toLowerCase()}/${uploadId}`;
  const now = new Date();
  const em = orm.em.fork();
  await em.insert(UploadRecord, {
    id: uploadId,
    purpose: upload.purpose,
    ownerUserId: upload.viewer?.userId ?? null,
    blobKey,
    contentType,
    byteSize: upload.bytes.length,
    sha256: createHash('sha256').update(upload.bytes).digest('hex'),
    createdAt: now,
    expiresAt: new Date(now.getTime() + upload.ttlMs),
    consumedAt: null,
  });
  try {
    await store.put(blobKey, upload.bytes, contentType);
  } catch (err) {
    await em.nativeDelete(UploadRecord, { id: uploadId });
    throw err;
  }
  return { uploadId, contentType, byteSize: upload.bytes.length };
}

/**
 * Attaches an upload in the caller's transaction (`em` is the transaction's): it must exist, be of one
 * of `purposes`, be unexpired and unconsumed, and belong to the viewer (an anonymous upload to an
 * anonymous caller); anything else is UPLOAD_UNKNOWN, so a caller learns nothing about others' uploads.
 * A conditional update marks it consumed, so two mutations racing for one upload get it once.
 */
export async function consumeUpload(
  em: EntityManager,
  request: { uploadId: string; purposes: readonly UploadPurpose[]; viewer: Viewer | null; now?: Date },
): Promise<{ upload: UploadRecord; error?: undefined } | { upload?: undefined; error: DomainError }> {
  const now = request.now ?? new Date();
  const unknown = {
    error: domainError(UploadCode.UPLOAD_UNKNOWN, `Upload "${request.uploadId}" is not yours to attach`),
  };
  const owner = request.viewer?.userId ?? null;
  const where = {
    id: request.uploadId,
    purpose: { $in: [...request.purposes] },
    ownerUserId: owner,
    consumedAt: null,
    expiresAt: { $gt: now },
  };
  const upload = await em.findOne(UploadRecord, where, { refresh: true });
  if (!upload) return unknown;
  const claimed = await em.nativeUpdate(UploadRecord, where, { consumedAt: now });
  if (claimed !== 1) return unknown;
  upload.consumedAt = now;
  return { upload };
}

/**
 * Attaches several uploads in the caller's transaction, all or none: every id is checked first (the
 * viewer's, of one of `purposes`, unexpired, unconsumed, named once), so a refusal consumes nothing and
 * answers UPLOAD_UNKNOWN at `field(i)` for each bad one. An upload taken by a concurrent request between
 * the check and the claim throws, which rolls the caller's transaction back (nothing half-written).
 */
export async function consumeUploads(
  em: EntityManager,
  request: {
    uploadIds: readonly string[];
    purposes: readonly UploadPurpose[];
    viewer: Viewer | null;
    field: (index: number) => string;
    now?: Date;
  },
): Promise<{ uploads: UploadRecord[]; errors: DomainError[] }> {
  const now = request.now ?? new Date();
  const errors: DomainError[] = [];
  const open = new Map<string, UploadRecord>();
  for (const [i, id] of request.uploadIds.entries()) {
    const upload = open.has(id)
      ? null
      : await em.findOne(UploadRecord, {
          id,
          purpose: { $in: [...request.purposes] },
          ownerUserId: request.viewer?.userId ?? null,
          consumedAt: null,
          expiresAt: { $gt: now },
        });
    if (upload) open.set(id, upload);
    else
      errors.push(domainError(UploadCode.UPLOAD_UNKNOWN, 'Unknown, expired or already used upload', request.field(i)));
  }
  if (errors.length) return { uploads: [], errors };
  const uploads: UploadRecord[] = [];
  for (const uploadId of open.keys()) {
    const claimed = await consumeUpload(em, { uploadId, purposes: request.purposes, viewer: request.viewer, now });
    if (claimed.error) throw new AppError(UploadCode.UPLOAD_UNKNOWN, `Upload "${uploadId}" was used meanwhile`);
    uploads.push(claimed.upload);
  }
  return { uploads, errors };
}

/**
 * Removes uploads past their expiry, oldest first, at most `batch`: the blob of one never attached,
 * then the row (a consumed upload's blob belongs to whatever attached it and stays). Answers how many
 * rows went.
 */
export async function sweepExpiredUploads(em: EntityManager, store: BlobStore, now = new Date(), batch = 500) {
  const expired = await em.find(
    UploadRecord,
    { expiresAt: { $lte: now } },
    { orderBy: { expiresAt: 'asc' }, limit: batch, refresh: true },
  );
  for (const upload of expired) if (!upload.consumedAt) await store.delete(upload.blobKey);
  if (expired.length === 0) return 0;
  return em.nativeDelete(UploadRecord, { id: { $in: expired.map((u) => u.id) }, expiresAt: { $lte: now } });
}

/** Runs `sweepExpiredUploads` every UPLOAD_SWEEP_INTERVAL_MS (first at start-up); returns its stop function. */
export function startUploadSweeper(orm: MikroORM, log: Logger, store: BlobStore): () => Promise<void> {
  return runPeriodically(
    'upload sweeper',
    UPLOAD_SWEEP_INTERVAL_MS,
    async () => {
      const removed = await sweepExpiredUploads(orm.em.fork(), store);
      if (removed > 0) log.info({ removed }, 'swept expired uploads');
    },
    log,
  );
}
