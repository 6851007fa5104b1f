import { Role } from '@dnp/subgraph-kit';
import type { DealersContext } from '../dealers-context.js';
import { ApplicationDocument, DealerApplication } from '../entities/dealer-application.entity.js';
import { applicationScope } from './dealer-application.service.js';

/** Ids as `newId` makes them ("app_…", "apd_…"): nothing else reaches a query or a path. */
const DOCUMENT_ID = /^[a-z]{2,8}_[a-z0-9_]{1,40}$/;

/** The roles that open licence scans: head office and the region managers (in their subtree). */
const READERS: readonly string[] = [Role.HQ_ADMIN, Role.REGION_MANAGER];

/**
 * Where the gateway serves a stored application document (`GET /documents/…` with the caller's
 * token); null when no file is stored (the demo's documents).
 */
export function applicationDocumentUrl(doc: Pick<ApplicationDocument, 'id' | 'applicationId' | 'blobKey'>) {
  return doc.blobKey ? `/documents/applications/${doc.applicationId}/${doc.id}` : null;
}

/**
 * Licence scans submitted with applications are never public (design §1): only HQ and the manager of
 * the application's region open one. Anything else, an unknown id and a document without a file
 * alike, is null (the route answers NOT_FOUND, so a caller cannot tell which).
 */
export class ApplicationDocumentService {
  /** The document with its stored file's key, when the viewer may open it; null otherwise. */
  async readable(
    ctx: Pick<DealersContext, 'em' | 'viewer'>,
    applicationId: string,
    documentId: string,
  ): Promise<(ApplicationDocument & { blobKey: string }) | null> {
    if (!ctx.viewer || !READERS.includes(ctx.viewer.role)) return null;
    if (!DOCUMENT_ID.test(applicationId) || !DOCUMENT_ID.test(documentId)) return null;
    const scope = applicationScope(ctx);
    if (!scope) return null;
    const app = await ctx.em.findOne(DealerApplication, { $and: [scope, { id: applicationId }] });
    if (!app) return null;
    const doc = await ctx.em.findOne(ApplicationDocument, { id: documentId, applicationId });
    return doc?.blobKey ? (doc as ApplicationDocument & { blobKey: string }) : null;
  }
}
