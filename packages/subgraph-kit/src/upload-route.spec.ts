import { GraphQLBoolean, GraphQLObjectType, GraphQLSchema, printSchema } from 'graphql';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startS3Server, type TestS3 } from '@dnp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { baseConfig, DEV_SECRET } from './base-config.js';
import { FolderBlobStore } from './blob-store.js';
import { createBlobStore } from './blob-store-factory.js';
import { S3BlobStore } from './blob-store-s3.js';
import { runSubgraph, type StartedSubgraph } from './bootstrap.js';
import { baseSubgraphConfig, parseConfig } from './service-config.js';
import {
  consumeUpload,
  consumeUploads,
  sniffContentType,
  sweepExpiredUploads,
  uploadRoute,
  UploadPurpose,
} from './upload-route.js';
import { UploadRecord } from './upload.entity.js';
import { Role, signViewerToken, VIEWER_HEADER, type Viewer } from './viewer.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]);
const PDF = Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n');
const HQ: Viewer = { userId: 'u_hq', role: Role.HQ_ADMIN };
const DEALER: Viewer = { userId: 'u_dealer', role: Role.DEALER_ADMIN, dealerId: 'd_1' };

let dir: string;
let store: FolderBlobStore;
let running: StartedSubgraph;
let base: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnp-upload-route-'));
  store = new FolderBlobStore(join(dir, 'blobs'));
  running = await startFilesSubgraph({ BLOB_DIR: join(dir, 'blobs') });
  base = running.url.replace(/\/graphql$/, '');
});

/** A subgraph named `files` with only the upload route, its store the one `env` configures. */
function startFilesSubgraph(env: Record<string, string>): Promise<StartedSubgraph> {
  const query = new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLBoolean } } });
  const schema = new GraphQLSchema({ query });
  return runSubgraph(
    {
      name: 'files',
      entities: [],
      migrations: { sqlite: [], mysql: [] },
      createLoaders: () => ({}),
      buildSchema: async () => ({ schema, sdl: printSchema(schema) }),
      routes: uploadRoute({ purposes: [UploadPurpose.PRODUCT_IMAGE, UploadPurpose.APPLICATION_DOCUMENT] }),
    },
    parseConfig(baseSubgraphConfig, { PORT: '0', LOG_LEVEL: 'silent', ...env }, 'files'),
    { signals: false, exit: () => {} },
  );
}
afterAll(async () => {
  await running?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Posts bytes as the gateway would: a viewer token signed for `audience` (null viewer = anonymous). */
async function upload(
  purpose: string,
  body: Buffer,
  viewer: Viewer | null,
  audience = 'files',
  token = true,
  at = base,
) {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (token) headers[VIEWER_HEADER] = await signViewerToken(DEV_SECRET, audience, viewer);
  const res = await fetch(`${at}/uploads?purpose=${purpose}`, { method: 'POST', headers, body });
  const json = (await res.json()) as {
    uploadId?: string;
    contentType?: string;
    errors?: { extensions: { code: string } }[];
  };
  return { status: res.status, json, code: json.errors?.[0]?.extensions.code };
}

const rows = () => running.orm.em.fork().count(UploadRecord);

describe('uploadRoute', () => {
  it('stores an HQ product image: the row, the blob and the answer', async () => {
    const answer = await upload('PRODUCT_IMAGE', PNG, HQ);
    expect(answer.status).toBe(201);
    expect(answer.json).toEqual({
      uploadId: expect.stringMatching(/^upl_[0-9a-z]{26}$/),
      contentType: 'image/png',
      byteSize: 15,
    });
    const row = await running.orm.em.fork().findOneOrFail(UploadRecord, { id: answer.json.uploadId! });
    expect(row).toMatchObject({
      purpose: 'PRODUCT_IMAGE',
      ownerUserId: 'u_hq',
      contentType: 'image/png',
      byteSize: 15,
    });
    expect(row.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(row.expiresAt.getTime() - row.createdAt.getTime()).toBe(24 * 3600 * 1000);
    expect(await store.get(row.blobKey)).toEqual({ contentType: 'image/png', bytes: PNG });
  });

  it('takes an anonymous application document, owned by nobody', async () => {
    const answer = await upload('APPLICATION_DOCUMENT', PDF, null);
    expect([answer.status, answer.json]).toEqual([
      201,
      { uploadId: answer.json.uploadId, contentType: 'application/pdf', byteSize: PDF.length },
    ]);
    const row = await running.orm.em.fork().findOneOrFail(UploadRecord, { id: answer.json.uploadId! });
    expect(row.ownerUserId).toBeNull();
  });

  it('refuses without writing: token, purpose, grant, type and size', async () => {
    const before = await rows();
    const refusals = [
      [await upload('PRODUCT_IMAGE', PNG, HQ, 'files', false), 401, 'GATEWAY_TOKEN_REQUIRED'],
      [await upload('PRODUCT_IMAGE', PNG, HQ, 'products'), 401, 'GATEWAY_TOKEN_REQUIRED'],
      [await upload('QUALIFICATION_DOCUMENT', PDF, HQ), 400, 'UPLOAD_PURPOSE_INVALID'],
      [await upload('product_image', PNG, HQ), 400, 'UPLOAD_PURPOSE_INVALID'],
      [await upload('PRODUCT_IMAGE', PNG, null), 401, 'UNAUTHENTICATED'],
      [await upload('PRODUCT_IMAGE', PNG, DEALER), 403, 'FORBIDDEN'],
      [await upload('PRODUCT_IMAGE', PDF, HQ), 415, 'UPLOAD_TYPE_NOT_ALLOWED'],
      [
        await upload('APPLICATION_DOCUMENT', Buffer.from('just text, named .png'), null),
        415,
        'UPLOAD_TYPE_NOT_ALLOWED',
      ],
      [await upload('APPLICATION_DOCUMENT', Buffer.alloc(0), null), 415, 'UPLOAD_TYPE_NOT_ALLOWED'],
      [await upload('APPLICATION_DOCUMENT', Buffer.alloc(25 * 1024 * 1024 + 1, 0x25), null), 413, 'UPLOAD_TOO_LARGE'],
    ] as const;
    expect(refusals.map(([r, status, code]) => [r.status, r.code, status, code].join(' '))).toEqual(
      refusals.map(([, status, code]) => [status, code, status, code].join(' ')),
    );
    expect(await rows()).toBe(before);
  });

  it('sniffs JPEG, PNG, WebP and PDF by their magic bytes only', () => {
    expect(sniffContentType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(sniffContentType(PNG)).toBe('image/png');
    expect(sniffContentType(Buffer.from('RIFF\x10\x00\x00\x00WEBPVP8 ', 'latin1'))).toBe('image/webp');
    expect(sniffContentType(Buffer.from('RIFF\x10\x00\x00\x00WAVEfmt ', 'latin1'))).toBeUndefined();
    expect(sniffContentType(PDF)).toBe('application/pdf');
    expect(sniffContentType(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBeUndefined();
  });
});

describe('consumeUpload and the sweeper', () => {
  it('attaches an upload once, to its owner and purpose, before it expires', async () => {
    const mine = (await upload('PRODUCT_IMAGE', PNG, HQ)).json.uploadId!;
    const anonymous = (await upload('APPLICATION_DOCUMENT', PDF, null)).json.uploadId!;
    const attach = (uploadId: string, viewer: Viewer | null, purpose: UploadPurpose, now?: Date) =>
      running.orm.em.fork().transactional((em) => consumeUpload(em, { uploadId, purposes: [purpose], viewer, now }));
    const later = new Date(Date.now() + 25 * 3600 * 1000);
    const unknown = async (p: ReturnType<typeof attach>) => (await p).error?.code;
    expect(await unknown(attach(mine, { ...HQ, userId: 'u_other' }, UploadPurpose.PRODUCT_IMAGE))).toBe(
      'UPLOAD_UNKNOWN',
    );
    expect(await unknown(attach(mine, HQ, UploadPurpose.APPLICATION_DOCUMENT))).toBe('UPLOAD_UNKNOWN');
    expect(await unknown(attach(mine, HQ, UploadPurpose.PRODUCT_IMAGE, later))).toBe('UPLOAD_UNKNOWN');
    expect(await unknown(attach('upl_nothing', HQ, UploadPurpose.PRODUCT_IMAGE))).toBe('UPLOAD_UNKNOWN');
    expect(await unknown(attach(anonymous, HQ, UploadPurpose.APPLICATION_DOCUMENT))).toBe('UPLOAD_UNKNOWN');
    const first = await attach(mine, HQ, UploadPurpose.PRODUCT_IMAGE);
    expect(first.upload).toMatchObject({ id: mine, contentType: 'image/png', consumedAt: expect.any(Date) });
    expect(await unknown(attach(mine, HQ, UploadPurpose.PRODUCT_IMAGE))).toBe('UPLOAD_UNKNOWN');
    expect((await attach(anonymous, null, UploadPurpose.APPLICATION_DOCUMENT)).upload?.id).toBe(anonymous);
  });

  it('attaches several uploads all or none: one bad id consumes none of the good ones', async () => {
    const [a, b] = [
      (await upload('PRODUCT_IMAGE', PNG, HQ)).json.uploadId!,
      (await upload('PRODUCT_IMAGE', PNG, HQ)).json.uploadId!,
    ];
    const attachAll = (uploadIds: string[]) =>
      running.orm.em.fork().transactional((em) =>
        consumeUploads(em, {
          uploadIds,
          purposes: [UploadPurpose.PRODUCT_IMAGE],
          viewer: HQ,
          field: (i) => `ids[${i}]`,
        }),
      );
    const refused = await attachAll([a, 'upl_nothing', b, a]);
    expect(refused.errors.map((e) => [e.code, e.field])).toEqual([
      ['UPLOAD_UNKNOWN', 'ids[1]'],
      ['UPLOAD_UNKNOWN', 'ids[3]'],
    ]);
    const consumed = async (id: string) => (await running.orm.em.fork().findOneOrFail(UploadRecord, { id })).consumedAt;
    expect([await consumed(a), await consumed(b)]).toEqual([null, null]);
    const done = await attachAll([a, b]);
    expect([done.errors, done.uploads.map((u) => u.id)]).toEqual([[], [a, b]]);
    expect(await consumed(b)).toEqual(expect.any(Date));
  });

  it('sweeps expired uploads: the blob of one never attached, only the row of a consumed one', async () => {
    const staged = (await upload('PRODUCT_IMAGE', PNG, HQ)).json.uploadId!;
    const used = (await upload('PRODUCT_IMAGE', PNG, HQ)).json.uploadId!;
    await running.orm.em
      .fork()
      .transactional((em) =>
        consumeUpload(em, { uploadId: used, purposes: [UploadPurpose.PRODUCT_IMAGE], viewer: HQ }),
      );
    const keyOf = async (id: string) => (await running.orm.em.fork().findOneOrFail(UploadRecord, { id })).blobKey;
    const [stagedKey, usedKey] = [await keyOf(staged), await keyOf(used)];
    expect(await sweepExpiredUploads(running.orm.em.fork(), store)).toBe(0);
    const removed = await sweepExpiredUploads(running.orm.em.fork(), store, new Date(Date.now() + 25 * 3600 * 1000));
    expect(removed).toBeGreaterThanOrEqual(2);
    expect(await rows()).toBe(0);
    expect(await store.get(stagedKey)).toBeNull();
    expect(await store.get(usedKey)).not.toBeNull();
  });
});

describe('uploadRoute on S3 (BLOB_STORE=s3, a real S3-compatible server)', () => {
  let s3: TestS3;
  let onS3: StartedSubgraph;
  let at: string;
  beforeAll(async () => {
    s3 = await startS3Server({ logDir: join(ROOT, 'test-results', 'logs', `upload-route-s3-${Date.now()}`) });
    onS3 = await startFilesSubgraph({ ...s3.env, BLOB_DIR: join(dir, 'unused') });
    at = onS3.url.replace(/\/graphql$/, '');
  }, 60_000);
  afterAll(async () => {
    await onS3?.close();
    await s3?.stop();
  });

  it('stores the blob in the bucket, refuses without writing, and sweeps it from there', async () => {
    const answer = await upload('PRODUCT_IMAGE', PNG, HQ, 'files', true, at);
    expect([answer.status, answer.json.contentType]).toEqual([201, 'image/png']);
    const row = await onS3.orm.em.fork().findOneOrFail(UploadRecord, { id: answer.json.uploadId! });
    expect(await s3.keys('uploads/')).toEqual([row.blobKey]);
    const bucket = createBlobStore(baseConfig.parse({ PORT: '1', ...s3.env }));
    expect(await bucket.get(row.blobKey)).toEqual({ contentType: 'image/png', bytes: PNG });
    expect((await upload('PRODUCT_IMAGE', PDF, HQ, 'files', true, at)).code).toBe('UPLOAD_TYPE_NOT_ALLOWED');
    expect(await s3.keys()).toEqual([row.blobKey]);
    await sweepExpiredUploads(onS3.orm.em.fork(), bucket, new Date(Date.now() + 25 * 3600 * 1000));
    expect(await s3.keys()).toEqual([]);
    await (bucket as S3BlobStore).close();
    await expect(readdir(join(dir, 'unused'))).rejects.toThrow(/ENOENT/);
  });
});
