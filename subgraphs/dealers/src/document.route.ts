import {
  AppError,
  createBlobStore,
  ErrorCode,
  isBlobKey,
  VIEWER_HEADER,
  verifyViewerToken,
  type BlobStore,
  type SubgraphDefinition,
} from '@dnp/subgraph-kit';
import type { DealersLoaders } from './dealers-context.js';
import type { ApplicationDocumentService } from './services/application-document.service.js';

/** A subgraph's `routes` hook (the app and its route environment). */
type RouteHook = NonNullable<SubgraphDefinition<DealersLoaders>['routes']>;

/** A licence scan is personal company data: never kept by a browser or a proxy. */
export const DOCUMENT_CACHE_CONTROL = 'private, no-store';

/**
 * `GET /documents/applications/<applicationId>/<documentId>`: the scanned licence behind
 * `ApplicationDocument.url`, reached through the gateway's `GET /documents/*` with the caller's own
 * token. The viewer is checked on every fetch (HQ, or the manager of the application's region);
 * anyone else, an unknown id and a document without a file are all 404 NOT_FOUND. Answers are
 * `nosniff`, sandboxed and never cached. `store` defaults to the configured one (BLOB_STORE), where
 * the upload route stored the file.
 */
export function documentRoute(documents: ApplicationDocumentService, store?: BlobStore): RouteHook {
  return (app, env) => {
    const blobs = store ?? createBlobStore(env.config);
    app.get('/documents/applications/:applicationId/:documentId', (req, res, next) => {
      res.setHeader('x-content-type-options', 'nosniff');
      res.setHeader('cache-control', DOCUMENT_CACHE_CONTROL);
      const header = req.headers[VIEWER_HEADER];
      verifyViewerToken(env.config.INTERNAL_JWT_SECRET, env.name, Array.isArray(header) ? header[0] : header)
        .then(async (viewer) => {
          const em = env.orm.em.fork();
          const { applicationId, documentId } = req.params;
          const doc = await documents.readable({ em, viewer }, applicationId, documentId);
          const blob = doc && isBlobKey(doc.blobKey) ? await blobs.get(doc.blobKey) : null;
          if (!doc || !blob) {
            res.status(404).json({ errors: [{ message: 'No such document', extensions: { code: 'NOT_FOUND' } }] });
            return;
          }
          // A scan opened in a tab runs no script, even if a crafted file slipped past the sniffing.
          res.setHeader('content-security-policy', "sandbox; default-src 'none'");
          res.type(doc.contentType ?? blob.contentType);
          res.status(200).send(blob.bytes);
        })
        .catch((err: unknown) => {
          if (!(err instanceof AppError)) return next(err);
          const code = err.code === ErrorCode.GATEWAY_TOKEN_REQUIRED ? err.code : ErrorCode.UNAUTHENTICATED;
          res.status(401).json({ errors: [{ message: err.message, extensions: { code } }] });
        });
    });
  };
}
