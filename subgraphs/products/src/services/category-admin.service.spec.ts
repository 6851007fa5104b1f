import { AuditEntry, EventType, OutboxEvent, Role } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Category } from '../entities/category.entity.js';
import { Product } from '../entities/product.entity.js';
import type { ProductsLoaders } from '../products-context.js';
import { productsSubgraph } from '../subgraph.js';
import { BrandAdminService, CategoryAdminService } from './category-admin.service.js';

const hq = { userId: 'u_hq', role: Role.HQ_ADMIN };
const categories = new CategoryAdminService();
const brands = new BrandAdminService();
let db: TestSubgraph<ProductsLoaders>;

async function counts() {
  const em = db.orm.em.fork();
  return [await em.count(Category), await em.count(AuditEntry), await em.count(OutboxEvent)];
}
const create = async (code: string, parentId: string | null = null) => {
  const res = await categories.create(db.context(hq), { code, name: code, nameEn: code, parentId });
  expect(res.errors).toEqual([]);
  return res.category!;
};

beforeAll(async () => {
  db = await openTestSubgraph(productsSubgraph, { seed: true });
});
afterAll(() => db.close());

describe('categories', () => {
  it('creates a category under a parent with its path, depth, next position, audit and event', async () => {
    const top = await create('T-TOP');
    const child = await create('t-child', top.id);
    expect(child).toMatchObject({ code: 'T-CHILD', path: `${top.path}${child.id}/`, depth: 1, position: 0 });
    expect((await create('T-CHILD-2', top.id)).position).toBe(1);
    const event = await db.orm.em.fork().findOneOrFail(OutboxEvent, { subjectId: child.id });
    expect(event.type).toBe(EventType.CATEGORY_CHANGED);
    expect(event.payload).toMatchObject({ change: 'CREATED', parentId: top.id, path: child.path, depth: 1 });
  });

  it('refuses a taken code, an unknown parent and a parent holding products, writing nothing', async () => {
    const product = await db.orm.em.fork().findOneOrFail(Product, { sku: { $ne: '' } }, { orderBy: { id: 'asc' } });
    const before = await counts();
    const cases: [Parameters<CategoryAdminService['create']>[1], string][] = [
      [{ code: 'T-TOP', name: 'x', nameEn: 'x' }, 'CATEGORY_CODE_TAKEN'],
      [{ code: 'T-NEW', name: 'x', nameEn: 'x', parentId: 'cat_nope' }, 'CATEGORY_UNKNOWN'],
      [{ code: 'T-NEW', name: 'x', nameEn: 'x', parentId: product.categoryId }, 'CATEGORY_HAS_PRODUCTS'],
      [{ code: '-', name: 'x', nameEn: 'x' }, 'CODE_INVALID'],
      [{ code: 'T-NEW', name: ' ', nameEn: 'x' }, 'NAME_REQUIRED'],
    ];
    for (const [input, code] of cases)
      expect(
        (await categories.create(db.context(hq), input)).errors.map((e) => e.code),
        code,
      ).toEqual([code]);
    expect(await counts()).toEqual(before);
  });

  it('moves a branch with its subtree and products in one step; refuses a cycle', async () => {
    const em = db.orm.em.fork();
    // A demo top-level category with leaves that hold products.
    const product = await em.findOneOrFail(Product, { sku: { $ne: '' } }, { orderBy: { id: 'asc' } });
    const leaf = await em.findOneOrFail(Category, { id: product.categoryId });
    const branch = await em.findOneOrFail(Category, { id: leaf.parentId! });
    const host = await create('T-HOST');
    const cycle = await categories.move(db.context(hq), host.id, host.id);
    expect(cycle.errors.map((e) => e.code)).toEqual(['CATEGORY_CYCLE']);
    const before = await counts();
    const moved = await categories.move(db.context(hq), branch.id, host.id);
    expect(moved.errors).toEqual([]);
    const newBranchPath = `${host.path}${branch.id}/`;
    expect(moved.category).toMatchObject({ parentId: host.id, path: newBranchPath, depth: 1 });
    const fresh = db.orm.em.fork();
    expect(await fresh.findOneOrFail(Category, { id: leaf.id })).toMatchObject({
      path: `${newBranchPath}${leaf.id}/`,
      depth: 2,
    });
    expect((await fresh.findOneOrFail(Product, { id: product.id })).categoryPath).toBe(`${newBranchPath}${leaf.id}/`);
    expect(await fresh.count(Product, { categoryPath: { $like: `${branch.path}%` } })).toBe(0);
    expect(await counts()).toEqual([before[0], before[1]! + 1, before[2]! + 1]);
    const event = await fresh.findOneOrFail(OutboxEvent, { subjectId: branch.id });
    expect(event.payload).toMatchObject({ change: 'MOVED', previousPath: branch.path, path: newBranchPath });

    const under = await categories.move(db.context(hq), host.id, leaf.id);
    expect(under.errors.map((e) => e.code)).toEqual(['CATEGORY_CYCLE']);
    const back = await categories.move(db.context(hq), branch.id, null);
    expect(back.category).toMatchObject({ path: branch.path, depth: 0 });
    expect((await db.orm.em.fork().findOneOrFail(Product, { id: product.id })).categoryPath).toBe(leaf.path);
  });

  it('moves only from the version the caller saw (VERSION_CONFLICT otherwise, nothing written)', async () => {
    const host = await create('T-VHOST');
    const moving = await create('T-VMOVE');
    const before = await counts();
    const stale = await categories.move(db.context(hq), moving.id, host.id, null, moving.version + 1);
    expect(stale.errors.map((e) => [e.code, e.field])).toEqual([['VERSION_CONFLICT', 'expectedVersion']]);
    expect(stale.category).toBeNull();
    expect(await counts()).toEqual(before);
    const moved = await categories.move(db.context(hq), moving.id, host.id, null, moving.version);
    expect(moved.errors).toEqual([]);
    expect(moved.category).toMatchObject({ parentId: host.id, version: moving.version + 1 });
    const again = await categories.move(db.context(hq), moving.id, null, null, moving.version);
    expect(again.errors.map((e) => e.code)).toEqual(['VERSION_CONFLICT']);
  });

  it('refuses moving a category under one that holds products', async () => {
    const product = await db.orm.em.fork().findOneOrFail(Product, { sku: { $ne: '' } }, { orderBy: { id: 'desc' } });
    const loose = await create('T-LOOSE');
    const res = await categories.move(db.context(hq), loose.id, product.categoryId);
    expect(res.errors.map((e) => e.code)).toEqual(['CATEGORY_HAS_PRODUCTS']);
  });

  it('updates names and refuses a parent change outside moveCategory', async () => {
    const c = await create('T-EDIT');
    const res = await categories.update(db.context(hq), c.id, { code: 'T-EDIT', name: '新名', nameEn: 'New' });
    expect(res.category).toMatchObject({ name: '新名', version: 2 });
    const moved = await categories.update(db.context(hq), c.id, {
      code: 'T-EDIT',
      name: 'x',
      nameEn: 'x',
      parentId: 'cat_x',
    });
    expect(moved.errors.map((e) => e.code)).toEqual(['CATEGORY_MOVE_REQUIRED']);
  });
});

describe('brands', () => {
  it('creates and updates a brand; refuses a taken code', async () => {
    const created = await brands.create(db.context(hq), { code: 'nova', name: '诺瓦', nameEn: 'Nova' });
    expect(created.brand).toMatchObject({ code: 'NOVA', active: true });
    const taken = await brands.create(db.context(hq), { code: 'NOVA', name: 'x', nameEn: 'x' });
    expect(taken.errors.map((e) => e.code)).toEqual(['BRAND_CODE_TAKEN']);
    const off = await brands.update(db.context(hq), created.brand!.id, {
      code: 'NOVA',
      name: '诺瓦',
      nameEn: 'Nova',
      active: false,
    });
    expect(off.brand).toMatchObject({ active: false });
    const events = await db.orm.em
      .fork()
      .find(OutboxEvent, { subjectId: created.brand!.id }, { orderBy: { eventId: 'asc' } });
    expect(events.map((e) => (e.payload as { change: string }).change)).toEqual(['CREATED', 'UPDATED']);
  });
});
