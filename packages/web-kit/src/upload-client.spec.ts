import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postUpload } from './upload-client';

// A real HTTP server answering as the gateway's /uploads route does: 201 with the stored file, or a
// status with `errors[0].extensions.code`; it echoes what it was sent so the request can be checked.
let server: Server;
let origin: string;
const seen: { url?: string; auth?: string; type?: string; bytes?: number }[] = [];

const body = (req: IncomingMessage) =>
  new Promise<Buffer>((ok) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c)).on('end', () => ok(Buffer.concat(parts)));
  });

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const bytes = await body(req);
    seen.push({
      url: req.url,
      auth: req.headers.authorization,
      type: req.headers['content-type'],
      bytes: bytes.length,
    });
    res.setHeader('content-type', 'application/json');
    if (bytes.length > 8) {
      res.statusCode = 413;
      res.end(JSON.stringify({ errors: [{ message: 'too large', extensions: { code: 'UPLOAD_TOO_LARGE' } }] }));
    } else if (req.url?.endsWith('purpose=BROKEN')) {
      res.statusCode = 502;
      res.end('not json');
    } else {
      res.statusCode = 201;
      res.end(JSON.stringify({ uploadId: 'upl_1', contentType: 'image/png', byteSize: bytes.length }));
    }
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((ok) => server.close(ok)));

describe('postUpload', () => {
  it('sends the file with its purpose and token, and answers the stored file', async () => {
    const file = new Blob([new Uint8Array([1, 2, 3])], { type: 'image/png' });
    const out = await postUpload(file, 'PRODUCT_IMAGE', { token: 'tok', origin });
    expect(out).toEqual({ ok: true, file: { uploadId: 'upl_1', contentType: 'image/png', byteSize: 3 } });
    expect(seen.at(-1)).toEqual({
      url: '/uploads?purpose=PRODUCT_IMAGE',
      auth: 'Bearer tok',
      type: 'image/png',
      bytes: 3,
    });
  });

  it('sends anonymously without a token, as application/octet-stream when the file has no type', async () => {
    await postUpload(new Blob([new Uint8Array([1])]), 'APPLICATION_DOCUMENT', { origin });
    expect(seen.at(-1)).toMatchObject({ auth: undefined, type: 'application/octet-stream' });
  });

  it("answers the route's code, UPLOAD_FAILED for an answer it cannot read, NETWORK when nothing answers", async () => {
    const big = new Blob([new Uint8Array(9)]);
    expect(await postUpload(big, 'PRODUCT_IMAGE', { origin })).toEqual({
      ok: false,
      code: 'UPLOAD_TOO_LARGE',
      message: 'too large',
      status: 413,
    });
    const tiny = new Blob([new Uint8Array(1)]);
    expect(await postUpload(tiny, 'BROKEN', { origin })).toMatchObject({
      ok: false,
      code: 'UPLOAD_FAILED',
      status: 502,
    });
    expect(await postUpload(tiny, 'X', { origin: 'http://127.0.0.1:1' })).toMatchObject({ ok: false, code: 'NETWORK' });
  });
});
