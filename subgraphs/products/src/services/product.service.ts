import { decodeCursor, NotFoundError, pageSize, toPage, UserInputError, type Page } from '@dnp/subgraph-kit';
import { raw, type FilterQuery } from '@mikro-orm/core';
import { Category } from '../entities/category.entity.js';
import { Product } from '../entities/product.entity.js';
import type { ProductsContext } from '../products-context.js';
import { ProductSort, type ProductFilter } from '../schema/product.input.js';

const SKU_PATTERN = /^[A-Z0-9][A-Z0-9-]{2,31}$/;
const MAX_SEARCH = 100;

/** Sort definitions: the column keyed on, its direction, and the tie-breaker on id. */
const SORTS: Record<ProductSort, { column: 'name' | 'sku' | 'createdAt'; dir: 'asc' | 'desc' }> = {
  [ProductSort.NAME_ASC]: { column: 'name', dir: 'asc' },
  [ProductSort.NAME_DESC]: { column: 'name', dir: 'desc' },
  [ProductSort.SKU_ASC]: { column: 'sku', dir: 'asc' },
  [ProductSort.SKU_DESC]: { column: 'sku', dir: 'desc' },
  [ProductSort.NEWEST]: { column: 'createdAt', dir: 'desc' },
  [ProductSort.OLDEST]: { column: 'createdAt', dir: 'asc' },
};

/** Catalogue reads: the product list with search, filters, sorting and keyset pagination. */
export class ProductService {
  /** One page of products matching `filter`, in `sort` order, after the cursor `after`. */
  async list(
    ctx: ProductsContext,
    args: { first?: number | null; after?: string | null; filter?: ProductFilter | null; sort?: ProductSort | null },
  ): Promise<Page<Product>> {
    const limit = pageSize(args.first);
    const sort = SORTS[args.sort ?? ProductSort.NAME_ASC];
    const where: FilterQuery<Product>[] = [];
    const filter = args.filter ?? {};

    if (filter.search != null) {
      const term = filter.search.trim().toLowerCase();
      if (term.length > MAX_SEARCH)
        throw new UserInputError(`search must be at most ${MAX_SEARCH} characters`, 'filter.search');
      // instr() instead of LIKE: user text may hold % or _, and SQLite has no default LIKE escape.
      if (term) where.push({ [raw('instr(search_text, ?)', [term])]: { $gt: 0 } } as FilterQuery<Product>);
    }
    if (filter.categoryId) {
      const category = await ctx.loaders.categoryById.load(filter.categoryId);
      if (!category) throw new NotFoundError('Category', filter.categoryId);
      // Paths are built from our own ids, so they hold no LIKE wildcards worth escaping.
      where.push({ categoryPath: { $like: `${category.path}%` } });
    }
    if (filter.brandIds?.length) where.push({ brandId: { $in: filter.brandIds } });
    if (filter.ids?.length) where.push({ id: { $in: filter.ids } });
    if (filter.status) where.push({ status: filter.status });

    const base: FilterQuery<Product> = where.length ? { $and: where } : {};
    const page: FilterQuery<Product>[] = [];
    if (args.after) {
      const [value, id] = decodeCursor(args.after, 2) as [string, string];
      const v = sort.column === 'createdAt' ? new Date(value) : value;
      const op = sort.dir === 'asc' ? '$gt' : '$lt';
      page.push({
        $or: [{ [sort.column]: { [op]: v } }, { [sort.column]: v, id: { [op]: id } }],
      } as FilterQuery<Product>);
    }
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([] as Product[])
        : ctx.em.find(Product, page.length ? { $and: [base, ...page] } : base, {
            orderBy: { [sort.column]: sort.dir, id: sort.dir } as never,
            limit: limit + 1,
          }),
      ctx.em.count(Product, base),
    ]);
    for (const row of rows) ctx.loaders.productById.prime(row.id, row);
    return toPage(rows, limit, Boolean(args.after), total, (p) => [
      sort.column === 'createdAt' ? p.createdAt.toISOString() : p[sort.column],
      p.id,
    ]);
  }

  /** One product by id or SKU (exactly one of them); NOT_FOUND when it does not exist. */
  async findOne(ctx: ProductsContext, args: { id?: string | null; sku?: string | null }): Promise<Product> {
    if ((args.id == null) === (args.sku == null)) throw new UserInputError('Give exactly one of "id" or "sku"');
    if (args.sku != null) {
      if (!SKU_PATTERN.test(args.sku))
        throw new UserInputError(`"${args.sku}" is not a valid SKU (A–Z, 0–9 and "-", 3 to 32 characters)`, 'sku');
      const product = await ctx.loaders.productBySku.load(args.sku);
      if (!product) throw new NotFoundError('Product', args.sku);
      return product;
    }
    const product = await ctx.loaders.productById.load(args.id!);
    if (!product) throw new NotFoundError('Product', args.id!);
    return product;
  }
}

/** Category tree reads. */
export class CategoryService {
  /** Top-level categories, or the children of `parentId`, in display order. */
  async children(ctx: ProductsContext, parentId: string | null): Promise<Category[]> {
    if (parentId === null) return ctx.em.find(Category, { parentId: null }, { orderBy: { position: 'asc' } });
    return ctx.loaders.categoriesByParent.load(parentId);
  }

  async findOne(ctx: ProductsContext, id: string): Promise<Category> {
    const category = await ctx.loaders.categoryById.load(id);
    if (!category) throw new NotFoundError('Category', id);
    return category;
  }
}

/** The region ids a product is restricted to, or null when it sells nationwide (no or an empty list). */
export function salesRegionIdsOf(product: Pick<Product, 'salesRegions'>): string[] | null {
  const ids = (product.salesRegions ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return ids.length ? ids : null;
}
