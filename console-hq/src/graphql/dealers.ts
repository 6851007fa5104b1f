import { graphql } from '@/generated';

export const DealerNodeFieldsFragment = graphql(`
  fragment DealerNodeFields on Dealer {
    id
    code
    name
    nameEn
    level
    grade
    status
    region {
      id
      name
      nameEn
    }
  }
`);

/** The top of the viewer's network with one level below, and the ids a level further (to know what expands). */
export const DealerTreeDocument = graphql(`
  query DealerTree {
    dealerTree {
      ...DealerNodeFields
      children {
        ...DealerNodeFields
        children {
          id
        }
      }
    }
  }
`);

/** The children of one dealer (loaded when its node is expanded). */
export const DealerChildrenDocument = graphql(`
  query DealerChildren($id: ID!) {
    dealer(id: $id) {
      id
      children {
        ...DealerNodeFields
        children {
          id
        }
      }
    }
  }
`);

export const DealerSearchDocument = graphql(`
  query DealerSearch($search: String!, $first: Int!, $after: String) {
    dealers(filter: { search: $search }, first: $first, after: $after, sort: CODE_ASC) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...DealerNodeFields
          parent {
            id
            name
            nameEn
          }
        }
      }
    }
  }
`);

export const DealerProfileDocument = graphql(`
  query DealerProfile($id: ID!) {
    dealer(id: $id) {
      ...DealerNodeFields
      contactName
      contactPhone
      joinedAt
      parent {
        id
        code
        name
        nameEn
        level
      }
      authorizedRegions {
        id
        name
        nameEn
      }
      qualifications {
        id
        kind
        number
        issuer
        validUntil
        expired
        expiresInDays
      }
      healthScore
      salesStats {
        orderCount
        totalAmount {
          ...MoneyFields
        }
        last90DaysAmount {
          ...MoneyFields
        }
        lastOrderAt
      }
      paymentStats {
        onTimeRate
        overdueAmount {
          ...MoneyFields
        }
        creditUtilization
      }
      creditAccount {
        id
        status
        termDays
        utilization
        limit {
          ...MoneyFields
        }
        used {
          ...MoneyFields
        }
        held {
          ...MoneyFields
        }
        available {
          ...MoneyFields
        }
      }
      orders(first: 10, sort: NEWEST) {
        totalCount
        edges {
          node {
            id
            orderNumber
            status
            itemCount
            placedAt
            total {
              ...MoneyFields
            }
          }
        }
      }
    }
  }
`);
