import { postUpload, type UploadedFile } from '@dnp/web-kit';
import { session } from './session';

/** What the gateway's `POST /uploads` stores a file for (licence documents here). */
export type UploadPurpose = 'APPLICATION_DOCUMENT' | 'QUALIFICATION_DOCUMENT';

/** Largest file the form sends (the gateway's MAX_UPLOAD_SIZE default); larger ones are refused before sending. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** Why an upload failed: the route's codes, or NETWORK when the gateway did not answer. */
export class UploadError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * Sends one file to the gateway's `POST /uploads?purpose=…` through web-kit's `postUpload`.
 * An applicant's documents go anonymously (the application is submitted anonymously and may only
 * claim anonymous uploads); a renewal's with the signed-in user's token (it claims only its own).
 */
export async function uploadFile(file: Blob, purpose: UploadPurpose): Promise<UploadedFile> {
  if (file.size > MAX_UPLOAD_BYTES) throw new UploadError('UPLOAD_TOO_LARGE');
  const token = purpose === 'QUALIFICATION_DOCUMENT' ? session.value?.accessToken : undefined;
  const out = await postUpload(file, purpose, { token });
  if (out.ok) return out.file;
  throw new UploadError(out.code);
}
