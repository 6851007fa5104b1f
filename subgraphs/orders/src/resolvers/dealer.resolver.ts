import { Arg, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { OrdersContext } from '../orders-context.js';
import { OrderService } from '../services/order.service.js';
import { SalesService } from '../services/sales.service.js';
import { OrderFilter, OrderSort } from '../schema/order.input.js';
import { OrderConnection } from '../schema/order.type.js';
import { DealerRef } from '../schema/refs.type.js';
import { DealerSalesStats } from '../schema/sales.type.js';

const orders = new OrderService();
const sales = new SalesService();

@Resolver(() => DealerRef)
export class DealerResolver {
  @FieldResolver(() => OrderConnection, {
    description:
      'The dealer’s orders within the viewer’s scope (empty for a dealer the viewer may not see), newest ' +
      'first by default.',
  })
  orders(
    @Root() dealer: DealerRef,
    @Ctx() ctx: OrdersContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => OrderFilter, { nullable: true, description: 'Conditions the orders must meet.' })
    filter?: OrderFilter,
    @Arg('sort', () => OrderSort, { nullable: true, description: 'Order of the list (default NEWEST).' })
    sort?: OrderSort,
  ) {
    return orders.dealerOrders(ctx, dealer.id, { first, after, filter, sort });
  }

  @FieldResolver(() => DealerSalesStats, {
    description: 'Sales over the last 12 months (cancelled and rejected orders excluded); feeds Dealer.healthScore.',
  })
  salesStats(@Root() dealer: DealerRef, @Ctx() ctx: OrdersContext) {
    return sales.dealerStats(ctx, dealer.id);
  }
}
