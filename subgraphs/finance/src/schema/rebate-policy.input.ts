import { Field, ID, InputType, Int } from 'type-graphql';
import {
  RebateBasis,
  RebateCalculationKind,
  RebatePeriodKind,
  RebatePolicyStatus,
  RebateSettlementForm,
} from '../entities/rebate-policy.entity.js';
import { MinorUnitsScalar } from './minor-units.scalar.js';

@InputType({ description: 'Who a rebate policy is for and on which products (AND across lists, OR within).' })
export class RebateScopeInput {
  @Field(() => [String], { defaultValue: [], description: 'Eligible dealer grades; empty: any grade.' })
  dealerGrades!: string[];

  @Field(() => [ID], { defaultValue: [], description: 'Eligible regions, each with its subtree; empty: any.' })
  regionIds!: string[];

  @Field(() => [ID], { defaultValue: [], description: 'An explicit dealer list; empty: any dealer admitted above.' })
  dealerIds!: string[];

  @Field(() => [ID], { defaultValue: [], description: 'Categories in scope, each with its subtree.' })
  categoryIds!: string[];

  @Field(() => [ID], { defaultValue: [], description: 'Brands in scope.' })
  brandIds!: string[];

  @Field(() => [ID], { defaultValue: [], description: 'Products in scope.' })
  productIds!: string[];
}

@InputType({ description: 'A new rebate policy (created as DRAFT).' })
export class RebatePolicyInput {
  @Field(() => String, { description: 'Unique business code: letters, digits, "-" and "_", at most 40.' })
  code!: string;

  @Field(() => String, { description: 'Display name, 1 to 120 characters.' })
  name!: string;

  @Field(() => RebatePeriodKind, { description: 'The period measured and settled over.' })
  periodKind!: RebatePeriodKind;

  @Field(() => String, { description: 'First business date (YYYY-MM-DD).' })
  validFrom!: string;

  @Field(() => String, { description: 'Last business date (YYYY-MM-DD), not before validFrom.' })
  validTo!: string;

  @Field(() => RebateBasis, { description: 'What the policy measures.' })
  basis!: RebateBasis;

  @Field(() => RebateCalculationKind, { description: 'How the amount is computed.' })
  calculation!: RebateCalculationKind;

  @Field(() => String, {
    description:
      'The calculation parameters as JSON: TIERED {mode, tiers[{from, rateBp}]}; GROWTH {tiers[{growthBp, rateBp}], ' +
      'baseWhenNone}; TARGET {tiers[{completionBp, rateBp}]}; PRODUCT_MIX {groups[{scope, minShareBp}], ' +
      'bonusRateBp, base}; MANUAL {}.',
  })
  parameters!: string;

  @Field(() => RebateSettlementForm, { description: 'How approved settlements are paid.' })
  settlementForm!: RebateSettlementForm;

  @Field(() => MinorUnitsScalar, { nullable: true, description: 'Budget in fen; omit for none.' })
  budget?: number | null;

  @Field(() => RebateScopeInput, { description: 'Eligibility and product scope.' })
  scope!: RebateScopeInput;
}

@InputType({
  description:
    'A change of a rebate policy. A DRAFT may change anything; an ACTIVE policy only its name, end date and budget.',
})
export class UpdateRebatePolicyInput {
  @Field(() => ID, { description: 'The policy.' })
  id!: string;

  @Field(() => Int, { description: 'The version the change was made on (VERSION_CONFLICT otherwise).' })
  expectedVersion!: number;

  @Field(() => String, { nullable: true, description: 'New display name.' })
  name?: string | null;

  @Field(() => String, { nullable: true, description: 'New last business date.' })
  validTo?: string | null;

  @Field(() => MinorUnitsScalar, { nullable: true, description: 'New budget in fen.' })
  budget?: number | null;

  @Field(() => String, { nullable: true, description: 'DRAFT only: new first business date.' })
  validFrom?: string | null;

  @Field(() => RebateBasis, { nullable: true, description: 'DRAFT only: new basis.' })
  basis?: RebateBasis | null;

  @Field(() => String, { nullable: true, description: 'DRAFT only: new calculation parameters (JSON).' })
  parameters?: string | null;

  @Field(() => RebateSettlementForm, { nullable: true, description: 'DRAFT only: new settlement form.' })
  settlementForm?: RebateSettlementForm | null;

  @Field(() => RebateScopeInput, { nullable: true, description: 'DRAFT only: new eligibility and product scope.' })
  scope?: RebateScopeInput | null;
}

@InputType({ description: "One dealer's target in one period." })
export class RebateTargetInput {
  @Field(() => ID, { description: 'The dealer.' })
  dealerId!: string;

  @Field(() => String, { description: "A period key of the policy's kind within its validity (2026-Q1 …)." })
  period!: string;

  @Field(() => MinorUnitsScalar, { description: 'The target: fen for amount bases, units for QUANTITY; > 0.' })
  target!: number;
}

@InputType({ description: "Targets of a TARGET policy's dealers (each replaces that dealer's target in the period)." })
export class SetRebateTargetsInput {
  @Field(() => ID, { description: 'The TARGET policy.' })
  policyId!: string;

  @Field(() => Int, { description: 'The policy version the targets were set on.' })
  expectedVersion!: number;

  @Field(() => [RebateTargetInput], { description: 'The targets, at most 5000.' })
  targets!: RebateTargetInput[];
}

@InputType({ description: 'An amount granted one dealer under an ACTIVE MANUAL policy (专项奖励).' })
export class GrantRebateAwardInput {
  @Field(() => ID, { description: 'The MANUAL policy.' })
  policyId!: string;

  @Field(() => ID, { description: 'The dealer.' })
  dealerId!: string;

  @Field(() => String, { description: "The period key the award settles in (the policy's kind)." })
  period!: string;

  @Field(() => MinorUnitsScalar, { description: 'The amount in fen, > 0.' })
  amount!: number;

  @Field(() => String, { description: 'Why it is granted, 1 to 500 characters.' })
  reason!: string;
}

@InputType({ description: 'Narrows a rebate policy list.' })
export class RebatePolicyFilter {
  @Field(() => RebatePolicyStatus, { nullable: true, description: 'Only policies in this status.' })
  status?: RebatePolicyStatus | null;

  @Field(() => RebateCalculationKind, { nullable: true, description: 'Only policies of this calculation.' })
  calculation?: RebateCalculationKind | null;
}
