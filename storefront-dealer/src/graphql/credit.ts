import { graphql } from '@/generated';

export const MyCreditAccountQuery = graphql(`
  query StoreMyCreditAccount {
    myCreditAccount {
      id
      currency
      termDays
      status
      limit { amount currency }
      used { amount currency }
      held { amount currency }
      available { amount currency }
      utilization
    }
  }
`);
