import { demoCatalog } from '@dnp/demo-data';
import { Role, type Viewer } from '@dnp/subgraph-kit';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PricingLoaders } from '../pricing-context.js';
import { GRADE_PERCENT, percentOfRounded } from '../seed/demo.seed.js';
import { pricingSubgraph } from '../subgraph.js';
import { config } from '../config.js';
import { quote } from './quote.service.js';
import { quoteRebate } from './quote-rebate.service.js';
import { pricingReferenceOf } from './pricing-reference.cache.js';

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
const eastB: Viewer = { ...eastA, userId: 'usr_b', dealerId: 'dlr_0004', dealerGrade: 'B' };
const hq: Viewer = { userId: 'usr_hq_admin', role: Role.HQ_ADMIN, regionId: 'reg_cn', regionPath: ['reg_cn'] };

const { products } = demoCatalog();
const listPrice = (id: string) => products.find((p) => p.id === id)!.listPriceMinor;

let db: TestSubgraph<PricingLoaders>;
beforeAll(async () => {
  db = await openTestSubgraph(pricingSubgraph, { seed: true });
});
afterAll(() => db.close());

describe('quote', () => {
  it('prices a South China grade-A dealer to the cent, summing lines of one product for its tier', async () => {
    // prd_00001 (list 60.80): South A list = 49.90 × 95 % → 47.40.
    // prd_00002 (list 104.80): grade A = 85.94 → 85.90 (no South entry, no tiers).
    // prd_00004: grade A with tiers; 30 + 25 = 55 units reach the 50 tier (3 % below the grade A price).
    expect(listPrice('prd_00001')).toBe(6080);
    expect(listPrice('prd_00002')).toBe(10480);
    const gradeA4 = percentOfRounded(listPrice('prd_00004'), GRADE_PERCENT.A);
    const tier4 = percentOfRounded(gradeA4, 97);
    const q = await quote(db.context(southA), {
      lines: [
        { productId: 'prd_00001', quantity: 3 },
        { productId: 'prd_00004', quantity: 30 },
        { productId: 'prd_00002', quantity: 10 },
        { productId: 'prd_00004', quantity: 25 },
      ],
    });
    expect(
      q.lines.map((l) => [
        l.product.id,
        l.quantity,
        l.unitPrice.amount,
        l.lineSubtotal.amount,
        l.priceListId,
        l.appliedTierMinQuantity,
      ]),
    ).toEqual([
      ['prd_00001', 3, '47.40', '142.20', 'pl_south_a', null],
      ['prd_00004', 30, (tier4 / 100).toFixed(2), ((tier4 * 30) / 100).toFixed(2), 'pl_grade_a', 50],
      ['prd_00002', 10, '85.90', '859.00', 'pl_grade_a', null],
      ['prd_00004', 25, (tier4 / 100).toFixed(2), ((tier4 * 25) / 100).toFixed(2), 'pl_grade_a', 50],
    ]);
    expect(q.lines[0]!.listUnitPrice?.amount).toBe('60.80');
    expect(q.lines[0]!.priceListName).toBe('华南大区A级经销商价目表');
    const subtotal = 4740 * 3 + tier4 * 55 + 8590 * 10;
    expect(q.subtotalMinor).toBe(subtotal);
    expect(q.subtotal.amount).toBe((subtotal / 100).toFixed(2));
    // Demo promotions apply (all milk: 满1000减80; South China ¥200 off from ¥3000): see promotion specs.
    expect(q.discountTotalMinor).toBe(q.appliedPromotions.reduce((s, a) => s + a.discountMinor, 0));
    expect(q.totalMinor).toBe(subtotal - q.discountTotalMinor);
    expect(q).toMatchObject({ currency: 'CNY', dealerGrade: 'A', regionId: 'reg_gd_sz' });
    expect(q.pricedAt).toBeInstanceOf(Date);
  });

  it('uses the 200 tier from 200 units and the base price below 50', async () => {
    const gradeA4 = percentOfRounded(listPrice('prd_00004'), GRADE_PERCENT.A);
    const q = await quote(db.context(eastA), {
      lines: [
        { productId: 'prd_00004', quantity: 200 },
        { productId: 'prd_00007', quantity: 49 },
      ],
    });
    expect(q.lines[0]).toMatchObject({ unitPriceMinor: percentOfRounded(gradeA4, 94), appliedTierMinQuantity: 200 });
    expect(q.lines[1]).toMatchObject({
      unitPriceMinor: percentOfRounded(listPrice('prd_00007'), GRADE_PERCENT.A),
      appliedTierMinQuantity: null,
    });
  });

  it('never prices from the expired East China clearance list or the switched-off grade B trial list', async () => {
    const a = await quote(db.context(eastA), { lines: [{ productId: 'prd_00002', quantity: 1 }] });
    expect(a.lines[0]).toMatchObject({ priceListId: 'pl_grade_a', unitPriceMinor: percentOfRounded(10480, 82) });
    const b = await quote(db.context(eastB), { lines: [{ productId: 'prd_00002', quantity: 1 }] });
    expect(b.lines[0]).toMatchObject({ priceListId: 'pl_grade_b', unitPriceMinor: percentOfRounded(10480, 86) });
    expect(b.dealerGrade).toBe('B');
  });

  it('gives HQ and anonymous callers the base list', async () => {
    for (const viewer of [hq, null]) {
      const q = await quote(db.context(viewer), { lines: [{ productId: 'prd_00001', quantity: 500 }] });
      expect(q.lines[0]).toMatchObject({ priceListId: 'pl_base', unitPriceMinor: 6080, appliedTierMinQuantity: null });
      expect(q.subtotal.amount).toBe('30400.00');
      // 乳品满1000减80 (no audience condition): floor(30400 / 1000) = 30 × ¥80 = ¥2400 off.
      expect(q.total.amount).toBe('28000.00');
      expect(q).toMatchObject({ dealerGrade: null, regionId: null });
    }
  });

  it("refuses zero, negative, fractional and oversized quantities with the line's field", async () => {
    const ctx = () => db.context(southA);
    for (const [quantity, index] of [
      [0, 0],
      [-3, 1],
      [100001, 1],
      [1.5, 0],
    ] as const) {
      const lines = [
        { productId: 'prd_00001', quantity: 1 },
        { productId: 'prd_00002', quantity: 1 },
      ];
      lines[index] = { ...lines[index]!, quantity };
      await expect(quote(ctx(), { lines })).rejects.toMatchObject({
        code: 'BAD_USER_INPUT',
        extensions: { field: `lines[${index}].quantity` },
      });
    }
    await expect(quote(ctx(), { lines: [{ productId: 'prd_00001', quantity: 100000 }] })).resolves.toMatchObject({
      lines: [{ quantity: 100000 }],
    });
  });

  it('refuses no lines, more than 200 lines and empty product ids', async () => {
    await expect(quote(db.context(southA), { lines: [] })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'lines' },
    });
    const many = Array.from({ length: 201 }, () => ({ productId: 'prd_00001', quantity: 1 }));
    await expect(quote(db.context(southA), { lines: many })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'lines' },
    });
    await expect(quote(db.context(southA), { lines: [{ productId: ' ', quantity: 1 }] })).rejects.toMatchObject({
      code: 'BAD_USER_INPUT',
      extensions: { field: 'lines[0].productId' },
    });
  });

  it('fails the whole quote with PRICE_NOT_FOUND for an unknown product', async () => {
    const lines = [
      { productId: 'prd_00001', quantity: 1 },
      { productId: 'prd_99999', quantity: 2 },
    ];
    await expect(quote(db.context(southA), { lines })).rejects.toMatchObject({
      code: 'PRICE_NOT_FOUND',
      extensions: { productId: 'prd_99999', productIds: ['prd_99999'], field: 'lines[1].productId' },
    });
  });

  it('costs the same statements for 200 lines as for 2', async () => {
    const count = async (n: number) => {
      const ctx = db.context(southA);
      // A cold reference cache: what one request costs when nothing is cached.
      pricingReferenceOf(db.orm.em, 0).clear();
      db.counter.reset();
      await quote(ctx, { lines: products.slice(0, n).map((p) => ({ productId: p.id, quantity: 7 })) });
      return db.counter.total;
    };
    const small = await count(2);
    expect(await count(200)).toBe(small);
    // promotions, dealer usage, candidate lists, entries, product attributes.
    expect(small).toBeLessThanOrEqual(5);
  });
});

describe('quote rebate block', () => {
  /** A fake finance: one balance for every dealer, counting the calls. */
  const balances = (availableMinor: number) => {
    const fake = { calls: 0, available: async () => (fake.calls++, availableMinor) };
    return fake;
  };
  const ctxWith = (viewer: Viewer | null, fake: ReturnType<typeof balances>) => {
    const ctx = db.context(viewer);
    ctx.loaders.rebateBalances = fake;
    return ctx;
  };
  const lines = [{ productId: 'prd_00001', quantity: 100 }];
  const capOf = (totalMinor: number) => Math.floor((totalMinor * config.REBATE_MAX_ORDER_SHARE_BP) / 10_000);

  it('applies the whole request within the cap and the balance, asking finance once', async () => {
    const fake = balances(1_000_000);
    const q = await quote(ctxWith(eastA, fake), { lines, rebateAmount: '12.34' });
    expect(q.rebate).toMatchObject({ requestedMinor: 1234, appliedMinor: 1234, capMinor: capOf(q.totalMinor) });
    expect(q.rebate).toMatchObject({ payableMinor: q.totalMinor - 1234, code: null });
    expect(q.rebate.balance?.amount).toBe('10000.00');
    expect(q.rebate.payable.amount).toBe(((q.totalMinor - 1234) / 100).toFixed(2));
    expect(fake.calls).toBe(1);
  });

  it('stops at the cap (floor of the share) when the request is larger than cap and balance allows', async () => {
    const q = await quote(ctxWith(eastA, balances(1_000_000_000)), { lines, rebateAmount: '999999' });
    const cap = capOf(q.totalMinor);
    expect(cap).toBeGreaterThan(0);
    expect(q.rebate).toMatchObject({ capMinor: cap, appliedMinor: cap, payableMinor: q.totalMinor - cap });
    expect(q.rebate.code).toBe('REBATE_OVER_CAP');
  });

  it('stops at the balance when it is below the cap', async () => {
    const q = await quote(ctxWith(eastA, balances(500)), { lines, rebateAmount: '999999' });
    expect(q.rebate).toMatchObject({ appliedMinor: 500, payableMinor: q.totalMinor - 500 });
    expect(q.rebate.code).toBe('REBATE_OVER_BALANCE');
    expect(q.rebate.requested.amount).toBe('999999.00');
  });

  it('asks finance nothing without a request and shows the cap; none for a viewer without a dealer', async () => {
    const fake = balances(1_000_000);
    const q = await quote(ctxWith(eastA, fake), { lines, rebateAmount: '0.00' });
    expect(q.rebate).toMatchObject({ requestedMinor: 0, appliedMinor: 0, capMinor: capOf(q.totalMinor), code: null });
    expect(q.rebate.balance).toBeNull();
    const anonymous = await quote(ctxWith(null, fake), { lines, rebateAmount: '10' });
    expect(anonymous.rebate).toMatchObject({ capMinor: 0, appliedMinor: 0, code: 'REBATE_NOT_ALLOWED' });
    expect(fake.calls).toBe(0);
  });

  it('allows no rebate when buying from a parent dealer (two-tier)', async () => {
    const fake = balances(1_000_000);
    const facts = { currency: 'CNY', totalMinor: 100_000, dealerId: 'dlr_0003', sellerDealerId: 'dlr_0002' };
    const r = await quoteRebate(ctxWith(eastA, fake), { ...facts, requestedMinor: 5000 });
    expect(r).toMatchObject({ capMinor: 0, appliedMinor: 0, payableMinor: 100_000, code: 'REBATE_NOT_ALLOWED' });
    expect(fake.calls).toBe(0);
  });

  it('refuses a negative, over-precise or malformed amount before reading anything', async () => {
    const fake = balances(1_000_000);
    for (const [rebateAmount, code] of [
      ['-1', 'AMOUNT_NOT_POSITIVE'],
      ['1.001', 'AMOUNT_TOO_PRECISE'],
      ['1e3', 'AMOUNT_INVALID'],
    ] as const)
      await expect(quote(ctxWith(eastA, fake), { lines, rebateAmount })).rejects.toMatchObject({
        code,
        extensions: { field: 'rebateAmount' },
      });
    expect(fake.calls).toBe(0);
  });
});
