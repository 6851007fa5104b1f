import { Grant, Grants, Money, servedByGateway, subscriptionsViaGateway } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root, Subscription } from 'type-graphql';
import { OrderEvent } from '../entities/order-event.entity.js';
import { OrderAlert } from '../entities/order-alert.entity.js';
import { OrderLine } from '../entities/order-line.entity.js';
import { Order } from '../entities/order.entity.js';
import { Shipment } from '../entities/shipment.entity.js';
import type { OrdersContext } from '../orders-context.js';
import { OrderService } from '../services/order.service.js';
import { OrderFilter, OrderSort } from '../schema/order.input.js';
import { OrderPromotion } from '../schema/order-promotion.type.js';
import { OrderConnection } from '../schema/order.type.js';
import { DealerRef, ProductRef, ref } from '../schema/refs.type.js';

const orders = new OrderService();

@Resolver(() => Order)
export class OrderResolver {
  @Authorized(...Grants.DEALER_READERS, Grant.FINANCE_CLERK)
  @Query(() => Order, {
    nullable: true,
    description: 'One order by id; NOT_FOUND when unknown or outside the viewer’s scope.',
  })
  order(@Ctx() ctx: OrdersContext, @Arg('id', () => ID, { description: 'Order id.' }) id: string) {
    return orders.findOne(ctx, id);
  }

  @Authorized(...Grants.STAFF)
  @Subscription(() => Order, {
    subscribe: servedByGateway,
    description:
      'An order each time its status changes (placed, approved, rejected, shipped, …), for the viewers who ' +
      'may read it (a dealer only its own orders); served by the gateway over graphql-ws. Pass the last ' +
      '`extensions.event.position` as `after` to catch up after a reconnect.',
  })
  orderStatusChanged(
    @Arg('dealerId', () => ID, { nullable: true, description: "Only this dealer's orders." }) _dealerId?: string,
    @Arg('after', () => String, {
      nullable: true,
      description:
        'Position of the last event received (`extensions.event.position`): events after it are replayed first.',
    })
    _after?: string,
  ): Order {
    throw subscriptionsViaGateway();
  }

  @Authorized(...Grants.STAFF)
  @Subscription(() => OrderAlert, {
    subscribe: servedByGateway,
    description:
      'Each order alert (a review waiting too long) as it is raised, for the viewers who may read it; served ' +
      'by the gateway over graphql-ws. Pass the last `extensions.event.position` as `after` to catch up ' +
      'after a reconnect.',
  })
  orderAlertRaised(
    @Arg('after', () => String, {
      nullable: true,
      description:
        'Position of the last event received (`extensions.event.position`): events after it are replayed first.',
    })
    _after?: string,
  ): OrderAlert {
    throw subscriptionsViaGateway();
  }

  @Authorized(...Grants.DEALER_READERS, Grant.FINANCE_CLERK)
  @Query(() => OrderConnection, {
    description:
      'Orders the viewer may see (HQ and finance clerks: all; region manager: their region; dealer users: ' +
      'their dealer), ' +
      'filtered, sorted and paginated.',
  })
  orders(
    @Ctx() ctx: OrdersContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => OrderFilter, { nullable: true, description: 'Conditions the orders must meet.' })
    filter?: OrderFilter,
    @Arg('sort', () => OrderSort, { nullable: true, description: 'Order of the list (default NEWEST).' })
    sort?: OrderSort,
  ) {
    return orders.list(ctx, { first, after, filter, sort });
  }

  @FieldResolver(() => DealerRef, { description: 'The dealer that placed the order.' })
  dealer(@Root() order: Order) {
    return ref(DealerRef, order.dealerId);
  }

  @FieldResolver(() => DealerRef, {
    nullable: true,
    description: "The dealer that sells: the buyer's parent for a two-tier order (seller PARENT); null: the brand.",
  })
  seller(@Root() order: Order) {
    return order.sellerDealerId ? ref(DealerRef, order.sellerDealerId) : null;
  }

  @FieldResolver(() => [OrderLine], { description: 'The product lines, by line number.' })
  lines(@Root() order: Order, @Ctx() ctx: OrdersContext) {
    return ctx.loaders.linesByOrder.load(order.id);
  }

  @FieldResolver(() => [Shipment], {
    description: 'Shipments the order was split into, one per warehouse; empty until approved.',
  })
  shipments(@Root() order: Order, @Ctx() ctx: OrdersContext) {
    return ctx.loaders.shipmentsByOrder.load(order.id);
  }

  @FieldResolver(() => [OrderEvent], { description: 'What happened to the order, oldest first.' })
  timeline(@Root() order: Order, @Ctx() ctx: OrdersContext) {
    return ctx.loaders.eventsByOrder.load(order.id);
  }

  @FieldResolver(() => Money, {
    description:
      'Sum of the line subtotals (unit price × quantity, before promotions). Gift lines count 0: their value ' +
      'is in appliedPromotions.giftValue, not here.',
  })
  subtotal(@Root() order: Order) {
    return Money.fromMinor(order.subtotalMinor, order.currency);
  }

  @FieldResolver(() => [OrderPromotion], {
    description: 'Promotions applied when the order was placed, in the order pricing applied them; empty when none.',
  })
  appliedPromotions(@Root() order: Order) {
    return orders.appliedPromotions(order);
  }

  @FieldResolver(() => Money, {
    description: 'Promotion discount taken off the subtotal: the sum of the line discounts.',
  })
  discount(@Root() order: Order) {
    return Money.fromMinor(order.discountMinor, order.currency);
  }

  @FieldResolver(() => Money, {
    description: 'Amount payable: subtotal minus discount, which is the sum of the line totals.',
  })
  total(@Root() order: Order) {
    return Money.fromMinor(order.totalMinor, order.currency);
  }

  @FieldResolver(() => Money, {
    description:
      'The part of the total paid with the rebate balance (placeOrder input.rebateAmount, held by finance while ' +
      'the order is open; credit holds total − rebate); 0 when none.',
  })
  rebate(@Root() order: Order) {
    return Money.fromMinor(order.rebateMinor ?? 0, order.currency);
  }
}

@Resolver(() => OrderLine)
export class OrderLineResolver {
  @FieldResolver(() => ProductRef, { description: 'The product ordered (resolved by the products subgraph).' })
  product(@Root() line: OrderLine) {
    return ref(ProductRef, line.productId);
  }

  @FieldResolver(() => Money, {
    description:
      'Price per unit agreed when the order was placed, after volume tiers and before promotions; 0 for a gift line.',
  })
  unitPrice(@Root() line: OrderLine) {
    return Money.fromMinor(line.unitPriceMinor, line.currency);
  }

  @FieldResolver(() => Money, { description: 'Quantity times unit price, before promotions (0 for a gift line).' })
  lineSubtotal(@Root() line: OrderLine) {
    return Money.fromMinor(line.lineSubtotalMinor, line.currency);
  }

  @FieldResolver(() => Money, { description: "The line's share of the promotion discounts (0 when none)." })
  discount(@Root() line: OrderLine) {
    return Money.fromMinor(line.discountMinor, line.currency);
  }

  @FieldResolver(() => Money, {
    description:
      'What the line costs, after discounts: lineSubtotal minus discount. The line totals add up to the order total.',
  })
  lineTotal(@Root() line: OrderLine) {
    return Money.fromMinor(line.lineTotalMinor, line.currency);
  }
}
