import type { Money } from '@dnp/subgraph-kit';
import type { OrderStatus } from '../entities/order.entity.js';

// Plain results of the sales service; the resolvers answer them as the schema's DealerSalesStats,
// SalesPoint, RegionSales and OrderStatusCount (same fields). Types only.

/** A dealer's sales statistics (Dealer.salesStats). */
export interface DealerSalesFigures {
  orderCount: number;
  totalAmount: Money;
  last90DaysAmount: Money;
  lastOrderAt: Date | null;
}

/** Orders and amount of one period of a sales trend. */
export interface SalesPeriod {
  periodStart: Date;
  label: string;
  orderCount: number;
  amount: Money;
}

/** Orders and amount of one region; `region` is the key-only reference the gateway resolves. */
export interface RegionSalesFigures {
  regionId: string;
  region: { id: string };
  orderCount: number;
  amount: Money;
}

/** How many orders are in one status. */
export interface StatusCount {
  status: OrderStatus;
  count: number;
}
