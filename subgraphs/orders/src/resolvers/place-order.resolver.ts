import { Role, Grant, Grants } from '@dnp/subgraph-kit';
import { Authorized, Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { SagaStep } from '../entities/order-saga.entity.js';
import { Order } from '../entities/order.entity.js';
import type { OrdersContext } from '../orders-context.js';
import type { OrderErrorData } from '../saga/order-error.js';
import { OrderLinesParser } from '../services/order-lines-parser.js';
import { OrderReviewService } from '../services/order-review.service.js';
import { PlaceOrderService } from '../services/place-order.service.js';
import { PlaceOrderInput, ReviewDecision } from '../schema/place-order.input.js';
import {
  CancelOrderPayload,
  OrderError,
  ParsedOrderLines,
  PlaceOrderPayload,
  ReviewOrderPayload,
} from '../schema/place-order.type.js';
import { OrderConnection } from '../schema/order.type.js';
import { ref, WarehouseRef } from '../schema/refs.type.js';

const placement = new PlaceOrderService();
const review = new OrderReviewService();
const parser = new OrderLinesParser();

@Resolver(() => Order)
export class PlaceOrderResolver {
  @Authorized(...Grants.DEALER_USERS)
  @Mutation(() => PlaceOrderPayload, {
    description:
      'Places an order for the dealer user (DEALER_ADMIN/DEALER_STAFF; others FORBIDDEN): validate, ' +
      'idempotency, eligibility, server-side price, reserve stock, hold credit, then APPROVED with ' +
      'shipments, PENDING_REVIEW above the review threshold, or REJECTED with reasons (everything reserved ' +
      'released).',
  })
  placeOrder(
    @Ctx() ctx: OrdersContext,
    @Arg('input', () => PlaceOrderInput, { description: 'The order to place.' }) input: PlaceOrderInput,
  ) {
    return placement.placeOrder(ctx, input);
  }

  @Authorized(Grant.HQ_ADMIN, Grant.REGION_MANAGER, Grant.DEALER_ADMIN)
  @Mutation(() => ReviewOrderPayload, {
    description:
      'Decides on a PENDING_REVIEW order (HQ_ADMIN, or the REGION_MANAGER of the dealer’s region; a ' +
      'sub-dealer’s order to its parent: HQ_ADMIN or the parent’s DEALER_ADMIN): APPROVE → APPROVED with ' +
      'shipments; REJECT → reservation and credit released, REJECTED.',
  })
  reviewOrder(
    @Ctx() ctx: OrdersContext,
    @Arg('id', () => ID, { description: 'Order id.' }) id: string,
    @Arg('decision', () => ReviewDecision, { description: 'Approve or reject.' }) decision: ReviewDecision,
    @Arg('comment', () => String, {
      nullable: true,
      description: 'Why, at most 500 characters; shown on the timeline.',
    })
    comment?: string,
  ) {
    return review.review(ctx, id, decision, comment);
  }

  @Authorized(Grant.HQ_ADMIN, ...Grants.DEALER_USERS)
  @Mutation(() => CancelOrderPayload, {
    description:
      'Cancels a PENDING_REVIEW or APPROVED order that has not shipped (dealer users their own orders, ' +
      'HQ_ADMIN any): releases the reservation and credit hold. On a PARTIALLY_SHIPPED order it cancels the ' +
      'rest: the PICKING shipments become CANCELLED, the order SHIPPED (COMPLETED when every shipped part is ' +
      'delivered) and the remainders are released.',
  })
  cancelOrder(
    @Ctx() ctx: OrdersContext,
    @Arg('id', () => ID, { description: 'Order id.' }) id: string,
    @Arg('reason', () => String, { nullable: true, description: 'Why, at most 500 characters; shown on the timeline.' })
    reason?: string,
  ) {
    return review.cancel(ctx, id, reason);
  }

  @Authorized(Grant.HQ_ADMIN, Grant.REGION_MANAGER, Grant.DEALER_ADMIN)
  @Query(() => OrderConnection, {
    description:
      'Orders waiting for a manager (PENDING_REVIEW) in the viewer’s scope, oldest first: the console’s ' +
      'review queue. HQ_ADMIN and REGION_MANAGER; a parent’s DEALER_ADMIN sees its sub-dealers’ orders to it.',
  })
  reviewQueue(
    @Ctx() ctx: OrdersContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
  ) {
    return review.reviewQueue(ctx, first, after);
  }

  @Authorized(...Grants.DEALER_USERS)
  @Query(() => ParsedOrderLines, {
    description:
      'Batch ordering helper for dealer users: parses pasted lines or CSV ("sku,quantity", ' +
      '"sku<TAB>quantity" or "sku quantity", optional header row, at most 500 rows) and resolves the SKUs. ' +
      'Nothing is placed.',
  })
  parseOrderLines(
    @Ctx() ctx: OrdersContext,
    @Arg('text', () => String, { description: 'The pasted text, one line per row.' }) text: string,
  ) {
    return parser.parse(ctx, text);
  }

  @FieldResolver(() => [OrderError], {
    description: 'Why the order was rejected (per line where it applies); empty unless REJECTED.',
  })
  rejectionReasons(@Root() order: Order): OrderErrorData[] {
    return order.rejectionReasons ? (JSON.parse(order.rejectionReasons) as OrderErrorData[]) : [];
  }

  @FieldResolver(() => WarehouseRef, {
    nullable: true,
    description: "The dealer's own warehouse the goods go to; null for the default address.",
  })
  deliveryWarehouse(@Root() order: Order) {
    return order.deliveryWarehouseId ? ref(WarehouseRef, order.deliveryWarehouseId) : null;
  }

  @FieldResolver(() => SagaStep, {
    nullable: true,
    description:
      'Step of the placement saga (operations view): HQ_ADMIN only, null for others and for orders placed ' +
      'before the saga.',
  })
  async sagaStep(@Root() order: Order, @Ctx() ctx: OrdersContext) {
    if (ctx.viewer?.role !== Role.HQ_ADMIN && ctx.viewer?.role !== Role.SERVICE) return null;
    return (await ctx.loaders.sagaByOrder.load(order.id))?.step ?? null;
  }
}
