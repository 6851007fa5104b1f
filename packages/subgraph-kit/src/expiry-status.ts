import { registerEnumType } from 'type-graphql';

/**
 * A lot's red/yellow/blue expiry warning (红黄蓝预警). Inventory computes it (`Lot.expiryStatus`,
 * the pick list's lines) and orders passes it through on `Shipment.pickList`; one enum here, so the
 * two subgraphs publish the same type to the supergraph.
 */
export enum ExpiryStatus {
  RED = 'RED',
  YELLOW = 'YELLOW',
  BLUE = 'BLUE',
  OK = 'OK',
}
registerEnumType(ExpiryStatus, {
  name: 'ExpiryStatus',
  description: 'Expiry warning level of a lot (红黄蓝预警); thresholds are configurable (defaults 30/90/180 days).',
  valuesConfig: {
    RED: { description: 'Expired, or expires within the red threshold (default 30 days).' },
    YELLOW: { description: 'Expires within the yellow threshold (default 90 days).' },
    BLUE: { description: 'Expires within the blue threshold (default 180 days).' },
    OK: { description: 'Expires later than the blue threshold.' },
  },
});
