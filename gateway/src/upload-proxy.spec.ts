import { DEV_SECRET, runSubgraph, uploadRoute, UploadRecord, type StartedSubgraph } from '@dnp/subgraph-kit';
import { verifyViewerToken } from '@dnp/subgraph-kit';
import { baseSubgraphConfig, parseConfig } from '@dnp/subgraph-kit';
import express from 'express';
import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema, printSchema } from 'graphql';
import { SignJWT } from 'jose';
import { mkdtemp, rm } from 'node:fs/promises';
import { request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER } from './access-token.js';
import { mountUploadRoutes } from './upload-proxy.js';
import { ViewerTokenCache } from './viewer-cache.js';

const AUTH_SECRET = 'gateway-upload-test-secret-0123456789abcdef';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const PDF = Buffer.from('%PDF-1.4\n%%EOF\n');

let dir: string;
const subgraphs: Record<string, StartedSubgraph> = {};
let gateway: Server;
let base: string;
const mediaSeen: string[] = [];
/** The viewer each document fetch reached dealers as (its role, or "anonymous"). */
const documentsSeen: string[] = [];

/** A subgraph with the kit's upload route for `purposes` (products also serves a test /media). */
async function startSubgraph(name: string, purposes: Parameters<typeof uploadRoute>[0]['purposes']) {
  const query = new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLBoolean } } });
  const schema = new GraphQLSchema({ query });
  const env = { PORT: '0', LOG_LEVEL: 'silent', BLOB_DIR: join(dir, name) };
  const upload = uploadRoute({ purposes });
  subgraphs[name] = await runSubgraph(
    {
      name,
      entities: [],
      migrations: { sqlite: [], mysql: [] },
      createLoaders: () => ({}),
      buildSchema: async () => ({ schema, sdl: printSchema(schema) }),
      routes: (app, routeEnv) => {
        upload(app, routeEnv);
        app.get('/media/*path', (req, res) => {
          mediaSeen.push(`${req.path} ${req.headers['x-dnp-viewer'] ? 'signed' : 'unsigned'}`);
          if (req.path.endsWith('/480.webp')) res.type('image/webp').send(Buffer.from('RIFF\0\0\0\0WEBP'));
          else res.status(404).end();
        });
        // Dealers' document route decides by the viewer: here, HQ reads everything and nobody else anything.
        app.get('/documents/*path', (req, res) => {
          const header = String(req.headers['x-dnp-viewer'] ?? '');
          void verifyViewerToken(DEV_SECRET, name, header).then((viewer) => {
            documentsSeen.push(`${req.path} ${viewer?.role ?? 'anonymous'}`);
            if (viewer?.role === 'HQ_ADMIN') res.type('application/pdf').send(PDF);
            else res.status(404).json({ errors: [{ message: 'No such document', extensions: { code: 'NOT_FOUND' } }] });
          });
        });
      },
    },
    parseConfig(baseSubgraphConfig, env, name),
    { signals: false, exit: () => {} },
  );
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnp-gateway-uploads-'));
  await startSubgraph('products', ['PRODUCT_IMAGE']);
  await startSubgraph('dealers', ['APPLICATION_DOCUMENT', 'QUALIFICATION_DOCUMENT']);
  const viewers = new ViewerTokenCache(new TextEncoder().encode(AUTH_SECRET), DEV_SECRET);
  const app = express();
  mountUploadRoutes(app, {
    urls: { products: subgraphs.products!.url, dealers: subgraphs.dealers!.url },
    maxUploadSize: '5mb',
    log: pino({ level: 'silent' }),
    resolveIdentity: (req) => viewers.resolve(req.headers.authorization),
    anonymousToken: async (name) => (await viewers.resolve(undefined)).viewerToken(name),
  });
  gateway = await new Promise<Server>((ok) => {
    const s = app.listen(0, '127.0.0.1', () => ok(s));
  });
  base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((ok) => gateway?.close(ok));
  for (const s of Object.values(subgraphs)) await s.close();
  await rm(dir, { recursive: true, force: true });
});

const accessToken = (sub: string, role: string) =>
  new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(sub)
    .setIssuer(ACCESS_TOKEN_ISSUER)
    .setAudience(ACCESS_TOKEN_AUDIENCE)
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(AUTH_SECRET));

async function post(purpose: string, body: Buffer, headers: Record<string, string> = {}) {
  const res = await fetch(`${base}/uploads?purpose=${purpose}`, { method: 'POST', headers, body });
  const json = (await res.json()) as { uploadId?: string; errors?: { extensions: { code: string } }[] };
  return { status: res.status, code: json.errors?.[0]?.extensions.code, json };
}

/** A GET sent with its path exactly as written. */
const rawGet = (path: string) =>
  new Promise<number>((ok, fail) => {
    const port = Number(new URL(base).port);
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      res.resume();
      ok(res.statusCode ?? 0);
    });
    req.on('error', fail);
    req.end();
  });

const rows = async () =>
  (await subgraphs.products!.orm.em.fork().count(UploadRecord)) +
  (await subgraphs.dealers!.orm.em.fork().count(UploadRecord));

describe('POST /uploads at the gateway', () => {
  it('forwards an HQ product image to products with the caller as owner', async () => {
    const hq = await accessToken('usr_hq', 'HQ_ADMIN');
    const answer = await post('PRODUCT_IMAGE', PNG, { authorization: `Bearer ${hq}` });
    expect([answer.status, answer.json]).toEqual([
      201,
      { uploadId: answer.json.uploadId, contentType: 'image/png', byteSize: 12 },
    ]);
    const row = await subgraphs.products!.orm.em.fork().findOneOrFail(UploadRecord, { id: answer.json.uploadId! });
    expect(row.ownerUserId).toBe('usr_hq');
  });

  it('forwards an anonymous application document to dealers', async () => {
    const answer = await post('APPLICATION_DOCUMENT', PDF);
    expect([answer.status, answer.json.uploadId?.startsWith('upl_')]).toEqual([201, true]);
    const row = await subgraphs.dealers!.orm.em.fork().findOneOrFail(UploadRecord, { id: answer.json.uploadId! });
    expect(row.ownerUserId).toBeNull();
  });

  it('refuses by size and identity before anything is stored', async () => {
    const before = await rows();
    const hq = await accessToken('usr_hq', 'HQ_ADMIN');
    const dealer = await accessToken('usr_d', 'DEALER_ADMIN');
    const sixMb = Buffer.alloc(6 * 1024 * 1024, 0x25);
    const results = [
      [await post('APPLICATION_DOCUMENT', sixMb), 413, 'UPLOAD_TOO_LARGE'],
      [await post('PRODUCT_IMAGE', sixMb, { authorization: `Bearer ${hq}` }), 413, 'UPLOAD_TOO_LARGE'],
      [await post('PRODUCT_IMAGE', PNG, { authorization: 'Bearer not-a-token' }), 401, 'INVALID_TOKEN'],
      [
        await post('PRODUCT_IMAGE', PNG, { authorization: `Bearer ${hq}`, 'x-api-key': 'k' }),
        400,
        'AMBIGUOUS_CREDENTIALS',
      ],
      [await post('PRODUCT_IMAGE', PNG), 401, 'UNAUTHENTICATED'],
      [await post('PRODUCT_IMAGE', PNG, { authorization: `Bearer ${dealer}` }), 403, 'FORBIDDEN'],
      [await post('QUALIFICATION_DOCUMENT', PDF), 401, 'UNAUTHENTICATED'],
      // Refused by the subgraph before it reads the body: the answer still comes back whole.
      [await post('PRODUCT_IMAGE', Buffer.alloc(4 * 1024 * 1024, 0x89)), 401, 'UNAUTHENTICATED'],
      [await post('SOMETHING_ELSE', PNG, { authorization: `Bearer ${hq}` }), 400, 'UPLOAD_PURPOSE_INVALID'],
      [await post('APPLICATION_DOCUMENT', Buffer.from('plain text')), 415, 'UPLOAD_TYPE_NOT_ALLOWED'],
    ] as const;
    expect(results.map(([r]) => `${r.status} ${r.code}`)).toEqual(results.map(([, s, c]) => `${s} ${c}`));
    expect(await rows()).toBe(before);
  });
});

describe('GET /media at the gateway', () => {
  it("serves products' media public and immutable, nosniff, and 404s anything else", async () => {
    const ok = await fetch(`${base}/media/products/prd_1/img_1/480.webp`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(ok.headers.get('content-type')).toBe('image/webp');
    expect(mediaSeen).toEqual(['/media/products/prd_1/img_1/480.webp signed']);
    const missing = await fetch(`${base}/media/products/prd_1/img_1/999.webp`);
    expect([missing.status, missing.headers.get('cache-control')]).toEqual([404, null]);
    // Raw paths (fetch would normalise dot segments away before sending).
    for (const bad of [
      '/media/products/../secret',
      '/media/products/%2e%2e/secret',
      '/media/.hidden',
      '/media/A.webp',
    ]) {
      expect(await rawGet(bad), bad).toBe(404);
    }
    expect(mediaSeen.slice(1)).toEqual(['/media/products/prd_1/img_1/999.webp signed']);
  });
});

describe('GET /documents at the gateway', () => {
  it("fetches an application's document from dealers as the caller, never cached; a 404 stays a 404", async () => {
    const path = '/documents/applications/app_1/apd_1';
    const hq = await accessToken('usr_hq', 'HQ_ADMIN');
    const ok = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${hq}` } });
    expect(ok.status).toBe(200);
    expect(Buffer.from(await ok.arrayBuffer())).toEqual(PDF);
    expect(ok.headers.get('content-type')).toBe('application/pdf');
    expect(ok.headers.get('cache-control')).toBe('private, no-store');
    expect(ok.headers.get('x-content-type-options')).toBe('nosniff');
    expect(ok.headers.get('content-security-policy')).toContain('sandbox');
    const dealer = await accessToken('usr_nj_admin', 'DEALER_ADMIN');
    const refused = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${dealer}` } });
    const anonymous = await fetch(`${base}${path}`);
    expect([refused.status, anonymous.status]).toEqual([404, 404]);
    expect(((await refused.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe(
      'NOT_FOUND',
    );
    expect(documentsSeen).toEqual([`${path} HQ_ADMIN`, `${path} DEALER_ADMIN`, `${path} anonymous`]);
    const badToken = await fetch(`${base}${path}`, { headers: { authorization: 'Bearer nope' } });
    expect(badToken.status).toBe(401);
    // Only an application's and a document's ids pass; nothing else reaches dealers.
    for (const bad of [
      '/documents/applications/../x',
      '/documents/applications/app_1',
      '/documents/other/app_1/apd_1',
    ]) {
      expect(await rawGet(bad), bad).toBe(404);
    }
    expect(documentsSeen).toHaveLength(3);
  });
});
