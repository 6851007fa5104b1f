import { connectionType, UserError } from '@dnp/subgraph-kit';
import { Field, ObjectType } from 'type-graphql';
import { GradeEvaluation, GradeProposal } from '../entities/grade.entity.js';

/** A page of grade proposals, Relay-style. */
export const GradeProposalConnection = connectionType(GradeProposal, 'GradeProposal', 'proposal');

@ObjectType({ description: 'Result of runGradeEvaluation: the run, or why it was refused.' })
export class GradeEvaluationPayload {
  @Field(() => GradeEvaluation, { nullable: true, description: 'The run (the finished one when it ran before).' })
  evaluation!: GradeEvaluation | null;

  @Field(() => [UserError], { description: 'Why nothing ran: PERIOD_INVALID.' })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of decideGradeProposal: the proposal, or why nothing changed.' })
export class GradeProposalPayload {
  @Field(() => GradeProposal, { nullable: true, description: 'The decided proposal.' })
  proposal!: GradeProposal | null;

  @Field(() => [UserError], { description: 'Why nothing changed: PROPOSAL_NOT_OPEN.' })
  errors!: UserError[];
}
