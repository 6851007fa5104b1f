import { Grant, Grants } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { OrderAlert } from '../entities/order-alert.entity.js';
import { Order } from '../entities/order.entity.js';
import type { OrdersContext } from '../orders-context.js';
import { OrderAlertService } from '../services/order-alert.service.js';
import { OrderService } from '../services/order.service.js';
import { OrderAlertFilter } from '../schema/order-alert.input.js';
import { OrderAlertConnection } from '../schema/order-alert.type.js';

const alerts = new OrderAlertService();
const orders = new OrderService();

@Resolver(() => OrderAlert)
export class OrderAlertResolver {
  @Authorized(...Grants.STAFF)
  @Query(() => OrderAlertConnection, {
    description:
      "Order alerts in the viewer's scope, newest first: HQ all, region managers their region subtree's " +
      'dealers, dealer users their own.',
  })
  orderAlerts(
    @Ctx() ctx: OrdersContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => OrderAlertFilter, { nullable: true, description: 'Conditions the alerts must meet.' })
    filter?: OrderAlertFilter,
  ) {
    return alerts.list(ctx, { first, after, filter });
  }

  @Authorized(...Grants.STAFF)
  @Query(() => OrderAlert, { description: "One order alert; NOT_FOUND when unknown or outside the viewer's scope." })
  orderAlert(@Ctx() ctx: OrdersContext, @Arg('id', () => ID, { description: 'Alert id.' }) id: string) {
    return alerts.get(ctx, id);
  }

  @Authorized(Grant.HQ_ADMIN, Grant.REGION_MANAGER, Grant.DEALER_ADMIN)
  @Mutation(() => OrderAlert, {
    description: 'Acknowledges an order alert in scope (HQ, region managers, dealer admins); idempotent.',
  })
  acknowledgeOrderAlert(@Ctx() ctx: OrdersContext, @Arg('id', () => ID, { description: 'Alert id.' }) id: string) {
    return alerts.acknowledge(ctx, id);
  }

  @FieldResolver(() => Order, {
    nullable: true,
    description: "The order the alert is about (null when outside the viewer's scope).",
  })
  order(@Root() alert: OrderAlert, @Ctx() ctx: OrdersContext) {
    return orders.reference(ctx, alert.orderId);
  }

  @FieldResolver(() => Boolean, { description: 'True once someone acknowledged the alert.' })
  acknowledged(@Root() alert: OrderAlert) {
    return alert.acknowledgedAt != null;
  }
}
