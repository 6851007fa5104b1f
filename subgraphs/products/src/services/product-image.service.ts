import {
  AppError,
  assertCanActOn,
  consumeUploads,
  domainError,
  forUpdate,
  newId,
  NotFoundError,
  recordAudit,
  UploadCode,
  UploadPurpose,
  UploadRecord,
  type BlobStore,
  type DomainError,
  type Viewer,
} from '@dnp/subgraph-kit';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { Product } from '../entities/product.entity.js';
import { ProductImage } from '../entities/product-image.entity.js';
import type { ProductsContext } from '../products-context.js';
import {
  HQ_OWNED,
  ProductAdminService,
  recordProductChanged,
  type NewProduct,
  type ProductResult,
} from './product-admin.service.js';
import { IMAGE_WIDTHS, prepareImage, variantKey, type PreparedImage } from './product-image.rule.js';

/** The refusal codes of the image mutations besides the kit's UPLOAD_UNKNOWN and the rule's image codes. */
export const ProductImageCode = {
  IMAGES_REQUIRED: 'IMAGES_REQUIRED',
  TOO_MANY_IMAGES: 'TOO_MANY_IMAGES',
  IMAGE_DUPLICATE: 'IMAGE_DUPLICATE',
  IMAGE_ORDER_INVALID: 'IMAGE_ORDER_INVALID',
  IMAGE_ALT_INVALID: 'IMAGE_ALT_INVALID',
} as const;

/** Longest alt text of an image, in characters. */
export const IMAGE_ALT_MAX = 200;

/** A new product with the uploads to attach as its first images (`imageAlts` parallel to `uploadIds`). */
export interface NewProductWithImages extends NewProduct {
  uploadIds?: string[] | null;
  imageAlts?: (string | null)[] | null;
}

/** The limits of the image mutations (IMAGE_MAX_PIXELS, IMAGE_MAX_PER_PRODUCT). */
export interface ImageLimits {
  maxPixels: number;
  maxPerProduct: number;
}

/** An upload decoded and written as variants under a new image id, not yet attached. */
interface StagedImage {
  uploadId: string;
  imageId: string;
  prepared: PreparedImage;
  alt: string | null;
}

/** The uploads to attach and their alt texts, with the argument name alt refusals point at. */
interface ImageRequest {
  uploadIds: readonly string[];
  alts?: readonly (string | null)[] | null;
  fields: { alts: string };
}

const PURPOSES = [UploadPurpose.PRODUCT_IMAGE] as const;
const refused = (errors: DomainError[]): ProductResult => ({ product: null, errors });
const uploadField = (i: number) => `uploadIds[${i}]`;
const ATTACH_FIELDS = { alts: 'alts' };
const CREATE_FIELDS = { alts: 'imageAlts' };

/** Thrown inside `uploadRefusals`' transaction: rolls back whatever the kit's check claimed, carrying its refusals. */
class Refusal extends Error {
  constructor(readonly errors: DomainError[]) {
    super('refused');
  }
}

/**
 * Product images (HQ, design §5.2): attach uploads as images, remove one, reorder them. The pixels are
 * decoded and the variants written before the transaction (no locks held while sharp works), under new
 * image ids nothing points at yet; the transaction then claims the uploads all or none and inserts the
 * rows. A refusal, or a failure, deletes the variants it wrote, so nothing is left behind: no row, blob,
 * audit entry or event. Every change raises the product's version and records `product_changed` (IMAGES).
 */
export class ProductImageService {
  constructor(
    private readonly store: BlobStore,
    private readonly limits: ImageLimits,
    private readonly admin = new ProductAdminService(),
  ) {}

  /**
   * Creates a product (createProduct's rules) with the caller's PRODUCT_IMAGE uploads as its images, all
   * or none: the image refusals of `attach` (fields `uploadIds[i]`, `imageAlts[i]`) come first, then the
   * product's; either way nothing is written. Without uploads it is createProduct as before.
   */
  async createProduct(ctx: ProductsContext, input: NewProductWithImages): Promise<ProductResult> {
    const uploadIds = input.uploadIds ?? [];
    if (!uploadIds.length) return this.admin.create(ctx, input);
    const viewer = ctx.requireViewer();
    assertCanActOn(ctx.scope, HQ_OWNED, 'product');
    const productId = newId('prd');
    const request = { uploadIds, alts: input.imageAlts, fields: CREATE_FIELDS };
    const { staged, errors } = await this.prepare(ctx, viewer, productId, request);
    if (errors) return refused(errors);
    try {
      const result = await this.admin.create(ctx, input, {
        productId,
        attach: async (tx) => {
          const added = await this.addRows(tx, viewer, productId, 0, uploadIds, staged);
          return Array.isArray(added) ? { images: added } : { errors: added.errors };
        },
      });
      if (result.errors.length) await this.deleteVariants(productId, staged);
      return result;
    } catch (err) {
      await this.deleteVariants(productId, staged);
      throw err;
    }
  }

  /**
   * Attaches the caller's PRODUCT_IMAGE uploads to a product, after its existing images, in the order
   * given, each with its alt text (`alts`, parallel to `uploadIds`). NOT_FOUND for an unknown product;
   * refusals: IMAGES_REQUIRED, TOO_MANY_IMAGES, IMAGE_ALT_INVALID, UPLOAD_UNKNOWN, IMAGE_NOT_AN_IMAGE,
   * IMAGE_TOO_LARGE, IMAGE_DUPLICATE (the same bytes twice on one product).
   */
  async attach(
    ctx: ProductsContext,
    productId: string,
    uploadIds: readonly string[],
    alts?: readonly (string | null)[] | null,
  ): Promise<ProductResult> {
    const viewer = ctx.requireViewer();
    if (!(await ctx.em.count(Product, { id: productId }))) throw new NotFoundError('Product', productId);
    assertCanActOn(ctx.scope, HQ_OWNED, 'product');
    if (!uploadIds.length)
      return refused([domainError(ProductImageCode.IMAGES_REQUIRED, 'Name at least one upload', 'uploadIds')]);
    const request = { uploadIds, alts, fields: ATTACH_FIELDS };
    const { staged, errors } = await this.prepare(ctx, viewer, productId, request);
    if (errors) return refused(errors);
    try {
      const result = await ctx.em.transactional((tx) => this.insert(tx, ctx, productId, uploadIds, staged));
      if (result.errors.length) await this.deleteVariants(productId, staged);
      return result;
    } catch (err) {
      await this.deleteVariants(productId, staged);
      if (err instanceof UniqueConstraintViolationException) return refused([duplicate(0)]);
      throw err;
    }
  }

  /**
   * Removes one image: its row, then (after the commit) its variants and original. The next image moves
   * up; the first remaining becomes the primary one. NOT_FOUND for an unknown image.
   */
  async remove(ctx: ProductsContext, imageId: string): Promise<ProductResult> {
    ctx.requireViewer();
    const found = await ctx.em.findOne(ProductImage, { id: imageId });
    if (!found) throw new NotFoundError('ProductImage', imageId);
    assertCanActOn(ctx.scope, HQ_OWNED, 'product');
    const result = await ctx.em.transactional(async (tx) => {
      const product = await tx.findOneOrFail(Product, { id: found.productId }, forUpdate(tx));
      const images = await tx.find(ProductImage, { productId: product.id }, { orderBy: { position: 'asc' } });
      const image = images.find((i) => i.id === imageId);
      if (!image) throw new NotFoundError('ProductImage', imageId);
      const before = images.map((i) => i.id);
      tx.remove(image);
      const rest = images.filter((i) => i !== image);
      rest.forEach((img, position) => (img.position = position));
      this.changed(tx, ctx, product, rest, { operation: 'removeProductImage', before });
      await tx.flush();
      return { product, errors: [] as DomainError[], image };
    });
    await Promise.all([
      ...IMAGE_WIDTHS.map((w) => this.store.delete(variantKey(result.image.productId, imageId, w))),
      this.store.delete(result.image.blobKey),
    ]).catch((err: unknown) => ctx.log.warn({ err, imageId }, 'blobs of a removed product image stay behind'));
    return { product: result.product, errors: result.errors };
  }

  /**
   * Puts a product's images in the given order (the first becomes the primary image). `imageIds` must
   * name each of the product's images exactly once (IMAGE_ORDER_INVALID). NOT_FOUND for an unknown product.
   */
  async reorder(ctx: ProductsContext, productId: string, imageIds: readonly string[]): Promise<ProductResult> {
    ctx.requireViewer();
    if (!(await ctx.em.count(Product, { id: productId }))) throw new NotFoundError('Product', productId);
    assertCanActOn(ctx.scope, HQ_OWNED, 'product');
    return ctx.em.transactional(async (tx) => {
      const product = await tx.findOneOrFail(Product, { id: productId }, forUpdate(tx));
      const images = await tx.find(ProductImage, { productId }, { orderBy: { position: 'asc' } });
      const byId = new Map(images.map((i) => [i.id, i]));
      if (
        imageIds.length !== images.length ||
        new Set(imageIds).size !== imageIds.length ||
        !imageIds.every((id) => byId.has(id))
      )
        return refused([
          domainError(
            ProductImageCode.IMAGE_ORDER_INVALID,
            `Name each of the product's ${images.length} images exactly once`,
            'imageIds',
          ),
        ]);
      const ordered = imageIds.map((id, position) => Object.assign(byId.get(id)!, { position }));
      this.changed(tx, ctx, product, ordered, { operation: 'reorderProductImages', before: images.map((i) => i.id) });
      await tx.flush();
      return { product, errors: [] };
    });
  }

  /**
   * Sets (or with null or blanks clears) an image's alt text, the words a screen reader says for it.
   * IMAGE_ALT_INVALID above IMAGE_ALT_MAX characters or with control characters; NOT_FOUND for an
   * unknown image. The same text again changes nothing.
   */
  async setAlt(ctx: ProductsContext, imageId: string, alt: string | null | undefined): Promise<ProductResult> {
    ctx.requireViewer();
    const found = await ctx.em.findOne(ProductImage, { id: imageId });
    if (!found) throw new NotFoundError('ProductImage', imageId);
    assertCanActOn(ctx.scope, HQ_OWNED, 'product');
    const text = altText(alt);
    if (text === undefined) return refused([altInvalid('alt')]);
    return ctx.em.transactional(async (tx) => {
      const product = await tx.findOneOrFail(Product, { id: found.productId }, forUpdate(tx));
      const images = await tx.find(ProductImage, { productId: product.id }, { orderBy: { position: 'asc' } });
      const image = images.find((i) => i.id === imageId);
      if (!image) throw new NotFoundError('ProductImage', imageId);
      if ((image.alt ?? null) === text) return { product, errors: [] };
      const ids = images.map((i) => i.id);
      const detail = { before: { imageId, alt: image.alt ?? null }, after: { imageId, alt: text } };
      image.alt = text;
      this.changed(tx, ctx, product, images, { operation: 'setProductImageAlt', before: ids, detail });
      await tx.flush();
      return { product, errors: [] };
    });
  }

  /**
   * Everything before the transaction, for a product with `present` images: the count, the alt texts,
   * the caller's open uploads, then decoding and writing the variants under new image ids. The refusals
   * instead when any fails (nothing written then).
   */
  private async prepare(
    ctx: ProductsContext,
    viewer: Viewer,
    productId: string,
    request: ImageRequest,
  ): Promise<{ staged: StagedImage[]; errors?: undefined } | { staged?: undefined; errors: DomainError[] }> {
    const { uploadIds } = request;
    const tooMany = await this.tooMany(ctx.em, productId, uploadIds.length);
    if (tooMany) return { errors: [tooMany] };
    const alts = altTexts(request);
    if (!Array.isArray(alts)) return alts;
    const uploads = await this.openUploads(ctx.em, viewer, uploadIds);
    // An id that is not the caller's open upload (or named twice): the kit's check answers, writing nothing.
    if (!uploads) return { errors: await this.uploadRefusals(ctx, viewer, uploadIds) };
    const staged = await this.stage(ctx.em, productId, uploadIds, uploads, alts);
    return Array.isArray(staged) ? { staged } : staged;
  }

  /** TOO_MANY_IMAGES when `adding` more images would take the product past IMAGE_MAX_PER_PRODUCT. */
  private async tooMany(em: EntityManager, productId: string, adding: number): Promise<DomainError | null> {
    const present = await em.count(ProductImage, { productId });
    if (present + adding <= this.limits.maxPerProduct) return null;
    return domainError(
      ProductImageCode.TOO_MANY_IMAGES,
      `A product has at most ${this.limits.maxPerProduct} images (it has ${present})`,
      'uploadIds',
    );
  }

  /** The caller's open PRODUCT_IMAGE uploads by id, or null when an id is not one or is named twice. */
  private async openUploads(em: EntityManager, viewer: Viewer, ids: readonly string[]) {
    if (new Set(ids).size !== ids.length) return null;
    const rows = await em.find(UploadRecord, {
      id: { $in: [...ids] },
      purpose: UploadPurpose.PRODUCT_IMAGE,
      ownerUserId: viewer.userId,
      consumedAt: null,
      expiresAt: { $gt: new Date() },
    });
    return rows.length === ids.length ? new Map(rows.map((u) => [u.id, u])) : null;
  }

  /** The kit's refusals for uploads that cannot be claimed (its check rolls back should it claim any). */
  private async uploadRefusals(ctx: ProductsContext, viewer: Viewer, uploadIds: readonly string[]) {
    try {
      await ctx.em.transactional(async (tx) => {
        const { errors } = await consumeUploads(tx, { uploadIds, purposes: PURPOSES, viewer, field: uploadField });
        throw new Refusal(errors);
      });
    } catch (err) {
      if (err instanceof Refusal && err.errors.length) return err.errors;
      if (!(err instanceof Refusal) && !(err instanceof AppError)) throw err;
    }
    return uploadIds.map((_, i) =>
      domainError(UploadCode.UPLOAD_UNKNOWN, 'Unknown, expired or already used upload', uploadField(i)),
    );
  }

  /**
   * Decodes each upload and writes its variants under a new image id; the refusals instead when any
   * upload is not a usable image or repeats an image (nothing is written then).
   */
  private async stage(
    em: EntityManager,
    productId: string,
    uploadIds: readonly string[],
    uploads: Map<string, UploadRecord>,
    alts: readonly (string | null)[],
  ): Promise<StagedImage[] | { errors: DomainError[] }> {
    const errors: DomainError[] = [];
    const staged: StagedImage[] = [];
    // The bytes already on the product (the unique index decides a race with another attach).
    const present = await em.find(ProductImage, { productId }, { fields: ['sha256'] });
    const seen = new Set(present.map((image) => image.sha256));
    for (const [i, uploadId] of uploadIds.entries()) {
      const upload = uploads.get(uploadId)!;
      if (seen.has(upload.sha256)) errors.push(duplicate(i));
      seen.add(upload.sha256);
      const blob = await this.store.get(upload.blobKey);
      const prepared = blob ? await prepareImage(blob.bytes, this.limits.maxPixels) : UploadCode.UPLOAD_UNKNOWN;
      if (typeof prepared === 'string') errors.push(domainError(prepared, imageMessage(prepared), uploadField(i)));
      else staged.push({ uploadId, imageId: newId('img'), prepared, alt: alts[i] ?? null });
    }
    if (errors.length) return { errors };
    const written: StagedImage[] = [];
    try {
      for (const image of staged) {
        written.push(image);
        for (const [width, bytes] of image.prepared.variants)
          await this.store.put(variantKey(productId, image.imageId, width), bytes, 'image/webp');
      }
    } catch (err) {
      await this.deleteVariants(productId, written);
      throw err;
    }
    return staged;
  }

  /** In the transaction: claims the uploads (all or none) and inserts the image rows after the existing ones. */
  private async insert(
    tx: EntityManager,
    ctx: ProductsContext,
    productId: string,
    uploadIds: readonly string[],
    staged: StagedImage[],
  ): Promise<ProductResult> {
    const viewer = ctx.requireViewer();
    const product = await tx.findOneOrFail(Product, { id: productId }, forUpdate(tx));
    const images = await tx.find(ProductImage, { productId }, { orderBy: { position: 'asc' } });
    const tooMany = await this.tooMany(tx, productId, staged.length);
    if (tooMany) return refused([tooMany]);
    const added = await this.addRows(tx, viewer, productId, images.length, uploadIds, staged);
    if (!Array.isArray(added)) return refused(added.errors);
    const before = images.map((i) => i.id);
    this.changed(tx, ctx, product, [...images, ...added], { operation: 'attachProductImages', before });
    await tx.flush();
    return { product, errors: [] };
  }

  /** In `tx`: claims the uploads (all or none) and creates the image rows from `position` on. */
  private async addRows(
    tx: EntityManager,
    viewer: Viewer,
    productId: string,
    position: number,
    uploadIds: readonly string[],
    staged: readonly StagedImage[],
  ): Promise<ProductImage[] | { errors: DomainError[] }> {
    const claimed = await consumeUploads(tx, { uploadIds, purposes: PURPOSES, viewer, field: uploadField });
    if (claimed.errors.length) return { errors: claimed.errors };
    const byId = new Map(claimed.uploads.map((u) => [u.id, u]));
    const now = new Date();
    return staged.map(({ uploadId, imageId, prepared, alt }, i) => {
      const upload = byId.get(uploadId)!;
      return tx.create(ProductImage, {
        ...{ id: imageId, productId, position: position + i, blobKey: upload.blobKey, sha256: upload.sha256 },
        ...{ contentType: upload.contentType, width: prepared.width, height: prepared.height, alt },
        ...{ byteSize: upload.byteSize, variants: IMAGE_WIDTHS.join(','), createdByUserId: viewer.userId.slice(0, 60) },
        createdAt: now,
      });
    });
  }

  /** The product after an image change: primary image, version, audit entry and event, in `tx`. */
  private changed(
    tx: EntityManager,
    ctx: ProductsContext,
    product: Product,
    images: ProductImage[],
    change: { operation: string; before: string[]; detail?: { before: object; after: object } },
  ): void {
    const before = {
      ...{ imageIds: change.before, primaryImageId: product.primaryImageId, version: product.version },
      ...change.detail?.before,
    };
    product.primaryImageId = images[0]?.id ?? null;
    product.version += 1;
    product.updatedAt = new Date();
    recordAudit(tx, ctx, {
      operation: change.operation,
      action: 'UPDATE',
      entityType: 'Product',
      entityId: product.id,
      before,
      after: {
        ...{ imageIds: images.map((i) => i.id), primaryImageId: product.primaryImageId, version: product.version },
        ...change.detail?.after,
      },
    });
    recordProductChanged(tx, product, 'IMAGES');
  }

  /** Deletes the variants written for images that were not attached after all. */
  private async deleteVariants(productId: string, staged: readonly StagedImage[]): Promise<void> {
    await Promise.all(
      staged.flatMap((s) => IMAGE_WIDTHS.map((w) => this.store.delete(variantKey(productId, s.imageId, w)))),
    );
  }
}

function duplicate(i: number): DomainError {
  return domainError(
    ProductImageCode.IMAGE_DUPLICATE,
    "This picture is already one of the product's images",
    uploadField(i),
  );
}

function imageMessage(code: string): string {
  if (code === 'IMAGE_TOO_LARGE') return 'The image has more pixels than images may have';
  if (code === 'IMAGE_NOT_AN_IMAGE') return 'The file cannot be read as an image';
  return 'The uploaded file is gone';
}

/** The alt text to store: trimmed, null when blank; undefined when too long or holding control characters. */
function altText(alt: string | null | undefined): string | null | undefined {
  const text = (alt ?? '').trim();
  if (!text) return null;
  // eslint-disable-next-line no-control-regex
  if ([...text].length > IMAGE_ALT_MAX || /[\u0000-\u001f\u007f]/.test(text)) return undefined;
  return text;
}

function altInvalid(field: string): DomainError {
  return domainError(
    ProductImageCode.IMAGE_ALT_INVALID,
    `Alt text is at most ${IMAGE_ALT_MAX} characters on one line`,
    field,
  );
}

/** The alt text of each upload (none given: all null); IMAGE_ALT_INVALID for a list of another length or a bad text. */
function altTexts({ uploadIds, alts, fields }: ImageRequest): (string | null)[] | { errors: DomainError[] } {
  if (alts == null) return uploadIds.map(() => null);
  if (alts.length !== uploadIds.length) return { errors: [altInvalid(fields.alts)] };
  const texts = alts.map(altText);
  const errors = texts.flatMap((text, i) => (text === undefined ? [altInvalid(`${fields.alts}[${i}]`)] : []));
  return errors.length ? { errors } : texts.map((text) => text ?? null);
}
