import { demoCatalog } from '@dnp/demo-data';
import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PriceListEntry } from '../entities/price-list-entry.entity.js';
import { DealerGrade, PriceList } from '../entities/price-list.entity.js';
import { Promotion, PromotionStacking, PromotionType } from '../entities/promotion.entity.js';
import type { PricingLoaders } from '../pricing-context.js';
import type { PromotionInput } from '../schema/promotion.input.js';
import { categoryPaths, demoPromotions } from '../seed/promotions.seed.js';
import { pricingSubgraph } from '../subgraph.js';
import { PriceListAdminService } from './price-list-admin.service.js';
import { NotAppliedReason } from './promotion-engine.service.js';
import { PromotionService } from './promotion.service.js';
import { previewQuote, quote } from './quote.service.js';
import { pricingReferenceOf } from './pricing-reference.cache.js';

const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };
const southManager: Viewer = {
  userId: 'usr_south_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_south',
  regionPath: ['reg_cn', 'reg_south'],
};
const eastManager: Viewer = {
  userId: 'usr_east_manager',
  role: Role.REGION_MANAGER,
  regionId: 'reg_east',
  regionPath: ['reg_cn', 'reg_east'],
};
const southA: Viewer = {
  userId: 'usr_d00029',
  role: Role.DEALER_ADMIN,
  dealerId: 'dlr_0029',
  dealerGrade: 'A',
  regionId: 'reg_gd_sz',
  regionPath: ['reg_cn', 'reg_south', 'reg_gd', 'reg_gd_sz'],
};
const eastA: Viewer = {
  userId: 'usr_nj_admin',
  role: Role.DEALER_ADMIN,
  dealerId: 'dlr_0003',
  dealerGrade: 'A',
  regionId: 'reg_js_nj',
  regionPath: ['reg_cn', 'reg_east', 'reg_js', 'reg_js_nj'],
};
const eastC: Viewer = { ...eastA, userId: 'usr_c', dealerId: 'dlr_0005', dealerGrade: 'C' };

const { products, categories } = demoCatalog();
const paths = categoryPaths(categories);
const inCategory = (cat: string) => products.filter((p) => paths.get(p.categoryId)!.includes(`/${cat}/`));
const service = new PromotionService();
const admin = new PriceListAdminService();

let db: TestSubgraph<PricingLoaders>;
beforeAll(async () => {
  db = await openTestSubgraph(pricingSubgraph, { seed: true });
});
afterAll(() => db.close());

const count = (entity: typeof Promotion | typeof PriceList | typeof PriceListEntry) =>
  db.orm.em.fork().count(entity as typeof Promotion, {});

function input(over: Partial<PromotionInput> = {}): PromotionInput {
  return {
    code: 'TEST-PCT',
    name: '测试折扣',
    nameEn: 'Test discount',
    type: PromotionType.PERCENT_OFF,
    stacking: PromotionStacking.STACKABLE,
    validFrom: new Date(Date.UTC(2026, 0, 1)),
    percentOff: 5,
    categoryIds: ['cat_snack'],
    ...over,
  } as PromotionInput;
}

describe('seeded promotions in quote', () => {
  it('adds the powder gift as its own zero-price line and applies 满1000减80 to the dairy lines', async () => {
    const gift = demoPromotions().find((p) => p.id === 'prm_pwd_buy6_gift1')!;
    const powder = inCategory('cat_pwd')
      .filter((p) => p.id !== gift.rewardProductId)
      .slice(0, 2);
    const result = await db.execute(
      `query ($input: QuoteInput!) { quote(input: $input) {
        lines { product { id } quantity unitPrice { amount } lineSubtotal { amount } discountTotal { amount }
          lineTotal { amount } isGift giftOf { id } giftValue { amount }
          discounts { promotionId promotionType amount { amount } } }
        subtotal { amount } discountTotal { amount } total { amount }
        appliedPromotions { promotion { id type } discount { amount } giftValue { amount } benefit { amount } times
          description affectedLineIndexes }
        notAppliedPromotions { promotion { id } reason message } } }`,
      {
        input: {
          lines: [
            { productId: powder[0]!.id, quantity: 3 },
            { productId: powder[1]!.id, quantity: 4 },
          ],
        },
      },
      eastA,
    );
    expect(result.errors).toBeUndefined();
    const q = (result.data as { quote: Record<string, any> }).quote;
    expect(q.lines).toHaveLength(3);
    // 7 cans → floor(7 / 6) = 1 gift can, appended after the input lines.
    expect(q.lines[2]).toMatchObject({
      product: { id: gift.rewardProductId },
      quantity: 1,
      unitPrice: { amount: '0.00' },
      lineTotal: { amount: '0.00' },
      isGift: true,
      giftOf: { id: 'prm_pwd_buy6_gift1' },
    });
    const applied = Object.fromEntries(q.appliedPromotions.map((a: any) => [a.promotion.id, a]));
    expect(applied.prm_pwd_buy6_gift1).toMatchObject({
      discount: { amount: '0.00' },
      times: 1,
      affectedLineIndexes: [0, 1, 2],
    });
    expect(applied.prm_pwd_buy6_gift1.giftValue.amount).toBe(q.lines[2].giftValue.amount);
    // Dairy: floor(subtotal / ¥1000) × ¥80.
    const subtotalMinor = Math.round(Number(q.subtotal.amount) * 100);
    expect(applied.prm_dairy_1000_80.discount.amount).toBe(
      ((Math.floor(subtotalMinor / 100000) * 8000) / 100).toFixed(2),
    );
    const sumLines = q.lines.reduce((s: number, l: any) => s + Math.round(Number(l.lineTotal.amount) * 100), 0);
    expect(sumLines).toBe(Math.round(Number(q.total.amount) * 100));
    expect(q.notAppliedPromotions).toContainEqual(
      expect.objectContaining({ promotion: { id: 'prm_double11_2025' }, reason: 'OUTSIDE_WINDOW' }),
    );
  });

  it('caps the nearly used-up health budget and says so', async () => {
    const health = inCategory('cat_health').slice(0, 1);
    const q = await quote(db.context(eastA), { lines: [{ productId: health[0]!.id, quantity: 40 }] });
    const applied = q.appliedPromotions.find((a) => a.promotion.id === 'prm_health_tiers_budget')!;
    // ¥50,000 budget, ¥49,900 used: the ¥300 / ¥700 tier is capped at the ¥100 left.
    expect(applied).toMatchObject({ discountMinor: 10000, budgetCapped: true });
    expect(q.totalMinor).toBe(q.subtotalMinor - q.discountTotalMinor);
  });

  it('gives a grade C dealer the better of the exclusive beverage discount and the stackable water offer', async () => {
    const water = inCategory('cat_wtr')[0]!;
    const juice = inCategory('cat_juc')[0]!;
    // 11 cases of water: buy 10 get 1 (1/11 ≈ 9.1 %) beats 9.5折 (5 %).
    const a = await quote(db.context(eastC), { lines: [{ productId: water.id, quantity: 11 }] });
    expect(a.appliedPromotions.map((p) => p.promotion.id)).toEqual(['prm_water_buy10_get1']);
    expect(a.notAppliedPromotions.find((n) => n.promotion.id === 'prm_drink_95_cd')).toMatchObject({
      reason: NotAppliedReason.LOST_TO_BETTER_EXCLUSIVE,
      lostTo: { id: 'prm_water_buy10_get1' },
    });
    // Juice only: the exclusive 5 % applies; unit price × qty × 5 %, half up.
    const b = await quote(db.context(eastC), { lines: [{ productId: juice.id, quantity: 3 }] });
    expect(b.appliedPromotions.map((p) => [p.promotion.id, p.discountMinor])).toEqual([
      ['prm_drink_95_cd', Math.floor((b.subtotalMinor * 5 + 50) / 100)],
    ]);
    // A grade A dealer never hears of it; HQ previewing as grade A sees NOT_ELIGIBLE.
    const c = await quote(db.context(eastA), { lines: [{ productId: juice.id, quantity: 3 }] });
    expect(c.notAppliedPromotions.map((n) => n.promotion.id)).not.toContain('prm_drink_95_cd');
    const d = await previewQuote(
      db.context(hq),
      { lines: [{ productId: juice.id, quantity: 3 }] },
      { dealerGrade: DealerGrade.A, regionId: 'reg_js_nj' },
    );
    expect(d.notAppliedPromotions.find((n) => n.promotion.id === 'prm_drink_95_cd')?.reason).toBe(
      NotAppliedReason.NOT_ELIGIBLE,
    );
  });

  it('previews exactly what the dealer gets, and refuses dealers and unknown regions', async () => {
    const lines = [
      { productId: 'prd_00001', quantity: 80 },
      { productId: inCategory('cat_wtr')[0]!.id, quantity: 30 },
    ];
    const own = await quote(db.context(southA), { lines });
    const preview = await previewQuote(
      db.context(hq),
      { lines },
      { dealerGrade: DealerGrade.A, regionId: 'reg_gd_sz', dealerId: 'dlr_0029' },
    );
    expect(preview.totalMinor).toBe(own.totalMinor);
    expect(preview.lines.map((l) => l.lineTotalMinor)).toEqual(own.lines.map((l) => l.lineTotalMinor));
    expect(preview.appliedPromotions.map((a) => a.promotion.id)).toEqual(
      own.appliedPromotions.map((a) => a.promotion.id),
    );
    // South China ¥200 off from ¥3000 applies to the Shenzhen dealer.
    expect(own.appliedPromotions.map((a) => a.promotion.id)).toContain('prm_south_3000_200');
    await expect(
      previewQuote(db.context(southA), { lines }, { dealerGrade: DealerGrade.A, regionId: 'reg_gd_sz' }),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      previewQuote(db.context(hq), { lines }, { dealerGrade: DealerGrade.A, regionId: 'reg_nowhere' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(
      previewQuote(db.context(eastManager), { lines }, { dealerGrade: DealerGrade.A, regionId: 'reg_gd_sz' }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('keeps the quote validation (lines, quantities, PRICE_NOT_FOUND)', async () => {
    await expect(quote(db.context(eastA), { lines: [] })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'lines' },
    });
    await expect(quote(db.context(eastA), { lines: [{ productId: 'prd_00001', quantity: 0 }] })).rejects.toMatchObject({
      extensions: { field: 'lines[0].quantity' },
    });
    await expect(quote(db.context(eastA), { lines: [{ productId: 'prd_99999', quantity: 1 }] })).rejects.toMatchObject({
      code: 'PRICE_NOT_FOUND',
    });
  });
});

describe('promotion administration', () => {
  it('creates, updates and switches off a promotion (HQ)', async () => {
    const created = await service.create(db.context(hq), input({ code: 'SNACK-5', spendTiers: [] }));
    expect(created.errors).toEqual([]);
    expect(created.promotion).toMatchObject({
      code: 'SNACK-5',
      percentOffBp: 500,
      createdBy: 'usr_hq_admin',
      budgetUsedMinor: 0,
    });
    const id = created.promotion!.id;
    const updated = await service.update(
      db.context(hq),
      id,
      input({ code: 'SNACK-5', percentOff: 7.5, stacking: PromotionStacking.EXCLUSIVE }),
    );
    expect(updated.promotion).toMatchObject({ percentOffBp: 750, stacking: 'EXCLUSIVE' });
    const off = await service.setActive(db.context(hq), id, false);
    expect(off.promotion!.active).toBe(false);
  });

  const invalid: [string, Partial<PromotionInput>, string, string][] = [
    ['percent 0', { percentOff: 0 }, 'INVALID_PERCENT', 'percentOff'],
    ['percent over 100', { percentOff: 100.5 }, 'INVALID_PERCENT', 'percentOff'],
    ['percent with 3 decimals', { percentOff: 1.234 }, 'INVALID_PERCENT', 'percentOff'],
    [
      'amount ≤ 0',
      { type: PromotionType.AMOUNT_OFF, percentOff: null, amountOffMinor: 0 },
      'INVALID_AMOUNT',
      'amountOffMinor',
    ],
    ['end before start', { validTo: new Date(Date.UTC(2025, 0, 1)) }, 'END_BEFORE_START', 'validTo'],
    [
      'gift quantity ≤ 0',
      {
        type: PromotionType.GIFT_WITH_PURCHASE,
        percentOff: null,
        buyQuantity: 6,
        rewardQuantity: 0,
        rewardProductId: 'prd_00001',
      },
      'INVALID_QUANTITY',
      'rewardQuantity',
    ],
    [
      'bundle of one',
      {
        type: PromotionType.BUNDLE,
        percentOff: null,
        categoryIds: [],
        bundleItems: [{ productId: 'prd_00001', quantity: 1 }],
        bundlePriceMinor: 100,
      },
      'BUNDLE_TOO_SMALL',
      'bundleItems',
    ],
    ['unknown product', { productIds: ['prd_00001', 'prd_99999'] }, 'UNKNOWN_PRODUCT', 'productIds[1]'],
    ['unknown category', { categoryIds: ['cat_nope'] }, 'UNKNOWN_CATEGORY', 'categoryIds[0]'],
    ['unknown brand', { brandIds: ['brd_nope'] }, 'UNKNOWN_BRAND', 'brandIds[0]'],
    ['unknown region', { regionIds: ['reg_nope'] }, 'UNKNOWN_REGION', 'regionIds[0]'],
    [
      'unknown gift',
      {
        type: PromotionType.GIFT_WITH_PURCHASE,
        percentOff: null,
        buyQuantity: 6,
        rewardQuantity: 1,
        rewardProductId: 'prd_99999',
      },
      'UNKNOWN_PRODUCT',
      'rewardProductId',
    ],
    ['missing parameter', { type: PromotionType.SPEND_AND_SAVE, percentOff: null }, 'MISSING_PARAMETER', 'spendTiers'],
    ['foreign parameter', { amountOffMinor: 100 }, 'UNEXPECTED_PARAMETER', 'amountOffMinor'],
    [
      'repeating with two tiers',
      {
        type: PromotionType.SPEND_AND_SAVE,
        percentOff: null,
        repeating: true,
        spendTiers: [
          { thresholdMinor: 1000, discountMinor: 10 },
          { thresholdMinor: 2000, discountMinor: 30 },
        ],
      },
      'INVALID_TIERS',
      'spendTiers',
    ],
    [
      'saving ≥ threshold',
      {
        type: PromotionType.SPEND_AND_SAVE,
        percentOff: null,
        spendTiers: [{ thresholdMinor: 1000, discountMinor: 1000 }],
      },
      'INVALID_AMOUNT',
      'spendTiers[0].discountMinor',
    ],
    ['duplicate code', { code: 'DAIRY-1000-80' }, 'CODE_TAKEN', 'code'],
    ['bad code', { code: 'lower case' }, 'INVALID_CODE', 'code'],
  ];
  it.each(invalid)('refuses %s in the payload and writes nothing', async (_, over, code, field) => {
    const before = await count(Promotion);
    const result = await service.create(db.context(hq), input(over));
    expect(result.promotion).toBeNull();
    expect(result.errors).toContainEqual(expect.objectContaining({ code, field }));
    expect(await count(Promotion)).toBe(before);
  });

  it('refuses an invalid update without changing the promotion', async () => {
    const result = await service.update(
      db.context(hq),
      'prm_dairy_1000_80',
      input({ code: 'DAIRY-1000-80', percentOff: 0 }),
    );
    expect(result.errors[0]).toMatchObject({ code: 'INVALID_PERCENT' });
    const row = await db.orm.em.fork().findOneOrFail(Promotion, { id: 'prm_dairy_1000_80' });
    expect(row.type).toBe(PromotionType.SPEND_AND_SAVE);
  });

  it('forbids dealers every HQ mutation', async () => {
    const ctx = () => db.context(eastA);
    await expect(service.create(ctx(), input({ code: 'X-1' }))).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.update(ctx(), 'prm_dairy_1000_80', input())).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.setActive(ctx(), 'prm_dairy_1000_80', false)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(service.list(ctx(), {})).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const listInput = { code: 'X-1', name: 'x', nameEn: 'x', validFrom: new Date() };
    await expect(admin.create(ctx(), listInput)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.update(ctx(), 'pl_base', listInput)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(
      admin.setEntries(ctx(), 'pl_base', [{ productId: 'prd_00001', minQuantity: 1, unitPriceMinor: 1 }]),
    ).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(admin.create(db.context(southManager), listInput)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const gql = await db.execute(
      'mutation { setPromotionActive(id: "prm_dairy_1000_80", active: false) { errors { code } } }',
      {},
      eastA,
    );
    expect(gql.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('lets a region manager manage promotions of their own subtree only', async () => {
    const mine = await service.create(db.context(southManager), input({ code: 'GD-SNACK', regionIds: ['reg_gd'] }));
    expect(mine.errors).toEqual([]);
    const national = await service.create(db.context(southManager), input({ code: 'NATIONAL-SNACK' }));
    expect(national.errors).toContainEqual(expect.objectContaining({ code: 'OUT_OF_REGION', field: 'regionIds' }));
    const east = await service.create(db.context(southManager), input({ code: 'EAST-SNACK', regionIds: ['reg_east'] }));
    expect(east.errors).toContainEqual(expect.objectContaining({ code: 'OUT_OF_REGION' }));
    // A nationwide promotion is visible to the manager but not editable; the east manager cannot even see GD-SNACK.
    await expect(service.setActive(db.context(southManager), 'prm_dairy_1000_80', false)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await expect(service.setActive(db.context(eastManager), mine.promotion!.id, false)).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await service.setActive(db.context(southManager), mine.promotion!.id, false)).promotion!.active).toBe(
      false,
    );
  });
});

describe('promotion reads', () => {
  it('lists by code with filters and scopes managers', async () => {
    const ids = async (viewer: Viewer, filter = {}) =>
      (await service.list(db.context(viewer), { first: 100, filter })).edges.map((e) => e.node.id);
    expect(await ids(hq, { type: PromotionType.BUNDLE })).toEqual(['prm_cny_giftbox_bundle']);
    expect(await ids(hq, { validAt: new Date(Date.UTC(2025, 10, 5)), type: PromotionType.PERCENT_OFF })).toEqual([
      'prm_double11_2025',
      'prm_drink_95_cd',
    ]);
    expect(await ids(southManager)).toContain('prm_south_3000_200');
    expect(await ids(eastManager)).not.toContain('prm_south_3000_200');
    expect(await ids(eastManager)).toContain('prm_dairy_1000_80');
  });

  it('shows a dealer only the promotions running for them', async () => {
    const active = async (viewer: Viewer) => (await service.activeFor(db.context(viewer))).map((p) => p.id);
    const a = await active(southA);
    expect(a).toContain('prm_south_3000_200');
    expect(a).not.toContain('prm_drink_95_cd');
    expect(a).not.toContain('prm_double11_2025');
    const c = await active(eastC);
    expect(c).toContain('prm_drink_95_cd');
    expect(c).not.toContain('prm_south_3000_200');
    await expect(service.findOne(db.context(eastA), 'prm_drink_95_cd')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect((await service.findOne(db.context(eastC), 'prm_drink_95_cd')).code).toBe('DRINK-95-CD');
    // Budget figures are hidden from dealers.
    const gql = await db.execute(
      '{ activePromotions { id budget { amount } budgetRemaining { amount } percentOff spendTiers ' +
        '{ threshold { amount } discount { amount } } } }',
      {},
      southA,
    );
    const list = (gql.data as { activePromotions: { id: string; budget: unknown; spendTiers: unknown[] }[] })
      .activePromotions;
    expect(list.every((p) => p.budget === null)).toBe(true);
    expect(list.find((p) => p.id === 'prm_dairy_1000_80')!.spendTiers).toEqual([
      { threshold: { amount: '1000.00' }, discount: { amount: '80.00' } },
    ]);
  });
});

describe('price list administration', () => {
  it('creates a regional list, upserts entries with tiers and updates it', async () => {
    const created = await admin.create(db.context(hq), {
      code: 'GD-TEST',
      name: '广东测试价目表',
      nameEn: 'Guangdong test',
      regionId: 'reg_gd',
      dealerGrade: DealerGrade.B,
      validFrom: new Date(Date.UTC(2026, 0, 1)),
    });
    expect(created.errors).toEqual([]);
    expect(created.priceList).toMatchObject({
      regionPath: '/reg_cn/reg_south/reg_gd/',
      regionDepth: 3,
      currency: 'CNY',
      active: true,
    });
    const id = created.priceList!.id;
    const set = await admin.setEntries(db.context(hq), id, [
      { productId: 'prd_00001', minQuantity: 1, unitPriceMinor: 5000 },
      { productId: 'prd_00001', minQuantity: 50, unitPriceMinor: 4800 },
    ]);
    expect(set.errors).toEqual([]);
    const again = await admin.setEntries(db.context(hq), id, [
      { productId: 'prd_00001', minQuantity: 50, unitPriceMinor: 4700 },
    ]);
    expect(again.entries[0]!.id).toBe(set.entries[1]!.id);
    const rows = await db.orm.em.fork().find(PriceListEntry, { priceListId: id }, { orderBy: { minQuantity: 'asc' } });
    expect(rows.map((r) => [r.minQuantity, r.unitPriceMinor])).toEqual([
      [1, 5000],
      [50, 4700],
    ]);
    const updated = await admin.update(db.context(hq), id, {
      code: 'GD-TEST',
      name: '广东测试价目表',
      nameEn: 'Guangdong test',
      regionId: null,
      validFrom: new Date(Date.UTC(2026, 0, 1)),
      active: false,
    });
    expect(updated.priceList).toMatchObject({ regionId: null, regionDepth: 0, active: false });
  });

  it('refuses invalid lists and entries in the payload and writes nothing', async () => {
    const lists = await count(PriceList);
    const bad = await admin.create(db.context(hq), {
      code: 'BASE',
      name: '',
      nameEn: 'x',
      currency: 'USD',
      regionId: 'reg_nope',
      validFrom: new Date(Date.UTC(2026, 1, 1)),
      validTo: new Date(Date.UTC(2026, 0, 1)),
    });
    expect(bad.errors.map((e) => e.code).sort()).toEqual([
      'CODE_TAKEN',
      'END_BEFORE_START',
      'INVALID_NAME',
      'UNKNOWN_REGION',
      'UNSUPPORTED_CURRENCY',
    ]);
    expect(await count(PriceList)).toBe(lists);

    const entries = await count(PriceListEntry);
    const result = await admin.setEntries(db.context(hq), 'pl_base', [
      { productId: 'prd_00001', minQuantity: 1, unitPriceMinor: 1 }, // valid, but the call fails as a whole
      { productId: 'prd_00002', minQuantity: 1, unitPriceMinor: 0 },
      { productId: 'prd_00003', minQuantity: 0, unitPriceMinor: 100 },
      { productId: 'prd_99999', minQuantity: 1, unitPriceMinor: 100 },
      { productId: 'prd_00004', minQuantity: 1, unitPriceMinor: 12.5 },
    ]);
    expect(result.errors.map((e) => [e.code, e.field])).toEqual([
      ['INVALID_PRICE', 'entries[1].unitPriceMinor'],
      ['INVALID_QUANTITY', 'entries[2].minQuantity'],
      ['INVALID_PRICE', 'entries[4].unitPriceMinor'],
      ['UNKNOWN_PRODUCT', 'entries[3].productId'],
    ]);
    expect(await count(PriceListEntry)).toBe(entries);
    const base = await db.orm.em
      .fork()
      .findOneOrFail(PriceListEntry, { priceListId: 'pl_base', productId: 'prd_00001', minQuantity: 1 });
    expect(base.unitPriceMinor).toBe(6080);
    await expect(admin.setEntries(db.context(hq), 'pl_nope', [])).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('no N+1', () => {
  it('quotes 200 lines against many promotions with the same statements as 2 lines against few', async () => {
    const measure = async (n: number) => {
      // A cold reference cache: what one request costs when nothing is cached.
      pricingReferenceOf(db.orm.em, 0).clear();
      db.counter.reset();
      await quote(db.context(southA), { lines: products.slice(0, n).map((p) => ({ productId: p.id, quantity: 13 })) });
      return db.counter.total;
    };
    const few = await measure(2);
    // 60 more promotions of every type over all categories.
    const em = db.orm.em.fork();
    const seeds = demoPromotions();
    await em.insertMany(
      Promotion,
      Array.from({ length: 60 }, (_, i) => ({
        ...seeds[i % seeds.length]!,
        id: `prm_bulk_${i}`,
        code: `BULK-${i}`,
        validTo: null,
        validFrom: new Date(Date.UTC(2025, 0, 1)),
      })),
    );
    const many = await measure(200);
    expect(many).toBe(few);
    // promotions, dealer usage, candidate lists, entries (cart + gift products), product attributes.
    expect(few).toBeLessThanOrEqual(5);
  });
});
