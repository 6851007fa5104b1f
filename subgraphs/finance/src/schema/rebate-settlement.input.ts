import { Field, ID, InputType, Int } from 'type-graphql';
import { RebateSettlementStatus } from '../entities/rebate-settlement.entity.js';

@InputType({ description: 'Narrows a rebate settlement list. All given conditions must hold.' })
export class RebateSettlementFilter {
  @Field(() => RebateSettlementStatus, { nullable: true, description: 'Only settlements in this status.' })
  status?: RebateSettlementStatus | null;

  @Field(() => ID, { nullable: true, description: "Only this policy's settlements." })
  policyId?: string | null;

  @Field(() => ID, { nullable: true, description: "Only this dealer's settlements (within the viewer's scope)." })
  dealerId?: string | null;

  @Field(() => String, { nullable: true, description: 'Only this period key (2026-03, 2026-Q1, 2026).' })
  period?: string | null;
}

@InputType({ description: 'Approves a PROPOSED rebate settlement.' })
export class ApproveRebateSettlementInput {
  @Field(() => ID, { description: 'The settlement.' })
  id!: string;

  @Field(() => Int, { description: 'The version it was read at (VERSION_CONFLICT otherwise).' })
  expectedVersion!: number;
}

@InputType({ description: 'Rejects a PROPOSED rebate settlement, with a reason.' })
export class RejectRebateSettlementInput {
  @Field(() => ID, { description: 'The settlement.' })
  id!: string;

  @Field(() => Int, { description: 'The version it was read at (VERSION_CONFLICT otherwise).' })
  expectedVersion!: number;

  @Field(() => String, { description: 'Why, 1–500 characters.' })
  reason!: string;
}
