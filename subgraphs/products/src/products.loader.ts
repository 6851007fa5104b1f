import { groupLoader, keyLoader, type RequestContext } from '@dnp/subgraph-kit';
import type DataLoader from 'dataloader';
import { Brand } from './entities/brand.entity.js';
import { Category } from './entities/category.entity.js';
import { Product } from './entities/product.entity.js';

/** The products subgraph's request-scoped loaders. */
export interface ProductsLoaders {
  productById: DataLoader<string, Product | null>;
  productBySku: DataLoader<string, Product | null>;
  brandById: DataLoader<string, Brand | null>;
  categoryById: DataLoader<string, Category | null>;
  categoriesByParent: DataLoader<string, Category[]>;
}
export type ProductsContext = RequestContext<ProductsLoaders>;

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
  };
}
