import type { Page, RequestContext } from '@dnp/subgraph-kit';
import type DataLoader from 'dataloader';
import type { OrderEvent } from './entities/order-event.entity.js';
import type { OrderLine } from './entities/order-line.entity.js';
import type { OrderSaga } from './entities/order-saga.entity.js';
import type { Order } from './entities/order.entity.js';
import type { ShipmentLine } from './entities/shipment-line.entity.js';
import type { Shipment } from './entities/shipment.entity.js';
import type { ShipmentLot } from './entities/shipment-lot.entity.js';
import type { OrderFilter, OrderSort } from './schema/order.input.js';
import type { DealerSalesFigures } from './services/sales.model.js';

// Types only: services and resolvers import the context from here, so they never depend on the
// loader module (which itself uses services) and no import cycle can form.

/** Arguments of every order list (Query.orders and Dealer.orders). */
export interface OrderListArgs {
  first?: number | null;
  after?: string | null;
  filter?: OrderFilter | null;
  sort?: OrderSort | null;
  /** Only orders this dealer sells (a parent's review queue); not a GraphQL argument. */
  sellerDealerId?: string | null;
}

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
  shipmentById: DataLoader<string, Shipment | null>;
  shipmentLotsByShipment: DataLoader<string, ShipmentLot[]>;
  /** Order.fulfilmentSettled: true when every SHIP task of the order is DONE (one query per batch). */
  fulfilmentSettledByOrder: DataLoader<string, boolean>;
  shipmentLinesByShipment: DataLoader<string, ShipmentLine[]>;
  eventsByOrder: DataLoader<string, OrderEvent[]>;
  /** The placement saga of an order (null for orders placed before the saga existed). */
  sagaByOrder: DataLoader<string, OrderSaga | null>;
  /** Dealer.salesStats: one grouped aggregate for every dealer of the request. */
  salesStatsByDealer: DataLoader<string, DealerSalesFigures>;
  /** Dealer.orders: one windowed query per distinct set of arguments. */
  ordersByDealer: DataLoader<DealerOrdersKey, Page<Order>, string>;
}
/** What every orders resolver and service receives: the request context with the loaders above. */
export type OrdersContext = RequestContext<OrdersLoaders>;
