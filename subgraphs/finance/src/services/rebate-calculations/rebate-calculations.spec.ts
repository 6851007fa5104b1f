import { describe, expect, it } from 'vitest';
import { RebateCalculationCode as C, RebateCalculationKind as K } from './rebate-calculation.js';
import { calculationOf } from './rebate-calculations.registry.js';

/** Checks `parameters` with the kind's strategy and computes a snapshot, failing on a refusal. */
function accrue(kind: K, parameters: unknown, snapshot: Parameters<ReturnType<typeof calculationOf>['compute']>[1]) {
  const strategy = calculationOf(kind);
  const checked = strategy.check(parameters);
  if (checked.error) throw new Error(checked.error.code);
  return strategy.compute(checked.params, snapshot);
}
const money = (fen: number) => ({ measure: BigInt(fen), amountMinor: BigInt(fen) });
const codeOf = (kind: K, parameters: unknown) => calculationOf(kind).check(parameters).error?.code;

// ¥0 → 1 %, ¥10,000 → 2 %, ¥50,000 → 3 %.
const tiers = [
  { from: 0, rateBp: 100 },
  { from: 1_000_000, rateBp: 200 },
  { from: 5_000_000, rateBp: 300 },
];

describe('TIERED', () => {
  it('retroactive: the reached rate on the whole basis, rounded half up once', () => {
    // 6,123,457 × 3 % = 183,703.71 fen.
    expect(accrue(K.TIERED, { mode: 'RETROACTIVE', tiers }, money(6_123_457))).toEqual({
      ...{ accruedMinor: 183_704n, tierIndex: 2, nextThreshold: null, remaining: null, nextRateBp: null },
    });
    // 3,876,543 × 2 % = 77,530.86; 1,123,457 more reaches 3 %.
    expect(accrue(K.TIERED, { mode: 'RETROACTIVE', tiers }, money(3_876_543))).toEqual({
      ...{ accruedMinor: 77_531n, tierIndex: 1, nextThreshold: 5_000_000n, remaining: 1_123_457n, nextRateBp: 300 },
    });
    // 50 fen × 1 % = 0.5 → 1 (half up, not to even).
    expect(accrue(K.TIERED, { mode: 'RETROACTIVE', tiers }, money(50)).accruedMinor).toBe(1n);
  });

  it('marginal: each band at its own rate, summed exactly, then rounded once', () => {
    // 1,000,000 × 1 % + 4,000,000 × 2 % + 1,123,457 × 3 % = 10,000 + 80,000 + 33,703.71 = 123,703.71.
    expect(accrue(K.TIERED, { mode: 'MARGINAL', tiers }, money(6_123_457))).toMatchObject({
      accruedMinor: 123_704n,
      tierIndex: 2,
    });
    // A quantity basis: 100 units at 1 % and 50 at 2 % of ¥300.00 for 150 units = 400 fen.
    const quantity = { measure: 150n, amountMinor: 30_000n };
    const byUnits = [
      { from: 0, rateBp: 100 },
      { from: 100, rateBp: 200 },
    ];
    expect(accrue(K.TIERED, { mode: 'MARGINAL', tiers: byUnits }, quantity).accruedMinor).toBe(400n);
  });

  it('below the first threshold accrues nothing and names the first tier', () => {
    const high = [{ from: 1_000_000, rateBp: 100 }];
    expect(accrue(K.TIERED, { mode: 'RETROACTIVE', tiers: high }, money(999_999))).toEqual({
      ...{ accruedMinor: 0n, tierIndex: null, nextThreshold: 1_000_000n, remaining: 1n, nextRateBp: 100 },
    });
  });

  it('refuses bad tier tables with their own codes', () => {
    expect(codeOf(K.TIERED, { mode: 'RETROACTIVE', tiers: [] })).toBe(C.TIERS_EMPTY);
    const overlap = [
      { from: 100, rateBp: 1 },
      { from: 100, rateBp: 2 },
    ];
    expect(codeOf(K.TIERED, { mode: 'MARGINAL', tiers: overlap })).toBe(C.TIERS_OVERLAP);
    expect(codeOf(K.TIERED, { mode: 'MARGINAL', tiers: [{ from: 0, rateBp: -1 }] })).toBe(C.RATE_NEGATIVE);
    expect(codeOf(K.TIERED, { mode: 'MARGINAL', tiers: [{ from: 0, rateBp: 10_001 }] })).toBe(C.RATE_TOO_HIGH);
    expect(codeOf(K.TIERED, { mode: 'SOMETIMES', tiers })).toBe(C.PARAMETERS_INVALID);
  });
});

describe('GROWTH', () => {
  const growth = {
    tiers: [
      { growthBp: 0, rateBp: 100 },
      { growthBp: 1_000, rateBp: 200 },
      { growthBp: 2_000, rateBp: 300 },
    ],
    baseWhenNone: 'NONE',
  };
  it('rates the growth over the same period last year', () => {
    // ¥11,500 against ¥10,000: +15 % → 2 % of 1,150,000 = 23,000; +20 % needs 1,200,000.
    const snapshot = { ...money(1_150_000), lastYearMeasure: 1_000_000n };
    expect(accrue(K.GROWTH, growth, snapshot)).toEqual({
      ...{ accruedMinor: 23_000n, tierIndex: 1, nextThreshold: 1_200_000n, remaining: 50_000n, nextRateBp: 300 },
    });
    // Exactly +10 % reaches the 10 % tier.
    expect(accrue(K.GROWTH, growth, { ...money(1_100_000), lastYearMeasure: 1_000_000n }).tierIndex).toBe(1);
    // Shrinking reaches no tier.
    expect(accrue(K.GROWTH, growth, { ...money(900_000), lastYearMeasure: 1_000_000n }).accruedMinor).toBe(0n);
  });

  it('without history pays nothing, or the first tier when the policy says so', () => {
    expect(accrue(K.GROWTH, growth, { ...money(1_000_001), lastYearMeasure: null }).accruedMinor).toBe(0n);
    const first = { ...growth, baseWhenNone: 'FIRST_TIER' };
    expect(accrue(K.GROWTH, first, { ...money(1_000_050), lastYearMeasure: null }).accruedMinor).toBe(10_001n);
  });

  it('refuses an unknown base with GROWTH_BASE_INVALID', () => {
    expect(codeOf(K.GROWTH, { ...growth, baseWhenNone: 'LAST_MONTH' })).toBe(C.GROWTH_BASE_INVALID);
    expect(codeOf(K.GROWTH, { ...growth, tiers: [] })).toBe(C.TIERS_EMPTY);
  });
});

describe('TARGET', () => {
  const target = {
    tiers: [
      { completionBp: 8_000, rateBp: 100 },
      { completionBp: 10_000, rateBp: 250 },
    ],
  };
  it('rates the completion of the dealer target', () => {
    // 1,700,000 of 2,000,000 = 85 % → 1 % = 17,000; 100 % needs 300,000 more.
    expect(accrue(K.TARGET, target, { ...money(1_700_000), target: 2_000_000n })).toEqual({
      ...{ accruedMinor: 17_000n, tierIndex: 0, nextThreshold: 2_000_000n, remaining: 300_000n, nextRateBp: 250 },
    });
    // 2,000,001 × 2.5 % = 50,000.025.
    expect(accrue(K.TARGET, target, { ...money(2_000_001), target: 2_000_000n }).accruedMinor).toBe(50_000n);
    expect(accrue(K.TARGET, target, { ...money(2_000_001), target: null }).accruedMinor).toBe(0n);
  });
});

describe('PRODUCT_MIX', () => {
  const mix = {
    groups: [{ scope: { categoryIds: ['cat_infant'] }, minShareBp: 3_000 }],
    bonusRateBp: 50,
    base: { mode: 'RETROACTIVE', tiers: [{ from: 0, rateBp: 100 }] },
  };
  it('adds the bonus rate when each group reaches its share, rounding once', () => {
    // 1,234,567 × (1 % + 0.5 %) = 18,518.505 → 18,519.
    const reached = { ...money(1_234_567), groupAmounts: [400_000n] };
    expect(accrue(K.PRODUCT_MIX, mix, reached).accruedMinor).toBe(18_519n);
    // 299,999 of 1,000,000 is below 30 %: the base only.
    expect(accrue(K.PRODUCT_MIX, mix, { ...money(1_000_000), groupAmounts: [299_999n] }).accruedMinor).toBe(10_000n);
    expect(accrue(K.PRODUCT_MIX, mix, { ...money(1_000_000), groupAmounts: [300_000n] }).accruedMinor).toBe(15_000n);
  });

  it('refuses a mix without groups', () => {
    expect(codeOf(K.PRODUCT_MIX, { ...mix, groups: [] })).toBe(C.MIX_GROUPS_EMPTY);
    expect(codeOf(K.PRODUCT_MIX, { ...mix, groups: [{ scope: {}, minShareBp: 1 }] })).toBe(C.MIX_GROUPS_EMPTY);
    expect(codeOf(K.PRODUCT_MIX, { ...mix, bonusRateBp: 10_001 })).toBe(C.RATE_TOO_HIGH);
  });
});

describe('MANUAL', () => {
  it('accrues nothing by itself (awards are rows)', () => {
    expect(accrue(K.MANUAL, {}, money(1_000_000)).accruedMinor).toBe(0n);
  });
});
