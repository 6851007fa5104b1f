import {
  NOTHING,
  RebateCalculationKind,
  type Checked,
  type RebateCalculation,
  type RebateComputation,
} from './rebate-calculation.js';

/** 专项奖励: no parameters and no accrual; the amounts are award rows HQ grants one dealer at a time. */
export class ManualCalculation implements RebateCalculation<Record<string, never>> {
  readonly kind = RebateCalculationKind.MANUAL;

  check(): Checked<Record<string, never>> {
    return { params: {} };
  }

  compute(): RebateComputation {
    return NOTHING;
  }
}
