import { Grant, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import type { ProductsContext } from '../products-context.js';
import { CreateProductInput, UpdateProductInput } from '../schema/product-admin.input.js';
import { ProductPayload } from '../schema/product-payload.type.js';
import { imageLimits, productMediaStore } from '../media.store.js';
import { ProductAdminService, type ProductResult } from '../services/product-admin.service.js';
import { ProductImageService } from '../services/product-image.service.js';

const admin = new ProductAdminService();
const withImages = new ProductImageService(productMediaStore, imageLimits, admin);

function payload(result: ProductResult): ProductPayload {
  return Object.assign(new ProductPayload(), { product: result.product, errors: toUserErrors(result.errors) });
}

/** Product master data mutations (HQ). */
@Resolver()
export class ProductAdminResolver {
  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => ProductPayload, {
    description:
      'Creates a product, on sale and in the catalogue search at once (HQ_ADMIN). Refusals (SKU_INVALID, ' +
      'SKU_TAKEN, BARCODE_INVALID, BARCODE_TAKEN, NAME_REQUIRED, UNIT_INVALID, SHELF_LIFE_INVALID, ' +
      'CATEGORY_UNKNOWN, CATEGORY_NOT_LEAF, BRAND_UNKNOWN, REGION_UNKNOWN; with `uploadIds` the refusals of ' +
      'attachProductImages first) in the payload, nothing written. With `uploadIds` the images are attached ' +
      'in the same transaction, all or none.',
  })
  async createProduct(
    @Ctx() ctx: ProductsContext,
    @Arg('input', () => CreateProductInput, { description: 'The new product.' }) input: CreateProductInput,
  ): Promise<ProductPayload> {
    return payload(await withImages.createProduct(ctx, input));
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => ProductPayload, {
    description:
      'Changes fields of a product at the version the caller saw (HQ_ADMIN); a stale version is ' +
      'VERSION_CONFLICT, a different SKU SKU_IMMUTABLE, and the field rules of createProduct apply. ' +
      'NOT_FOUND for an unknown id.',
  })
  async updateProduct(
    @Ctx() ctx: ProductsContext,
    @Arg('input', () => UpdateProductInput, { description: 'The change.' }) input: UpdateProductInput,
  ): Promise<ProductPayload> {
    return payload(await admin.update(ctx, input));
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => ProductPayload, {
    description:
      'Retires a product (停售, HQ_ADMIN): it can no longer be ordered but stays for history and tracing; ' +
      'retiring it again changes nothing. REASON_REQUIRED without a reason; NOT_FOUND for an unknown id.',
  })
  async retireProduct(
    @Ctx() ctx: ProductsContext,
    @Arg('id', () => ID, { description: 'Product id.' }) id: string,
    @Arg('reason', () => String, { description: 'Why it is retired (kept in the audit log), 1 to 500 characters.' })
    reason: string,
  ): Promise<ProductPayload> {
    return payload(await admin.retire(ctx, id, reason));
  }
}
