import {
  AuditEntry,
  EventType,
  FolderBlobStore,
  ForbiddenError,
  newId,
  NotFoundError,
  OutboxEvent,
  Role,
  sniffContentType,
  TaxClass,
  UploadRecord,
} from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Product, ProductStatus } from '../entities/product.entity.js';
import { ProductImage } from '../entities/product-image.entity.js';
import type { ProductsLoaders } from '../products-context.js';
import { productsSubgraph } from '../subgraph.js';
import { jpegWithExif, testImage, textDisguisedAsPng } from './product-image.fixture.js';
import { variantKey } from './product-image.rule.js';
import { ProductImageService } from './product-image.service.js';

const hq = { userId: 'u_hq', role: Role.HQ_ADMIN };
const otherHq = { userId: 'u_hq2', role: Role.HQ_ADMIN };
let dir: string;
let store: FolderBlobStore;
let images: ProductImageService;
let db: TestSubgraph<ProductsLoaders>;
let productIds: string[];

/** Stages `bytes` as the user's PRODUCT_IMAGE upload, as the kit's upload route would (row and blob). */
async function upload(bytes: Buffer, ownerUserId = hq.userId): Promise<string> {
  const id = newId('upl').toLowerCase();
  const blobKey = `uploads/product_image/${id}`;
  await store.put(blobKey, bytes, sniffContentType(bytes) ?? 'application/octet-stream');
  const now = new Date();
  await db.orm.em.fork().insert(UploadRecord, {
    ...{ id, purpose: 'PRODUCT_IMAGE', ownerUserId, blobKey, contentType: sniffContentType(bytes) ?? 'image/png' },
    ...{ byteSize: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex'), createdAt: now },
    ...{ expiresAt: new Date(now.getTime() + 3_600_000), consumedAt: null },
  });
  return id;
}

/** Rows, audit entries, events and consumed uploads, and the files under products/ in the store. */
async function written() {
  const em = db.orm.em.fork();
  const files = await readdir(join(dir, 'products'), { recursive: true }).catch(() => []);
  return {
    rows: await em.count(ProductImage),
    audit: await em.count(AuditEntry),
    events: await em.count(OutboxEvent),
    consumed: await em.count(UploadRecord, { consumedAt: { $ne: null } }),
    files: files.filter((f) => f.endsWith('.webp')).length,
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dnp-product-images-'));
  store = new FolderBlobStore(dir);
  images = new ProductImageService(store, { maxPixels: 40_000_000, maxPerProduct: 3 });
  db = await openTestSubgraph(productsSubgraph, { seed: true });
  const em = db.orm.em.fork();
  const rows = await em.find(Product, { status: ProductStatus.ACTIVE }, { orderBy: { id: 'asc' }, limit: 6 });
  productIds = rows.map((p) => p.id);
});
afterAll(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

describe('attachProductImages', () => {
  it('stores a PNG and an EXIF JPEG as WebP variants, with audit, event and a new version', async () => {
    const productId = productIds[0]!;
    const version = (await db.orm.em.fork().findOneOrFail(Product, { id: productId })).version;
    const before = await written();
    const ids = [await upload(await testImage(1600, 1000)), await upload(await jpegWithExif(800, 400))];
    const res = await images.attach(db.context(hq), productId, ids);
    expect(res.errors).toEqual([]);
    expect(res.product).toMatchObject({ id: productId, version: version + 1 });
    const rows = await db.orm.em.fork().find(ProductImage, { productId }, { orderBy: { position: 'asc' } });
    expect(rows.map((r) => [r.position, r.width, r.height, r.variants])).toEqual([
      [0, 1600, 1000, '160,480,1200'],
      [1, 400, 800, '160,480,1200'],
    ]);
    expect(res.product!.primaryImageId).toBe(rows[0]!.id);
    const large = await store.get(variantKey(productId, rows[1]!.id, 1200));
    const meta = await sharp(large!.bytes).metadata();
    expect([large!.contentType, meta.format, meta.width, meta.exif]).toEqual(['image/webp', 'webp', 400, undefined]);
    expect(large!.bytes.toString('latin1')).not.toContain('SpyCam');
    const thumb = await sharp((await store.get(variantKey(productId, rows[0]!.id, 160)))!.bytes).metadata();
    expect(thumb.width).toBe(160);
    expect(await written()).toEqual({
      ...before,
      rows: before.rows + 2,
      audit: before.audit + 1,
      events: before.events + 1,
      consumed: before.consumed + 2,
      files: before.files + 6,
    });
    const event = await db.orm.em
      .fork()
      .findOneOrFail(
        OutboxEvent,
        { subjectId: productId, type: EventType.PRODUCT_CHANGED },
        { orderBy: { seq: 'desc' } },
      );
    expect(event.payload).toMatchObject({ change: 'IMAGES', version: version + 1 });
    const loaded = await db.context(null).loaders.imagesByProduct.load(productId);
    expect(loaded.map((i) => i.id)).toEqual(rows.map((r) => r.id));
  });

  it('refuses a disguised text file and a 50 MP image, each with its code, all or none', async () => {
    const productId = productIds[1]!;
    const good = await upload(await testImage(600, 400));
    const text = await upload(textDisguisedAsPng());
    const huge = await upload(await testImage(10_000, 5_000));
    const before = await written();
    const res = await images.attach(db.context(hq), productId, [good, text, huge]);
    expect(res.product).toBeNull();
    expect(res.errors.map((e) => [e.code, e.field])).toEqual([
      ['IMAGE_NOT_AN_IMAGE', 'uploadIds[1]'],
      ['IMAGE_TOO_LARGE', 'uploadIds[2]'],
    ]);
    expect(await written()).toEqual(before);
    // The good upload was not used up: it attaches alone afterwards.
    expect((await images.attach(db.context(hq), productId, [good])).errors).toEqual([]);
  }, 30_000);

  it("refuses another user's, unknown and repeated uploads (UPLOAD_UNKNOWN), writing nothing", async () => {
    const productId = productIds[2]!;
    const mine = await upload(await testImage(300, 300));
    const theirs = await upload(await testImage(310, 300), otherHq.userId);
    const before = await written();
    const res = await images.attach(db.context(hq), productId, [mine, theirs, 'upl_nope']);
    expect(res.errors.map((e) => [e.code, e.field])).toEqual([
      ['UPLOAD_UNKNOWN', 'uploadIds[1]'],
      ['UPLOAD_UNKNOWN', 'uploadIds[2]'],
    ]);
    const twice = await images.attach(db.context(hq), productId, [mine, mine]);
    expect(twice.errors.map((e) => [e.code, e.field])).toEqual([['UPLOAD_UNKNOWN', 'uploadIds[1]']]);
    expect(await written()).toEqual(before);
  });

  it('refuses IMAGES_REQUIRED, TOO_MANY_IMAGES and IMAGE_DUPLICATE; NOT_FOUND and FORBIDDEN throw', async () => {
    const productId = productIds[3]!;
    const bytes = await testImage(320, 200);
    expect((await images.attach(db.context(hq), productId, [await upload(bytes)])).errors).toEqual([]);
    const before = await written();
    const again = await images.attach(db.context(hq), productId, [await upload(bytes)]);
    expect(again.errors.map((e) => e.code)).toEqual(['IMAGE_DUPLICATE']);
    const three = await Promise.all([1, 2, 3].map(async (n) => upload(await testImage(200 + n, 200))));
    expect((await images.attach(db.context(hq), productId, three)).errors.map((e) => e.code)).toEqual([
      'TOO_MANY_IMAGES',
    ]);
    expect((await images.attach(db.context(hq), productId, [])).errors.map((e) => e.code)).toEqual(['IMAGES_REQUIRED']);
    await expect(images.attach(db.context(hq), 'prd_missing', three)).rejects.toBeInstanceOf(NotFoundError);
    const dealer = { userId: 'u_d', role: Role.DEALER_ADMIN, dealerId: 'dlr_x' };
    await expect(images.attach(db.context(dealer), productId, three)).rejects.toBeInstanceOf(ForbiddenError);
    expect(await written()).toEqual(before);
  });
});

describe('reorderProductImages and removeProductImage', () => {
  it('reorders (the first becomes primary), removes with its files, and refuses a partial order', async () => {
    const productId = productIds[4]!;
    const ids = await Promise.all([1, 2, 3].map(async (n) => upload(await testImage(250 + n, 250))));
    const attached = await images.attach(db.context(hq), productId, ids);
    const rows = await db.orm.em.fork().find(ProductImage, { productId }, { orderBy: { position: 'asc' } });
    const [a, b, c] = rows.map((r) => r.id) as [string, string, string];
    expect(attached.product!.primaryImageId).toBe(a);

    const before = await written();
    const partial = await images.reorder(db.context(hq), productId, [c, a]);
    expect(partial.errors.map((e) => e.code)).toEqual(['IMAGE_ORDER_INVALID']);
    const foreign = await images.reorder(db.context(hq), productId, [c, a, 'img_other']);
    expect(foreign.errors.map((e) => e.code)).toEqual(['IMAGE_ORDER_INVALID']);
    expect(await written()).toEqual(before);

    const reordered = await images.reorder(db.context(hq), productId, [c, a, b]);
    expect(reordered.errors).toEqual([]);
    expect(reordered.product!.primaryImageId).toBe(c);
    const removed = await images.remove(db.context(hq), c);
    expect(removed.product).toMatchObject({ primaryImageId: a, version: attached.product!.version + 2 });
    const left = await db.orm.em.fork().find(ProductImage, { productId }, { orderBy: { position: 'asc' } });
    expect(left.map((r) => [r.id, r.position])).toEqual([
      [a, 0],
      [b, 1],
    ]);
    expect(await store.get(variantKey(productId, c, 480))).toBeNull();
    expect(await store.get(rows[2]!.blobKey)).toBeNull();
    expect(await store.get(variantKey(productId, a, 480))).not.toBeNull();
    await expect(images.remove(db.context(hq), c)).rejects.toBeInstanceOf(NotFoundError);
    const after = await written();
    expect([after.audit - before.audit, after.events - before.events, before.files - after.files]).toEqual([2, 2, 3]);
  });
});

describe('createProduct with uploadIds, and alt texts', () => {
  let sample: Product;
  beforeAll(async () => {
    sample = await db.orm.em.fork().findOneOrFail(Product, { id: productIds[0]! });
  });
  /** A new product's fields (a barcode with its GS1 check digit), with the uploads to attach. */
  const newProduct = (n: number, uploadIds: string[], imageAlts?: (string | null)[]) => {
    const body = `69100000${String(1000 + n)}`;
    let sum = 0;
    [...body].reverse().forEach((d, i) => (sum += Number(d) * (i % 2 === 0 ? 3 : 1)));
    return {
      ...{ sku: `IMG-NEW-${n}`, name: `带图 ${n}`, nameEn: `With images ${n}`, brandId: sample.brandId },
      ...{ categoryId: sample.categoryId, unit: '箱', unitEn: 'case', barcode: body + ((10 - (sum % 10)) % 10) },
      ...{ taxClass: TaxClass.REDUCED, shelfLifeDays: 180, traceable: false, uploadIds, imageAlts },
    };
  };

  it('creates a product with its images in one transaction: rows, primary image, one audit and event', async () => {
    const ids = [await upload(await testImage(700, 500)), await upload(await testImage(500, 700))];
    const before = await written();
    const res = await images.createProduct(db.context(hq), newProduct(1, ids, ['  正面  ', null]));
    expect(res.errors).toEqual([]);
    const rows = await db.orm.em
      .fork()
      .find(ProductImage, { productId: res.product!.id }, { orderBy: { position: 'asc' } });
    expect(rows.map((r) => [r.position, r.width, r.alt])).toEqual([
      [0, 700, '正面'],
      [1, 500, null],
    ]);
    expect(res.product).toMatchObject({ version: 1, primaryImageId: rows[0]!.id });
    expect(await written()).toEqual({
      ...before,
      rows: before.rows + 2,
      audit: before.audit + 1,
      events: before.events + 1,
      consumed: before.consumed + 2,
      files: before.files + 6,
    });
    const audit = await db.orm.em.fork().findOneOrFail(AuditEntry, { entityId: res.product!.id });
    expect([audit.operation, JSON.parse(audit.after as string).imageIds]).toEqual([
      'createProduct',
      rows.map((r) => r.id),
    ]);
  });

  it('refuses all or none: an image refusal or a product refusal writes no product, row, file or claim', async () => {
    const good = await upload(await testImage(640, 480));
    const text = await upload(textDisguisedAsPng());
    const before = await written();
    const products = await db.orm.em.fork().count(Product);
    const badImage = await images.createProduct(db.context(hq), newProduct(2, [good, text]));
    expect(badImage.errors.map((e) => [e.code, e.field])).toEqual([['IMAGE_NOT_AN_IMAGE', 'uploadIds[1]']]);
    const badAlt = await images.createProduct(db.context(hq), newProduct(2, [good], ['x'.repeat(201)]));
    expect(badAlt.errors.map((e) => [e.code, e.field])).toEqual([['IMAGE_ALT_INVALID', 'imageAlts[0]']]);
    const tooMany = await images.createProduct(db.context(hq), newProduct(2, [good, good, good, good]));
    expect(tooMany.errors.map((e) => e.code)).toEqual(['TOO_MANY_IMAGES']);
    // The images are fine but the product is not (its SKU is taken): the written variants go again.
    const taken = await images.createProduct(db.context(hq), { ...newProduct(2, [good]), sku: sample.sku });
    expect(taken.errors.map((e) => e.code)).toEqual(['SKU_TAKEN']);
    expect([await written(), await db.orm.em.fork().count(Product)]).toEqual([before, products]);
    // Nothing was used up: the same upload makes the product afterwards.
    expect((await images.createProduct(db.context(hq), newProduct(2, [good]))).errors).toEqual([]);
  }, 30_000);

  it('sets an alt text on attach and with setProductImageAlt (audited, one event), refusing a bad one', async () => {
    const productId = productIds[5]!;
    const res = await images.attach(db.context(hq), productId, [await upload(await testImage(260, 260))], ['侧面']);
    expect(res.errors).toEqual([]);
    const image = await db.orm.em.fork().findOneOrFail(ProductImage, { productId });
    expect(image.alt).toBe('侧面');
    const before = await written();
    const bad = await images.setAlt(db.context(hq), image.id, 'two\nlines');
    expect(bad.errors.map((e) => [e.code, e.field])).toEqual([['IMAGE_ALT_INVALID', 'alt']]);
    const wrongLength = await images.attach(db.context(hq), productId, [await upload(await testImage(261, 260))], []);
    expect(wrongLength.errors.map((e) => [e.code, e.field])).toEqual([['IMAGE_ALT_INVALID', 'alts']]);
    expect((await images.setAlt(db.context(hq), image.id, '侧面')).product!.version).toBe(res.product!.version);
    expect(await written()).toEqual(before);
    const set = await images.setAlt(db.context(hq), image.id, ' 包装侧面 ');
    expect(set.product!.version).toBe(res.product!.version + 1);
    expect((await db.orm.em.fork().findOneOrFail(ProductImage, { id: image.id })).alt).toBe('包装侧面');
    const audit = await db.orm.em
      .fork()
      .findOneOrFail(AuditEntry, { entityId: productId, operation: 'setProductImageAlt' });
    expect([audit.before, audit.after].map((json) => JSON.parse(json as string).alt)).toEqual(['侧面', '包装侧面']);
    expect((await images.setAlt(db.context(hq), image.id, '  ')).errors).toEqual([]);
    expect((await db.orm.em.fork().findOneOrFail(ProductImage, { id: image.id })).alt).toBeNull();
    expect((await written()).events).toBe(before.events + 2);
    await expect(images.setAlt(db.context(hq), 'img_nope', 'x')).rejects.toBeInstanceOf(NotFoundError);
  });
});
