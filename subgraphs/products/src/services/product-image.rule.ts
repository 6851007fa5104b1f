import sharp from 'sharp';

/**
 * Product image processing (design §5.2): an upload is decoded once by sharp, turned upright by its
 * EXIF orientation and written as WebP in three widths. Variants are never upscaled (a 300 px original
 * gives 300 px wide "480" and "1200" files, so every width's URL exists) and carry no metadata (sharp
 * drops EXIF, XMP and ICC unless asked to keep them), so no camera, GPS or owner data is published.
 */

/** The widths every product image is served in, in pixels. */
export const IMAGE_WIDTHS = [160, 480, 1200] as const;
/** One of `IMAGE_WIDTHS`. */
export type ImageWidthPx = (typeof IMAGE_WIDTHS)[number];

/** The refusal codes of image processing. */
export const ImageCode = {
  /** The bytes do not decode as an image (e.g. a text file with a PNG signature, a truncated JPEG). */
  IMAGE_NOT_AN_IMAGE: 'IMAGE_NOT_AN_IMAGE',
  /** More pixels (width × height) than IMAGE_MAX_PIXELS. */
  IMAGE_TOO_LARGE: 'IMAGE_TOO_LARGE',
} as const;
/** One of `ImageCode`. */
export type ImageCode = (typeof ImageCode)[keyof typeof ImageCode];

/** An image ready to store: its upright size and one WebP per width. */
export interface PreparedImage {
  width: number;
  height: number;
  variants: Map<ImageWidthPx, Buffer>;
}

/** WebP quality of the variants: small files, no visible loss at catalogue sizes. */
const WEBP_QUALITY = 80;

/** The blob key of one variant: `products/<productId>/<imageId>/<width>.webp`. */
export function variantKey(productId: string, imageId: string, width: ImageWidthPx): string {
  return `products/${productId}/${imageId}/${width}.webp`;
}

/** Where the gateway serves a variant (the products /media route behind it): `/media/<variantKey>`. */
export function mediaPath(productId: string, imageId: string, width: ImageWidthPx): string {
  return `/media/${variantKey(productId, imageId, width)}`;
}

/** The width a `<width>.webp` file name asks for, or undefined for anything but the three widths. */
export function widthOfFileName(fileName: string): ImageWidthPx | undefined {
  const match = /^(160|480|1200)\.webp$/.exec(fileName);
  const width = match ? Number(match[1]) : NaN;
  return (IMAGE_WIDTHS as readonly number[]).includes(width) ? (width as ImageWidthPx) : undefined;
}

/**
 * Decodes `bytes` and makes its variants, or answers why not. The header is read first, so an image
 * above `maxPixels` is refused before its pixels are decoded (and sharp's own limit stops a header
 * that lies about its size).
 */
export async function prepareImage(bytes: Uint8Array, maxPixels: number): Promise<PreparedImage | ImageCode> {
  let meta: sharp.Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch {
    return ImageCode.IMAGE_NOT_AN_IMAGE;
  }
  if (!meta.width || !meta.height) return ImageCode.IMAGE_NOT_AN_IMAGE;
  if (meta.width * meta.height > maxPixels) return ImageCode.IMAGE_TOO_LARGE;
  // EXIF orientations 5–8 turn the picture a quarter: the upright width is the stored height.
  const quarterTurned = (meta.orientation ?? 1) >= 5;
  try {
    const upright = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'error' }).rotate();
    const outputs = await Promise.all(
      IMAGE_WIDTHS.map((width) =>
        upright.clone().resize({ width, withoutEnlargement: true }).webp({ quality: WEBP_QUALITY }).toBuffer(),
      ),
    );
    return {
      width: quarterTurned ? meta.height : meta.width,
      height: quarterTurned ? meta.width : meta.height,
      variants: new Map(IMAGE_WIDTHS.map((width, i) => [width, outputs[i]!])),
    };
  } catch {
    return ImageCode.IMAGE_NOT_AN_IMAGE;
  }
}
