import { connectionType } from '@dnp/subgraph-kit';
import { Order } from '../entities/order.entity.js';

/** A page of orders (Query.orders, Dealer.orders, Query.reviewQueue). */
export const OrderConnection = connectionType(Order, 'Order', 'order');
