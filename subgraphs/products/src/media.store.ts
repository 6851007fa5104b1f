import { createBlobStore } from '@dnp/subgraph-kit';
import { config } from './config.js';
import type { ImageLimits } from './services/product-image.service.js';

/**
 * The blob store of this subgraph (BLOB_STORE: the folder BLOB_DIR or the bucket S3_BUCKET): staged uploads,
 * image originals and their variants.
 * One instance shared by the upload route, the image mutations and the /media route.
 */
export const productMediaStore = createBlobStore(config);

/** The configured limits of product images. */
export const imageLimits: ImageLimits = {
  maxPixels: config.IMAGE_MAX_PIXELS,
  maxPerProduct: config.IMAGE_MAX_PER_PRODUCT,
};
