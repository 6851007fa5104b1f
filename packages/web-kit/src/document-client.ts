import type { UploadOptions } from './upload-client';

/** A fetched private file: its bytes, or the gateway's refusal code (NETWORK when nothing answered). */
export type DocumentOutcome = { ok: true; file: Blob } | { ok: false; code: string; status: number };

/**
 * Fetches a private file the API names by a gateway path (an application's licence scan,
 * `ApplicationDocument.url`) with the signed-in user's token: such paths are checked per viewer, so
 * a plain link (no Authorization header) would be refused. Answers the bytes as a Blob of the
 * served type, or the code of `{ errors: [{ extensions.code }] }` (NOT_FOUND for a file the viewer
 * may not read).
 */
export async function fetchDocument(path: string, opts: UploadOptions = {}): Promise<DocumentOutcome> {
  const headers: Record<string, string> = {};
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const send = opts.fetch ?? fetch;
  let res: Response;
  try {
    res = await send(`${opts.origin ?? ''}${path}`, { headers });
  } catch {
    return { ok: false, code: 'NETWORK', status: 0 };
  }
  if (res.ok) return { ok: true, file: await res.blob() };
  const body = (await res.json().catch(() => null)) as { errors?: { extensions?: { code?: string } }[] } | null;
  return { ok: false, code: body?.errors?.[0]?.extensions?.code ?? 'DOCUMENT_FAILED', status: res.status };
}
