import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';

/**
 * Where uploaded files and derived media live (design §5.3): a folder (several replicas share it
 * through a shared volume) or an S3 bucket (`S3BlobStore` in `blob-store-s3.ts`); `createBlobStore`
 * picks one by configuration.
 */

/** A stored blob: its bytes and the content type it was stored with. */
export interface StoredBlob {
  bytes: Buffer;
  contentType: string;
}

/** Bytes by key. Keys match `BLOB_KEY_PATTERN`; a bad key throws `BlobKeyError` before any I/O. */
export interface BlobStore {
  /** Stores the bytes under the key, replacing any earlier blob whole (readers never see half a file). */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** The blob, or null when there is none. */
  get(key: string): Promise<StoredBlob | null>;
  /** Removes the blob; removing a missing one is no error. */
  delete(key: string): Promise<void>;
}

/** Allowed blob keys: lower-case letters, digits, `/ _ . -`, at most 200 characters. */
export const BLOB_KEY_PATTERN = /^[a-z0-9/_.-]{1,200}$/;

/** A key outside `BLOB_KEY_PATTERN`, or one that could name something outside the store's root. */
export class BlobKeyError extends Error {
  constructor(key: string) {
    super(`Invalid blob key ${JSON.stringify(key.slice(0, 220))}`);
    this.name = 'BlobKeyError';
  }
}

/**
 * True for a key the stores accept: the pattern, and every `/`-separated segment non-empty and not
 * starting with a dot (so no `..`, no absolute path, and no clash with the store's own `.tmp` folder).
 */
export function isBlobKey(key: string): boolean {
  return BLOB_KEY_PATTERN.test(key) && key.split('/').every((segment) => segment !== '' && !segment.startsWith('.'));
}

/** Throws unless the content type is printable ASCII of at most 200 characters (so it fits a header line). */
export function assertBlobContentType(contentType: string): void {
  if (!/^[\x21-\x7e][\x20-\x7e]{0,199}$/.test(contentType)) throw new Error('Invalid blob content type');
}

// A stored file is the content type, one newline, then the bytes: one file, so one rename publishes both.
const SEPARATOR = 0x0a;

/**
 * A `BlobStore` in a folder. `put` writes a temporary file in `<root>/.tmp`, flushes it and renames
 * it over the key's file, so a reader sees the old blob or the new one, never part of one, and a
 * crash leaves at most a temporary file behind.
 */
export class FolderBlobStore implements BlobStore {
  private readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  /** The key's file; throws `BlobKeyError` for a bad key or one that would resolve outside the root. */
  pathOf(key: string): string {
    if (!isBlobKey(key)) throw new BlobKeyError(key);
    const path = resolve(this.root, key);
    if (!path.startsWith(this.root + sep)) throw new BlobKeyError(key);
    return path;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    const path = this.pathOf(key);
    assertBlobContentType(contentType);
    const tmpDir = join(this.root, '.tmp');
    await Promise.all([mkdir(tmpDir, { recursive: true }), mkdir(dirname(path), { recursive: true })]);
    const tmp = join(tmpDir, `${randomBytes(12).toString('hex')}.part`);
    const file = await open(tmp, 'wx');
    try {
      await file.write(Buffer.from(`${contentType}\n`, 'latin1'));
      await file.write(bytes);
      await file.sync();
    } catch (error) {
      await file.close();
      await rm(tmp, { force: true });
      throw error;
    }
    await file.close();
    try {
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  }

  async get(key: string): Promise<StoredBlob | null> {
    const path = this.pathOf(key);
    let data: Buffer;
    try {
      data = await readFile(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    const cut = data.indexOf(SEPARATOR);
    if (cut < 0) throw new Error(`Blob ${key} has no content type`);
    return { contentType: data.subarray(0, cut).toString('latin1'), bytes: data.subarray(cut + 1) };
  }

  async delete(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
