import { connectionType } from '@dnp/subgraph-kit';
import { OrderAlert } from '../entities/order-alert.entity.js';

/** A page of order alerts (Query.orderAlerts). */
export const OrderAlertConnection = connectionType(OrderAlert, 'OrderAlert', 'order alert');
