import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { baseConfig } from './base-config.js';
import { BlobKeyError, FolderBlobStore, isBlobKey } from './blob-store.js';

let root: string;
let store: FolderBlobStore;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'dnp-blobs-'));
  store = new FolderBlobStore(join(root, 'store'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('FolderBlobStore', () => {
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
    await store.delete('uploads/upl_1');
    expect(await store.get('uploads/upl_1')).toBeNull();
    await store.delete('uploads/upl_1');
    expect(await store.get('never/written')).toBeNull();
  });

  it('refuses keys that could leave the root, before touching the disk', async () => {
    const bad = [
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
    for (const key of bad) {
      expect(isBlobKey(key), key).toBe(false);
      await expect(store.put(key, Buffer.from('x'), 'text/plain'), key).rejects.toBeInstanceOf(BlobKeyError);
      await expect(store.get(key), key).rejects.toBeInstanceOf(BlobKeyError);
      await expect(store.delete(key), key).rejects.toBeInstanceOf(BlobKeyError);
    }
    await writeFile(join(root, 'outside'), 'secret');
    await expect(store.get('../outside')).rejects.toBeInstanceOf(BlobKeyError);
    expect(isBlobKey('products/p_1/img_2/480.webp')).toBe(true);
    expect(isBlobKey('x'.repeat(200))).toBe(true);
    expect(await readdir(root)).toEqual(['outside']);
  });

  it('replaces a blob whole: concurrent readers see the old or the new bytes, never a part', async () => {
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
    expect(await readdir(join(root, 'store', '.tmp'))).toEqual([]);
  });

  it('refuses a content type that would break the stored header and keeps the earlier blob', async () => {
    await store.put('a/b', Buffer.from('old'), 'text/plain');
    await expect(store.put('a/b', Buffer.from('new'), 'bad\ntype')).rejects.toThrow(/content type/);
    expect((await store.get('a/b'))!.bytes.toString()).toBe('old');
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
