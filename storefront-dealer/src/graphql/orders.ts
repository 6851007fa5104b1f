import { graphql } from '@/generated';

export const OrderListFields = graphql(`
  fragment OrderListFields on Order {
    id
    orderNumber
    status
    itemCount
    placedAt
    total {
      ...StoreMoney
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

/** A shipment as the order page shows it: status, carrier, tracking, lines with receipt figures, lots. */
export const ShipmentFields = graphql(`
  fragment StoreShipmentFields on Shipment {
    id
    number
    seq
    status
    carrier
    trackingNumber
    shippedAt
    deliveredAt
    receiptComment
    warehouse {
      id
      code
      name
      nameEn
      kind
    }
    lines {
      quantity
      receivedQuantity
      damagedQuantity
      returnableQuantity
      orderLine {
        id
        lineNo
        sku
        productName
      }
    }
    lots {
      lotNumber
      expiresAt
      quantity
      orderLine {
        id
        sku
      }
    }
  }
`);

export const OrderDetailFields = graphql(`
  fragment OrderDetailFields on Order {
    id
    dealer {
      id
    }
    seller {
      id
    }
    orderNumber
    status
    itemCount
    note
    placedAt
    updatedAt
    subtotal {
      ...StoreMoney
    }
    discount {
      ...StoreMoney
    }
    total {
      ...StoreMoney
    }
    rebate {
      ...StoreMoney
    }
    lines {
      id
      lineNo
      sku
      productName
      quantity
      unitPrice {
        ...StoreMoney
      }
      lineTotal {
        ...StoreMoney
      }
      product {
        id
        nameEn
      }
    }
    shipments {
      ...StoreShipmentFields
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

/** The order page: the order with how far it is paid and its invoices (finance's fields on Order). */
export const OrderDetailQuery = graphql(`
  query StoreOrderDetail($id: ID!) {
    order(id: $id) {
      ...OrderDetailFields
      paymentStatus
      invoices {
        ...StoreInvoiceListFields
      }
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

/** Confirms receipt of a shipment, in full or per line with damaged units. */
export const ConfirmReceiptMutation = graphql(`
  mutation StoreConfirmReceipt($input: ConfirmReceiptInput!) {
    confirmReceipt(input: $input) {
      shipment {
        ...StoreShipmentFields
      }
      order {
        id
        status
      }
      errors {
        ...OrderErrorFields
      }
    }
  }
`);

/** The shipments of one order changing status (picking, shipped, delivered), live. */
export const ShipmentStatusLiveSubscription = graphql(`
  subscription StoreShipmentStatusLive($orderId: ID) {
    shipmentStatusChanged(orderId: $orderId) {
      ...StoreShipmentFields
    }
  }
`);
