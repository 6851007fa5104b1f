import { connectionType, UserError } from '@dnp/subgraph-kit';
import { Field, ObjectType } from 'type-graphql';
import { QualificationAlert } from '../entities/qualification-alert.entity.js';
import { Qualification } from '../entities/qualification.entity.js';

/** A page of licence expiry alerts, Relay-style. */
export const QualificationAlertConnection = connectionType(QualificationAlert, 'QualificationAlert', 'alert');

@ObjectType({ description: 'Result of a licence renewal or review: the licence, or why nothing changed.' })
export class QualificationPayload {
  @Field(() => Qualification, { nullable: true, description: 'The renewal after the change; null when refused.' })
  qualification!: Qualification | null;

  @Field(() => [UserError], {
    description:
      'Why nothing changed: VALID_UNTIL_NOT_LATER, RENEWAL_PENDING, UPLOAD_UNKNOWN (renewal); ' +
      'QUALIFICATION_NOT_PENDING, COMMENT_REQUIRED (review).',
  })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of acknowledging a licence expiry alert.' })
export class QualificationAlertPayload {
  @Field(() => QualificationAlert, { nullable: true, description: 'The alert as stored.' })
  alert!: QualificationAlert | null;

  @Field(() => [UserError], { description: 'Always empty: refusals are NOT_FOUND or FORBIDDEN errors.' })
  errors!: UserError[];
}
