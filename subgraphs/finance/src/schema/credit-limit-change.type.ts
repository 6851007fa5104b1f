import { connectionType, UserError } from '@dnp/subgraph-kit';
import { Field, ObjectType } from 'type-graphql';
import { CreditAccount } from '../entities/credit-account.entity.js';
import { CreditLimitChange } from '../entities/credit-limit-change.entity.js';

/** A page of credit-limit changes (`CreditLimitChangeConnection` with `CreditLimitChangeEdge`), Relay-style. */
export const CreditLimitChangeConnection = connectionType(
  CreditLimitChange,
  'CreditLimitChange',
  'credit-limit change',
);

@ObjectType({ description: 'Result of a credit-limit request or decision: the change and the account, or why not.' })
export class CreditLimitChangePayload {
  @Field(() => CreditLimitChange, { nullable: true, description: 'The change as stored now; null when refused.' })
  change!: CreditLimitChange | null;

  @Field(() => CreditAccount, { nullable: true, description: 'The credit account as it is now; null when refused.' })
  account!: CreditAccount | null;

  @Field(() => [UserError], {
    description:
      'Why nothing was written: AMOUNT_INVALID, AMOUNT_NOT_POSITIVE, AMOUNT_TOO_PRECISE, AMOUNT_TOO_LARGE, ' +
      'TERM_DAYS_INVALID, REASON_REQUIRED, REASON_TOO_LONG, COMMENT_TOO_LONG, LIMIT_BELOW_USED, CHANGE_PENDING, ' +
      'NO_CHANGE, CHANGE_NOT_PENDING, APPROVER_IS_REQUESTER; or ACCOUNT_CHANGED_MEANWHILE, the one code that ' +
      'writes: the approved change became SUPERSEDED (change holds it) because the account moved since the request.',
  })
  errors!: UserError[];
}
