import { LocalDateScalar } from '@dnp/subgraph-kit';
import { Field, ID, InputType } from 'type-graphql';
import { QualificationKind } from '../entities/qualification.entity.js';
import { ReviewDecision } from './dealer-application.input.js';

@InputType({ description: 'A renewed licence: the licence it renews (or a dealer and kind) and the new data.' })
export class QualificationRenewalInput {
  @Field(() => ID, { nullable: true, description: 'The licence renewed; or give dealerId and kind.' })
  qualificationId?: string | null;

  @Field(() => ID, { nullable: true, description: 'The dealer, when no qualificationId is given.' })
  dealerId?: string | null;

  @Field(() => QualificationKind, { nullable: true, description: 'The kind, when no qualificationId is given.' })
  kind?: QualificationKind | null;

  @Field(() => String, { description: 'Licence number as printed, 1 to 64 characters.' })
  number!: string;

  @Field(() => String, { description: 'Issuing authority, 1 to 120 characters.' })
  issuer!: string;

  @Field(() => LocalDateScalar, {
    description: 'Last valid day: in the future and later than the licence renewed (VALID_UNTIL_NOT_LATER).',
  })
  validUntil!: string;

  @Field(() => ID, { description: 'The scan, uploaded with POST /uploads?purpose=QUALIFICATION_DOCUMENT.' })
  uploadId!: string;
}

@InputType({ description: "A reviewer's decision on a pending licence renewal." })
export class ReviewQualificationInput {
  @Field(() => ID, { description: 'The pending renewal.' })
  id!: string;

  @Field(() => ReviewDecision, { description: 'APPROVE (supersedes the old licence) or REJECT.' })
  decision!: ReviewDecision;

  @Field(() => String, { nullable: true, description: 'Comment, at most 500 characters; required to reject.' })
  comment?: string | null;
}
