import type { BaseConfig } from './base-config.js';
import { FolderBlobStore, type BlobStore } from './blob-store.js';
import { S3BlobStore } from './blob-store-s3.js';

/** The configuration fields that choose and place the blob store. */
export type BlobStoreConfig = Pick<
  BaseConfig,
  | 'BLOB_STORE'
  | 'BLOB_DIR'
  | 'S3_ENDPOINT'
  | 'S3_REGION'
  | 'S3_BUCKET'
  | 'S3_ACCESS_KEY_ID'
  | 'S3_SECRET_ACCESS_KEY'
  | 'S3_FORCE_PATH_STYLE'
>;

/**
 * The blob store the configuration names: the folder BLOB_DIR (default) or, with BLOB_STORE=s3, the
 * bucket S3_BUCKET. The one place a subgraph's store is made, so the upload route, the mutations that
 * attach uploads and the routes that serve them all use the same store. A configuration that passed
 * `parseConfig` has what it needs; anything else throws here rather than at the first upload.
 */
export function createBlobStore(config: BlobStoreConfig): BlobStore {
  if (config.BLOB_STORE !== 's3') return new FolderBlobStore(config.BLOB_DIR);
  if (!config.S3_BUCKET || !config.S3_REGION) throw new Error('BLOB_STORE=s3 needs S3_BUCKET and S3_REGION');
  return new S3BlobStore({
    bucket: config.S3_BUCKET,
    region: config.S3_REGION,
    endpoint: config.S3_ENDPOINT,
    forcePathStyle: config.S3_FORCE_PATH_STYLE,
    credentials:
      config.S3_ACCESS_KEY_ID && config.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: config.S3_ACCESS_KEY_ID, secretAccessKey: config.S3_SECRET_ACCESS_KEY }
        : undefined,
  });
}
