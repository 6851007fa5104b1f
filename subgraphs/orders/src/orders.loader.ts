import { groupLoader, keyLoader, type Page } from '@dnp/subgraph-kit';
import DataLoader from 'dataloader';
import { OrderEvent } from './entities/order-event.entity.js';
import { OrderLine } from './entities/order-line.entity.js';
import { OrderSaga } from './entities/order-saga.entity.js';
import { Order } from './entities/order.entity.js';
import { ShipmentLine } from './entities/shipment-line.entity.js';
import { Shipment } from './entities/shipment.entity.js';
import { ShipmentLot } from './entities/shipment-lot.entity.js';
import type { OrderListArgs, OrdersContext, OrdersLoaders } from './orders-context.js';
import { OrderService } from './services/order.service.js';
import { SalesService } from './services/sales.service.js';

const orders = new OrderService();
const sales = new SalesService();

/** Stable text of list arguments, so equal arguments share a batch (Dates become ISO strings). */
function argsKey(args: OrderListArgs): string {
  const f = args.filter ?? {};
  return JSON.stringify([
    args.first ?? null,
    args.after ?? null,
    args.sort ?? null,
    f.status ?? null,
    f.dealerId ?? null,
    f.placedFrom ?? null,
    f.placedTo ?? null,
    f.search ?? null,
  ]);
}

/** Creates fresh loaders for one request. */
export function createOrdersLoaders(ctx: OrdersContext): OrdersLoaders {
  return {
    orderById: keyLoader(ctx.em, Order, 'id'),
    linesByOrder: groupLoader(ctx.em, OrderLine, 'orderId', {}, { lineNo: 'asc' }),
    orderLineById: keyLoader(ctx.em, OrderLine, 'id'),
    shipmentsByOrder: groupLoader(ctx.em, Shipment, 'orderId', {}, { seq: 'asc', id: 'asc' }),
    shipmentById: keyLoader(ctx.em, Shipment, 'id'),
    shipmentLotsByShipment: groupLoader(ctx.em, ShipmentLot, 'shipmentId', {}, { orderLineId: 'asc', lotId: 'asc' }),
    shipmentLinesByShipment: groupLoader(ctx.em, ShipmentLine, 'shipmentId', {}, { orderLineId: 'asc' }),
    eventsByOrder: groupLoader(ctx.em, OrderEvent, 'orderId', {}, { at: 'asc', id: 'asc' }),
    sagaByOrder: keyLoader(ctx.em, OrderSaga, 'orderId'),
    salesStatsByDealer: new DataLoader((ids) => sales.statsForDealers(ctx, ids), { maxBatchSize: 1000 }),
    ordersByDealer: new DataLoader(
      async (keys) => {
        // Group the keys by their arguments; each group is one batched query.
        const groups = new Map<string, { args: OrderListArgs; indexes: number[] }>();
        keys.forEach((key, i) => {
          const k = argsKey(key.args);
          const group = groups.get(k) ?? { args: key.args, indexes: [] };
          group.indexes.push(i);
          groups.set(k, group);
        });
        const results: (Page<Order> | Error)[] = new Array(keys.length);
        await Promise.all(
          [...groups.values()].map(async (group) => {
            try {
              const pages = await orders.listForDealers(
                ctx,
                group.indexes.map((i) => keys[i]!.dealerId),
                group.args,
              );
              group.indexes.forEach((i, j) => (results[i] = pages[j]!));
            } catch (err) {
              for (const i of group.indexes) results[i] = err as Error;
            }
          }),
        );
        return results;
      },
      { maxBatchSize: 500, cacheKeyFn: (key) => `${key.dealerId}|${argsKey(key.args)}` },
    ),
  };
}
