import { GrowthCalculation } from './growth.calculation.js';
import { ManualCalculation } from './manual.calculation.js';
import { ProductMixCalculation } from './product-mix.calculation.js';
import { RebateCalculationKind, type RebateCalculation } from './rebate-calculation.js';
import { TargetCalculation } from './target.calculation.js';
import { TieredCalculation } from './tiered.calculation.js';

/** One strategy per calculation kind (docs/design/rebates-reports.md §6). */
export const REBATE_CALCULATIONS: Readonly<Record<RebateCalculationKind, RebateCalculation<unknown>>> = {
  [RebateCalculationKind.TIERED]: new TieredCalculation(),
  [RebateCalculationKind.GROWTH]: new GrowthCalculation(),
  [RebateCalculationKind.TARGET]: new TargetCalculation(),
  [RebateCalculationKind.PRODUCT_MIX]: new ProductMixCalculation(),
  [RebateCalculationKind.MANUAL]: new ManualCalculation(),
};

/** The strategy of `kind` (callers hold parameters as stored JSON and pass them through `check` first). */
export function calculationOf(kind: RebateCalculationKind): RebateCalculation<unknown> {
  return REBATE_CALCULATIONS[kind];
}
