import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchDocument } from './document-client';

// A real HTTP server answering as the gateway's /documents route does: the file to HQ's token, else a
// 404 with `errors[0].extensions.code`; a path ending in /broken answers 502 without JSON.
let server: Server;
let origin: string;
const seen: { url?: string; auth?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url, auth: req.headers.authorization });
    if (req.url?.endsWith('/broken')) {
      res.statusCode = 502;
      return void res.end('bad gateway');
    }
    if (req.headers.authorization === 'Bearer hq') {
      res.setHeader('content-type', 'application/pdf');
      return void res.end('%PDF-1.4');
    }
    res.statusCode = 404;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ errors: [{ message: 'No such document', extensions: { code: 'NOT_FOUND' } }] }));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((ok) => server.close(ok)));

describe('fetchDocument', () => {
  it("sends the user's token and answers the file with its type", async () => {
    const out = await fetchDocument('/documents/applications/app_1/apd_1', { token: 'hq', origin });
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.file.type).toBe('application/pdf');
    expect(await out.file.text()).toBe('%PDF-1.4');
    expect(seen.at(-1)).toEqual({ url: '/documents/applications/app_1/apd_1', auth: 'Bearer hq' });
  });

  it("answers the gateway's code, a fallback code, or NETWORK", async () => {
    expect(await fetchDocument('/documents/x', { token: 'dealer', origin })).toEqual({
      ok: false,
      code: 'NOT_FOUND',
      status: 404,
    });
    expect(seen.at(-1)?.auth).toBe('Bearer dealer');
    expect(await fetchDocument('/documents/broken', { origin })).toEqual({
      ok: false,
      code: 'DOCUMENT_FAILED',
      status: 502,
    });
    expect(seen.at(-1)?.auth).toBeUndefined();
    expect(await fetchDocument('/documents/x', { origin: 'http://127.0.0.1:1' })).toEqual({
      ok: false,
      code: 'NETWORK',
      status: 0,
    });
  });
});
