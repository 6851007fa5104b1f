import { graphql } from '@/generated';

export const OrderListFields = graphql(`
  fragment OrderListFields on Order {
    id
    orderNumber
    status
    itemCount
    placedAt
    total {
      amount
      currency
    }
  }
`);

export const OrdersQuery = graphql(`
  query StoreOrders($first: Int!, $after: String, $filter: OrderFilter) {
    orders(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          ...OrderListFields
        }
      }
    }
  }
`);

export const OrderErrorFields = graphql(`
  fragment OrderErrorFields on OrderError {
    code
    message
    field
    lineIndex
    productId
  }
`);

export const OrderDetailFields = graphql(`
  fragment OrderDetailFields on Order {
    id
    dealer {
      id
    }
    orderNumber
    status
    itemCount
    note
    placedAt
    updatedAt
    subtotal {
      amount
      currency
    }
    discount {
      amount
      currency
    }
    total {
      amount
      currency
    }
    lines {
      id
      lineNo
      sku
      productName
      quantity
      unitPrice {
        amount
        currency
      }
      lineTotal {
        amount
        currency
      }
      product {
        id
        nameEn
      }
    }
    shipments {
      id
      status
      shippedAt
      deliveredAt
      trackingNumber
      warehouse {
        id
        code
        name
        nameEn
        kind
      }
      lines {
        quantity
        orderLine {
          id
          lineNo
          sku
          productName
        }
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
      ...OrderErrorFields
    }
  }
`);

export const OrderDetailQuery = graphql(`
  query StoreOrderDetail($id: ID!) {
    order(id: $id) {
      ...OrderDetailFields
    }
  }
`);

export const PlaceOrderMutation = graphql(`
  mutation StorePlaceOrder($input: PlaceOrderInput!) {
    placeOrder(input: $input) {
      order {
        ...OrderDetailFields
      }
      errors {
        ...OrderErrorFields
      }
    }
  }
`);

export const CancelOrderMutation = graphql(`
  mutation StoreCancelOrder($id: ID!, $reason: String) {
    cancelOrder(id: $id, reason: $reason) {
      order {
        ...OrderDetailFields
      }
      errors {
        ...OrderErrorFields
      }
    }
  }
`);

export const ParseOrderLinesQuery = graphql(`
  query StoreParseOrderLines($text: String!) {
    parseOrderLines(text: $text) {
      lines {
        sku
        quantity
        productId
        productName
        row
      }
      errors {
        row
        code
        message
      }
    }
  }
`);

/** The dealer's orders changing status, live (the gateway only sends the dealer's own). */
export const OrderStatusLiveSubscription = graphql(`
  subscription StoreOrderStatusLive {
    orderStatusChanged {
      id
      orderNumber
      status
      updatedAt
    }
  }
`);
