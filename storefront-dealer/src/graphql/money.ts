import { graphql } from '@/generated';

/**
 * Every amount the storefront reads, selected once: `{ ...StoreMoney }` instead of a copy of
 * `{ amount currency }` in each document (its type is the shape `lib/money.ts` formats).
 */
export const MoneyFields = graphql(`
  fragment StoreMoney on Money {
    amount
    currency
  }
`);
