import {
  assertCanActOn,
  domainError,
  EventType,
  forUpdate,
  newId,
  NotFoundError,
  recordAudit,
  recordEvent,
  type DomainError,
  type TaxClass,
  isTransientLockError,
} from '@dnp/subgraph-kit';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { Brand } from '../entities/brand.entity.js';
import { Category } from '../entities/category.entity.js';
import { Product, ProductStatus } from '../entities/product.entity.js';
import type { ProductImage } from '../entities/product-image.entity.js';
import type { ProductsContext } from '../products-context.js';
import { salesRegionIdsOf } from './product.service.js';
import {
  MAX_REASON_LENGTH,
  normalizeSku,
  productFieldErrors,
  salesRegionsColumn,
  searchTextOf,
} from './product.rule.js';
import { dealersRegionIds, type KnownRegionIds } from './region-directory.js';

/** Master data belongs to the brand: no dealer or region owns it, so only an `all` scope acts on it. */
export const HQ_OWNED = {};

/** What a product change did: the product as stored, or why nothing was written (`errors`). */
export interface ProductResult {
  product: Product | null;
  errors: DomainError[];
}

/** The fields of a new product (the GraphQL input's shape, without GraphQL). */
export interface NewProduct {
  sku: string;
  name: string;
  nameEn: string;
  brandId: string;
  categoryId: string;
  unit: string;
  unitEn: string;
  barcode: string;
  taxClass: TaxClass;
  shelfLifeDays: number;
  traceable: boolean;
  salesRegionIds?: string[] | null;
}

/**
 * Images a new product is created with (`ProductImageService.createProduct`): their variants are written
 * under `productId` beforehand; `attach` claims the uploads and adds the rows in the creation's
 * transaction, or answers the refusals having written nothing.
 */
export interface NewProductImages {
  productId: string;
  attach(tx: EntityManager): Promise<{ images: ProductImage[]; errors?: undefined } | { errors: DomainError[] }>;
}

/** A change to a product: omitted or null fields keep their value. */
export interface ProductPatch extends Partial<{ [K in keyof NewProduct]: NewProduct[K] | null }> {
  id: string;
  expectedVersion: number;
}

/** The columns a patch may set (SKU and status have their own rules). */
const PATCHABLE = [
  'name',
  'nameEn',
  'brandId',
  'categoryId',
  'unit',
  'unitEn',
  'barcode',
  'taxClass',
  'shelfLifeDays',
  'traceable',
] as const;

const refused = (errors: DomainError[]): ProductResult => ({ product: null, errors });
/** Tries of a product write that lost a deadlock (rolled back whole, so it may run again). */
const COMMIT_ATTEMPTS = 6;

/** The audited state of a product. */
function snapshot(p: Product) {
  const { sku, name, nameEn, brandId, categoryId, unit, unitEn, barcode, taxClass, shelfLifeDays, traceable } = p;
  return {
    ...{ sku, name, nameEn, brandId, categoryId, unit, unitEn, barcode, taxClass, shelfLifeDays, traceable },
    status: p.status,
    salesRegionIds: salesRegionIdsOf(p),
    version: p.version,
  };
}

/** Records `products.product_changed` with the product as it is after the change, in `em`'s unit of work. */
export function recordProductChanged(
  em: EntityManager,
  p: Product,
  change: 'CREATED' | 'UPDATED' | 'RETIRED' | 'IMAGES',
): void {
  recordEvent(em, {
    type: EventType.PRODUCT_CHANGED,
    subjectId: p.id,
    scope: { hqOnly: true },
    payload: {
      productId: p.id,
      sku: p.sku,
      name: p.name,
      nameEn: p.nameEn,
      brandId: p.brandId,
      categoryId: p.categoryId,
      categoryPath: p.categoryPath,
      status: p.status,
      taxClass: p.taxClass,
      traceable: p.traceable,
      shelfLifeDays: p.shelfLifeDays,
      unit: p.unit,
      salesRegionIds: salesRegionIdsOf(p),
      version: p.version,
      change,
    },
  });
}

/**
 * Product master data (HQ): create, change and retire products. Every refusal comes back as a
 * domain error with nothing written; every change writes its audit entry and its
 * `products.product_changed` event in the transaction of the change.
 */
export class ProductAdminService {
  constructor(private readonly knownRegions: KnownRegionIds = dealersRegionIds) {}

  /**
   * Creates a product, on sale at once (and found by the catalogue search in the same request); with
   * `images`, they are attached in the same transaction, the first becoming the primary image.
   */
  async create(ctx: ProductsContext, input: NewProduct, images?: NewProductImages): Promise<ProductResult> {
    ctx.requireViewer();
    assertCanActOn(ctx.scope, HQ_OWNED, 'product');
    const errors = productFieldErrors(input);
    const sku = normalizeSku(input.sku ?? '');
    if (!sku) errors.push(domainError('SKU_INVALID', 'sku must be 3 to 32 of A–Z, 0–9 and "-"', 'sku'));
    else if (await ctx.em.count(Product, { sku }))
      errors.push(domainError('SKU_TAKEN', `SKU "${sku}" is already used (SKUs are never reused)`, 'sku'));
    const category = await this.leafCategory(ctx, input.categoryId, errors);
    await this.checkBrand(ctx, input.brandId, errors);
    await this.checkRegions(input.salesRegionIds, errors);
    if (errors.length || !sku || !category) return refused(errors);

    const now = new Date();
    const barcode = input.barcode.trim();
    const name = input.name.trim();
    const nameEn = input.nameEn.trim();
    return this.commit(ctx, sku, async (tx) => {
      // Creations in one category take turns: their barcode checks would otherwise hold the same gap lock
      // (no product has the new barcode yet) and deadlock on their inserts.
      await tx.findOneOrFail(Category, { id: category.id }, { ...forUpdate(tx), fields: ['id'] } as never);
      const clash = await this.barcodeClash(tx, barcode, null);
      if (clash) return refused([clash]);
      const attached = images ? await images.attach(tx) : { images: [] as ProductImage[], errors: undefined };
      if (attached.errors) return refused(attached.errors);
      const product = tx.create(Product, {
        ...{ id: images?.productId ?? newId('prd', now), sku, primaryImageId: attached.images[0]?.id ?? null },
        ...{ name, nameEn, brandId: input.brandId, categoryId: category.id },
        ...{ categoryPath: category.path, unit: input.unit.trim(), unitEn: input.unitEn.trim(), barcode },
        ...{ shelfLifeDays: input.shelfLifeDays, traceable: input.traceable, status: ProductStatus.ACTIVE },
        ...{ taxClass: input.taxClass, salesRegions: salesRegionsColumn(input.salesRegionIds) },
        ...{ searchText: searchTextOf({ name, nameEn, sku, barcode }), createdAt: now, updatedAt: now },
      });
      recordAudit(tx, ctx, {
        operation: 'createProduct',
        action: 'CREATE',
        entityType: 'Product',
        entityId: product.id,
        after: { ...snapshot(product), ...(images ? { imageIds: attached.images.map((i) => i.id) } : {}) },
      });
      recordProductChanged(tx, product, 'CREATED');
      await tx.flush();
      return { product, errors: [] };
    });
  }

  /**
   * Changes the given fields of a product whose version is still `expectedVersion`
   * (VERSION_CONFLICT otherwise); the SKU never changes (SKU_IMMUTABLE); a new category moves
   * the product's category path with it. NOT_FOUND for an unknown id.
   */
  async update(ctx: ProductsContext, patch: ProductPatch): Promise<ProductResult> {
    ctx.requireViewer();
    const current = await ctx.em.findOne(Product, { id: patch.id });
    if (!current) throw new NotFoundError('Product', patch.id);
    assertCanActOn(ctx.scope, HQ_OWNED, 'product');
    const given = Object.fromEntries(Object.entries(patch).filter(([, v]) => v != null)) as ProductPatch;
    const errors = productFieldErrors(given);
    if (given.sku != null && normalizeSku(given.sku) !== current.sku)
      errors.push(domainError('SKU_IMMUTABLE', 'The SKU of a product never changes', 'sku'));
    const category = given.categoryId ? await this.leafCategory(ctx, given.categoryId, errors) : null;
    if (given.brandId) await this.checkBrand(ctx, given.brandId, errors);
    await this.checkRegions(given.salesRegionIds, errors);
    if (current.version !== patch.expectedVersion) errors.push(this.versionConflict(current));
    if (errors.length) return refused(errors);

    return ctx.em.transactional(async (tx) => {
      const product = await tx.findOneOrFail(Product, { id: patch.id }, forUpdate(tx));
      if (product.version !== patch.expectedVersion) return refused([this.versionConflict(product)]);
      const barcode = given.barcode?.trim();
      if (barcode && barcode !== product.barcode && product.status === ProductStatus.ACTIVE) {
        const clash = await this.barcodeClash(tx, barcode, product.id);
        if (clash) return refused([clash]);
      }
      const before = snapshot(product);
      for (const key of PATCHABLE) {
        const value = given[key];
        if (value != null) Object.assign(product, { [key]: typeof value === 'string' ? value.trim() : value });
      }
      if (category) product.categoryPath = category.path;
      if (patch.salesRegionIds != null) product.salesRegions = salesRegionsColumn(patch.salesRegionIds);
      product.searchText = searchTextOf(product);
      product.version += 1;
      product.updatedAt = new Date();
      recordAudit(tx, ctx, {
        operation: 'updateProduct',
        action: 'UPDATE',
        entityType: 'Product',
        entityId: product.id,
        before,
        after: snapshot(product),
      });
      recordProductChanged(tx, product, 'UPDATED');
      await tx.flush();
      return { product, errors: [] };
    });
  }

  /**
   * Retires a product (停售): ACTIVE → DISCONTINUED, kept for orders, lots and codes that point at
   * it; its SKU is never reused. Retiring a retired product changes nothing. NOT_FOUND for an unknown id.
   */
  async retire(ctx: ProductsContext, id: string, reason: string): Promise<ProductResult> {
    ctx.requireViewer();
    const current = await ctx.em.findOne(Product, { id });
    if (!current) throw new NotFoundError('Product', id);
    assertCanActOn(ctx.scope, HQ_OWNED, 'product');
    const why = (reason ?? '').trim();
    if (!why || why.length > MAX_REASON_LENGTH)
      return refused([domainError('REASON_REQUIRED', `reason must be 1 to ${MAX_REASON_LENGTH} characters`, 'reason')]);
    if (current.status === ProductStatus.DISCONTINUED) return { product: current, errors: [] };
    const viewer = ctx.requireViewer();
    return ctx.em.transactional(async (tx) => {
      const product = await tx.findOneOrFail(Product, { id }, forUpdate(tx));
      if (product.status === ProductStatus.DISCONTINUED) return { product, errors: [] };
      const before = { status: product.status, version: product.version };
      const now = new Date();
      Object.assign(product, { status: ProductStatus.DISCONTINUED, retiredAt: now, updatedAt: now });
      product.retiredByUserId = viewer.userId.slice(0, 60);
      product.version += 1;
      recordAudit(tx, ctx, {
        operation: 'retireProduct',
        action: 'RETIRE',
        entityType: 'Product',
        entityId: product.id,
        before,
        after: { status: product.status, version: product.version, retiredAt: now, reason: why },
      });
      recordProductChanged(tx, product, 'RETIRED');
      await tx.flush();
      return { product, errors: [] };
    });
  }

  /**
   * Runs `work` in a transaction, again after a deadlock (at most COMMIT_ATTEMPTS); a concurrent insert
   * of the same SKU (the unique index) is SKU_TAKEN.
   */
  private async commit(
    ctx: ProductsContext,
    sku: string,
    work: (tx: EntityManager) => Promise<ProductResult>,
  ): Promise<ProductResult> {
    // On MariaDB the barcode check's locking read takes a gap lock when no product has the barcode, so
    // two creations at once (in different categories) may deadlock on their inserts: the one rolled back
    // runs again.
    for (let attempt = 1; ; attempt++) {
      try {
        return await ctx.em.transactional(work);
      } catch (err) {
        if (err instanceof UniqueConstraintViolationException)
          return refused([domainError('SKU_TAKEN', `SKU "${sku}" is already used (SKUs are never reused)`, 'sku')]);
        if (!isTransientLockError(err) || attempt >= COMMIT_ATTEMPTS) throw err;
        // Apart by a random pause, so the losers of one deadlock do not meet again at once.
        await new Promise((r) => setTimeout(r, Math.random() * 25 * attempt));
      }
    }
  }

  /** BARCODE_TAKEN when another product on sale carries `barcode` (rows locked until the commit). */
  private async barcodeClash(tx: EntityManager, barcode: string, exceptId: string | null): Promise<DomainError | null> {
    const where = { barcode, status: ProductStatus.ACTIVE, ...(exceptId ? { id: { $ne: exceptId } } : {}) };
    const rows = await tx.find(Product, where, { ...forUpdate(tx), fields: ['id'], limit: 1 } as never);
    if (!rows.length) return null;
    return domainError(
      'BARCODE_TAKEN',
      `Barcode ${barcode} belongs to product ${rows[0]!.id}, which is on sale`,
      'barcode',
    );
  }

  private versionConflict(current: Product): DomainError {
    return domainError(
      'VERSION_CONFLICT',
      `The product changed meanwhile (version ${current.version}); reload it and apply the change again`,
      'expectedVersion',
    );
  }

  /** The category if it exists, is active and has no sub-categories; else the error is added. */
  private async leafCategory(ctx: ProductsContext, id: string, errors: DomainError[]): Promise<Category | null> {
    const category = await ctx.em.findOne(Category, { id });
    if (!category || !category.active) {
      errors.push(domainError('CATEGORY_UNKNOWN', `Unknown or inactive category "${id}"`, 'categoryId'));
      return null;
    }
    if (await ctx.em.count(Category, { parentId: id })) {
      errors.push(domainError('CATEGORY_NOT_LEAF', 'Products are filed under a leaf category only', 'categoryId'));
      return null;
    }
    return category;
  }

  private async checkBrand(ctx: ProductsContext, id: string, errors: DomainError[]): Promise<void> {
    const brand = await ctx.em.findOne(Brand, { id });
    if (!brand || !brand.active)
      errors.push(domainError('BRAND_UNKNOWN', `Unknown or inactive brand "${id}"`, 'brandId'));
  }

  /** REGION_UNKNOWN for each id the dealers subgraph does not know (asked only when ids are given). */
  private async checkRegions(ids: readonly string[] | null | undefined, errors: DomainError[]): Promise<void> {
    if (!ids?.length) return;
    const known = await this.knownRegions();
    ids.forEach((id, i) => {
      if (!known.has(id)) errors.push(domainError('REGION_UNKNOWN', `Unknown region "${id}"`, `salesRegionIds[${i}]`));
    });
  }
}
