import {
  checkSteps,
  FULL_BP,
  NOTHING,
  objectOf,
  RebateCalculationCode as C,
  RebateCalculationKind,
  reachedIndex,
  refuse,
  retroactive,
  type Checked,
  type ProgressSnapshot,
  type RebateCalculation,
  type RebateComputation,
  type Step,
} from './rebate-calculation.js';

/** What a dealer without last year's history gets: nothing, or the first tier's rate. */
export type GrowthBaseWhenNone = 'NONE' | 'FIRST_TIER';

/** Parameters of a growth rebate: tiers on growth over the same period last year, in bp. */
export interface GrowthParams {
  tiers: Step[];
  baseWhenNone: GrowthBaseWhenNone;
}

/** The smallest integer ≥ a / b (a, b > 0). */
function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/** 增长返利 (同比): the rate of the growth tier reached, on the whole amount. */
export class GrowthCalculation implements RebateCalculation<GrowthParams> {
  readonly kind = RebateCalculationKind.GROWTH;

  check(parameters: unknown): Checked<GrowthParams> {
    const p = objectOf(parameters);
    if (!p) return refuse(C.PARAMETERS_INVALID, 'Give the growth tiers and baseWhenNone');
    // Growth may be negative in principle, but a rebate for shrinking is no growth tier.
    const steps = checkSteps(p.tiers, 'growthBp');
    if (steps.error) return steps;
    if (p.baseWhenNone !== 'NONE' && p.baseWhenNone !== 'FIRST_TIER') {
      return refuse(C.GROWTH_BASE_INVALID, 'baseWhenNone must be NONE or FIRST_TIER', 'parameters.baseWhenNone');
    }
    return { params: { tiers: steps.params, baseWhenNone: p.baseWhenNone } };
  }

  compute(params: GrowthParams, s: ProgressSnapshot): RebateComputation {
    const last = s.lastYearMeasure ?? 0n;
    if (last <= 0n) {
      if (params.baseWhenNone === 'NONE') return NOTHING;
      return { ...retroactive(params.tiers, 0, s.amountMinor, s.measure, []), nextThreshold: null, remaining: null };
    }
    // Growth in bp, rounded down: a tier is reached only when the growth really reaches it.
    const growthBp = ((s.measure - last) * BigInt(FULL_BP)) / last;
    const thresholds = params.tiers.map((t) => ceilDiv(last * BigInt(FULL_BP + t.at), BigInt(FULL_BP)));
    return retroactive(params.tiers, reachedIndex(params.tiers, growthBp), s.amountMinor, s.measure, thresholds);
  }
}
