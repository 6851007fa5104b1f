import {
  AUDIT_ENTITIES,
  AUDIT_RESOLVERS,
  buildFederatedSchema,
  type SubgraphDefinition,
  uploadRoute,
  UploadPurpose,
} from '@dnp/subgraph-kit';
import { Brand } from './entities/brand.entity.js';
import { Category } from './entities/category.entity.js';
import { Product } from './entities/product.entity.js';
import { ProductImage } from './entities/product-image.entity.js';
import { migrations } from './migrations/index.js';
import type { ProductsContext, ProductsLoaders } from './products-context.js';
import { createProductsLoaders } from './products.loader.js';
import { BrandResolver, CategoryResolver } from './resolvers/category.resolver.js';
import { ProductResolver } from './resolvers/product.resolver.js';
import { ProductAdminResolver } from './resolvers/product-admin.resolver.js';
import { CategoryAdminResolver } from './resolvers/category-admin.resolver.js';
import {
  ProductImageAdminResolver,
  ProductImageResolver,
  ProductImagesResolver,
} from './resolvers/product-image.resolver.js';
import { mediaRoute } from './media.route.js';
import { productMediaStore } from './media.store.js';
import { isSeeded, seedDemo } from './seed/demo.seed.js';

/** The products subgraph: owns Product, Category and Brand. */
export const productsSubgraph: SubgraphDefinition<ProductsLoaders> = {
  name: 'products',
  entities: [Product, Category, Brand, ...AUDIT_ENTITIES, ProductImage],
  migrations,
  createLoaders: createProductsLoaders,
  seed: seedDemo,
  isSeeded,
  // POST /uploads (through the gateway): product images, staged until a mutation attaches them;
  // GET /media/products/…: their variants, public (the gateway's GET /media/* reaches it).
  routes: (app, env) => {
    uploadRoute({ purposes: [UploadPurpose.PRODUCT_IMAGE], store: productMediaStore })(app, env);
    mediaRoute(productMediaStore)(app, env);
  },
  buildSchema: () =>
    buildFederatedSchema<ProductsContext>({
      resolvers: [
        ProductResolver,
        CategoryResolver,
        BrandResolver,
        ...AUDIT_RESOLVERS,
        ProductAdminResolver,
        CategoryAdminResolver,
        ProductImagesResolver,
        ProductImageResolver,
        ProductImageAdminResolver,
      ],
      referenceResolvers: {
        Product: (ref, ctx) =>
          ref.id ? ctx.loaders.productById.load(ref.id as string) : ctx.loaders.productBySku.load(ref.sku as string),
        Category: (ref, ctx) => ctx.loaders.categoryById.load(ref.id as string),
        Brand: (ref, ctx) => ctx.loaders.brandById.load(ref.id as string),
      },
    }),
};
