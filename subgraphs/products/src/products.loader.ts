import { groupLoader, keyLoader } from '@dnp/subgraph-kit';
import { Brand } from './entities/brand.entity.js';
import { Category } from './entities/category.entity.js';
import { Product } from './entities/product.entity.js';
import { ProductImage } from './entities/product-image.entity.js';
import type { ProductsContext, ProductsLoaders } from './products-context.js';

/** Creates fresh loaders for one request. */
export function createProductsLoaders(ctx: ProductsContext): ProductsLoaders {
  return {
    productById: keyLoader(ctx.em, Product, 'id'),
    productBySku: keyLoader(ctx.em, Product, 'sku'),
    // Brands and categories are only ever read here (per product of every catalogue page):
    // plain rows skip the identity map and entity construction.
    brandById: keyLoader(ctx.em, Brand, 'id', {}, { readOnly: true }),
    categoryById: keyLoader(ctx.em, Category, 'id', {}, { readOnly: true }),
    categoriesByParent: groupLoader(ctx.em, Category, 'parentId', {}, { position: 'asc' }, { readOnly: true }),
    imagesByProduct: groupLoader(ctx.em, ProductImage, 'productId', {}, { position: 'asc' }, { readOnly: true }),
  };
}
