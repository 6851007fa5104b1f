import {
  checkSteps,
  FULL_BP,
  objectOf,
  RebateCalculationCode as C,
  RebateCalculationKind,
  reachedIndex,
  refuse,
  retroactive,
  rounded,
  type Checked,
  type Exact,
  type ProgressSnapshot,
  type RebateCalculation,
  type RebateComputation,
  type Step,
} from './rebate-calculation.js';

/** 全额累进 (the reached tier's rate on the whole basis) or 超额累进 (each band at its own rate). */
export type TierMode = 'RETROACTIVE' | 'MARGINAL';

/** Parameters of a tiered rebate: thresholds on the basis measure (fen or units). */
export interface TieredParams {
  mode: TierMode;
  tiers: Step[];
}

/**
 * The exact accrued amount of a tier table: retroactive, the reached rate on the whole amount;
 * marginal, each band of the measure at its own rate, valued in proportion of measure to amount
 * (for money bases measure = amount, so this is Σ band × rate / 10 000), rounded later, once.
 */
export function tieredExact(params: TieredParams, s: ProgressSnapshot): Exact {
  const { tiers } = params;
  if (s.measure <= 0n || s.amountMinor === 0n) return { num: 0n, den: 1n };
  const reached = reachedIndex(tiers, s.measure);
  if (reached < 0) return { num: 0n, den: 1n };
  if (params.mode === 'RETROACTIVE')
    return { num: s.amountMinor * BigInt(tiers[reached]!.rateBp), den: BigInt(FULL_BP) };
  let weighted = 0n;
  for (let i = 0; i <= reached; i++) {
    const from = BigInt(tiers[i]!.at);
    const to = i < reached ? BigInt(tiers[i + 1]!.at) : s.measure;
    weighted += (to - from) * BigInt(tiers[i]!.rateBp);
  }
  return { num: weighted * s.amountMinor, den: BigInt(FULL_BP) * s.measure };
}

/** Checks a tiered parameter object (`mode`, `tiers [{from, rateBp}]`). */
export function checkTiered(parameters: unknown): Checked<TieredParams> {
  const p = objectOf(parameters);
  if (!p || (p.mode !== 'RETROACTIVE' && p.mode !== 'MARGINAL')) {
    return refuse(C.PARAMETERS_INVALID, 'mode must be RETROACTIVE or MARGINAL', 'parameters.mode');
  }
  const steps = checkSteps(p.tiers, 'from');
  return steps.error ? steps : { params: { mode: p.mode, tiers: steps.params } };
}

/** The figures of a tiered reading: tier reached, next threshold, and the exact amount rounded once. */
export function computeTiered(params: TieredParams, s: ProgressSnapshot, extra?: Exact): RebateComputation {
  const reached = reachedIndex(params.tiers, s.measure);
  const figures = retroactive(
    params.tiers,
    reached,
    0n,
    s.measure,
    params.tiers.map((t) => BigInt(t.at)),
  );
  const exact = tieredExact(params, s);
  const total = extra ? { num: exact.num * extra.den + extra.num * exact.den, den: exact.den * extra.den } : exact;
  return { ...figures, accruedMinor: rounded(total) };
}

/** 阶梯返利: thresholds on the basis, retroactive or marginal. */
export class TieredCalculation implements RebateCalculation<TieredParams> {
  readonly kind = RebateCalculationKind.TIERED;

  check(parameters: unknown): Checked<TieredParams> {
    return checkTiered(parameters);
  }

  compute(params: TieredParams, s: ProgressSnapshot): RebateComputation {
    return computeTiered(params, s);
  }
}
