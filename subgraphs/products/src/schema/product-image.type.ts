import { registerEnumType } from 'type-graphql';
import type { ImageWidthPx } from '../services/product-image.rule.js';

/** The widths a product image is served in. */
export enum ImageWidth {
  W160 = 'W160',
  W480 = 'W480',
  W1200 = 'W1200',
}
registerEnumType(ImageWidth, {
  name: 'ImageWidth',
  description: 'A width product images are served in (never wider than the original).',
  valuesConfig: {
    W160: { description: '160 px: thumbnails, cart lines.' },
    W480: { description: '480 px: catalogue cards.' },
    W1200: { description: '1200 px: the product page.' },
  },
});

/** Pixels of each `ImageWidth`. */
export const IMAGE_WIDTH_PX: Record<ImageWidth, ImageWidthPx> = { W160: 160, W480: 480, W1200: 1200 };
