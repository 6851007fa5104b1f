import type { Logger } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { OrderEvent } from '../entities/order-event.entity.js';
import { OrderLine } from '../entities/order-line.entity.js';
import { Order } from '../entities/order.entity.js';
import { ShipmentLine } from '../entities/shipment-line.entity.js';
import { Shipment } from '../entities/shipment.entity.js';
import { demoOrders } from './demo-orders.js';

const BATCH = 500;

/** True once orders exist (seeded or real). */
export async function isSeeded(em: EntityManager): Promise<boolean> {
  return (await em.count(Order, {})) > 0;
}

/** Inserts a year of demo orders (about 3000) with their lines, shipments and timelines. */
export async function seedDemo(em: EntityManager, log: Logger, now = new Date()): Promise<void> {
  const rows = demoOrders(now);
  await em.transactional(async (tx) => {
    const insert = async <T extends object>(entity: new () => T, list: object[]) => {
      for (let i = 0; i < list.length; i += BATCH) await tx.insertMany(entity, list.slice(i, i + BATCH) as never);
    };
    await insert(Order, rows.orders);
    await insert(OrderLine, rows.lines);
    await insert(Shipment, rows.shipments);
    await insert(ShipmentLine, rows.shipmentLines);
    await insert(OrderEvent, rows.events);
  });
  log.info(
    {
      orders: rows.orders.length,
      lines: rows.lines.length,
      shipments: rows.shipments.length,
      events: rows.events.length,
    },
    'seeded orders',
  );
}
