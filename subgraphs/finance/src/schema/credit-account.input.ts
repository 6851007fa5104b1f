import { Field, Float, InputType, registerEnumType } from 'type-graphql';
import { CreditStatus } from '../entities/credit-account.entity.js';

/** Orders a credit account list can be sorted in. */
export enum CreditAccountSort {
  UTILIZATION_DESC = 'UTILIZATION_DESC',
  DEALER = 'DEALER',
}
registerEnumType(CreditAccountSort, {
  name: 'CreditAccountSort',
  description: 'Orders a credit account list can be sorted in; ties are broken by id.',
  valuesConfig: {
    UTILIZATION_DESC: {
      description: 'Highest utilization (used + held over limit) first: the accounts closest to their limit.',
    },
    DEALER: { description: 'By dealer id, ascending.' },
  },
});

@InputType({ description: 'Narrows a credit account list. All given conditions must hold.' })
export class CreditAccountFilter {
  @Field(() => Float, {
    nullable: true,
    description: 'Only accounts whose utilization is at least this share of the limit, e.g. 0.9; 0 to 100.',
  })
  minUtilization?: number | null;

  @Field(() => CreditStatus, { nullable: true, description: 'Only accounts in this status.' })
  status?: CreditStatus | null;
}
