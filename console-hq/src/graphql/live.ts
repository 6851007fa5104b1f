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
      product {
        id
        sku
        name
        nameEn
      }
      warehouse {
        id
        name
        nameEn
      }
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
      dealer {
        id
        name
      }
    }
  }
`);

/** Fields of each alert kind the feed shows. */
export const AlertFields = graphql(`
  fragment LiveInventoryAlert on InventoryAlert {
    id
    kind
    message
    value
    threshold
    raisedAt
    product {
      id
      name
      nameEn
    }
    warehouse {
      id
      name
      nameEn
    }
  }
  fragment LiveCreditAlert on CreditAlert {
    id
    utilizationPpm
    thresholdPercent
    raisedAt
    account {
      id
      dealer {
        id
        name
      }
    }
  }
  fragment LiveOrderAlert on OrderAlert {
    id
    kind
    waitedMinutes
    raisedAt
    order {
      id
      orderNumber
      dealer {
        id
        name
      }
    }
  }
  fragment LiveDiversionAlert on DiversionAlert {
    id
    code
    status
    detectedAt
    product {
      id
      name
      nameEn
    }
    ownerDealer {
      id
      name
    }
    detectedRegion {
      id
      name
      nameEn
    }
  }
`);

export const LiveInventoryAlertDocument = graphql(`
  subscription LiveInventoryAlert {
    inventoryAlertRaised {
      ...LiveInventoryAlert
    }
  }
`);
export const LiveCreditAlertDocument = graphql(`
  subscription LiveCreditAlert {
    creditAlertRaised {
      ...LiveCreditAlert
    }
  }
`);
export const LiveOrderAlertDocument = graphql(`
  subscription LiveOrderAlert {
    orderAlertRaised {
      ...LiveOrderAlert
    }
  }
`);
export const LiveDiversionDetectedDocument = graphql(`
  subscription LiveDiversionDetected {
    diversionDetected {
      ...LiveDiversionAlert
    }
  }
`);

/** Unacknowledged alerts of every kind, newest first (the alerts feed's starting state). */
export const OpenAlertsDocument = graphql(`
  query OpenAlerts($first: Int!) {
    inventoryAlerts(first: $first, filter: { acknowledged: false, open: true }) {
      edges {
        node {
          ...LiveInventoryAlert
        }
      }
    }
    creditAlerts(first: $first, acknowledged: false, open: true) {
      edges {
        node {
          ...LiveCreditAlert
        }
      }
    }
    orderAlerts(first: $first, filter: { acknowledged: false }) {
      edges {
        node {
          ...LiveOrderAlert
        }
      }
    }
    diversionAlerts(first: $first, filter: { status: OPEN }) {
      edges {
        node {
          ...LiveDiversionAlert
        }
      }
    }
  }
`);

export const AcknowledgeInventoryAlertDocument = graphql(`
  mutation AcknowledgeInventoryAlert($id: ID!) {
    acknowledgeInventoryAlert(id: $id) {
      id
      acknowledged
    }
  }
`);
export const AcknowledgeCreditAlertDocument = graphql(`
  mutation AcknowledgeCreditAlert($id: ID!) {
    acknowledgeCreditAlert(id: $id) {
      id
      acknowledged
    }
  }
`);
export const AcknowledgeOrderAlertDocument = graphql(`
  mutation AcknowledgeOrderAlert($id: ID!) {
    acknowledgeOrderAlert(id: $id) {
      id
      acknowledged
    }
  }
`);
export const AcknowledgeDiversionAlertDocument = graphql(`
  mutation AcknowledgeDiversionAlert($id: ID!) {
    acknowledgeDiversionAlert(id: $id) {
      id
      status
      acknowledgedAt
    }
  }
`);
