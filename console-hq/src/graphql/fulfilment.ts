import { graphql } from '@/generated';

/** A warehouse's PICKING shipments, first made first, with what the queue columns need. */
export const WarehouseQueueDocument = graphql(`
  query WarehouseQueue($warehouseId: ID!, $first: Int!, $after: String) {
    warehouseQueue(warehouseId: $warehouseId, first: $first, after: $after) {
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
          status
          order {
            id
            orderNumber
            placedAt
          }
          consignee {
            name
          }
          lines {
            quantity
          }
          pickList {
            expiresAt
          }
        }
      }
    }
  }
`);

/** One shipment with its pick list and lines: the ship form and the packing slip. */
export const ShipmentDetailDocument = graphql(`
  query ShipmentDetail($id: ID!) {
    shipment(id: $id) {
      id
      number
      status
      carrier
      trackingNumber
      shippedAt
      shippedByName
      order {
        id
        orderNumber
        placedAt
      }
      warehouse {
        id
        name
        nameEn
      }
      consignee {
        name
        contactName
        phone
        deliveryWarehouseId
      }
      lines {
        quantity
        orderLine {
          id
          lineNo
          sku
          productName
          isGift
          product {
            id
          }
        }
      }
      pickList {
        lotNumber
        expiresAt
        quantity
        product {
          id
          sku
          name
          nameEn
        }
        lot {
          id
          expiryStatus
        }
      }
      lots {
        lotNumber
        expiresAt
        quantity
        product {
          id
          sku
          name
          nameEn
        }
      }
    }
  }
`);

/** Ships a shipment (all of it, or the lines and lots given; the rest splits off). */
export const ShipShipmentDocument = graphql(`
  mutation ShipShipment($input: ShipShipmentInput!) {
    shipShipment(input: $input) {
      shipment {
        id
        status
        carrier
        trackingNumber
        shippedAt
      }
      remainder {
        id
        number
      }
      errors {
        ...OrderRefusalFields
      }
    }
  }
`);

/** Shipments of one warehouse changing status (another operator shipping from the queue). */
export const LiveShipmentStatusChangedDocument = graphql(`
  subscription LiveShipmentStatusChanged($warehouseId: ID) {
    shipmentStatusChanged(warehouseId: $warehouseId) {
      id
      number
      status
      shippedByName
    }
  }
`);
