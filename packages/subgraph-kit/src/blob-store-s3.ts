import type { S3Client } from '@aws-sdk/client-s3';
import { assertBlobContentType, BlobKeyError, isBlobKey, type BlobStore, type StoredBlob } from './blob-store.js';

/** Where an `S3BlobStore` writes: the bucket, its region, and for an S3-compatible server its endpoint. */
export interface S3BlobStoreOptions {
  bucket: string;
  region: string;
  /** The server's base URL (http://host:port); undefined for AWS itself. */
  endpoint?: string;
  /** Path-style URLs (`endpoint/bucket/key`), which most S3-compatible servers need. */
  forcePathStyle?: boolean;
  /** Static credentials; undefined for the SDK's default chain (environment, instance role). */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

type S3Sdk = typeof import('@aws-sdk/client-s3');

// The SDK takes some 0.4 s to load: a subgraph on the folder store should not pay for it at start-up.
let sdk: Promise<S3Sdk> | undefined;
const loadSdk = () => (sdk ??= import('@aws-sdk/client-s3'));

/**
 * A `BlobStore` in an S3 bucket, one object per key (the key is the object key). S3 replaces an
 * object whole, so readers see the old blob or the new one, never part of one; the content type is
 * the object's. The bucket must exist: the store never creates one.
 */
export class S3BlobStore implements BlobStore {
  private client?: Promise<{ s3: S3Client; sdk: S3Sdk }>;

  constructor(private readonly options: S3BlobStoreOptions) {}

  /** The bucket the store writes to. */
  get bucket(): string {
    return this.options.bucket;
  }

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    checkKey(key);
    assertBlobContentType(contentType);
    const { s3, sdk } = await this.connect();
    await s3.send(new sdk.PutObjectCommand({ Bucket: this.bucket, Key: key, Body: bytes, ContentType: contentType }));
  }

  async get(key: string): Promise<StoredBlob | null> {
    checkKey(key);
    const { s3, sdk } = await this.connect();
    try {
      const object = await s3.send(new sdk.GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const bytes = Buffer.from((await object.Body?.transformToByteArray()) ?? []);
      return { bytes, contentType: object.ContentType ?? 'application/octet-stream' };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    const { s3, sdk } = await this.connect();
    // S3 answers a delete of a missing object as a success, which is this contract's rule too.
    await s3.send(new sdk.DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  /** Closes the client's pooled connections (tests; a subgraph keeps its store for its lifetime). */
  async close(): Promise<void> {
    if (this.client) (await this.client).s3.destroy();
    this.client = undefined;
  }

  private connect(): Promise<{ s3: S3Client; sdk: S3Sdk }> {
    this.client ??= loadSdk().then((sdk) => ({
      sdk,
      s3: new sdk.S3Client({
        region: this.options.region,
        endpoint: this.options.endpoint,
        forcePathStyle: this.options.forcePathStyle ?? false,
        credentials: this.options.credentials,
        // A stalled server fails the request (and the mutation or upload waiting on it) instead of hanging it.
        requestHandler: { connectionTimeout: 5_000, requestTimeout: 30_000 },
      }),
    }));
    return this.client;
  }
}

function checkKey(key: string): void {
  if (!isBlobKey(key)) throw new BlobKeyError(key);
}

/** NoSuchKey from S3; a bare 404 from servers that name it otherwise. */
function isNotFound(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.$metadata?.httpStatusCode === 404;
}
