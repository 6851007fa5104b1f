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
import { HQ_OWNED, recordProductChanged, type ProductResult } from './product-admin.service.js';
import { IMAGE_WIDTHS, prepareImage, variantKey, type PreparedImage } from './product-image.rule.js';

/** The refusal codes of the image mutations besides the kit's UPLOAD_UNKNOWN and the rule's image codes. */
export const ProductImageCode = {
  IMAGES_REQUIRED: 'IMAGES_REQUIRED',
  TOO_MANY_IMAGES: 'TOO_MANY_IMAGES',
  IMAGE_DUPLICATE: 'IMAGE_DUPLICATE',
  IMAGE_ORDER_INVALID: 'IMAGE_ORDER_INVALID',
} as const;

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
}

const PURPOSES = [UploadPurpose.PRODUCT_IMAGE] as const;
const refused = (errors: DomainError[]): ProductResult => ({ product: null, errors });
const uploadField = (i: number) => `uploadIds[${i}]`;

/** Thrown inside a transaction to roll back what it did and answer refusals instead (caught by `attach`). */
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
  ) {}

  /**
   * Attaches the caller's PRODUCT_IMAGE uploads to a product, after its existing images, in the order
   * given. NOT_FOUND for an unknown product; refusals: IMAGES_REQUIRED, TOO_MANY_IMAGES, UPLOAD_UNKNOWN,
   * IMAGE_NOT_AN_IMAGE, IMAGE_TOO_LARGE, IMAGE_DUPLICATE (the same bytes twice on one product).
   */
  async attach(ctx: ProductsContext, productId: string, uploadIds: readonly string[]): Promise<ProductResult> {
    const viewer = ctx.requireViewer();
    if (!(await ctx.em.count(Product, { id: productId }))) throw new NotFoundError('Product', productId);
    assertCanActOn(ctx.scope, HQ_OWNED, 'product');
    if (!uploadIds.length)
      return refused([domainError(ProductImageCode.IMAGES_REQUIRED, 'Name at least one upload', 'uploadIds')]);
    const tooMany = await this.tooMany(ctx.em, productId, uploadIds.length);
    if (tooMany) return refused([tooMany]);
    const uploads = await this.openUploads(ctx.em, viewer, uploadIds);
    // An id that is not the caller's open upload (or named twice): the kit's check answers, writing nothing.
    if (!uploads) return refused(await this.uploadRefusals(ctx, viewer, uploadIds));
    const staged = await this.stage(ctx.em, productId, uploadIds, uploads);
    if (!Array.isArray(staged)) return refused(staged.errors);
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
      else staged.push({ uploadId, imageId: newId('img'), prepared });
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
    const claimed = await consumeUploads(tx, { uploadIds, purposes: PURPOSES, viewer, field: uploadField });
    if (claimed.errors.length) return refused(claimed.errors);
    const byId = new Map(claimed.uploads.map((u) => [u.id, u]));
    const now = new Date();
    const added = staged.map(({ uploadId, imageId, prepared }, i) => {
      const upload = byId.get(uploadId)!;
      return tx.create(ProductImage, {
        ...{ id: imageId, productId, position: images.length + i, blobKey: upload.blobKey, sha256: upload.sha256 },
        ...{ contentType: upload.contentType, width: prepared.width, height: prepared.height },
        ...{ byteSize: upload.byteSize, variants: IMAGE_WIDTHS.join(','), createdByUserId: viewer.userId.slice(0, 60) },
        createdAt: now,
      });
    });
    const before = images.map((i) => i.id);
    this.changed(tx, ctx, product, [...images, ...added], { operation: 'attachProductImages', before });
    await tx.flush();
    return { product, errors: [] };
  }

  /** The product after an image change: primary image, version, audit entry and event, in `tx`. */
  private changed(
    tx: EntityManager,
    ctx: ProductsContext,
    product: Product,
    images: ProductImage[],
    change: { operation: string; before: string[] },
  ): void {
    const before = { imageIds: change.before, primaryImageId: product.primaryImageId, version: product.version };
    product.primaryImageId = images[0]?.id ?? null;
    product.version += 1;
    product.updatedAt = new Date();
    recordAudit(tx, ctx, {
      operation: change.operation,
      action: 'UPDATE',
      entityType: 'Product',
      entityId: product.id,
      before,
      after: { imageIds: images.map((i) => i.id), primaryImageId: product.primaryImageId, version: product.version },
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
