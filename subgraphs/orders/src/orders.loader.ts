import { groupLoader, keyLoader, type Page, type RequestContext } from '@dnp/subgraph-kit';
import DataLoader from 'dataloader';
import { OrderEvent } from './entities/order-event.entity.js';
import { OrderLine } from './entities/order-line.entity.js';
import { OrderSaga } from './entities/order-saga.entity.js';
import { Order } from './entities/order.entity.js';
import { ShipmentLine } from './entities/shipment-line.entity.js';
import { Shipment } from './entities/shipment.entity.js';
import type { DealerSalesStats } from './resolvers/sales.type.js';
import { OrderService, type OrderListArgs } from './services/order.service.js';
import { SalesService } from './services/sales.service.js';

/** Key of one Dealer.orders field: the dealer and the field's arguments. */
export interface DealerOrdersKey {
  dealerId: string;
  args: OrderListArgs;
}

/** The orders subgraph's request-scoped loaders. */
export interface OrdersLoaders {
  orderById: DataLoader<string, Order | null>;
  linesByOrder: DataLoader<string, OrderLine[]>;
  orderLineById: DataLoader<string, OrderLine | null>;
  shipmentsByOrder: DataLoader<string, Shipment[]>;
  shipmentLinesByShipment: DataLoader<string, ShipmentLine[]>;
  eventsByOrder: DataLoader<string, OrderEvent[]>;
  /** The placement saga of an order (null for orders placed before the saga existed). */
  sagaByOrder: DataLoader<string, OrderSaga | null>;
  /** Dealer.salesStats: one grouped aggregate for every dealer of the request. */
  salesStatsByDealer: DataLoader<string, DealerSalesStats>;
  /** Dealer.orders: one windowed query per distinct set of arguments. */
  ordersByDealer: DataLoader<DealerOrdersKey, Page<Order>, string>;
}
export type OrdersContext = RequestContext<OrdersLoaders>;

const orders = new OrderService();
const sales = new SalesService();

/** Stable text of list arguments, so equal arguments share a batch (Dates become ISO strings). */
function argsKey(args: OrderListArgs): string {
  const f = args.filter ?? {};
  return JSON.stringify([args.first ?? null, args.after ?? null, args.sort ?? null, f.status ?? null, f.dealerId ?? null, f.placedFrom ?? null, f.placedTo ?? null, f.search ?? null]);
}

/** Creates fresh loaders for one request. */
export function createOrdersLoaders(ctx: OrdersContext): OrdersLoaders {
  return {
    orderById: keyLoader(ctx.em, Order, 'id'),
    linesByOrder: groupLoader(ctx.em, OrderLine, 'orderId', {}, { lineNo: 'asc' }),
    orderLineById: keyLoader(ctx.em, OrderLine, 'id'),
    shipmentsByOrder: groupLoader(ctx.em, Shipment, 'orderId', {}, { id: 'asc' }),
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
              const pages = await orders.listForDealers(ctx, group.indexes.map((i) => keys[i]!.dealerId), group.args);
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
