import { demoCatalog } from '@dnp/demo-data';
import { AUDIT_ENTITIES, EventType, OutboxEvent, Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PriceListEntry } from '../entities/price-list-entry.entity.js';
import { DealerGrade, PriceList, PriceListKind } from '../entities/price-list.entity.js';
import type { PricingContext, PricingLoaders } from '../pricing-context.js';
import { GRADE_PERCENT, percentOfRounded } from '../seed/demo.seed.js';
import { pricingSubgraph } from '../subgraph.js';
import { ProductPriceService } from './product-price.service.js';
import { quote } from './quote.service.js';
import type { SellerDirectory, SellerFacts } from './seller-directory.service.js';
import { SellerPriceListService } from './seller-price-list.service.js';

const AuditEntry = AUDIT_ENTITIES[0];
const JS = 'dlr_0002';
const NJ = 'dlr_0003';
const { products } = demoCatalog();
const listPrice = (id: string) => products.find((p) => p.id === id)!.listPriceMinor;
const yuan = (minor: number) => (minor / 100).toFixed(2);

const jsAdmin: Viewer = {
  userId: 'usr_js_admin',
  role: Role.DEALER_ADMIN,
  dealerId: JS,
  dealerGrade: 'A',
  regionId: 'reg_js',
  regionPath: ['reg_cn', 'reg_east', 'reg_js'],
};
const njAdmin: Viewer = {
  userId: 'usr_nj_admin',
  role: Role.DEALER_ADMIN,
  dealerId: NJ,
  dealerGrade: 'B',
  regionId: 'reg_js_nj',
  regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'],
};
const lonely: Viewer = { ...jsAdmin, userId: 'usr_d00029', dealerId: 'dlr_0029' };
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const manager: Viewer = { userId: 'usr_east_manager', role: Role.REGION_MANAGER, regionId: 'reg_east' };
const saga: Viewer = { ...njAdmin, userId: 'orders', role: Role.SERVICE };

/** The dealers subgraph as the demo network has it: Jiangsu sells to Nanjing, Suzhou and Wuxi (all grade B). */
const directory: SellerDirectory = {
  parentOf: async (id) => ({ [NJ]: JS, dlr_0005: JS, dlr_0007: JS })[id] ?? null,
  seller: async (id): Promise<SellerFacts | null> =>
    id === JS
      ? {
          id: JS,
          code: 'D00002',
          name: '江苏嘉禾食品有限公司',
          nameEn: 'Jiangsu Jiahe Foods',
          subDealers: [
            { id: NJ, grade: 'B', regionId: 'reg_js_nj' },
            { id: 'dlr_0005', grade: 'B', regionId: 'reg_js_sz' },
            { id: 'dlr_0007', grade: 'B', regionId: 'reg_js_wx' },
          ],
        }
      : id === 'dlr_0029'
        ? { id, code: 'D00029', name: '深圳', nameEn: 'Shenzhen', subDealers: [] }
        : null,
};

let db: TestSubgraph<PricingLoaders>;
const sellers = new SellerPriceListService();
function ctxOf(viewer: Viewer | null): PricingContext {
  const ctx = db.context(viewer);
  ctx.loaders.sellers = directory;
  return ctx;
}
async function counts() {
  const em = db.orm.em.fork();
  return Promise.all([
    em.count(PriceList, {}),
    em.count(PriceListEntry, {}),
    em.count(OutboxEvent, {}),
    em.count(AuditEntry, {}),
  ]);
}

beforeAll(async () => {
  db = await openTestSubgraph(pricingSubgraph, { seed: true });
});
afterAll(() => db.close());

// prd_00002 (list 104.80) is priced only by the grade lists: its floor for grade B is the grade-B
// price 90.10, for grade D 99.60 (the highest grade price, so the floor of a price for every grade).
const P = 'prd_00002';
const floorB = percentOfRounded(listPrice(P), GRADE_PERCENT.B);
const floorD = percentOfRounded(listPrice(P), GRADE_PERCENT.D);

describe('setSubDealerPrice', () => {
  it('refuses below the floor with the floor, and each bad field with its own code, writing nothing', async () => {
    const before = await counts();
    const below = await sellers.set(ctxOf(jsAdmin), {
      productId: P,
      grade: DealerGrade.B,
      unitPrice: yuan(floorB - 1),
    });
    expect(below.errors.map((e) => [e.code, e.field])).toEqual([['PRICE_BELOW_FLOOR', 'unitPrice']]);
    expect(below.floor?.amount).toBe(yuan(floorB));
    // No grade: the price is for every grade, so grade D's (highest) floor binds.
    const anyGrade = await sellers.set(ctxOf(jsAdmin), { productId: P, unitPrice: yuan(floorB) });
    expect(anyGrade.errors.map((e) => e.code)).toEqual(['PRICE_BELOW_FLOOR']);
    expect(anyGrade.floor?.amount).toBe(yuan(floorD));
    const bad = await sellers.set(ctxOf(jsAdmin), { productId: 'prd_nope', minQuantity: 0, unitPrice: '1.234' });
    expect(bad.errors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID_QUANTITY', 'minQuantity'],
      ['UNKNOWN_PRODUCT', 'productId'],
      ['INVALID_PRICE', 'unitPrice'],
    ]);
    for (const unitPrice of ['0', '-3', 'abc', '99999999.00'])
      expect((await sellers.set(ctxOf(jsAdmin), { productId: P, unitPrice })).errors.map((e) => e.code)).toEqual([
        'INVALID_PRICE',
      ]);
    const notSeller = await sellers.set(ctxOf(lonely), { productId: P, unitPrice: '500.00' });
    expect(notSeller.errors.map((e) => e.code)).toEqual(['NOT_A_SELLER']);
    await expect(sellers.set(ctxOf(hq), { productId: P, unitPrice: '500.00' })).rejects.toMatchObject({
      extensions: { code: 'FORBIDDEN' },
    });
    expect(await counts()).toEqual(before);
  });

  it('creates the seller list on first use, upserts the entry, audits and records the event', async () => {
    const [lists, entries, events, audits] = await counts();
    const first = await sellers.set(ctxOf(jsAdmin), { productId: P, grade: DealerGrade.B, unitPrice: '100.00' });
    expect(first.errors).toEqual([]);
    expect(first.floor?.amount).toBe(yuan(floorB));
    const again = await sellers.set(ctxOf(jsAdmin), { productId: P, grade: DealerGrade.B, unitPrice: '101.00' });
    expect(again.entry?.id).toBe(first.entry?.id);
    expect(again.entry?.unitPriceMinor).toBe(10100);
    const generic = await sellers.set(ctxOf(jsAdmin), { productId: P, unitPrice: yuan(floorD) });
    expect(generic.errors).toEqual([]);
    // The demo seed holds Jiangsu's grade-B list (prd_00002 at 90 %): only the list for every grade is new.
    expect(await counts()).toEqual([lists + 1, entries + 1, events + 3, audits + 3]);

    const em = db.orm.em.fork();
    const own = await em.find(PriceList, { sellerDealerId: JS }, { orderBy: { code: 'asc' } });
    expect(own.map((l) => [l.code, l.dealerGrade, l.kind, l.regionId])).toEqual([
      ['SUB-D00002', null, PriceListKind.SALE, null],
      ['SUB-D00002-B', 'B', PriceListKind.SALE, null],
    ]);
    expect(own[1]!.id).toBe('pl_sub_js_b');
    const event = await em.findOneOrFail(
      OutboxEvent,
      { type: EventType.SUB_DEALER_PRICE_CHANGED },
      { orderBy: { eventId: 'desc' } },
    );
    expect(event.scope).toEqual({ dealerIds: [JS] });
    expect(event.payload).toMatchObject({ sellerDealerId: JS, productId: P, minQuantity: 1, unitPriceMinor: floorD });

    expect((await sellers.ownList(ctxOf(jsAdmin), DealerGrade.B))?.code).toBe('SUB-D00002-B');
    expect(await sellers.ownList(ctxOf(njAdmin), null)).toBeNull();
    const floors = await sellers.entryFloors(ctxOf(jsAdmin), generic.entry!);
    expect(floors.map((f) => [f.grade, f.floor?.amount])).toEqual(
      (['A', 'B', 'C', 'D'] as const).map((g) => [g, yuan(percentOfRounded(listPrice(P), GRADE_PERCENT[g]))]),
    );
  });
});

describe('quote from a seller', () => {
  it("prices a sub-dealer from its parent's grade list, no promotions; the brand's quote unchanged", async () => {
    const lines = [{ productId: P, quantity: 2 }];
    const fromJs = await quote(ctxOf(njAdmin), { lines, sellerDealerId: JS });
    expect(fromJs.lines.map((l) => [l.unitPrice.amount, l.priceListName])).toEqual([
      ['101.00', '江苏嘉禾食品有限公司下级经销商价（B级）'],
    ]);
    expect(fromJs.appliedPromotions).toEqual([]);
    expect(fromJs.notAppliedPromotions).toEqual([]);
    expect(fromJs.lines[0]!.listUnitPrice?.amount).toBe(yuan(listPrice(P)));
    const brand = await quote(ctxOf(njAdmin), { lines });
    expect(brand.lines.map((l) => [l.unitPrice.amount, l.priceListId])).toEqual([[yuan(floorB), 'pl_grade_b']]);
    // The saga names any seller with the buyer's claims.
    expect((await quote(ctxOf(saga), { lines, sellerDealerId: JS })).total.amount).toBe('202.00');
    const prices = new ProductPriceService();
    expect((await prices.subDealerPrice(ctxOf(njAdmin), P))?.amount).toBe('101.00');
    expect(await prices.subDealerPrice(ctxOf(hq), P)).toBeNull();
    expect((await prices.price(ctxOf(njAdmin), P))?.amount).toBe(yuan(floorB));
  });

  it('refuses a seller that is not the viewer’s parent, and a product the seller does not price', async () => {
    const lines = [{ productId: P, quantity: 1 }];
    for (const viewer of [njAdmin, null, manager])
      await expect(quote(ctxOf(viewer), { lines, sellerDealerId: 'dlr_0005' })).rejects.toMatchObject({
        extensions: { code: 'SELLER_NOT_PARENT', field: 'sellerDealerId' },
      });
    await expect(
      quote(ctxOf(njAdmin), { lines: [{ productId: 'prd_00030', quantity: 1 }], sellerDealerId: JS }),
    ).rejects.toMatchObject({ extensions: { code: 'PRICE_NOT_FOUND' } });
  });

  it("rechecks the floor per line: a later brand FLOOR list above the seller's price refuses the quote", async () => {
    const em = db.orm.em.fork();
    const now = new Date();
    em.create(PriceList, {
      id: 'pl_floor_test',
      code: 'FLOOR-TEST',
      name: '底价',
      nameEn: 'Floor',
      currency: 'CNY',
      dealerGrade: null,
      regionId: null,
      regionPath: null,
      regionDepth: 0,
      priority: 0,
      validFrom: new Date('2025-01-01T00:00:00Z'),
      validTo: null,
      active: true,
      kind: PriceListKind.FLOOR,
      createdAt: now,
      updatedAt: now,
    });
    em.create(PriceListEntry, {
      id: 'ple_floor_test',
      priceListId: 'pl_floor_test',
      productId: P,
      minQuantity: 1,
      unitPriceMinor: 10200,
    });
    await em.flush();
    await expect(
      quote(ctxOf(njAdmin), {
        lines: [
          { productId: 'prd_00003', quantity: 1 },
          { productId: P, quantity: 1 },
        ],
        sellerDealerId: JS,
      }),
    ).rejects.toMatchObject({ extensions: { code: 'PRICE_BELOW_FLOOR', field: 'lines[1]' } });
    await expect(
      quote(ctxOf(njAdmin), { lines: [{ productId: P, quantity: 1 }], sellerDealerId: JS }),
    ).rejects.toMatchObject({
      extensions: { code: 'PRICE_BELOW_FLOOR', floor: '102.00', field: 'lines[0]', productId: P },
    });
    // The FLOOR list now binds new seller prices too, and never prices the brand's sales.
    const refused = await sellers.set(ctxOf(jsAdmin), { productId: P, grade: DealerGrade.B, unitPrice: '101.99' });
    expect(refused.floor?.amount).toBe('102.00');
    expect((await quote(ctxOf(njAdmin), { lines: [{ productId: P, quantity: 1 }] })).total.amount).toBe(yuan(floorB));
  });

  it('removes a price with its audit entry and event; removing it again changes nothing', async () => {
    const before = await counts();
    const removed = await sellers.remove(ctxOf(jsAdmin), P, DealerGrade.B, 1);
    expect(removed.errors).toEqual([]);
    const after = await counts();
    expect(after).toEqual([before[0], before[1] - 1, before[2] + 1, before[3] + 1]);
    await sellers.remove(ctxOf(jsAdmin), P, DealerGrade.B, 1);
    expect(await counts()).toEqual(after);
  });
});
