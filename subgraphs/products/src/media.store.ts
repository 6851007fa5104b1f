import { FolderBlobStore } from '@dnp/subgraph-kit';
import { config } from './config.js';
import type { ImageLimits } from './services/product-image.service.js';

/**
 * The blob store of this subgraph (BLOB_DIR): staged uploads, image originals and their variants.
 * One instance shared by the upload route, the image mutations and the /media route.
 */
export const productMediaStore = new FolderBlobStore(config.BLOB_DIR);

/** The configured limits of product images. */
export const imageLimits: ImageLimits = {
  maxPixels: config.IMAGE_MAX_PIXELS,
  maxPerProduct: config.IMAGE_MAX_PER_PRODUCT,
};
