import { consumeUploads, UploadPurpose, type DomainError, type Viewer } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';

/** The stored file behind an upload id, as an application document or a renewal keeps it. */
export interface ClaimedUpload {
  blobKey: string | null;
  contentType: string | null;
  byteSize: number | null;
}

/** Licence documents come in as either purpose: an applicant's or a dealer user's renewal. */
const DOCUMENT_PURPOSES = [UploadPurpose.APPLICATION_DOCUMENT, UploadPurpose.QUALIFICATION_DOCUMENT] as const;

/**
 * Claims the uploads an application's documents (or a renewal) name, in the submitting
 * transaction, all or none (the kit's `consumeUploads`): UPLOAD_UNKNOWN for an id that is not the
 * viewer's unconsumed, unexpired licence document (anonymous uploads belong to no user, so an
 * applicant claims anonymous ones), else the stored file of each.
 */
export async function claimUploads(
  tx: EntityManager,
  viewer: Viewer | null,
  uploadIds: readonly string[],
  field: (index: number) => string = (i) => `documents[${i}].uploadId`,
): Promise<{ errors: DomainError[]; files: Map<string, ClaimedUpload> }> {
  const claimed = await consumeUploads(tx, { uploadIds, purposes: DOCUMENT_PURPOSES, viewer, field });
  const files = new Map<string, ClaimedUpload>(
    claimed.uploads.map((u) => [u.id, { blobKey: u.blobKey, contentType: u.contentType, byteSize: u.byteSize }]),
  );
  return { errors: claimed.errors, files };
}
