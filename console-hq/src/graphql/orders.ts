import { graphql } from '@/generated';

export const ReviewQueueDocument = graphql(`
  query ReviewQueue($first: Int!, $after: String) {
    reviewQueue(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          orderNumber
          status
          itemCount
          placedAt
          total {
            ...MoneyFields
          }
          dealer {
            id
            name
          }
        }
      }
    }
  }
`);

export const PendingReviewCountDocument = graphql(`
  query PendingReviewCount {
    reviewQueue(first: 0) {
      totalCount
    }
  }
`);

export const ReviewOrderDetailDocument = graphql(`
  query ReviewOrderDetail($id: ID!) {
    order(id: $id) {
      id
      orderNumber
      status
      itemCount
      note
      placedAt
      updatedAt
      dealer {
        id
        name
      }
      subtotal {
        ...MoneyFields
      }
      discount {
        ...MoneyFields
      }
      total {
        ...MoneyFields
      }
      lines {
        id
        lineNo
        sku
        productName
        quantity
        unitPrice {
          ...MoneyFields
        }
        lineTotal {
          ...MoneyFields
        }
      }
      timeline {
        id
        type
        fromStatus
        toStatus
        actorName
        comment
        at
      }
      rejectionReasons {
        code
        message
      }
    }
  }
`);

export const ReviewOrderDocument = graphql(`
  mutation ReviewOrder($id: ID!, $decision: ReviewDecision!, $comment: String) {
    reviewOrder(id: $id, decision: $decision, comment: $comment) {
      order {
        id
        status
        updatedAt
        timeline {
          id
          type
          fromStatus
          toStatus
          actorName
          comment
          at
        }
      }
      errors {
        ...OrderRefusalFields
      }
    }
  }
`);
