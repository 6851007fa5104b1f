import { Money, YearMonthScalar } from '@dnp/subgraph-kit';
import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: "Receivables at one month's end, summed over the dealers in the viewer's scope." })
export class ReceivablesMonthTotal {
  @Field(() => YearMonthScalar, { description: 'The business month.' })
  month!: string;

  @Field(() => Boolean, {
    description: 'False while the month is open or its month-end snapshot has not run yet (the figures are 0).',
  })
  taken!: boolean;

  @Field(() => Money, { description: 'Open invoice amounts at the month end.' })
  open!: Money;

  @Field(() => Money, { description: 'Of those, past due (1 day and more).' })
  overdue!: Money;

  @Field(() => Money, { description: 'Of those, more than 90 days past due.' })
  over90!: Money;

  @Field(() => Money, { description: 'Payments and credit notes not yet allocated then.' })
  unapplied!: Money;

  @Field(() => Int, { description: 'Dealers with something open or unapplied then.' })
  dealers!: number;
}
