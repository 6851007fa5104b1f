import { startS3Server, type TestS3 } from '@dnp/testing';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { baseConfig, baseConfigProblems } from './base-config.js';
import { BlobKeyError, FolderBlobStore, isBlobKey, type BlobStore } from './blob-store.js';
import { createBlobStore } from './blob-store-factory.js';
import { S3BlobStore } from './blob-store-s3.js';
import { baseSubgraphConfig, parseConfig } from './service-config.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Keys that could leave a folder store's root or that S3 would take but the contract refuses. */
const BAD_KEYS = [
  '',
  '../escape',
  'a/../../escape',
  '..',
  '/etc/passwd',
  'a//b',
  'a/',
  '.tmp/x',
  'a/.hidden',
  'UPPER',
  'a\\b',
  'a b',
  'ä',
  'x'.repeat(201),
];

/**
 * The `BlobStore` contract, run against each store: `fresh()` gives an empty store before each test,
 * `stored()` lists what it holds (read behind the store's back, to see that a refusal wrote nothing).
 * `serverReplacesWhole` is false where replacing an object under concurrent readers is the server's
 * part, not the store's, and the test server does not do it: S3 replaces an object atomically, s3rver
 * rewrites its file in place (the platform never replaces a key: uploads and images get fresh ids).
 */
function blobStoreContract(
  fresh: () => Promise<BlobStore>,
  stored: () => Promise<string[]>,
  serverReplacesWhole = true,
) {
  let store: BlobStore;
  beforeEach(async () => {
    store = await fresh();
  });

  it('stores, replaces, reads and deletes a blob with its content type', async () => {
    await store.put('uploads/upl_1', new Uint8Array([1, 2, 3, 10, 0]), 'image/png');
    expect(await store.get('uploads/upl_1')).toEqual({
      contentType: 'image/png',
      bytes: Buffer.from([1, 2, 3, 10, 0]),
    });
    await store.put('uploads/upl_1', Buffer.from('%PDF-1.7'), 'application/pdf');
    expect(await store.get('uploads/upl_1')).toEqual({
      contentType: 'application/pdf',
      bytes: Buffer.from('%PDF-1.7'),
    });
    await store.put('empty', Buffer.alloc(0), 'text/plain');
    expect(await store.get('empty')).toEqual({ contentType: 'text/plain', bytes: Buffer.alloc(0) });
    await store.delete('uploads/upl_1');
    expect(await store.get('uploads/upl_1')).toBeNull();
    await store.delete('uploads/upl_1');
    expect(await store.get('never/written')).toBeNull();
    expect(await stored()).toEqual(['empty']);
  });

  it('refuses keys outside the pattern before any I/O', async () => {
    for (const key of BAD_KEYS) {
      expect(isBlobKey(key), key).toBe(false);
      await expect(store.put(key, Buffer.from('x'), 'text/plain'), key).rejects.toBeInstanceOf(BlobKeyError);
      await expect(store.get(key), key).rejects.toBeInstanceOf(BlobKeyError);
      await expect(store.delete(key), key).rejects.toBeInstanceOf(BlobKeyError);
    }
    expect(isBlobKey('products/p_1/img_2/480.webp')).toBe(true);
    expect(isBlobKey('x'.repeat(200))).toBe(true);
    expect(await stored()).toEqual([]);
  });

  it.runIf(serverReplacesWhole)(
    'replaces a blob whole: concurrent readers see the old or the new bytes, never a part',
    async () => {
      const size = 2 * 1024 * 1024;
      const versions = [0x41, 0x42, 0x43, 0x44].map((b) => Buffer.alloc(size, b));
      await store.put('big/blob', versions[0]!, 'application/octet-stream');
      let reading = true;
      const seen = new Set<string>();
      const reader = (async () => {
        while (reading) {
          const blob = await store.get('big/blob');
          expect(blob!.bytes.length).toBe(size);
          const first = blob!.bytes[0]!;
          expect(blob!.bytes.every((b) => b === first)).toBe(true);
          seen.add(String.fromCharCode(first));
        }
      })();
      for (const version of [...versions.slice(1), ...versions]) await store.put('big/blob', version, 'x/y');
      reading = false;
      await reader;
      expect(seen.size).toBeGreaterThan(0);
      expect((await store.get('big/blob'))!.bytes[0]).toBe(0x44);
      expect(await stored()).toEqual(['big/blob']);
    },
  );

  it('refuses a content type that would break a header and keeps the earlier blob', async () => {
    await store.put('a/b', Buffer.from('old'), 'text/plain');
    await expect(store.put('a/b', Buffer.from('new'), 'bad\ntype')).rejects.toThrow(/content type/);
    await expect(store.put('a/c', Buffer.from('new'), '')).rejects.toThrow(/content type/);
    expect((await store.get('a/b'))!.bytes.toString()).toBe('old');
    expect(await stored()).toEqual(['a/b']);
  });
}

/** The files under a folder store's root, as keys (its own `.tmp` folder left out). */
async function folderKeys(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(root.length + 1))
    .filter((key) => !key.startsWith('.tmp/'))
    .sort();
}

describe('FolderBlobStore', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'dnp-blobs-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  blobStoreContract(
    async () => new FolderBlobStore(join(root, 'store')),
    () => folderKeys(join(root, 'store')),
  );

  it('never reads outside its root and leaves no temporary file behind', async () => {
    const store = new FolderBlobStore(join(root, 'store'));
    await writeFile(join(root, 'outside'), 'secret');
    await expect(store.get('../outside')).rejects.toBeInstanceOf(BlobKeyError);
    await store.put('a/b', Buffer.from('x'), 'text/plain');
    expect((await readdir(root)).sort()).toEqual(['outside', 'store']);
    expect(await readdir(join(root, 'store', '.tmp'))).toEqual([]);
  });
});

describe('S3BlobStore on a real S3-compatible server (s3rver)', () => {
  let s3: TestS3;
  const stores: S3BlobStore[] = [];
  beforeAll(async () => {
    s3 = await startS3Server({ logDir: join(ROOT, 'test-results', 'logs', `blob-store-${Date.now()}`) });
  }, 60_000);
  afterEach(async () => {
    const cleaner = stores[0];
    for (const key of await s3.keys()) await cleaner?.delete(key);
  });
  afterAll(async () => {
    for (const store of stores) await store.close();
    await s3?.stop();
  });
  const configured = () => {
    const store = createBlobStore(baseConfig.parse({ PORT: '1', ...s3.env }));
    expect(store).toBeInstanceOf(S3BlobStore);
    stores.push(store as S3BlobStore);
    return store;
  };

  blobStoreContract(
    async () => configured(),
    async () => (await s3.keys()).sort(),
    false,
  );

  it('fails when the server refuses its credentials, and writes nothing', async () => {
    const wrong = new S3BlobStore({
      bucket: s3.bucket,
      region: s3.region,
      endpoint: s3.endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'NOT-A-KEY', secretAccessKey: s3.secretAccessKey },
    });
    stores.push(wrong);
    await expect(wrong.put('a/b', Buffer.from('x'), 'text/plain')).rejects.toThrow(/Access Key/);
    await expect(wrong.get('a/b')).rejects.toThrow(/Access Key/);
    expect(await s3.keys()).toEqual([]);
  });
});

describe('blob settings in the base configuration', () => {
  it('defaults BLOB_DIR to ./data/blobs and UPLOAD_TTL_HOURS to 24', () => {
    const cfg = baseConfig.parse({ PORT: '1' });
    expect([cfg.BLOB_DIR, cfg.UPLOAD_TTL_HOURS]).toEqual(['./data/blobs', 24]);
    expect(baseConfig.parse({ PORT: '1', UPLOAD_TTL_HOURS: '2' }).UPLOAD_TTL_HOURS).toBe(2);
    expect(() => baseConfig.parse({ PORT: '1', UPLOAD_TTL_HOURS: '0' })).toThrow();
  });
});

describe('the blob store chosen by configuration', () => {
  const parse = (env: Record<string, string>) => baseConfig.parse({ PORT: '1', ...env });
  const s3 = {
    BLOB_STORE: 's3',
    S3_BUCKET: 'media',
    S3_REGION: 'us-east-1',
    S3_ENDPOINT: 'http://127.0.0.1:9000',
    S3_FORCE_PATH_STYLE: 'true',
  };

  it('defaults to the folder BLOB_DIR, and takes s3 with a bucket and region', () => {
    expect(parse({}).BLOB_STORE).toBe('folder');
    expect(createBlobStore(parse({ BLOB_DIR: '/tmp/x' }))).toBeInstanceOf(FolderBlobStore);
    const store = createBlobStore(parse(s3));
    expect([store instanceof S3BlobStore, (store as S3BlobStore).bucket]).toEqual([true, 'media']);
    expect(baseConfigProblems(parse(s3))).toEqual([]);
    expect(baseConfigProblems(parse({ ...s3, S3_ACCESS_KEY_ID: 'k', S3_SECRET_ACCESS_KEY: 's' }))).toEqual([]);
  });

  it('refuses s3 without its required variables, naming each', () => {
    const problems = (env: Record<string, string>) => baseConfigProblems(parse(env)).map((p) => p.key);
    expect(problems({ BLOB_STORE: 's3' })).toEqual(['S3_BUCKET', 'S3_REGION']);
    expect(problems({ ...s3, S3_ACCESS_KEY_ID: 'k' })).toEqual(['S3_SECRET_ACCESS_KEY']);
    expect(problems({ ...s3, S3_SECRET_ACCESS_KEY: 's' })).toEqual(['S3_ACCESS_KEY_ID']);
    expect(problems({ S3_ACCESS_KEY_ID: 'k' })).toEqual([]);
    expect(() => parse({ ...s3, S3_BUCKET: 'Not_A_Bucket' })).toThrow(/bucket/);
    expect(() => parse({ ...s3, S3_ENDPOINT: 'ftp://x' })).toThrow();
    expect(() => createBlobStore(parse({ BLOB_STORE: 's3' }))).toThrow(/S3_BUCKET/);
    expect(() => parseConfig(baseSubgraphConfig, { PORT: '1', BLOB_STORE: 's3' }, 'products')).toThrow(
      'Invalid configuration for products:\n  - S3_BUCKET: required when BLOB_STORE=s3',
    );
  });
});
