import {
  domainError,
  isPeriodKey,
  MAX_AMOUNT_MINOR,
  parsePeriodKey,
  type DealerAudience,
  type DomainError,
  type ProductScope,
} from '@dnp/subgraph-kit';
import {
  RebateCalculationKind,
  type RebatePeriodKind,
  type RebatePolicy,
} from '../../entities/rebate-policy.entity.js';
import type { RebateScopeInput } from '../../schema/rebate-policy.input.js';
import { RebateCalculationCode } from '../rebate-calculations/rebate-calculation.js';
import { calculationOf } from '../rebate-calculations/rebate-calculations.registry.js';

/** Policy-level refusal codes (§6), besides the strategies' own. */
export const RebatePolicyCode = {
  POLICY_CODE_INVALID: 'POLICY_CODE_INVALID',
  POLICY_CODE_TAKEN: 'POLICY_CODE_TAKEN',
  POLICY_NAME_INVALID: 'POLICY_NAME_INVALID',
  POLICY_PERIOD_INVALID: 'POLICY_PERIOD_INVALID',
  POLICY_SCOPE_EMPTY: 'POLICY_SCOPE_EMPTY',
  POLICY_NOT_EDITABLE: 'POLICY_NOT_EDITABLE',
  POLICY_NOT_ACTIVE: 'POLICY_NOT_ACTIVE',
  POLICY_KIND_MISMATCH: 'POLICY_KIND_MISMATCH',
  BUDGET_INVALID: 'BUDGET_INVALID',
  REASON_REQUIRED: 'REASON_REQUIRED',
  TARGETS_INVALID: 'TARGETS_INVALID',
  VERSION_CONFLICT: 'VERSION_CONFLICT',
} as const;

/** A business refusal thrown inside a policy transaction (rolled back), answered as the result's error. */
export class RebateRefused extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
  }
}

/** Throws `code` on `field`. */
export function refuse(code: string, message: string, field: string | null = null): never {
  throw new RebateRefused(domainError(code, message, field));
}

const CODE = /^[A-Za-z0-9_-]{1,40}$/;
const ID_LIST_MAX = 1000;

/** The policy facts the checks read (an input, or a row with changes applied). */
export interface PolicyDraft {
  code: string;
  name: string;
  periodKind: RebatePeriodKind;
  validFrom: string;
  validTo: string;
  calculation: RebateCalculationKind;
  parameters: string;
  budgetMinor: number | null;
  scope: RebateScopeInput;
}

function checkScope(draft: PolicyDraft): void {
  const s = draft.scope;
  const lists = [s.dealerGrades, s.regionIds, s.dealerIds, s.categoryIds, s.brandIds, s.productIds];
  if (lists.some((l) => l.length > ID_LIST_MAX || l.some((id) => !CODE.test(id)))) {
    refuse(RebatePolicyCode.POLICY_SCOPE_EMPTY, `Scope lists hold at most ${ID_LIST_MAX} well-formed ids`, 'scope');
  }
  // A MANUAL policy rebates on no products: its awards are amounts.
  if (draft.calculation !== RebateCalculationKind.MANUAL && !s.categoryIds.length && !s.brandIds.length) {
    if (!s.productIds.length) {
      refuse(RebatePolicyCode.POLICY_SCOPE_EMPTY, 'Name the categories, brands or products it rebates on', 'scope');
    }
  }
}

/**
 * Checks a policy's facts (code, name, validity, budget, scope, then its strategy's parameters) and
 * answers the parameters as JSON text; throws the first refusal.
 */
export function checkPolicy(draft: PolicyDraft): string {
  const C = RebatePolicyCode;
  if (!CODE.test(draft.code)) refuse(C.POLICY_CODE_INVALID, 'A code is 1–40 letters, digits, "-" or "_"', 'code');
  const name = draft.name.trim();
  if (!name || name.length > 120) refuse(C.POLICY_NAME_INVALID, 'A name has 1 to 120 characters', 'name');
  const dates = [draft.validFrom, draft.validTo];
  if (!dates.every((d) => isPeriodKey(d, 'DAY')) || draft.validFrom > draft.validTo) {
    refuse(C.POLICY_PERIOD_INVALID, 'validFrom and validTo are business dates, validFrom first', 'validFrom');
  }
  const budget = draft.budgetMinor;
  if (budget != null && (!Number.isSafeInteger(budget) || budget <= 0 || budget > MAX_AMOUNT_MINOR)) {
    refuse(C.BUDGET_INVALID, 'A budget is a positive amount', 'budget');
  }
  checkScope(draft);
  let raw: unknown;
  try {
    raw = JSON.parse(draft.parameters);
  } catch {
    refuse(RebateCalculationCode.PARAMETERS_INVALID, 'parameters must be JSON', 'parameters');
  }
  const checked = calculationOf(draft.calculation).check(raw);
  if (checked.error) throw new RebateRefused(checked.error);
  // Stored as given (re-serialised): the strategies read their own JSON shape on every computation.
  return JSON.stringify(raw);
}

/** Checks that `period` is a key of the policy's period kind overlapping its validity. */
export function checkPolicyPeriod(policy: RebatePolicy, period: string, field = 'period'): void {
  const C = RebatePolicyCode;
  if (!isPeriodKey(period, policy.periodKind)) {
    refuse(C.POLICY_PERIOD_INVALID, `${period} is not a ${policy.periodKind.toLowerCase()} key`, field);
  }
  const span = parsePeriodKey(period);
  if (span.end <= policy.validFrom || span.first > policy.validTo) {
    refuse(C.POLICY_PERIOD_INVALID, `${period} is outside the policy's validity`, field);
  }
}

/** The policy's product scope, for the kit's `inProductScope`. */
export function productScopeOf(policy: RebatePolicy): ProductScope {
  return { productIds: policy.productIds, categoryIds: policy.categoryIds, brandIds: policy.brandIds };
}

/** The policy's audience, for the kit's `inDealerAudience` (the explicit list read from its table). */
export function audienceOf(policy: RebatePolicy, dealerIds: readonly string[]): DealerAudience {
  return { dealerGrades: policy.dealerGrades, regionIds: policy.regionIds, dealerIds };
}

/** True for a positive amount a rebate award may carry. */
export function isAwardAmount(amount: number): boolean {
  return Number.isSafeInteger(amount) && amount > 0 && amount <= MAX_AMOUNT_MINOR;
}
