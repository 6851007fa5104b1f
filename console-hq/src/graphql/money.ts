import { graphql } from '@/generated';

/** An amount of money as every console document reads it: the decimal string and its currency. */
export const MoneyFieldsFragment = graphql(`
  fragment MoneyFields on Money {
    amount
    currency
  }
`);
