import { graphql } from '@/generated';

export const ReturnListFields = graphql(`
  fragment StoreReturnListFields on ReturnRequest {
    id
    number
    source
    reason
    comment
    status
    requestedAt
    reviewComment
    order {
      id
      orderNumber
    }
    credited {
      ...StoreMoney
    }
    lines {
      id
      lineNo
      kind
      requestedQuantity
      acceptedQuantity
      receivedQuantity
      lotNumber
      orderLine {
        id
        sku
        productName
      }
    }
  }
`);

/** The dealer's returns and receipt discrepancy claims, newest first. */
export const ReturnsQuery = graphql(`
  query StoreReturns($first: Int!, $after: String, $filter: ReturnFilter) {
    returns(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...StoreReturnListFields
        }
      }
    }
  }
`);

/** Asks to return delivered units of one order (one idempotency key per form). */
export const RequestReturnMutation = graphql(`
  mutation StoreRequestReturn($input: RequestReturnInput!) {
    requestReturn(input: $input) {
      returnRequest {
        ...StoreReturnListFields
      }
      errors {
        code
        message
        field
      }
    }
  }
`);
