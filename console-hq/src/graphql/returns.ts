import { graphql } from '@/generated';

// `$full` asks for the dealer and the finance documents: a warehouse operator may read neither
// (a dealer it cannot read would null the whole return), so its pages leave them out.

/** Return requests in the viewer's scope, newest first, filtered, one page. */
export const ReturnsDocument = graphql(`
  query Returns($first: Int!, $after: String, $filter: ReturnFilter, $full: Boolean!) {
    returns(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          number
          source
          reason
          status
          requestedAt
          order {
            id
            orderNumber
          }
          dealer @include(if: $full) {
            id
            name
            nameEn
          }
          warehouse {
            id
            name
            nameEn
          }
          credited {
            ...MoneyFields
          }
          lines {
            id
            requestedQuantity
            acceptedQuantity
            receivedQuantity
          }
        }
      }
    }
  }
`);

/** One return with its lines, its dates and (for HQ) its credit note with the invoice it reverses. */
export const ReturnDetailDocument = graphql(`
  query ReturnDetail($id: ID!, $full: Boolean!) {
    returnRequest(id: $id) {
      id
      number
      source
      reason
      comment
      status
      requestedAt
      reviewedAt
      reviewComment
      receivedAt
      creditedAt
      order {
        id
        orderNumber
      }
      dealer @include(if: $full) {
        id
        name
        nameEn
      }
      warehouse {
        id
        name
        nameEn
      }
      credited {
        ...MoneyFields
      }
      creditNote @include(if: $full) {
        id
        number
        issuedAt
        amount {
          ...MoneyFields
        }
        invoice {
          id
          number
        }
      }
      lines {
        id
        lineNo
        kind
        lotNumber
        requestedQuantity
        acceptedQuantity
        receivedQuantity
        disposition
        serialCodes
        credited {
          ...MoneyFields
        }
        orderLine {
          id
          sku
          productName
          quantity
        }
        product {
          id
          sku
          name
          nameEn
        }
        shipment {
          id
          number
          lines {
            receivedQuantity
            orderLine {
              id
            }
          }
        }
      }
    }
  }
`);

/** HQ approves (accepted units, target warehouse) or rejects a requested return. */
export const ReviewReturnDocument = graphql(`
  mutation ReviewReturn($input: ReviewReturnInput!) {
    reviewReturn(input: $input) {
      returnRequest {
        id
        status
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);

/** The target warehouse records what arrived of an approved return, sellable or quarantined per line. */
export const ReceiveReturnDocument = graphql(`
  mutation ReceiveReturn($input: ReceiveReturnInput!) {
    receiveReturn(input: $input) {
      returnRequest {
        id
        status
      }
      errors {
        ...UserErrorFields
      }
    }
  }
`);
