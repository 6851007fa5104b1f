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
} from '@dnp/subgraph-kit';
import { isSqlite } from '@dnp/event-bus';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { Brand } from '../entities/brand.entity.js';
import { Category } from '../entities/category.entity.js';
import { Product } from '../entities/product.entity.js';
import type { ProductsContext } from '../products-context.js';
import { HQ_OWNED } from './product-admin.service.js';

/** A category or brand code: upper-case letters, digits and "-", 2 to 32 characters. */
export const CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{1,31}$/;
const MAX_NAME = 120;

/** The editable fields of a category (parentId and position place a new one; moves are moveCategory's). */
export interface CategoryFields {
  code: string;
  name: string;
  nameEn: string;
  parentId?: string | null;
  position?: number | null;
  active?: boolean | null;
}

/** The editable fields of a brand. */
export interface BrandFields {
  code: string;
  name: string;
  nameEn: string;
  active?: boolean | null;
}

/** What a category change did, or why nothing was written. */
export interface CategoryResult {
  category: Category | null;
  errors: DomainError[];
}

/** What a brand change did, or why nothing was written. */
export interface BrandResult {
  brand: Brand | null;
  errors: DomainError[];
}

/** CODE_INVALID and NAME_REQUIRED for the shared code and name fields. */
function codeAndNameErrors(input: { code: string; name: string; nameEn: string }): DomainError[] {
  const errors: DomainError[] = [];
  if (!CODE_PATTERN.test(input.code.trim().toUpperCase()))
    errors.push(domainError('CODE_INVALID', 'code must be 2 to 32 of A–Z, 0–9 and "-"', 'code'));
  for (const key of ['name', 'nameEn'] as const) {
    const value = input[key].trim();
    if (!value || value.length > MAX_NAME)
      errors.push(domainError('NAME_REQUIRED', `${key} must be 1 to ${MAX_NAME} characters`, key));
  }
  return errors;
}

function categorySnapshot(c: Category) {
  const { code, name, nameEn, parentId, path, depth, position, active, version } = c;
  return { code, name, nameEn, parentId, path, depth, position, active, version };
}

function recordCategoryChanged(
  em: EntityManager,
  c: Category,
  change: 'CREATED' | 'UPDATED' | 'MOVED',
  previousPath: string | null = null,
): void {
  recordEvent(em, {
    type: EventType.CATEGORY_CHANGED,
    subjectId: c.id,
    scope: { hqOnly: true },
    payload: { categoryId: c.id, parentId: c.parentId, path: c.path, previousPath, depth: c.depth, change },
  });
}

/** Runs `work` in a transaction; the code's unique index deciding a race is `takenCode`. */
async function withUniqueCode<R>(
  ctx: ProductsContext,
  takenCode: DomainError,
  refused: (errors: DomainError[]) => R,
  work: (tx: EntityManager) => Promise<R>,
): Promise<R> {
  try {
    return await ctx.em.transactional(work);
  } catch (err) {
    if (err instanceof UniqueConstraintViolationException) return refused([takenCode]);
    throw err;
  }
}

const noCategory = (errors: DomainError[]): CategoryResult => ({ category: null, errors });
const noBrand = (errors: DomainError[]): BrandResult => ({ brand: null, errors });

/**
 * The category tree (HQ): create, edit and move categories. A move rewrites the materialized
 * paths of the whole subtree and of every product filed in it in one transaction, then records one
 * `products.category_changed` (MOVED, with the previous path) for the read models to follow.
 */
export class CategoryAdminService {
  /** Creates a category under `parentId` (null: at the top), after its last sibling unless `position` is given. */
  async create(ctx: ProductsContext, input: CategoryFields): Promise<CategoryResult> {
    ctx.requireViewer();
    assertCanActOn(ctx.scope, HQ_OWNED, 'category');
    const errors = codeAndNameErrors(input);
    const code = input.code.trim().toUpperCase();
    const parent = input.parentId ? await ctx.em.findOne(Category, { id: input.parentId }) : null;
    if (input.parentId && !parent)
      errors.push(domainError('CATEGORY_UNKNOWN', `Unknown category "${input.parentId}"`, 'parentId'));
    if (parent && (await ctx.em.count(Product, { categoryId: parent.id }))) errors.push(this.hasProducts('parentId'));
    if (CODE_PATTERN.test(code) && (await ctx.em.count(Category, { code }))) errors.push(this.codeTaken(code));
    if (errors.length) return noCategory(errors);
    return withUniqueCode(ctx, this.codeTaken(code), noCategory, async (tx) => {
      const id = newId('cat');
      const position = input.position ?? (await this.nextPosition(tx, parent?.id ?? null));
      const category = tx.create(Category, {
        ...{ id, code, name: input.name.trim(), nameEn: input.nameEn.trim(), parentId: parent?.id ?? null },
        ...{ path: `${parent?.path ?? '/'}${id}/`, depth: parent ? parent.depth + 1 : 0, position },
        active: input.active ?? true,
      });
      recordAudit(tx, ctx, {
        operation: 'createCategory',
        action: 'CREATE',
        entityType: 'Category',
        entityId: id,
        after: categorySnapshot(category),
      });
      recordCategoryChanged(tx, category, 'CREATED');
      await tx.flush();
      return { category, errors: [] };
    });
  }

  /** Changes a category's code, names, position and switch; its place in the tree is moveCategory's. */
  async update(ctx: ProductsContext, id: string, input: CategoryFields): Promise<CategoryResult> {
    ctx.requireViewer();
    const current = await ctx.em.findOne(Category, { id });
    if (!current) throw new NotFoundError('Category', id);
    assertCanActOn(ctx.scope, HQ_OWNED, 'category');
    const errors = codeAndNameErrors(input);
    const code = input.code.trim().toUpperCase();
    if (input.parentId !== undefined && (input.parentId ?? null) !== current.parentId)
      errors.push(domainError('CATEGORY_MOVE_REQUIRED', 'Use moveCategory to change the parent', 'parentId'));
    const clash = CODE_PATTERN.test(code) ? await ctx.em.findOne(Category, { code }, { fields: ['id'] }) : null;
    if (clash && clash.id !== id) errors.push(this.codeTaken(code));
    if (errors.length) return noCategory(errors);
    return withUniqueCode(ctx, this.codeTaken(code), noCategory, async (tx) => {
      const category = await tx.findOneOrFail(Category, { id }, forUpdate(tx));
      const before = categorySnapshot(category);
      Object.assign(category, { code, name: input.name.trim(), nameEn: input.nameEn.trim() });
      if (input.position != null) category.position = input.position;
      if (input.active != null) category.active = input.active;
      category.version += 1;
      recordAudit(tx, ctx, {
        operation: 'updateCategory',
        action: 'UPDATE',
        entityType: 'Category',
        entityId: id,
        before,
        after: categorySnapshot(category),
      });
      recordCategoryChanged(tx, category, 'UPDATED');
      await tx.flush();
      return { category, errors: [] };
    });
  }

  /**
   * Moves a category with its subtree under `parentId` (null: to the top). CATEGORY_CYCLE under
   * itself or a descendant (on the stored paths), CATEGORY_HAS_PRODUCTS under a category that holds
   * products (it would stop being a leaf), VERSION_CONFLICT when `expectedVersion` is given and the
   * category has changed since (checked under the row lock, so a drag on a stale tree moves nothing).
   */
  async move(
    ctx: ProductsContext,
    id: string,
    parentId: string | null,
    position?: number | null,
    expectedVersion?: number | null,
  ): Promise<CategoryResult> {
    ctx.requireViewer();
    const current = await ctx.em.findOne(Category, { id });
    if (!current) throw new NotFoundError('Category', id);
    assertCanActOn(ctx.scope, HQ_OWNED, 'category');
    const parent = parentId ? await ctx.em.findOne(Category, { id: parentId }) : null;
    if (parentId && !parent)
      return noCategory([domainError('CATEGORY_UNKNOWN', `Unknown category "${parentId}"`, 'parentId')]);
    if (parent && parent.path.startsWith(current.path)) return noCategory([this.cycle()]);
    if (parent && (await ctx.em.count(Product, { categoryId: parent.id })))
      return noCategory([this.hasProducts('parentId')]);
    return ctx.em.transactional(async (tx) => {
      // Both rows locked and checked again: two moves at once cannot make a cycle.
      const category = await tx.findOneOrFail(Category, { id }, forUpdate(tx));
      const target = parent ? await tx.findOneOrFail(Category, { id: parent.id }, forUpdate(tx)) : null;
      if (expectedVersion != null && category.version !== expectedVersion)
        return noCategory([
          domainError('VERSION_CONFLICT', `The category is at version ${category.version}`, 'expectedVersion'),
        ]);
      if (target && target.path.startsWith(category.path)) return noCategory([this.cycle()]);
      const before = categorySnapshot(category);
      const oldPath = category.path;
      const newPath = `${target?.path ?? '/'}${id}/`;
      const shift = (target ? target.depth + 1 : 0) - category.depth;
      if (newPath !== oldPath) await this.rewritePaths(tx, oldPath, newPath, shift);
      const parentOf = target?.id ?? null;
      const samePlace = category.parentId === parentOf;
      category.position = position ?? (samePlace ? category.position : await this.nextPosition(tx, parentOf));
      Object.assign(category, { parentId: parentOf, path: newPath, depth: category.depth + shift });
      category.version += 1;
      recordAudit(tx, ctx, {
        operation: 'moveCategory',
        action: 'MOVE',
        entityType: 'Category',
        entityId: id,
        before,
        after: categorySnapshot(category),
      });
      recordCategoryChanged(tx, category, 'MOVED', oldPath);
      await tx.flush();
      return { category, errors: [] };
    });
  }

  /**
   * Rewrites the paths starting with `oldPath` to start with `newPath` instead: the subtree's
   * categories (and their depth by `shift`) and the products filed in it. The prefix is compared
   * exactly (ids may hold "_", a LIKE wildcard); the LIKE only lets the path indexes narrow the rows.
   */
  private async rewritePaths(tx: EntityManager, oldPath: string, newPath: string, shift: number): Promise<void> {
    const join = isSqlite(tx) ? '? || substr(%c, ?)' : 'concat(?, substr(%c, ?))';
    const from = oldPath.length + 1;
    const run = (sql: string, params: unknown[]) =>
      tx.getConnection().execute(sql, params, 'run', tx.getTransactionContext());
    await run(
      `update category set path = ${join.replace('%c', 'path')}, depth = depth + ? ` +
        'where path like ? and substr(path, 1, ?) = ?',
      [newPath, from, shift, `${oldPath}%`, oldPath.length, oldPath],
    );
    await run(
      `update product set category_path = ${join.replace('%c', 'category_path')} ` +
        'where category_path like ? and substr(category_path, 1, ?) = ?',
      [newPath, from, `${oldPath}%`, oldPath.length, oldPath],
    );
  }

  private async nextPosition(tx: EntityManager, parentId: string | null): Promise<number> {
    const last = await tx.findOne(Category, { parentId }, { orderBy: { position: 'desc' }, fields: ['position'] });
    return last ? last.position + 1 : 0;
  }

  private cycle(): DomainError {
    return domainError('CATEGORY_CYCLE', 'A category cannot move under itself or its own descendant', 'parentId');
  }

  private hasProducts(field: string): DomainError {
    return domainError(
      'CATEGORY_HAS_PRODUCTS',
      'The category holds products: products are filed under leaves only, so it cannot take sub-categories',
      field,
    );
  }

  private codeTaken(code: string): DomainError {
    return domainError('CATEGORY_CODE_TAKEN', `Category code "${code}" is already used`, 'code');
  }
}

/** Brands (HQ): create and edit; each change audited with its `products.brand_changed` event. */
export class BrandAdminService {
  /** Creates a brand. */
  async create(ctx: ProductsContext, input: BrandFields): Promise<BrandResult> {
    return this.save(ctx, null, input);
  }

  /** Changes a brand's code, names and switch. NOT_FOUND for an unknown id. */
  async update(ctx: ProductsContext, id: string, input: BrandFields): Promise<BrandResult> {
    return this.save(ctx, id, input);
  }

  private async save(ctx: ProductsContext, id: string | null, input: BrandFields): Promise<BrandResult> {
    ctx.requireViewer();
    if (id && !(await ctx.em.count(Brand, { id }))) throw new NotFoundError('Brand', id);
    assertCanActOn(ctx.scope, HQ_OWNED, 'brand');
    const errors = codeAndNameErrors(input);
    const code = input.code.trim().toUpperCase();
    const taken = domainError('BRAND_CODE_TAKEN', `Brand code "${code}" is already used`, 'code');
    const clash = CODE_PATTERN.test(code) ? await ctx.em.findOne(Brand, { code }, { fields: ['id'] }) : null;
    if (clash && clash.id !== id) errors.push(taken);
    if (errors.length) return noBrand(errors);
    return withUniqueCode(ctx, taken, noBrand, async (tx) => {
      const brand = id ? await tx.findOneOrFail(Brand, { id }, forUpdate(tx)) : null;
      const before = brand ? { code: brand.code, name: brand.name, nameEn: brand.nameEn, active: brand.active } : null;
      const fields = { code, name: input.name.trim(), nameEn: input.nameEn.trim() };
      const row = brand
        ? Object.assign(brand, fields, input.active != null ? { active: input.active } : {})
        : tx.create(Brand, { id: newId('brd'), ...fields, active: input.active ?? true });
      recordAudit(tx, ctx, {
        operation: brand ? 'updateBrand' : 'createBrand',
        action: brand ? 'UPDATE' : 'CREATE',
        entityType: 'Brand',
        entityId: row.id,
        ...(before ? { before } : {}),
        after: { code: row.code, name: row.name, nameEn: row.nameEn, active: row.active },
      });
      recordEvent(tx, {
        type: EventType.BRAND_CHANGED,
        subjectId: row.id,
        scope: { hqOnly: true },
        payload: {
          brandId: row.id,
          code: row.code,
          name: row.name,
          active: row.active,
          change: brand ? 'UPDATED' : 'CREATED',
        },
      });
      await tx.flush();
      return { brand: row, errors: [] };
    });
  }
}
