import type { ProductScope } from '@dnp/subgraph-kit';
import {
  FULL_BP,
  objectOf,
  RebateCalculationCode as C,
  RebateCalculationKind,
  refuse,
  scopeOf,
  type Checked,
  type ProgressSnapshot,
  type RebateCalculation,
  type RebateComputation,
} from './rebate-calculation.js';
import { checkTiered, computeTiered, type TieredParams } from './tiered.calculation.js';

/** A product group of a mix rebate: its scope and the share of the amount it must reach. */
export interface MixGroup {
  scope: ProductScope;
  minShareBp: number;
}

/** Parameters of a product-mix rebate: a tiered base plus a bonus rate when every group reaches its share. */
export interface ProductMixParams {
  groups: MixGroup[];
  bonusRateBp: number;
  base: TieredParams;
}

function checkGroups(raw: unknown): Checked<MixGroup[]> {
  if (!Array.isArray(raw) || raw.length === 0) {
    return refuse(C.MIX_GROUPS_EMPTY, 'Name at least one product group', 'parameters.groups');
  }
  const groups: MixGroup[] = [];
  for (const g of raw) {
    const o = objectOf(g);
    const scope = scopeOf(o?.scope);
    if (!scope || scope.productIds.length + scope.categoryIds.length + scope.brandIds.length === 0) {
      return refuse(C.MIX_GROUPS_EMPTY, 'Each group names products, categories or brands', 'parameters.groups');
    }
    const share = o!.minShareBp;
    if (!Number.isSafeInteger(share) || (share as number) < 0 || (share as number) > FULL_BP) {
      return refuse(C.PARAMETERS_INVALID, 'minShareBp is 0 to 10 000', 'parameters.groups');
    }
    groups.push({ scope, minShareBp: share as number });
  }
  return { params: groups };
}

/** 产品结构奖: the base tiers, plus `bonusRateBp` on the whole amount when each group's share is reached. */
export class ProductMixCalculation implements RebateCalculation<ProductMixParams> {
  readonly kind = RebateCalculationKind.PRODUCT_MIX;

  check(parameters: unknown): Checked<ProductMixParams> {
    const p = objectOf(parameters);
    if (!p) return refuse(C.PARAMETERS_INVALID, 'Give the groups, the bonus rate and the base tiers');
    const groups = checkGroups(p.groups);
    if (groups.error) return groups;
    const bonus = p.bonusRateBp;
    if (!Number.isSafeInteger(bonus)) return refuse(C.PARAMETERS_INVALID, 'bonusRateBp is an integer', 'parameters');
    if ((bonus as number) < 0) return refuse(C.RATE_NEGATIVE, 'A rate may not be negative', 'parameters.bonusRateBp');
    if ((bonus as number) > FULL_BP) return refuse(C.RATE_TOO_HIGH, 'A rate may not exceed 100 %', 'parameters');
    const base = checkTiered(p.base);
    if (base.error) return base;
    return { params: { groups: groups.params, bonusRateBp: bonus as number, base: base.params } };
  }

  /** True when every group's amount is at least its share of the whole amount. */
  mixReached(params: ProductMixParams, s: ProgressSnapshot): boolean {
    if (s.amountMinor <= 0n) return false;
    return params.groups.every(
      (g, i) => (s.groupAmounts?.[i] ?? 0n) * BigInt(FULL_BP) >= s.amountMinor * BigInt(g.minShareBp),
    );
  }

  compute(params: ProductMixParams, s: ProgressSnapshot): RebateComputation {
    const bonus = this.mixReached(params, s) ? BigInt(params.bonusRateBp) : 0n;
    return computeTiered(params.base, s, { num: s.amountMinor * bonus, den: BigInt(FULL_BP) });
  }
}
