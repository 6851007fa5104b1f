import { Grant, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import type { ProductsContext } from '../products-context.js';
import { BrandInput, CategoryInput } from '../schema/category-admin.input.js';
import { BrandPayload, CategoryPayload } from '../schema/category-payload.type.js';
import {
  BrandAdminService,
  CategoryAdminService,
  type BrandResult,
  type CategoryResult,
} from '../services/category-admin.service.js';

const categories = new CategoryAdminService();
const brands = new BrandAdminService();

const categoryPayload = (r: CategoryResult) =>
  Object.assign(new CategoryPayload(), { category: r.category, errors: toUserErrors(r.errors) });
const brandPayload = (r: BrandResult) =>
  Object.assign(new BrandPayload(), { brand: r.brand, errors: toUserErrors(r.errors) });

/** Category tree and brand mutations (HQ). */
@Resolver()
export class CategoryAdminResolver {
  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => CategoryPayload, {
    description:
      'Creates a category (HQ_ADMIN). Refusals (CODE_INVALID, NAME_REQUIRED, CATEGORY_CODE_TAKEN, ' +
      'CATEGORY_UNKNOWN parent, CATEGORY_HAS_PRODUCTS parent) in the payload, nothing written.',
  })
  async createCategory(
    @Ctx() ctx: ProductsContext,
    @Arg('input', () => CategoryInput, { description: 'The new category.' }) input: CategoryInput,
  ): Promise<CategoryPayload> {
    return categoryPayload(await categories.create(ctx, input));
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => CategoryPayload, {
    description:
      "Changes a category's code, names, position or switch (HQ_ADMIN); moveCategory changes its parent. " +
      'NOT_FOUND for an unknown id.',
  })
  async updateCategory(
    @Ctx() ctx: ProductsContext,
    @Arg('id', () => ID, { description: 'Category id.' }) id: string,
    @Arg('input', () => CategoryInput, { description: 'The new settings.' }) input: CategoryInput,
  ): Promise<CategoryPayload> {
    return categoryPayload(await categories.update(ctx, id, input));
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => CategoryPayload, {
    description:
      'Moves a category with its whole subtree and their products (HQ_ADMIN). CATEGORY_CYCLE under itself or ' +
      'a descendant, CATEGORY_HAS_PRODUCTS under a category holding products, CATEGORY_UNKNOWN parent, ' +
      'VERSION_CONFLICT when expectedVersion is stale; NOT_FOUND for an unknown id.',
  })
  async moveCategory(
    @Ctx() ctx: ProductsContext,
    @Arg('id', () => ID, { description: 'Category id.' }) id: string,
    @Arg('parentId', () => ID, { nullable: true, description: 'The new parent; null moves it to the top.' })
    parentId?: string | null,
    @Arg('position', () => Int, { nullable: true, description: 'Display order among the new siblings.' })
    position?: number | null,
    @Arg('expectedVersion', () => Int, {
      nullable: true,
      description: 'The version the caller saw (a drag in the console); VERSION_CONFLICT when it has changed since.',
    })
    expectedVersion?: number | null,
  ): Promise<CategoryPayload> {
    return categoryPayload(await categories.move(ctx, id, parentId ?? null, position, expectedVersion));
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => BrandPayload, {
    description:
      'Creates a brand (HQ_ADMIN). CODE_INVALID, NAME_REQUIRED, BRAND_CODE_TAKEN in the payload, nothing written.',
  })
  async createBrand(
    @Ctx() ctx: ProductsContext,
    @Arg('input', () => BrandInput, { description: 'The new brand.' }) input: BrandInput,
  ): Promise<BrandPayload> {
    return brandPayload(await brands.create(ctx, input));
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => BrandPayload, {
    description: "Changes a brand's code, names or switch (HQ_ADMIN). NOT_FOUND for an unknown id.",
  })
  async updateBrand(
    @Ctx() ctx: ProductsContext,
    @Arg('id', () => ID, { description: 'Brand id.' }) id: string,
    @Arg('input', () => BrandInput, { description: 'The new settings.' }) input: BrandInput,
  ): Promise<BrandPayload> {
    return brandPayload(await brands.update(ctx, id, input));
  }
}
