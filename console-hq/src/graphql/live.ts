import { graphql } from '@/generated';

/** Every stock change in the viewer's warehouses, with names from the products subgraph. */
export const LiveStockChangedDocument = graphql(`
  subscription LiveStockChanged {
    stockChanged {
      id
      onHand
      reserved
      available
      safetyStock
      belowSafetyStock
      updatedAt
      product { id sku name nameEn }
      warehouse { id name nameEn }
    }
  }
`);

/** Orders changing status in the viewer's scope (review queue arrivals and decisions). */
export const LiveOrderStatusChangedDocument = graphql(`
  subscription LiveOrderStatusChanged {
    orderStatusChanged {
      id
      orderNumber
      status
      updatedAt
      dealer { id name }
    }
  }
`);

/** Diversion alerts as they are raised. */
export const LiveDiversionDetectedDocument = graphql(`
  subscription LiveDiversionDetected {
    diversionDetected {
      id
      code
      status
      detectedAt
      product { id name nameEn }
      ownerDealer { id name }
      detectedRegion { id name nameEn }
    }
  }
`);

/** Open diversion alerts, newest first (the alerts feed's starting state). */
export const OpenDiversionAlertsDocument = graphql(`
  query OpenDiversionAlerts($first: Int!) {
    diversionAlerts(first: $first, filter: { status: OPEN }) {
      totalCount
      edges {
        node {
          id
          code
          status
          detectedAt
          product { id name nameEn }
          ownerDealer { id name }
          detectedRegion { id name nameEn }
        }
      }
    }
  }
`);

export const AcknowledgeDiversionAlertDocument = graphql(`
  mutation AcknowledgeDiversionAlert($id: ID!) {
    acknowledgeDiversionAlert(id: $id) { id status acknowledgedAt }
  }
`);
