import { EventType, recordEvent } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import type { Shipment, ShipmentStatus } from '../entities/shipment.entity.js';
import { orderScope } from './order-events.js';

/** The shipment facts its event needs. */
export type ShipmentFacts = Pick<
  Shipment,
  'id' | 'number' | 'orderId' | 'dealerId' | 'dealerRegionPath' | 'warehouseId' | 'carrier' | 'trackingNumber'
> & { splitFromId?: string | null };

/**
 * Records `orders.shipment_status_changed` in the transaction that changes the shipment: scoped to
 * the dealer, the dealer's region and the shipping warehouse (its operators).
 */
export function recordShipmentStatusChanged(
  tx: EntityManager,
  shipment: ShipmentFacts,
  from: ShipmentStatus | null,
  to: ShipmentStatus,
  units: number,
  at = new Date(),
): void {
  const scope = orderScope({
    id: shipment.orderId,
    dealerId: shipment.dealerId,
    regionPath: shipment.dealerRegionPath,
  });
  recordEvent(tx, {
    type: EventType.SHIPMENT_STATUS_CHANGED,
    subjectId: shipment.id,
    scope: { ...scope, warehouseIds: [shipment.warehouseId] },
    occurredAt: at,
    payload: {
      shipmentId: shipment.id,
      shipmentNumber: shipment.number ?? shipment.id,
      orderId: shipment.orderId,
      dealerId: shipment.dealerId,
      warehouseId: shipment.warehouseId,
      fromStatus: from,
      toStatus: to,
      carrier: shipment.carrier,
      trackingNumber: shipment.trackingNumber,
      splitFromId: shipment.splitFromId ?? null,
      units,
    },
  });
}
