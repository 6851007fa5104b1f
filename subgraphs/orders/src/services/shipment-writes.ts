import type { EntityManager } from '@mikro-orm/core';
import { Order } from '../entities/order.entity.js';
import { ShipmentLine } from '../entities/shipment-line.entity.js';
import { Shipment, ShipmentStatus } from '../entities/shipment.entity.js';
import { recordShipmentStatusChanged } from './shipment-events.js';

/**
 * Inserts the shipments an approval makes, with their lines, in the caller's transaction: each
 * numbered from its order ("SO…-seq") and given the order's delivery warehouse, and announced with
 * `orders.shipment_status_changed` (null → PICKING).
 */
export async function insertShipments(tx: EntityManager, shipments: Shipment[], lines: ShipmentLine[]): Promise<void> {
  if (!shipments.length) return;
  const orderIds = [...new Set(shipments.map((s) => s.orderId))];
  const orders = await tx.find(
    Order,
    { id: { $in: orderIds } },
    { fields: ['id', 'orderNumber', 'deliveryWarehouseId'] },
  );
  const byId = new Map(orders.map((o) => [o.id, o]));
  for (const s of shipments) {
    const order = byId.get(s.orderId);
    s.number ??= order ? `${order.orderNumber}-${s.seq}` : null;
    s.deliveryWarehouseId ??= order?.deliveryWarehouseId ?? null;
  }
  await tx.insertMany(Shipment, shipments);
  if (lines.length) await tx.insertMany(ShipmentLine, lines);
  const units = new Map<string, number>();
  for (const l of lines) units.set(l.shipmentId, (units.get(l.shipmentId) ?? 0) + l.quantity);
  for (const s of shipments)
    recordShipmentStatusChanged(tx, s, null, ShipmentStatus.PICKING, units.get(s.id) ?? 0, s.createdAt ?? new Date());
}

/**
 * Marks the PICKING shipments read (`picking`) CANCELLED, guarded on their status and version: a
 * shipment shipped meanwhile leaves fewer rows changed, and the caller's transaction is refused
 * (TransitionRefusedError). Each change records `orders.shipment_status_changed`.
 */
export async function cancelPicking(tx: EntityManager, picking: Shipment[], reason: string | null): Promise<void> {
  if (!picking.length) return;
  const at = new Date();
  for (const s of picking) {
    const n = await tx.nativeUpdate(
      Shipment,
      { id: s.id, status: ShipmentStatus.PICKING, version: s.version },
      {
        status: ShipmentStatus.CANCELLED,
        version: s.version + 1,
        cancelledAt: at,
        cancelReason: reason?.slice(0, 500) ?? null,
        updatedAt: at,
      },
    );
    if (n !== 1) throw new TransitionRefusedError(`shipment ${s.id} is no longer PICKING`);
  }
  const lines = await tx.find(ShipmentLine, { shipmentId: { $in: picking.map((s) => s.id) } });
  const units = new Map<string, number>();
  for (const l of lines) units.set(l.shipmentId, (units.get(l.shipmentId) ?? 0) + l.quantity);
  for (const s of picking)
    recordShipmentStatusChanged(tx, s, ShipmentStatus.PICKING, ShipmentStatus.CANCELLED, units.get(s.id) ?? 0, at);
}

/** A guarded change found its row moved on: the caller rolls its transaction back and refuses. */
export class TransitionRefusedError extends Error {}
