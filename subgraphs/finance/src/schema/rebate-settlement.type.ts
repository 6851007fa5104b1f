import { connectionType, UserError } from '@dnp/subgraph-kit';
import { Field, Int, ObjectType } from 'type-graphql';
import { RebateSettlement } from '../entities/rebate-settlement.entity.js';

/** A page of rebate settlements. */
export const RebateSettlementConnection = connectionType(RebateSettlement, 'RebateSettlement', 'rebate settlement');

@ObjectType({ description: 'Result of approving or rejecting a rebate settlement.' })
export class RebateSettlementPayload {
  @Field(() => RebateSettlement, { nullable: true, description: 'The settlement as decided; null when refused.' })
  settlement!: RebateSettlement | null;

  @Field(() => [UserError], {
    description:
      'Why nothing changed (SETTLEMENT_NOT_PROPOSED, VERSION_CONFLICT, REQUESTER_CANNOT_APPROVE, REASON_REQUIRED, …).',
  })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of proposeRebateSettlements.' })
export class ProposeRebateSettlementsPayload {
  @Field(() => String, { description: 'The period key proposed.' })
  period!: string;

  @Field(() => Int, { description: 'Settlements written now (those proposed before are not written again).' })
  proposed!: number;

  @Field(() => [UserError], { description: 'Why nothing was proposed (PERIOD_INVALID, PERIOD_NOT_ENDED).' })
  errors!: UserError[];
}
