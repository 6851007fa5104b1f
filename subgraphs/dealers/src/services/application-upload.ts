import {
  AppError,
  consumeUpload,
  domainError,
  UploadPurpose,
  UploadRecord,
  type DomainError,
  type Viewer,
} from '@dnp/subgraph-kit';
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
 * transaction: UPLOAD_UNKNOWN for an id that is not the viewer's unconsumed, unexpired licence
 * document (anonymous uploads belong to no user, so an applicant claims anonymous ones), else the
 * stored file of each. Every id is checked before any is consumed, so a refusal consumes nothing;
 * an upload taken by a concurrent request between the check and the claim throws, which rolls the
 * caller's transaction back (nothing half-written).
 */
export async function claimUploads(
  tx: EntityManager,
  viewer: Viewer | null,
  uploadIds: readonly string[],
  field: (index: number) => string = (i) => `documents[${i}].uploadId`,
): Promise<{ errors: DomainError[]; files: Map<string, ClaimedUpload> }> {
  const now = new Date();
  const errors: DomainError[] = [];
  const files = new Map<string, ClaimedUpload>();
  const unknown = (i: number) => domainError('UPLOAD_UNKNOWN', 'Unknown, expired or already used upload', field(i));
  for (const [i, id] of uploadIds.entries()) {
    const open = files.has(id)
      ? null
      : await tx.findOne(UploadRecord, {
          id,
          purpose: { $in: [...DOCUMENT_PURPOSES] },
          ownerUserId: viewer?.userId ?? null,
          consumedAt: null,
          expiresAt: { $gt: now },
        });
    if (!open) errors.push(unknown(i));
    else files.set(id, { blobKey: open.blobKey, contentType: open.contentType, byteSize: open.byteSize });
  }
  if (errors.length) return { errors, files: new Map() };
  for (const id of files.keys()) {
    const claimed = await consumeUpload(tx, { uploadId: id, purposes: DOCUMENT_PURPOSES, viewer, now });
    if (claimed.error) throw new AppError('UPLOAD_UNKNOWN', `Upload "${id}" was used by another request meanwhile`);
  }
  return { errors, files };
}
