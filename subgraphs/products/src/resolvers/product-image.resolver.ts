import { Grant, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { Product } from '../entities/product.entity.js';
import { ProductImage } from '../entities/product-image.entity.js';
import { imageLimits, productMediaStore } from '../media.store.js';
import type { ProductsContext } from '../products-context.js';
import { IMAGE_WIDTH_PX, ImageWidth } from '../schema/product-image.type.js';
import { ProductPayload } from '../schema/product-payload.type.js';
import type { ProductResult } from '../services/product-admin.service.js';
import { ProductImageService } from '../services/product-image.service.js';
import { mediaPath } from '../services/product-image.rule.js';

const images = new ProductImageService(productMediaStore, imageLimits);

function payload(result: ProductResult): ProductPayload {
  return Object.assign(new ProductPayload(), { product: result.product, errors: toUserErrors(result.errors) });
}

/** A product's images. */
@Resolver(() => Product)
export class ProductImagesResolver {
  @FieldResolver(() => [ProductImage], { description: "The product's images in gallery order; the first is primary." })
  images(@Root() product: Product, @Ctx() ctx: ProductsContext): Promise<ProductImage[]> {
    return ctx.loaders.imagesByProduct.load(product.id);
  }

  @FieldResolver(() => ProductImage, {
    nullable: true,
    description: 'The image shown for the product in lists (the first of `images`); null without images.',
  })
  async primaryImage(@Root() product: Product, @Ctx() ctx: ProductsContext): Promise<ProductImage | null> {
    return (await ctx.loaders.imagesByProduct.load(product.id))[0] ?? null;
  }
}

/** Where an image is served. */
@Resolver(() => ProductImage)
export class ProductImageResolver {
  @FieldResolver(() => String, {
    description:
      "Path of the image as WebP in a width, under the gateway's /media (public, cached for a year): " +
      '"/media/products/<productId>/<imageId>/<width>.webp".',
  })
  url(
    @Root() image: ProductImage,
    @Arg('width', () => ImageWidth, { defaultValue: ImageWidth.W480, description: 'The width wanted.' })
    width: ImageWidth,
  ): string {
    return mediaPath(image.productId, image.id, IMAGE_WIDTH_PX[width]);
  }
}

/** Product image mutations (HQ). */
@Resolver()
export class ProductImageAdminResolver {
  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => ProductPayload, {
    description:
      "Attaches the caller's PRODUCT_IMAGE uploads (POST /uploads) to a product after its images (HQ_ADMIN), " +
      'stored as WebP in 160, 480 and 1200 px without metadata. Refusals (IMAGES_REQUIRED, TOO_MANY_IMAGES, ' +
      'IMAGE_ALT_INVALID, UPLOAD_UNKNOWN, IMAGE_NOT_AN_IMAGE, IMAGE_TOO_LARGE, IMAGE_DUPLICATE) in the payload, ' +
      'nothing written; ' +
      'NOT_FOUND for an unknown product.',
  })
  async attachProductImages(
    @Ctx() ctx: ProductsContext,
    @Arg('productId', () => ID, { description: 'Product id.' }) productId: string,
    @Arg('uploadIds', () => [ID], { description: 'Uploads to attach, in gallery order; all or none are attached.' })
    uploadIds: string[],
    @Arg('alts', () => [String], {
      nullable: 'itemsAndList',
      description:
        'Alt text of each upload, parallel to `uploadIds` (null or blank: none), at most 200 characters on one line.',
    })
    alts?: (string | null)[] | null,
  ): Promise<ProductPayload> {
    return payload(await images.attach(ctx, productId, uploadIds, alts));
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => ProductPayload, {
    description:
      "Sets or clears an image's alt text (HQ_ADMIN); the same text again changes nothing. IMAGE_ALT_INVALID " +
      'above 200 characters or with line breaks or control characters; NOT_FOUND for an unknown image.',
  })
  async setProductImageAlt(
    @Ctx() ctx: ProductsContext,
    @Arg('imageId', () => ID, { description: 'Image id.' }) imageId: string,
    @Arg('alt', () => String, { nullable: true, description: 'What the picture shows; null or blank clears it.' })
    alt?: string | null,
  ): Promise<ProductPayload> {
    return payload(await images.setAlt(ctx, imageId, alt));
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => ProductPayload, {
    description:
      'Removes one image of a product and its files (HQ_ADMIN); the next image moves up. NOT_FOUND for an ' +
      'unknown image.',
  })
  async removeProductImage(
    @Ctx() ctx: ProductsContext,
    @Arg('imageId', () => ID, { description: 'Image id.' }) imageId: string,
  ): Promise<ProductPayload> {
    return payload(await images.remove(ctx, imageId));
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => ProductPayload, {
    description:
      "Puts a product's images in a new order, the first becoming the primary image (HQ_ADMIN). " +
      'IMAGE_ORDER_INVALID unless every image is named exactly once; NOT_FOUND for an unknown product.',
  })
  async reorderProductImages(
    @Ctx() ctx: ProductsContext,
    @Arg('productId', () => ID, { description: 'Product id.' }) productId: string,
    @Arg('imageIds', () => [ID], { description: "All of the product's image ids in the new order." })
    imageIds: string[],
  ): Promise<ProductPayload> {
    return payload(await images.reorder(ctx, productId, imageIds));
  }
}
