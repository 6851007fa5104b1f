import type { RequestContext } from '@dnp/subgraph-kit';
import type DataLoader from 'dataloader';
import type { Brand } from './entities/brand.entity.js';
import type { Category } from './entities/category.entity.js';
import type { Product } from './entities/product.entity.js';
import type { ProductImage } from './entities/product-image.entity.js';

// Types only: services and resolvers import the context from here, so they never depend on the
// loader module (which may itself use services) and no import cycle can form.

/** The products subgraph's request-scoped loaders. */
export interface ProductsLoaders {
  productById: DataLoader<string, Product | null>;
  productBySku: DataLoader<string, Product | null>;
  brandById: DataLoader<string, Brand | null>;
  categoryById: DataLoader<string, Category | null>;
  categoriesByParent: DataLoader<string, Category[]>;
  /** A product's images in gallery order. */
  imagesByProduct: DataLoader<string, ProductImage[]>;
}
/** What every products resolver and service receives: the request context with the loaders above. */
export type ProductsContext = RequestContext<ProductsLoaders>;
