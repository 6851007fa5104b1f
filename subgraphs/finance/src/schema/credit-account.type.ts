import { connectionType, LocalDateScalar } from '@dnp/subgraph-kit';
import { Field, Int, ObjectType } from 'type-graphql';
import { CreditAccount } from '../entities/credit-account.entity.js';

/** A page of credit accounts (`CreditAccountConnection` with `CreditAccountEdge`), Relay-style. */
export const CreditAccountConnection = connectionType(CreditAccount, 'CreditAccount', 'credit account');

/** Where a dealer stands against the overdue ordering rule (§15) on the business today. */
@ObjectType({
  description:
    'The overdue ordering rule (OVERDUE_BLOCK_DAYS) applied to the account today: a dealer with an invoice more ' +
    'than thresholdDays past due draws no new credit until it is paid.',
})
export class OrderingBlock {
  @Field(() => Boolean, {
    description: 'True when new orders are refused (OVERDUE_RECEIVABLES) until overdue invoices are paid.',
  })
  blocked!: boolean;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description:
      'The business day the current block began (oldest due date + thresholdDays + 1); null when not blocked.',
  })
  since!: string | null;

  @Field(() => Int, { description: 'Days the oldest open invoice is past its due date; 0 when none is overdue.' })
  daysOverdue!: number;

  @Field(() => LocalDateScalar, {
    nullable: true,
    description: 'Due date of the oldest open invoice; null when no invoice is open.',
  })
  oldestDueDate!: string | null;

  @Field(() => Int, { description: 'OVERDUE_BLOCK_DAYS: more days past due than this block ordering.' })
  thresholdDays!: number;
}
