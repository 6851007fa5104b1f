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

/** Parameters of a target-completion rebate: tiers on the completion ratio, in bp (10 000 = 100 %). */
export interface TargetParams {
  tiers: Step[];
}

/** 目标达成: the rate of the completion tier reached (measure ÷ the dealer's target), on the whole amount. */
export class TargetCalculation implements RebateCalculation<TargetParams> {
  readonly kind = RebateCalculationKind.TARGET;

  check(parameters: unknown): Checked<TargetParams> {
    const p = objectOf(parameters);
    if (!p) return refuse(C.PARAMETERS_INVALID, 'Give the completion tiers');
    const steps = checkSteps(p.tiers, 'completionBp');
    return steps.error ? steps : { params: { tiers: steps.params } };
  }

  compute(params: TargetParams, s: ProgressSnapshot): RebateComputation {
    const target = s.target ?? 0n;
    if (target <= 0n) return NOTHING;
    const completionBp = (s.measure * BigInt(FULL_BP)) / target;
    const full = BigInt(FULL_BP);
    const thresholds = params.tiers.map((t) => (target * BigInt(t.at) + full - 1n) / full);
    return retroactive(params.tiers, reachedIndex(params.tiers, completionBp), s.amountMinor, s.measure, thresholds);
  }
}
