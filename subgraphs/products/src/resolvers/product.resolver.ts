import { Grant } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { Brand } from '../entities/brand.entity.js';
import { Category } from '../entities/category.entity.js';
import { Product } from '../entities/product.entity.js';
import type { ProductsContext } from '../products-context.js';
import { ProductService, salesRegionIdsOf } from '../services/product.service.js';
import { ProductFilter, ProductSort } from '../schema/product.input.js';
import { ProductConnection } from '../schema/product.type.js';

const products = new ProductService();

@Resolver(() => Product)
export class ProductResolver {
  @Authorized(Grant.ANYONE)
  @Query(() => ProductConnection, { description: 'The catalogue, filtered, sorted and paginated (Relay cursors).' })
  products(
    @Ctx() ctx: ProductsContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => ProductFilter, { nullable: true, description: 'Conditions the products must meet.' })
    filter?: ProductFilter,
    @Arg('sort', () => ProductSort, { nullable: true, description: 'Order of the list (default NAME_ASC).' })
    sort?: ProductSort,
  ) {
    return products.list(ctx, { first, after, filter, sort });
  }

  @Authorized(Grant.ANYONE)
  @Query(() => Product, {
    nullable: true,
    description: 'One product by id or by SKU (give exactly one); NOT_FOUND when unknown.',
  })
  product(
    @Ctx() ctx: ProductsContext,
    @Arg('id', () => ID, { nullable: true, description: 'Product id.' }) id?: string,
    @Arg('sku', () => String, { nullable: true, description: 'Product SKU.' }) sku?: string,
  ) {
    return products.findOne(ctx, { id, sku });
  }

  @FieldResolver(() => Brand, { description: 'The brand the product is sold under.' })
  brand(@Root() product: Product, @Ctx() ctx: ProductsContext) {
    return ctx.loaders.brandById.load(product.brandId);
  }

  @FieldResolver(() => [ID], {
    nullable: true,
    description:
      'Ids of the sales regions the product may be sold in (e.g. ["reg_south"] for 华南限定 items); null when it ' +
      'is sold nationwide.',
  })
  salesRegionIds(@Root() product: Product): string[] | null {
    return salesRegionIdsOf(product);
  }

  @FieldResolver(() => Category, { description: 'The (leaf) category the product is filed under.' })
  category(@Root() product: Product, @Ctx() ctx: ProductsContext) {
    return ctx.loaders.categoryById.load(product.categoryId);
  }
}
