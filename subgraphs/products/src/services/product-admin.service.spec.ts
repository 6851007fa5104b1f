import { AuditEntry, EventType, ForbiddenError, OutboxEvent, Role, TaxClass } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Category } from '../entities/category.entity.js';
import { Product, ProductStatus } from '../entities/product.entity.js';
import type { ProductsLoaders } from '../products-context.js';
import { productsSubgraph } from '../subgraph.js';
import { ProductAdminService, type NewProduct } from './product-admin.service.js';
import { ProductService } from './product.service.js';

const hq = { userId: 'u_hq', role: Role.HQ_ADMIN };
// The dealers subgraph's region tree, as the service would read it.
const admin = new ProductAdminService(async () => new Set(['reg_cn', 'reg_east', 'reg_south']));
const catalogue = new ProductService();
let db: TestSubgraph<ProductsLoaders>;
let leaf: Category;
let branch: Category;
let brandId: string;
let n = 0;

/** A valid EAN-13 built from a 12-digit body (GS1 check digit appended). */
function ean13(body: string): string {
  let sum = 0;
  [...body].reverse().forEach((d, i) => (sum += Number(d) * (i % 2 === 0 ? 3 : 1)));
  return body + ((10 - (sum % 10)) % 10);
}

function input(patch: Partial<NewProduct> = {}): NewProduct {
  n++;
  return {
    sku: `T-NEW-${n}`,
    name: `测试牛奶 ${n}`,
    nameEn: `Test milk ${n}`,
    brandId,
    categoryId: leaf.id,
    unit: '箱',
    unitEn: 'case',
    barcode: ean13(`690000${String(100000 + n)}`.slice(0, 12)),
    taxClass: TaxClass.REDUCED,
    shelfLifeDays: 180,
    traceable: false,
    ...patch,
  };
}

async function counts() {
  const em = db.orm.em.fork();
  return [await em.count(Product), await em.count(AuditEntry), await em.count(OutboxEvent)];
}

beforeAll(async () => {
  db = await openTestSubgraph(productsSubgraph, { seed: true });
  const em = db.orm.em.fork();
  const sample = await em.findOneOrFail(Product, { status: ProductStatus.ACTIVE }, { orderBy: { id: 'asc' } });
  leaf = await em.findOneOrFail(Category, { id: sample.categoryId });
  branch = await em.findOneOrFail(Category, { id: leaf.parentId! });
  brandId = sample.brandId;
});
afterAll(() => db.close());

describe('createProduct', () => {
  it('writes the product, its audit entry and its event, and the catalogue search finds it at once', async () => {
    const before = await counts();
    const ctx = db.context(hq);
    const res = await admin.create(ctx, input({ sku: ' t-fresh-01 ', salesRegionIds: ['reg_south'] }));
    expect(res.errors).toEqual([]);
    expect(res.product).toMatchObject({ sku: 'T-FRESH-01', status: 'ACTIVE', version: 1, categoryPath: leaf.path });
    expect(res.product!.salesRegions).toBe('reg_south');
    expect(await counts()).toEqual([before[0]! + 1, before[1]! + 1, before[2]! + 1]);
    const event = await db.orm.em.fork().findOneOrFail(OutboxEvent, { subjectId: res.product!.id });
    expect(event.type).toBe(EventType.PRODUCT_CHANGED);
    expect(event.scope).toEqual({ hqOnly: true });
    expect(event.payload).toMatchObject({
      sku: 'T-FRESH-01',
      change: 'CREATED',
      version: 1,
      salesRegionIds: ['reg_south'],
    });
    const page = await catalogue.list(ctx, { filter: { search: 't-fresh-01' } });
    expect(page.edges.map((e) => e.node.id)).toEqual([res.product!.id]);
  });

  it('refuses each bad field with its own code and writes nothing', async () => {
    const taken = (await db.orm.em.fork().findOneOrFail(Product, { sku: { $ne: '' } }, { orderBy: { id: 'asc' } })).sku;
    const cases: [Partial<NewProduct>, string][] = [
      [{ sku: 'a' }, 'SKU_INVALID'],
      [{ sku: taken.toLowerCase() }, 'SKU_TAKEN'],
      [{ barcode: '6901234567890' }, 'BARCODE_INVALID'],
      [{ name: '  ' }, 'NAME_REQUIRED'],
      [{ unitEn: '' }, 'UNIT_INVALID'],
      [{ shelfLifeDays: 0 }, 'SHELF_LIFE_INVALID'],
      [{ categoryId: 'cat_nope' }, 'CATEGORY_UNKNOWN'],
      [{ categoryId: branch.id }, 'CATEGORY_NOT_LEAF'],
      [{ brandId: 'brd_nope' }, 'BRAND_UNKNOWN'],
      [{ salesRegionIds: ['reg_south', 'reg_mars'] }, 'REGION_UNKNOWN'],
    ];
    const before = await counts();
    for (const [patch, code] of cases) {
      const res = await admin.create(db.context(hq), input(patch));
      expect(res.product, code).toBeNull();
      expect(
        res.errors.map((e) => e.code),
        code,
      ).toEqual([code]);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses a barcode another product on sale carries, and frees it when that product is retired', async () => {
    const first = await admin.create(db.context(hq), input());
    const before = await counts();
    const again = await admin.create(db.context(hq), input({ barcode: first.product!.barcode }));
    expect(again.errors.map((e) => e.code)).toEqual(['BARCODE_TAKEN']);
    expect(await counts()).toEqual(before);
    await admin.retire(db.context(hq), first.product!.id, 'replaced by a new pack');
    const reused = await admin.create(db.context(hq), input({ barcode: first.product!.barcode }));
    expect(reused.errors).toEqual([]);
  });

  it('lets only HQ act on master data', async () => {
    const dealer = { userId: 'u_d', role: Role.DEALER_ADMIN, dealerId: 'dlr_x' };
    await expect(admin.create(db.context(dealer), input())).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('updateProduct', () => {
  it('changes the given fields at the expected version, moves the category path and records the change', async () => {
    const other = await db.orm.em
      .fork()
      .findOneOrFail(Category, { id: { $ne: leaf.id }, depth: leaf.depth, parentId: { $ne: null } });
    const created = (await admin.create(db.context(hq), input())).product!;
    const before = await counts();
    const res = await admin.update(db.context(hq), {
      id: created.id,
      expectedVersion: 1,
      nameEn: 'Renamed milk',
      categoryId: other.id,
      sku: created.sku.toLowerCase(),
    });
    expect(res.errors).toEqual([]);
    expect(res.product).toMatchObject({ nameEn: 'Renamed milk', version: 2, categoryPath: other.path });
    expect(res.product!.searchText).toContain('renamed milk');
    expect(await counts()).toEqual([before[0], before[1]! + 1, before[2]! + 1]);
  });

  it('refuses a stale version and a new SKU, writing nothing', async () => {
    const created = (await admin.create(db.context(hq), input())).product!;
    await admin.update(db.context(hq), { id: created.id, expectedVersion: 1, name: '改名' });
    const before = await counts();
    const stale = await admin.update(db.context(hq), { id: created.id, expectedVersion: 1, name: '再改' });
    expect(stale.errors.map((e) => e.code)).toEqual(['VERSION_CONFLICT']);
    const sku = await admin.update(db.context(hq), { id: created.id, expectedVersion: 2, sku: 'T-OTHER-SKU' });
    expect(sku.errors.map((e) => e.code)).toEqual(['SKU_IMMUTABLE']);
    expect(await counts()).toEqual(before);
    const row = await db.orm.em.fork().findOneOrFail(Product, { id: created.id });
    expect([row.name, row.version]).toEqual(['改名', 2]);
  });
});

describe('retireProduct', () => {
  it('discontinues once; retiring again changes nothing; a reason is required', async () => {
    const created = (await admin.create(db.context(hq), input())).product!;
    const missing = await admin.retire(db.context(hq), created.id, '  ');
    expect(missing.errors.map((e) => e.code)).toEqual(['REASON_REQUIRED']);
    const before = await counts();
    const res = await admin.retire(db.context(hq), created.id, 'no longer produced');
    expect(res.product).toMatchObject({ status: 'DISCONTINUED', version: 2, retiredByUserId: 'u_hq' });
    expect(res.product!.retiredAt).toBeInstanceOf(Date);
    const twice = await admin.retire(db.context(hq), created.id, 'again');
    expect(twice.product?.status).toBe('DISCONTINUED');
    expect(await counts()).toEqual([before[0], before[1]! + 1, before[2]! + 1]);
  });
});
