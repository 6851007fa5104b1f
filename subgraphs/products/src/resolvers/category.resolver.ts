import { Grant } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Brand } from '../entities/brand.entity.js';
import { Category } from '../entities/category.entity.js';
import type { ProductsContext } from '../products-context.js';
import { CategoryService } from '../services/product.service.js';

const categories = new CategoryService();

@Resolver(() => Category)
export class CategoryResolver {
  @Authorized(Grant.ANYONE)
  @Query(() => [Category], { description: 'Top-level categories; walk `children` for the tree.' })
  categories(@Ctx() ctx: ProductsContext) {
    return categories.children(ctx, null);
  }

  @Authorized(Grant.ANYONE)
  @Query(() => Category, { nullable: true, description: 'One category by id; NOT_FOUND when unknown.' })
  category(@Ctx() ctx: ProductsContext, @Arg('id', () => ID, { description: 'Category id.' }) id: string) {
    return categories.findOne(ctx, id);
  }

  @FieldResolver(() => [Category], { description: 'Sub-categories in display order.' })
  children(@Root() category: Category, @Ctx() ctx: ProductsContext) {
    return categories.children(ctx, category.id);
  }

  @FieldResolver(() => Category, { nullable: true, description: 'The parent category; null at the top.' })
  parent(@Root() category: Category, @Ctx() ctx: ProductsContext) {
    return category.parentId ? ctx.loaders.categoryById.load(category.parentId) : null;
  }
}

@Resolver(() => Brand)
export class BrandResolver {
  @Authorized(Grant.ANYONE)
  @Query(() => [Brand], { description: 'All brands, by name.' })
  brands(@Ctx() ctx: ProductsContext) {
    return ctx.em.find(Brand, {}, { orderBy: { code: 'asc' } });
  }
}
