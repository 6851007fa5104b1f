import { connectionType, UserError } from '@dnp/subgraph-kit';
import { Field, ObjectType } from 'type-graphql';
import { RebatePolicy } from '../entities/rebate-policy.entity.js';

/** A page of rebate policies (`RebatePolicyConnection` with `RebatePolicyEdge`), Relay-style. */
export const RebatePolicyConnection = connectionType(RebatePolicy, 'RebatePolicy', 'rebate policy');

@ObjectType({
  description: 'Result of a rebate policy mutation: the policy as stored now, or why nothing was written.',
})
export class RebatePolicyPayload {
  @Field(() => RebatePolicy, { nullable: true, description: 'The policy as stored now; null when refused.' })
  policy!: RebatePolicy | null;

  @Field(() => [UserError], {
    description:
      'Why nothing was written: POLICY_CODE_INVALID, POLICY_CODE_TAKEN, POLICY_NAME_INVALID, POLICY_PERIOD_INVALID, ' +
      'POLICY_SCOPE_EMPTY, POLICY_NOT_EDITABLE, POLICY_NOT_ACTIVE, POLICY_KIND_MISMATCH, BUDGET_INVALID, ' +
      'REASON_REQUIRED, TARGETS_INVALID, VERSION_CONFLICT; or a calculation code: PARAMETERS_INVALID, TIERS_EMPTY, ' +
      'TIERS_OVERLAP, RATE_NEGATIVE, RATE_TOO_HIGH, GROWTH_BASE_INVALID, TARGET_MISSING, MIX_GROUPS_EMPTY, ' +
      'AWARD_AMOUNT_INVALID.',
  })
  errors!: UserError[];
}
