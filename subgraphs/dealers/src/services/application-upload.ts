import { domainError, type DomainError } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';

/** The stored file behind an upload id, as an application document keeps it. */
export interface ClaimedUpload {
  blobKey: string | null;
  contentType: string | null;
  byteSize: number | null;
}

const UPLOAD_ID = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * Claims the uploads an application's documents (or a renewal) name, in the submitting
 * transaction: UPLOAD_UNKNOWN for an id that is not an unconsumed APPLICATION_DOCUMENT (or
 * QUALIFICATION_DOCUMENT) upload, else the stored file of each.
 *
 * TODO(kit): the kit `upload` staging table (helper n0b, "Kit: upload route") is not on this branch
 * yet; until it lands only the id's shape is checked and no file is attached. Completing this one
 * function (look the rows up, mark them consumed conditionally) is all the applications need.
 */
export async function claimUploads(
  _tx: EntityManager,
  uploadIds: readonly string[],
  field: (index: number) => string = (i) => `documents[${i}].uploadId`,
): Promise<{ errors: DomainError[]; files: Map<string, ClaimedUpload> }> {
  const errors: DomainError[] = [];
  const files = new Map<string, ClaimedUpload>();
  uploadIds.forEach((id, i) => {
    if (!UPLOAD_ID.test(id) || files.has(id))
      errors.push(domainError('UPLOAD_UNKNOWN', 'Unknown, expired or already used upload', field(i)));
    else files.set(id, { blobKey: null, contentType: null, byteSize: null });
  });
  return { errors, files };
}
