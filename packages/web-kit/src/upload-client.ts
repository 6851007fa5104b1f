/** What the gateway's `POST /uploads` stored: the id a mutation then names, its sniffed type and size. */
export interface UploadedFile {
  uploadId: string;
  contentType: string;
  byteSize: number;
}

/** One upload's outcome: the stored file, or the route's refusal code (NETWORK when nothing answered). */
export type UploadOutcome =
  { ok: true; file: UploadedFile } | { ok: false; code: string; message: string | null; status: number };

/** Where and as whom `postUpload` sends (`fetch` and `origin` are for callers outside a page). */
export interface UploadOptions {
  /** The signed-in user's access token; anonymous uploads (a dealer application) send none. */
  token?: string | null;
  /** Prefix of the gateway's origin; the apps use their own origin (''). */
  origin?: string;
  fetch?: typeof fetch;
}

/**
 * Sends one file to the gateway's `POST /uploads?purpose=…` (files do not travel through GraphQL)
 * and reads its answer: `{ uploadId, contentType, byteSize }` or `{ errors: [{ extensions.code }] }`.
 * Both apps upload through it, so the protocol is written once.
 */
export async function postUpload(file: Blob, purpose: string, opts: UploadOptions = {}): Promise<UploadOutcome> {
  const headers: Record<string, string> = { 'content-type': file.type || 'application/octet-stream' };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const send = opts.fetch ?? fetch;
  let res: Response;
  try {
    const url = `${opts.origin ?? ''}/uploads?purpose=${encodeURIComponent(purpose)}`;
    res = await send(url, { method: 'POST', headers, body: file });
  } catch {
    return { ok: false, code: 'NETWORK', message: null, status: 0 };
  }
  const body = (await res.json().catch(() => null)) as
    (Partial<UploadedFile> & { errors?: { message?: string; extensions?: { code?: string } }[] }) | null;
  if (res.ok && body?.uploadId)
    return {
      ok: true,
      file: { uploadId: body.uploadId, contentType: String(body.contentType), byteSize: Number(body.byteSize) },
    };
  const error = body?.errors?.[0];
  return {
    ok: false,
    code: error?.extensions?.code ?? 'UPLOAD_FAILED',
    message: error?.message ?? null,
    status: res.status,
  };
}
