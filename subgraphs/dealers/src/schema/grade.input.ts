import { Field, ID, InputType } from 'type-graphql';
import { GradeProposalStatus } from '../entities/grade.entity.js';
import { ReviewDecision } from './dealer-application.input.js';

@InputType({ description: 'Narrows the grade proposals. All given conditions must hold.' })
export class GradeProposalFilter {
  @Field(() => GradeProposalStatus, { nullable: true, description: 'Only proposals in this state.' })
  status?: GradeProposalStatus | null;

  @Field(() => String, { nullable: true, description: 'Only proposals of this evaluation month, YYYY-MM.' })
  period?: string | null;
}

@InputType({ description: "Head office's decision on a grade proposal." })
export class DecideGradeProposalInput {
  @Field(() => ID, { description: 'The proposal.' })
  id!: string;

  @Field(() => ReviewDecision, { description: "APPROVE (the dealer's grade changes) or REJECT." })
  decision!: ReviewDecision;

  @Field(() => String, { nullable: true, description: 'Comment, at most 500 characters.' })
  comment?: string | null;
}
