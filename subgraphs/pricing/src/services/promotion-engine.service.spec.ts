import { seededRandom } from '@dnp/demo-data';
import { describe, expect, it } from 'vitest';
import { emptyPromotionTerms, PromotionStacking, PromotionType } from '../entities/promotion.entity.js';
import {
  allocate,
  applyPromotions,
  divRoundHalfUp,
  NotAppliedReason,
  percentOf,
  type EngineInput,
  type EngineLine,
  type EnginePromotion,
} from './promotion-engine.service.js';

const NOW = new Date(Date.UTC(2026, 10, 22));
const MILK = '/cat_dairy/cat_mlk/';
const YOGURT = '/cat_dairy/cat_yog/';
const POWDER = '/cat_dairy/cat_pwd/';
const WATER = '/cat_drink/cat_wtr/';
const SNACK = '/cat_snack/cat_bsc/';

function promo(over: Partial<EnginePromotion> & Pick<EnginePromotion, 'id' | 'type'>): EnginePromotion {
  return {
    name: over.id,
    nameEn: over.id,
    stacking: PromotionStacking.STACKABLE,
    priority: 0,
    active: true,
    validFrom: new Date(Date.UTC(2025, 0, 1)),
    validTo: null,
    ...emptyPromotionTerms(),
    ...over,
  };
}

function line(
  productId: string,
  quantity: number,
  unitPriceMinor: number,
  categoryPath = MILK,
  brandId = 'brd_jiahe',
): EngineLine {
  return { productId, quantity, unitPriceMinor, subtotalMinor: quantity * unitPriceMinor, categoryPath, brandId };
}

const dealerA = { dealerId: 'dlr_0001', dealerGrade: 'A', regionPath: ['reg_cn', 'reg_south', 'reg_gd', 'reg_gd_sz'] };

function run(lines: EngineLine[], promotions: EnginePromotion[], over: Partial<EngineInput> = {}) {
  const result = applyPromotions({
    lines,
    promotions,
    subject: dealerA,
    now: NOW,
    dealerUsage: new Map(),
    giftPrices: new Map(),
    revealAudience: false,
    ...over,
  });
  const totals = lines.map((l, i) => l.subtotalMinor - result.lineDiscountMinor[i]!);
  const discount = result.lineDiscountMinor.reduce((s, d) => s + d, 0);
  return {
    ...result,
    totals,
    discount,
    total: totals.reduce((s, t) => s + t, 0),
    subtotal: lines.reduce((s, l) => s + l.subtotalMinor, 0),
  };
}

const reasons = (r: ReturnType<typeof run>) => r.notApplied.map((n) => [n.promotion.id, n.reason]);

describe('arithmetic helpers', () => {
  it('rounds half up in integers, even past 2^53', () => {
    expect(divRoundHalfUp(5, 2)).toBe(3); // 2.5 → 3
    expect(divRoundHalfUp(7, 3)).toBe(2); // 2.33 → 2
    expect(percentOf(7999, 1250)).toBe(1000); // 999.875 → 1000
    expect(percentOf(1, 5000)).toBe(1); // 0.5 → 1
    expect(percentOf(200 * 100_000 * 50_000, 1)).toBe(100_000_000); // 1e12 × 0.01 % = 1e8, BigInt inside
  });

  it('allocates proportionally, the remainder to the largest line, never below zero', () => {
    // 1000 over 5997 / 2002: floor(749.7) = 749, floor(250.3) = 250; the 1 fen left goes to 5997.
    expect(allocate(1000, [0, 1], [5997, 2002])).toEqual([
      { lineIndex: 0, amountMinor: 750 },
      { lineIndex: 1, amountMinor: 250 },
    ]);
    // 99 fen over a hundred 1-fen lines: every floor is 0; the remainder spills line by line.
    const shares = allocate(
      99,
      Array.from({ length: 100 }, (_, i) => i),
      Array.from({ length: 100 }, () => 1),
    );
    expect(shares.reduce((s, x) => s + x.amountMinor, 0)).toBe(99);
    expect(shares.every((x) => x.amountMinor === 1)).toBe(true);
    // Never more than the pool.
    expect(allocate(500, [0], [300])).toEqual([{ lineIndex: 0, amountMinor: 300 }]);
  });
});

describe('each promotion type, worked to the fen', () => {
  it('PERCENT_OFF: 12.5 % of 79.99 = 9.99875 → ¥10.00, split 7.50 / 2.50', () => {
    const r = run(
      [line('prd_a', 3, 1999), line('prd_b', 2, 1001)],
      [promo({ id: 'pct', type: PromotionType.PERCENT_OFF, percentOffBp: 1250 })],
    );
    // subtotal 5997 + 2002 = 7999; 7999 × 12.5 % = 999.875 → 1000.
    expect(r.applied[0]).toMatchObject({ discountMinor: 1000, percentOffBp: 1250, lineIndexes: [0, 1] });
    expect(r.totals).toEqual([5997 - 750, 2002 - 250]);
    expect(r.total).toBe(6999);
  });

  it('AMOUNT_OFF with a minimum amount: shortfall below it, ¥50 off above it', () => {
    const p = promo({ id: 'amt', type: PromotionType.AMOUNT_OFF, amountOffMinor: 5000, minAmountMinor: 10000 });
    const below = run([line('prd_a', 4, 2000)], [p]);
    // 8000 < 10000: ¥20 short, would save ¥50.
    expect(below.notApplied[0]).toMatchObject({
      reason: NotAppliedReason.MIN_AMOUNT_NOT_MET,
      shortfallMinor: 2000,
      potentialDiscountMinor: 5000,
    });
    expect(below.total).toBe(8000);
    const above = run([line('prd_a', 6, 2000)], [p]);
    expect(above.total).toBe(12000 - 5000);
  });

  it('SPEND_AND_SAVE repeating (满1000减80): ¥2150 of dairy saves 2 × ¥80; water does not count', () => {
    const p = promo({
      id: 'mj',
      type: PromotionType.SPEND_AND_SAVE,
      categoryIds: ['cat_dairy'],
      spendTiers: [{ thresholdMinor: 100000, discountMinor: 8000 }],
      repeating: true,
    });
    const r = run(
      [line('prd_m', 10, 15000, MILK), line('prd_y', 13, 5000, YOGURT), line('prd_w', 10, 3000, WATER)],
      [p],
    );
    // dairy 150000 + 65000 = 215000 → floor(215000 / 100000) = 2 → 16000.
    // shares: floor(16000 × 150000 / 215000) = 11162, floor(16000 × 65000 / 215000) = 4837, 1 fen left → milk.
    expect(r.applied[0]).toMatchObject({ discountMinor: 16000, times: 2, lineIndexes: [0, 1] });
    expect(r.totals).toEqual([150000 - 11163, 65000 - 4837, 30000]);
    expect(r.total).toBe(245000 - 16000);
  });

  it('SPEND_AND_SAVE single threshold and tiers; the "spend ¥120 more to save ¥80" hint', () => {
    const cart = [line('prd_m', 10, 15000), line('prd_y', 13, 5000, YOGURT)]; // 215000
    const once = promo({
      id: 'once',
      type: PromotionType.SPEND_AND_SAVE,
      spendTiers: [{ thresholdMinor: 100000, discountMinor: 8000 }],
    });
    expect(run(cart, [once]).discount).toBe(8000);
    const tiers = promo({
      id: 'tiers',
      type: PromotionType.SPEND_AND_SAVE,
      spendTiers: [
        { thresholdMinor: 100000, discountMinor: 5000 },
        { thresholdMinor: 200000, discountMinor: 12000 },
      ],
    });
    expect(run(cart, [tiers]).applied[0]).toMatchObject({ discountMinor: 12000, thresholdMinor: 200000 });
    // ¥880 of goods: ¥120 short of ¥1000, which would save ¥80.
    const short = run([line('prd_m', 11, 8000)], [{ ...once, repeating: true }]);
    expect(short.notApplied[0]).toMatchObject({
      reason: NotAppliedReason.MIN_AMOUNT_NOT_MET,
      shortfallMinor: 12000,
      potentialDiscountMinor: 8000,
    });
    expect(short.notApplied[0]!.message).toBe('Spend ¥120.00 more on eligible goods to save ¥80.00');
  });

  it('GIFT_WITH_PURCHASE (搭赠): 13 cans of powder earn 2 gift cans worth ¥316; the total is unchanged', () => {
    const p = promo({
      id: 'gift',
      type: PromotionType.GIFT_WITH_PURCHASE,
      categoryIds: ['cat_pwd'],
      buyQuantity: 6,
      rewardQuantity: 1,
      rewardProductId: 'prd_gift',
    });
    const giftPrices = new Map([['prd_gift', { unitPriceMinor: 15800, priceListId: 'pl_x', priceListName: 'x' }]]);
    const cart = [line('prd_p1', 4, 20000, POWDER), line('prd_p2', 9, 18000, POWDER)];
    const r = run(cart, [p], { giftPrices });
    // 4 + 9 = 13 eligible units → floor(13 / 6) = 2 groups → 2 gift units × 15800 = 31600.
    expect(r.applied[0]).toMatchObject({
      discountMinor: 0,
      giftValueMinor: 31600,
      times: 2,
      gift: { productId: 'prd_gift', quantity: 2 },
    });
    expect(r.total).toBe(80000 + 162000);
    // A budget of ¥200 left covers one gift can only.
    const capped = run(cart, [{ ...p, budgetMinor: 100000, budgetUsedMinor: 80000 }], { giftPrices });
    expect(capped.applied[0]).toMatchObject({ gift: { quantity: 1 }, giftValueMinor: 15800, budgetCapped: true });
    // 5 cans: one short; no price for the gift: unavailable.
    expect(run([line('prd_p1', 5, 20000, POWDER)], [p], { giftPrices }).notApplied[0]).toMatchObject({
      reason: NotAppliedReason.MIN_QUANTITY_NOT_MET,
      quantityShortfall: 1,
    });
    expect(run(cart, [p]).notApplied[0]!.reason).toBe(NotAppliedReason.GIFT_UNAVAILABLE);
  });

  it('BUNDLE (组合套餐): 2 complete bundles of X + 2 Y at ¥140 save ¥40', () => {
    const p = promo({
      id: 'bundle',
      type: PromotionType.BUNDLE,
      bundleItems: [
        { productId: 'prd_x', quantity: 1 },
        { productId: 'prd_y', quantity: 2 },
      ],
      bundlePriceMinor: 14000,
    });
    const r = run([line('prd_x', 3, 10000), line('prd_y', 5, 3000), line('prd_z', 1, 999)], [p]);
    // bundles = min(floor(3/1), floor(5/2)) = 2; bundled value = 2 × 10000 + 4 × 3000 = 32000;
    // price 2 × 14000 = 28000 → 4000.
    // shares over X (30000) and Y (15000): 2666 and 1333, 1 fen left → X.
    expect(r.applied[0]).toMatchObject({ discountMinor: 4000, times: 2, eligibleAmountMinor: 32000 });
    expect(r.totals).toEqual([30000 - 2667, 15000 - 1333, 999]);
    const incomplete = run([line('prd_x', 1, 10000), line('prd_y', 1, 3000)], [p]);
    expect(incomplete.notApplied[0]).toMatchObject({
      reason: NotAppliedReason.BUNDLE_INCOMPLETE,
      quantityShortfall: 1,
    });
    // A bundle price above the components' price gives nothing.
    expect(run([line('prd_x', 1, 10000), line('prd_y', 2, 1000)], [p]).notApplied[0]!.reason).toBe(
      NotAppliedReason.NO_BENEFIT,
    );
  });

  it('BUY_X_GET_Y same product (买十送一): 23 cases of water pay for 21', () => {
    const p = promo({
      id: 'b10g1',
      type: PromotionType.BUY_X_GET_Y,
      categoryIds: ['cat_wtr'],
      buyQuantity: 10,
      rewardQuantity: 1,
      percentOffBp: 10000,
    });
    const r = run([line('prd_w', 23, 2400, WATER)], [p]);
    // floor(23 / 11) = 2 free units × 2400 = 4800.
    expect(r.applied[0]).toMatchObject({ discountMinor: 4800, times: 2 });
    expect(r.total).toBe(55200 - 4800);
    expect(run([line('prd_w', 10, 2400, WATER)], [p]).notApplied[0]).toMatchObject({
      reason: NotAppliedReason.MIN_QUANTITY_NOT_MET,
      quantityShortfall: 1,
    });
  });

  it('BUY_X_GET_Y other product: buy 5 X, the next Y half price', () => {
    const p = promo({
      id: 'bxgy',
      type: PromotionType.BUY_X_GET_Y,
      productIds: ['prd_x'],
      buyQuantity: 5,
      rewardQuantity: 1,
      rewardProductId: 'prd_y',
      percentOffBp: 5000,
    });
    const r = run([line('prd_x', 12, 1000), line('prd_y', 1, 3000)], [p]);
    // floor(12 / 5) = 2 rewards, but only 1 Y in the cart: 3000 × 50 % = 1500 off Y.
    expect(r.applied[0]).toMatchObject({ discountMinor: 1500, lineIndexes: [0, 1] });
    expect(r.totals).toEqual([12000, 1500]);
    expect(run([line('prd_x', 12, 1000)], [p]).notApplied[0]).toMatchObject({
      reason: NotAppliedReason.REWARD_NOT_IN_CART,
      quantityShortfall: 2,
    });
  });

  it('TIERED_QUANTITY: 210 snack units reach the 200+ break, 6 % off', () => {
    const p = promo({
      id: 'tq',
      type: PromotionType.TIERED_QUANTITY,
      categoryIds: ['cat_snack'],
      quantityTiers: [
        { minQuantity: 50, percentOffBp: 300 },
        { minQuantity: 200, percentOffBp: 600 },
      ],
    });
    const r = run([line('prd_s1', 120, 3333, SNACK), line('prd_s2', 90, 4567, SNACK)], [p]);
    // 399960 + 411030 = 810990 × 6 % = 48659.4 → 48659; shares 23997 / 24661, 1 fen left → the larger line (s2).
    expect(r.applied[0]).toMatchObject({ discountMinor: 48659, percentOffBp: 600, thresholdQuantity: 200 });
    expect(r.totals).toEqual([399960 - 23997, 411030 - 24662]);
    expect(r.total).toBe(810990 - 48659);
    expect(run([line('prd_s1', 49, 3333, SNACK)], [p]).notApplied[0]).toMatchObject({
      reason: NotAppliedReason.MIN_QUANTITY_NOT_MET,
      quantityShortfall: 1,
    });
  });
});

describe('conditions and gates', () => {
  it('matches categories with their subtree, AND across dimensions', () => {
    const p = promo({
      id: 'c',
      type: PromotionType.PERCENT_OFF,
      percentOffBp: 1000,
      categoryIds: ['cat_dairy'],
      brandIds: ['brd_jiahe'],
    });
    const r = run(
      [line('prd_m', 1, 1000, MILK), line('prd_w', 1, 1000, WATER), line('prd_o', 1, 1000, MILK, 'brd_other')],
      [p],
    );
    expect(r.applied[0]!.lineIndexes).toEqual([0]);
    expect(r.totals).toEqual([900, 1000, 1000]);
  });

  it('skips promotions outside their window, audience, usage limit or budget, with the reason', () => {
    const cart = [line('prd_m', 1, 10000)];
    const base = { type: PromotionType.PERCENT_OFF, percentOffBp: 1000 } as const;
    const r = run(
      cart,
      [
        promo({ id: 'future', ...base, validFrom: new Date(Date.UTC(2027, 0, 1)) }),
        promo({ id: 'ended', ...base, validTo: new Date(Date.UTC(2026, 0, 1)) }),
        promo({ id: 'grade_c', ...base, dealerGrades: ['C', 'D'] }),
        promo({ id: 'east', ...base, regionIds: ['reg_east'] }),
        promo({ id: 'south', ...base, regionIds: ['reg_south'] }),
        promo({ id: 'limit', ...base, perDealerOrderLimit: 2 }),
        promo({ id: 'spent', ...base, budgetMinor: 5000, budgetUsedMinor: 5000 }),
        promo({ id: 'off', ...base, active: false }),
      ],
      { dealerUsage: new Map([['limit', 2]]) },
    );
    expect(r.applied.map((a) => a.promotion.id)).toEqual(['south']);
    // Audience mismatches are not revealed to dealers; switched-off promotions are never mentioned.
    expect(reasons(r)).toEqual([
      ['ended', NotAppliedReason.OUTSIDE_WINDOW],
      ['future', NotAppliedReason.OUTSIDE_WINDOW],
      ['limit', NotAppliedReason.USAGE_LIMIT_REACHED],
      ['spent', NotAppliedReason.BUDGET_EXHAUSTED],
    ]);
    const hq = run(cart, [promo({ id: 'grade_c', ...base, dealerGrades: ['C'] })], { revealAudience: true });
    expect(reasons(hq)).toEqual([['grade_c', NotAppliedReason.NOT_ELIGIBLE]]);
  });

  it('caps a discount at the remaining budget', () => {
    const r = run(
      [line('prd_m', 1, 10000)],
      [
        promo({
          id: 'b',
          type: PromotionType.PERCENT_OFF,
          percentOffBp: 1000,
          budgetMinor: 10000,
          budgetUsedMinor: 9500,
        }),
      ],
    );
    expect(r.applied[0]).toMatchObject({ discountMinor: 500, budgetCapped: true });
  });
});

describe('stacking', () => {
  const cart = [line('prd_m', 11, 10000)]; // 110000
  const tenPct = (priority: number) =>
    promo({ id: 'pct10', type: PromotionType.PERCENT_OFF, percentOffBp: 1000, priority });
  const mj = (priority: number) =>
    promo({
      id: 'mj',
      type: PromotionType.SPEND_AND_SAVE,
      spendTiers: [{ thresholdMinor: 100000, discountMinor: 8000 }],
      repeating: true,
      priority,
    });

  it('applies stackable promotions in priority order on the running amount', () => {
    // 10 % first: 110000 → 11000 off → 99000 left, below the ¥1000 threshold: ¥10 short.
    const a = run(cart, [mj(10), tenPct(20)]);
    expect(a.discount).toBe(11000);
    expect(a.notApplied[0]).toMatchObject({
      promotion: { id: 'mj' },
      reason: NotAppliedReason.MIN_AMOUNT_NOT_MET,
      shortfallMinor: 1000,
    });
    // 满减 first: 8000 off → 102000; then 10 % = 10200 → 18200 in all.
    const b = run(cart, [mj(20), tenPct(10)]);
    expect(b.applied.map((x) => [x.promotion.id, x.discountMinor])).toEqual([
      ['mj', 8000],
      ['pct10', 10200],
    ]);
    expect(b.total).toBe(110000 - 18200);
  });

  it('chooses between the stackable set and an exclusive promotion by the larger discount', () => {
    const ex = (bp: number) =>
      promo({
        id: 'ex',
        type: PromotionType.PERCENT_OFF,
        percentOffBp: bp,
        stacking: PromotionStacking.EXCLUSIVE,
        priority: 50,
      });
    // Stackable set 18200 beats exclusive 15 % = 16500.
    const a = run(cart, [mj(20), tenPct(10), ex(1500)]);
    expect(a.discount).toBe(18200);
    expect(a.notApplied).toMatchObject([
      { promotion: { id: 'ex' }, reason: NotAppliedReason.LOST_TO_BETTER_EXCLUSIVE, lostToId: 'mj' },
    ]);
    // Exclusive 20 % = 22000 beats 18200; both stackables lose to it.
    const b = run(cart, [mj(20), tenPct(10), ex(2000)]);
    expect(b.applied.map((x) => x.promotion.id)).toEqual(['ex']);
    expect(b.discount).toBe(22000);
    expect(reasons(b)).toEqual([
      ['mj', NotAppliedReason.LOST_TO_BETTER_EXCLUSIVE],
      ['pct10', NotAppliedReason.LOST_TO_BETTER_EXCLUSIVE],
    ]);
  });

  it('picks the best of competing exclusives, ties by priority then id, whatever the input order', () => {
    const e1 = promo({
      id: 'e1',
      type: PromotionType.PERCENT_OFF,
      percentOffBp: 1000,
      stacking: PromotionStacking.EXCLUSIVE,
      priority: 1,
    });
    const e2 = promo({
      id: 'e2',
      type: PromotionType.AMOUNT_OFF,
      amountOffMinor: 11000,
      stacking: PromotionStacking.EXCLUSIVE,
      priority: 5,
    });
    const e3 = promo({
      id: 'e3',
      type: PromotionType.AMOUNT_OFF,
      amountOffMinor: 9000,
      stacking: PromotionStacking.EXCLUSIVE,
      priority: 99,
    });
    // e1 = 11000 = e2; e2 has the higher priority. e3 saves less despite its priority.
    for (const order of [
      [e1, e2, e3],
      [e3, e2, e1],
      [e2, e3, e1],
    ]) {
      const r = run(cart, order);
      expect(r.applied.map((x) => x.promotion.id)).toEqual(['e2']);
      expect(reasons(r)).toEqual([
        ['e3', NotAppliedReason.LOST_TO_BETTER_EXCLUSIVE],
        ['e1', NotAppliedReason.LOST_TO_BETTER_EXCLUSIVE],
      ]);
    }
    // Same priority: the lower id wins.
    const tie = run(cart, [{ ...e2, priority: 1, id: 'e9' }, e1]);
    expect(tie.applied.map((x) => x.promotion.id)).toEqual(['e1']);
  });

  it('counts a gift value as benefit when comparing', () => {
    const giftPrices = new Map([['prd_gift', { unitPriceMinor: 50000, priceListId: 'pl', priceListName: 'pl' }]]);
    const gift = promo({
      id: 'gift',
      type: PromotionType.GIFT_WITH_PURCHASE,
      buyQuantity: 11,
      rewardQuantity: 1,
      rewardProductId: 'prd_gift',
      stacking: PromotionStacking.EXCLUSIVE,
    });
    const r = run(cart, [gift, tenPct(10)], { giftPrices });
    // gift worth 50000 > 10 % = 11000.
    expect(r.applied.map((x) => x.promotion.id)).toEqual(['gift']);
  });
});

/** Draws one random promotion of any type from the test's seeded PRNG (same draw order as inline). */
function randomPromotion(
  i: number,
  rng: { int: (lo: number, hi: number) => number; rand: () => number },
  cats: string[],
  pick: () => string,
): EnginePromotion {
  const { int, rand } = rng;
  const type = Object.values(PromotionType)[int(0, 6)]!;
  const common = {
    id: `p${i}`,
    type,
    priority: int(0, 5),
    stacking: rand() < 0.3 ? PromotionStacking.EXCLUSIVE : PromotionStacking.STACKABLE,
    categoryIds: rand() < 0.5 ? [cats[int(0, 4)]!.split('/')[2]!] : [],
  };
  switch (type) {
    case PromotionType.PERCENT_OFF:
      return promo({ ...common, percentOffBp: int(1, 10000) });
    case PromotionType.AMOUNT_OFF:
      return promo({
        ...common,
        amountOffMinor: int(1, 500000),
        minAmountMinor: rand() < 0.5 ? int(1, 300000) : null,
      });
    case PromotionType.SPEND_AND_SAVE:
      return promo({
        ...common,
        spendTiers: [{ thresholdMinor: int(1000, 200000), discountMinor: int(1, 999) }],
        repeating: rand() < 0.5,
      });
    case PromotionType.GIFT_WITH_PURCHASE:
      return promo({ ...common, buyQuantity: int(1, 10), rewardQuantity: int(1, 3), rewardProductId: pick() });
    case PromotionType.BUNDLE:
      return promo({
        ...common,
        bundleItems: [
          { productId: pick(), quantity: int(1, 3) },
          { productId: pick(), quantity: int(1, 3) },
        ].filter((b, j, a) => a.findIndex((x) => x.productId === b.productId) === j),
        bundlePriceMinor: int(1, 100000),
      });
    case PromotionType.BUY_X_GET_Y:
      return promo({
        ...common,
        buyQuantity: int(1, 10),
        rewardQuantity: int(1, 3),
        rewardProductId: rand() < 0.5 ? pick() : null,
        percentOffBp: int(1, 10000),
      });
    default:
      return promo({
        ...common,
        quantityTiers: [
          { minQuantity: int(1, 20), percentOffBp: int(1, 5000) },
          { minQuantity: int(21, 200), percentOffBp: int(5001, 10000) },
        ],
      });
  }
}

describe('invariants over random carts (seeded PRNG)', () => {
  it('line totals add up to the total, no line goes negative, results are deterministic', () => {
    const rand = seededRandom(424242);
    const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
    const cats = [MILK, YOGURT, POWDER, WATER, SNACK];
    const products = Array.from({ length: 30 }, (_, i) => ({
      id: `prd_${i}`,
      cat: cats[i % cats.length]!,
      unit: int(1, 60000),
    }));
    const giftPrices = new Map(
      products.map((p) => [p.id, { unitPriceMinor: p.unit, priceListId: 'pl', priceListName: 'pl' }]),
    );
    const pick = () => products[int(0, products.length - 1)]!.id;
    const makePromotion = (i: number) => randomPromotion(i, { int, rand }, cats, pick);
    for (let n = 0; n < 300; n++) {
      const lines = Array.from({ length: int(1, 20) }, () => {
        const p = products[int(0, products.length - 1)]!;
        return line(p.id, int(1, 300), p.unit, p.cat);
      });
      const promotions = Array.from({ length: int(1, 8) }, (_, i) => makePromotion(i));
      const r = run(lines, promotions, { giftPrices });
      expect(r.totals.reduce((s, t) => s + t, 0)).toBe(r.total);
      expect(r.total).toBe(r.subtotal - r.discount);
      expect(r.totals.every((t) => Number.isInteger(t) && t >= 0)).toBe(true);
      expect(r.discount).toBe(r.applied.reduce((s, a) => s + a.discountMinor, 0));
      for (const a of r.applied) expect(a.shares.reduce((s, x) => s + x.amountMinor, 0)).toBe(a.discountMinor);
      // Exclusive promotions never share a quote.
      const applied = r.applied.map((a) => a.promotion);
      if (applied.some((p) => p.stacking === PromotionStacking.EXCLUSIVE)) expect(applied).toHaveLength(1);
      // Every relevant promotion is either applied or explained, once.
      const seen = [...r.applied.map((a) => a.promotion.id), ...r.notApplied.map((x) => x.promotion.id)];
      expect(new Set(seen).size).toBe(seen.length);
      expect(run([...lines], [...promotions].reverse(), { giftPrices }).lineDiscountMinor).toEqual(r.lineDiscountMinor);
    }
  });
});
