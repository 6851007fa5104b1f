import { graphql } from '@/generated';

export const MyCreditAccountQuery = graphql(`
  query StoreMyCreditAccount {
    myCreditAccount {
      id
      currency
      termDays
      status
      limit {
        ...StoreMoney
      }
      used {
        ...StoreMoney
      }
      held {
        ...StoreMoney
      }
      available {
        ...StoreMoney
      }
      utilization
    }
  }
`);

/** Credit alerts of the dealer as they are raised (credit use above the alert threshold). */
export const CreditAlertLiveSubscription = graphql(`
  subscription StoreCreditAlertLive {
    creditAlertRaised {
      id
      utilizationPpm
      thresholdPercent
      raisedAt
    }
  }
`);
