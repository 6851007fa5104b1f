import { domainError, roundHalfUp, type DomainError, type ProductScope } from '@dnp/subgraph-kit';

/** Refusal codes of rebate calculations' parameters (docs/design/rebates-reports.md §6). */
export const RebateCalculationCode = {
  PARAMETERS_INVALID: 'PARAMETERS_INVALID',
  TIERS_EMPTY: 'TIERS_EMPTY',
  TIERS_OVERLAP: 'TIERS_OVERLAP',
  RATE_NEGATIVE: 'RATE_NEGATIVE',
  RATE_TOO_HIGH: 'RATE_TOO_HIGH',
  GROWTH_BASE_INVALID: 'GROWTH_BASE_INVALID',
  TARGET_MISSING: 'TARGET_MISSING',
  MIX_GROUPS_EMPTY: 'MIX_GROUPS_EMPTY',
  AWARD_AMOUNT_INVALID: 'AWARD_AMOUNT_INVALID',
} as const;

/** The calculation kinds (one strategy class each). */
export enum RebateCalculationKind {
  TIERED = 'TIERED',
  GROWTH = 'GROWTH',
  TARGET = 'TARGET',
  PRODUCT_MIX = 'PRODUCT_MIX',
  MANUAL = 'MANUAL',
}

/** 100 % in basis points. */
export const FULL_BP = 10_000;

/**
 * What a dealer has done in one policy period, as a strategy reads it. `measure` is what tiers are
 * read on (fen for amount bases, units for QUANTITY); `amountMinor` is the money rates apply to.
 */
export interface ProgressSnapshot {
  measure: bigint;
  amountMinor: bigint;
  /** The same period last year's measure (GROWTH); null when the dealer has no history then. */
  lastYearMeasure?: bigint | null;
  /** The dealer's target for the period (TARGET); null when none was set. */
  target?: bigint | null;
  /** The in-scope amount of each mix group, in the policy's group order (PRODUCT_MIX). */
  groupAmounts?: readonly bigint[];
}

/** A strategy's reading of a snapshot. */
export interface RebateComputation {
  accruedMinor: bigint;
  /** Index of the tier reached (0-based); null below the first or for kinds without tiers. */
  tierIndex: number | null;
  /** The measure at which the next tier starts; null at the top or without tiers. */
  nextThreshold: bigint | null;
  /** `nextThreshold − measure`; null when there is no next tier. */
  remaining: bigint | null;
  /** The next tier's rate. */
  nextRateBp: number | null;
}

/** A parameters check's answer: the typed parameters, or the first refusal. */
export type Checked<P> = { params: P; error?: never } | { error: DomainError; params?: never };

/**
 * One calculation kind (Vendure's promotion actions): checks its own parameters with its own codes
 * and computes the accrued amount from a progress snapshot, in bigint, rounding half up once.
 */
export interface RebateCalculation<P = unknown> {
  readonly kind: RebateCalculationKind;
  check(parameters: unknown): Checked<P>;
  compute(params: P, snapshot: ProgressSnapshot): RebateComputation;
}

/** An exact amount `num / den` fen, rounded only when the strategy is done. */
export interface Exact {
  num: bigint;
  den: bigint;
}

/** `a + b` kept exact. */
export function addExact(a: Exact, b: Exact): Exact {
  return { num: a.num * b.den + b.num * a.den, den: a.den * b.den };
}

/** The fen an exact amount rounds to (half up, once). */
export function rounded(e: Exact): bigint {
  return roundHalfUp(e.num, e.den);
}

/** No tier reached, no next tier. */
export const NOTHING: RebateComputation = {
  accruedMinor: 0n,
  tierIndex: null,
  nextThreshold: null,
  remaining: null,
  nextRateBp: null,
};

/** Refuses with `code` on `field`. */
export function refuse<P>(code: string, message: string, field = 'parameters'): Checked<P> {
  return { error: domainError(code, message, field) };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The parameters as an object, or null. */
export function objectOf(parameters: unknown): Record<string, unknown> | null {
  return isObject(parameters) ? parameters : null;
}

/** A step of a tier table: from `at` (a measure, growth or completion in bp) the rate is `rateBp`. */
export interface Step {
  at: number;
  rateBp: number;
}

/**
 * Checks a tier table read from `raw` with `atKey` as its threshold field: not empty, thresholds
 * integers ≥ `minAt` and strictly increasing, rates integers within 0–100 %.
 */
export function checkSteps(raw: unknown, atKey: string, minAt = 0): Checked<Step[]> {
  const C = RebateCalculationCode;
  if (!Array.isArray(raw) || raw.length === 0) return refuse(C.TIERS_EMPTY, 'Give at least one tier', 'tiers');
  const steps: Step[] = [];
  for (const t of raw) {
    const at = isObject(t) ? t[atKey] : undefined;
    const rateBp = isObject(t) ? t.rateBp : undefined;
    if (!Number.isSafeInteger(at) || !Number.isSafeInteger(rateBp) || (at as number) < minAt) {
      return refuse(C.PARAMETERS_INVALID, `Each tier needs an integer ${atKey} ≥ ${minAt} and rateBp`, 'tiers');
    }
    if ((rateBp as number) < 0) return refuse(C.RATE_NEGATIVE, 'A rate may not be negative', 'tiers');
    if ((rateBp as number) > FULL_BP) return refuse(C.RATE_TOO_HIGH, 'A rate may not exceed 100 %', 'tiers');
    const previous = steps[steps.length - 1];
    if (previous && (at as number) <= previous.at) {
      return refuse(C.TIERS_OVERLAP, 'Tier thresholds must strictly increase', 'tiers');
    }
    steps.push({ at: at as number, rateBp: rateBp as number });
  }
  return { params: steps };
}

/** The index of the last step whose threshold `value` reaches; -1 below the first. */
export function reachedIndex(steps: readonly Step[], value: bigint): number {
  let index = -1;
  steps.forEach((s, i) => {
    if (value >= BigInt(s.at)) index = i;
  });
  return index;
}

/**
 * A retroactive reading (the reached step's rate on the whole amount) of steps whose thresholds are
 * at measures `thresholds[i]`: the figures of tier reached and next tier.
 */
export function retroactive(
  steps: readonly Step[],
  reached: number,
  amountMinor: bigint,
  measure: bigint,
  thresholds: readonly bigint[],
): RebateComputation {
  const rate = reached >= 0 ? BigInt(steps[reached]!.rateBp) : 0n;
  const next = steps[reached + 1];
  const nextThreshold = next ? thresholds[reached + 1]! : null;
  return {
    accruedMinor: rounded({ num: amountMinor * rate, den: BigInt(FULL_BP) }),
    tierIndex: reached >= 0 ? reached : null,
    nextThreshold,
    remaining: nextThreshold == null ? null : nextThreshold - measure,
    nextRateBp: next ? next.rateBp : null,
  };
}

/** The JSON shape of a product scope, checked (each list of ids; missing lists are empty). */
export function scopeOf(raw: unknown): ProductScope | null {
  if (!isObject(raw)) return null;
  const list = (k: string) => (raw[k] === undefined ? [] : raw[k]);
  const lists = ['productIds', 'categoryIds', 'brandIds'].map(list);
  if (!lists.every((l) => Array.isArray(l) && l.every((id) => typeof id === 'string'))) return null;
  const [productIds, categoryIds, brandIds] = lists as string[][];
  return { productIds: productIds!, categoryIds: categoryIds!, brandIds: brandIds! };
}
