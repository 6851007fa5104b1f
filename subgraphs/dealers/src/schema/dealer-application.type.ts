import { connectionType, UserError } from '@dnp/subgraph-kit';
import { Field, ObjectType } from 'type-graphql';
import { DealerApplication } from '../entities/dealer-application.entity.js';
import { Dealer } from '../entities/dealer.entity.js';

/** A page of applications (`DealerApplicationConnection` with `DealerApplicationEdge`), Relay-style. */
export const DealerApplicationConnection = connectionType(DealerApplication, 'DealerApplication', 'application');

@ObjectType({ description: 'One review of an application: who decided, when and with which comment.' })
export class ReviewStep {
  @Field(() => String, { description: 'User id of the reviewer.' })
  reviewedBy!: string;

  @Field(() => Date, { description: 'When the review was made.' })
  reviewedAt!: Date;

  @Field(() => String, { nullable: true, description: "The reviewer's comment." })
  comment!: string | null;
}

@ObjectType({ description: 'Result of submitDealerApplication: the application number, or why nothing was stored.' })
export class SubmitApplicationPayload {
  @Field(() => String, { nullable: true, description: 'The application number to quote ("AP202612070001").' })
  number!: string | null;

  @Field(() => [UserError], {
    description:
      'Why nothing was stored: CREDIT_CODE_INVALID, REGION_UNKNOWN, PHONE_INVALID, EMAIL_INVALID, ' +
      'DOCUMENT_REQUIRED, DOCUMENT_EXPIRED, UPLOAD_UNKNOWN, APPLICATION_DUPLICATE, PARENT_UNKNOWN.',
  })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of reviewDealerApplication: the application, the admitted dealer, or why not.' })
export class DealerApplicationPayload {
  @Field(() => DealerApplication, { nullable: true, description: 'The application after the review.' })
  application!: DealerApplication | null;

  @Field(() => Dealer, { nullable: true, description: 'The admitted dealer, when head office approved.' })
  dealer!: Dealer | null;

  @Field(() => String, {
    nullable: true,
    description: "The new administrator's one-time invitation link, answered once on admission and never shown again.",
  })
  invitationUrl!: string | null;

  @Field(() => [UserError], {
    description:
      'Why nothing changed: APPLICATION_NOT_PENDING, VERSION_CONFLICT, COMMENT_REQUIRED, USERNAME_TAKEN, ' +
      'PARENT_NOT_ACTIVE, AMOUNT_INVALID, AMOUNT_NOT_POSITIVE, AMOUNT_TOO_PRECISE, AMOUNT_TOO_LARGE.',
  })
  errors!: UserError[];
}
