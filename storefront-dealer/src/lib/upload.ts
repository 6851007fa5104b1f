import { session } from './session';

/** What the gateway's `POST /uploads` stores a file for (licence documents here). */
export type UploadPurpose = 'APPLICATION_DOCUMENT' | 'QUALIFICATION_DOCUMENT';

/** The stored file an application or renewal then names by `uploadId`. */
export interface UploadedFile {
  uploadId: string;
  contentType: string;
  byteSize: number;
}

/** Largest file the form sends (the gateway's MAX_UPLOAD_SIZE default); larger ones are refused before sending. */
export const MAX_UPLOAD_BYTES = 5 * 1024 * 1024;

/** Why an upload failed: the route's codes, or NETWORK when the gateway did not answer. */
export class UploadError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/**
 * Sends one file to the gateway's `POST /uploads?purpose=…` (files do not travel through GraphQL).
 * An applicant's documents go anonymously (the application is submitted anonymously and may only
 * claim anonymous uploads); a renewal's with the signed-in user's token (it claims only its own).
 */
export async function uploadFile(file: Blob, purpose: UploadPurpose): Promise<UploadedFile> {
  if (file.size > MAX_UPLOAD_BYTES) throw new UploadError('UPLOAD_TOO_LARGE');
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  const token = purpose === 'QUALIFICATION_DOCUMENT' ? session.value?.accessToken : undefined;
  if (token) headers.authorization = `Bearer ${token}`;
  let res: Response;
  try {
    res = await fetch(`/uploads?purpose=${purpose}`, { method: 'POST', headers, body: file });
  } catch {
    throw new UploadError('NETWORK');
  }
  const body = (await res.json().catch(() => null)) as
    (UploadedFile & { errors?: { extensions?: { code?: string } }[] }) | null;
  if (res.ok && body?.uploadId)
    return { uploadId: body.uploadId, contentType: body.contentType, byteSize: body.byteSize };
  throw new UploadError(body?.errors?.[0]?.extensions?.code ?? 'UPLOAD_FAILED');
}
