import { businessDate, EventType, isEventOfType, type EventConsumer } from '@dnp/subgraph-kit';
import { inventorySettings } from '../config.js';
import { StockFlowDay } from '../entities/stock-flow-day.entity.js';

/**
 * `inventory:stock-facts` (rr §9): keeps `stock_flow_day` from this subgraph's own `inventory.stock_changed`.
 * The event carries the level after the change, so the day's in or out is the on-hand change since the last
 * applied version; a level first seen at version 1 starts from nothing, one first seen later (facts begun
 * after its history) starts from its on-hand (an opening, neither in nor out). Reservations leave on-hand
 * as it is and add nothing. A replayed or older event (its version already applied) changes nothing.
 */
export function stockFactsConsumer(timeZone = inventorySettings.businessTimeZone): EventConsumer {
  return {
    name: 'inventory:stock-facts',
    types: [EventType.STOCK_CHANGED],
    delivery: 'once',
    async handle(tx, event) {
      if (!isEventOfType(event, EventType.STOCK_CHANGED)) return;
      const p = event.payload;
      const key = { warehouseId: p.warehouseId, productId: p.productId };
      const last = await tx.findOne(StockFlowDay, key, { orderBy: { day: 'desc' }, disableIdentityMap: true });
      if (last && last.lastVersion >= p.version) return;
      const before = last ? last.closingUnits : p.version <= 1 ? 0 : p.onHand;
      const delta = p.onHand - before;
      const day = businessDate(new Date(event.occurredAt), timeZone);
      const flow = { inUnits: Math.max(delta, 0), outUnits: Math.max(-delta, 0) };
      if (last?.day === day) {
        await tx.nativeUpdate(
          StockFlowDay,
          { ...key, day },
          {
            inUnits: last.inUnits + flow.inUnits,
            outUnits: last.outUnits + flow.outUnits,
            closingUnits: p.onHand,
            lastVersion: p.version,
          },
        );
      } else {
        await tx.insert(StockFlowDay, { ...key, day, ...flow, closingUnits: p.onHand, lastVersion: p.version });
      }
    },
  };
}
