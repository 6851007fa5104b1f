import { demoCatalog } from '@dnp/demo-data';
import type { EntityManager } from '@mikro-orm/core';
import type { Logger, TaxClass } from '@dnp/subgraph-kit';
import { Brand } from '../entities/brand.entity.js';
import { Category } from '../entities/category.entity.js';
import { Product, ProductStatus } from '../entities/product.entity.js';

/** True once the catalogue has been seeded (or created by hand). */
export async function isSeeded(em: EntityManager): Promise<boolean> {
  return (await em.count(Brand, {})) > 0;
}

/** How many of the last demo products are 华南限定: sold only in the South China sales region. */
export const SOUTH_ONLY_DEMO_PRODUCTS = 3;
const SOUTH_REGION_ID = 'reg_south';

/** Inserts the demo catalogue: brands, the category tree and 600+ products (the last few restricted to reg_south). */
export async function seedDemo(em: EntityManager, log: Logger): Promise<void> {
  const { brands, categories, products } = demoCatalog();
  const paths = new Map<string, { path: string; depth: number }>();
  const siblings = new Map<string | null, number>();
  await em.transactional(async (tx) => {
    await tx.insertMany(
      Brand,
      brands.map((b) => ({ id: b.id, code: b.code, name: b.name, nameEn: b.nameEn })),
    );
    await tx.insertMany(
      Category,
      categories.map((c) => {
        const parent = c.parentId ? paths.get(c.parentId)! : { path: '/', depth: -1 };
        const node = { path: `${parent.path}${c.id}/`, depth: parent.depth + 1 };
        paths.set(c.id, node);
        const position = siblings.get(c.parentId) ?? 0;
        siblings.set(c.parentId, position + 1);
        return { id: c.id, code: c.code, name: c.name, nameEn: c.nameEn, parentId: c.parentId, ...node, position };
      }),
    );
    const now = new Date();
    for (let i = 0; i < products.length; i += 200) {
      await tx.insertMany(
        Product,
        products.slice(i, i + 200).map((p, j) => {
          const southOnly = i + j >= products.length - SOUTH_ONLY_DEMO_PRODUCTS;
          return {
            id: p.id,
            sku: p.sku,
            name: southOnly ? `${p.name}（华南限定）` : p.name,
            nameEn: p.nameEn,
            brandId: p.brandId,
            categoryId: p.categoryId,
            categoryPath: paths.get(p.categoryId)!.path,
            unit: p.unit,
            unitEn: p.unitEn,
            barcode: p.barcode,
            shelfLifeDays: p.shelfLifeDays,
            traceable: p.traceable,
            status: ProductStatus.ACTIVE,
            searchText: `${p.name} ${p.nameEn} ${p.sku} ${p.barcode}`.toLowerCase(),
            createdAt: p.createdAt,
            updatedAt: now,
            salesRegions: southOnly ? SOUTH_REGION_ID : null,
            taxClass: p.taxClass as TaxClass,
          };
        }),
      );
    }
  });
  log.info({ brands: brands.length, categories: categories.length, products: products.length }, 'seeded catalogue');
}
