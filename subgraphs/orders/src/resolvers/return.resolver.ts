import { canRead, Grant, Grants, Money, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { OrderLine } from '../entities/order-line.entity.js';
import { Order } from '../entities/order.entity.js';
import { ReturnLine } from '../entities/return-line.entity.js';
import { ReturnRequest } from '../entities/return-request.entity.js';
import { Shipment } from '../entities/shipment.entity.js';
import type { OrdersContext } from '../orders-context.js';
import { DealerRef, ProductRef, ref, WarehouseRef } from '../schema/refs.type.js';
import { ReceiveReturnInput, RequestReturnInput, ReturnFilter, ReviewReturnInput } from '../schema/return.input.js';
import { ReturnPayload, ReturnRequestConnection } from '../schema/return.type.js';
import { ReturnReadService } from '../services/return-read.service.js';
import { ReturnReceiveService } from '../services/return-receive.service.js';
import { ReturnRequestService, type ReturnResult } from '../services/return-request.service.js';
import { ReturnReviewService } from '../services/return-review.service.js';

const reads = new ReturnReadService();
const requests = new ReturnRequestService();
const reviews = new ReturnReviewService();
const receipts = new ReturnReceiveService();
/** Who reads returns: staff and dealers in their scope, operators those coming to their warehouses. */
const RETURN_READERS = [...Grants.STAFF, Grant.WAREHOUSE_OPERATOR, Grant.FINANCE_CLERK];

/** A service result as the payload. */
function payload(result: ReturnResult): ReturnPayload {
  return Object.assign(new ReturnPayload(), {
    returnRequest: result.returnRequest,
    errors: toUserErrors(result.errors),
  });
}

/** Returns: the list, one by id, and the three mutations of their life (docs/design/order-to-cash.md §12.6). */
@Resolver(() => ReturnRequest)
export class ReturnResolver {
  @Authorized(...RETURN_READERS)
  @Query(() => ReturnRequestConnection, {
    description:
      'Return requests the viewer may see, newest first: a dealer its own (and its sub-dealers’), a manager its ' +
      'region’s, a warehouse operator those coming to its warehouses, HQ all.',
  })
  returns(
    @Ctx() ctx: OrdersContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the last edge of the previous page.' })
    after?: string,
    @Arg('filter', () => ReturnFilter, { nullable: true, description: 'Which returns to list.' })
    filter?: ReturnFilter,
  ) {
    return reads.list(ctx, { first, after, filter });
  }

  @Authorized(...RETURN_READERS)
  @Query(() => ReturnRequest, {
    nullable: true,
    description: 'One return request by id; NOT_FOUND when unknown or outside the viewer’s scope.',
  })
  returnRequest(@Ctx() ctx: OrdersContext, @Arg('id', () => ID, { description: 'Return id.' }) id: string) {
    return reads.findOne(ctx, id);
  }

  @Authorized(...Grants.DEALER_USERS)
  @Mutation(() => ReturnPayload, {
    description:
      'A dealer asks to return delivered goods of one of its orders (退货). Codes: ORDER_NOT_DELIVERED, ' +
      'LINE_NOT_DELIVERED, QUANTITY_INVALID, RETURN_EXCEEDS_DELIVERED, RETURN_WINDOW_CLOSED, COMMENT_REQUIRED, ' +
      'SERIAL_CODE_NOT_OWNED, DEALER_STOCK_INSUFFICIENT, IDEMPOTENCY_KEY_REUSED; each writes nothing.',
  })
  async requestReturn(
    @Ctx() ctx: OrdersContext,
    @Arg('input', () => RequestReturnInput, { description: 'The order, the lines and why.' }) input: RequestReturnInput,
  ) {
    return payload(await requests.request(ctx, input));
  }

  @Authorized(Grant.HQ_ADMIN)
  @Mutation(() => ReturnPayload, {
    description:
      'HQ approves (accepted units, the HQ or regional warehouse receiving them) or rejects a REQUESTED return. ' +
      'Codes: RETURN_NOT_REQUESTED, ACCEPTED_EXCEEDS_REQUESTED, WAREHOUSE_REQUIRED, WAREHOUSE_NOT_ALLOWED.',
  })
  async reviewReturn(
    @Ctx() ctx: OrdersContext,
    @Arg('input', () => ReviewReturnInput, { description: 'The decision.' }) input: ReviewReturnInput,
  ) {
    return payload(await reviews.review(ctx, input));
  }

  @Authorized(...Grants.WAREHOUSE)
  @Mutation(() => ReturnPayload, {
    description:
      'The target warehouse (HQ or its operators) records what arrived of an APPROVED return and where it goes; ' +
      'the credit note follows. Codes: RETURN_NOT_APPROVED, LINE_NOT_IN_RETURN, RECEIVED_EXCEEDS_ACCEPTED, ' +
      'DISPOSITION_REQUIRED.',
  })
  async receiveReturn(
    @Ctx() ctx: OrdersContext,
    @Arg('input', () => ReceiveReturnInput, { description: 'What arrived, per line.' }) input: ReceiveReturnInput,
  ) {
    return payload(await receipts.receive(ctx, input));
  }

  @FieldResolver(() => Order, { description: 'The order the goods belong to.' })
  order(@Root() ret: ReturnRequest, @Ctx() ctx: OrdersContext) {
    return ctx.loaders.orderById.load(ret.orderId);
  }

  @FieldResolver(() => DealerRef, { description: 'The dealer returning the goods.' })
  dealer(@Root() ret: ReturnRequest) {
    return ref(DealerRef, ret.dealerId);
  }

  @FieldResolver(() => WarehouseRef, {
    nullable: true,
    description: 'The HQ or regional warehouse the goods come back to; null before approval and for short units only.',
  })
  warehouse(@Root() ret: ReturnRequest) {
    return ret.warehouseId ? ref(WarehouseRef, ret.warehouseId) : null;
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Gross value credited (the credit note); null before.' })
  credited(@Root() ret: ReturnRequest) {
    return ret.creditedGrossMinor == null ? null : Money.fromMinor(ret.creditedGrossMinor, 'CNY');
  }

  @FieldResolver(() => [ReturnLine], { description: 'The lines, in order.' })
  lines(@Root() ret: ReturnRequest, @Ctx() ctx: OrdersContext) {
    return reads.lines(ctx, ret.id);
  }
}

/** A return line's links. */
@Resolver(() => ReturnLine)
export class ReturnLineResolver {
  @FieldResolver(() => OrderLine, { description: 'The order line of the units.' })
  orderLine(@Root() line: ReturnLine, @Ctx() ctx: OrdersContext) {
    return ctx.loaders.orderLineById.load(line.orderLineId);
  }

  @FieldResolver(() => Shipment, { nullable: true, description: 'The shipment the units came with (if readable).' })
  async shipment(@Root() line: ReturnLine, @Ctx() ctx: OrdersContext) {
    const s = await ctx.em.fork().findOne(Shipment, { id: line.shipmentId });
    return s && canRead(ctx.scope, { dealerId: s.dealerId, regionPath: s.dealerRegionPath, warehouseId: s.warehouseId })
      ? s
      : null;
  }

  @FieldResolver(() => ProductRef, { description: 'The product.' })
  product(@Root() line: ReturnLine) {
    return ref(ProductRef, line.productId);
  }

  @FieldResolver(() => [String], { description: 'Serial codes the dealer named for the units.' })
  serialCodes(@Root() line: ReturnLine) {
    return line.codes ? (JSON.parse(line.codes) as string[]) : [];
  }

  @FieldResolver(() => Money, { nullable: true, description: 'Gross value credited for the line; null before.' })
  credited(@Root() line: ReturnLine) {
    return line.grossMinor == null ? null : Money.fromMinor(line.grossMinor, 'CNY');
  }
}

/** Order.returns. */
@Resolver(() => Order)
export class OrderReturnsResolver {
  @FieldResolver(() => [ReturnRequest], { description: 'The order’s returns and discrepancy claims, oldest first.' })
  returns(@Root() order: Order, @Ctx() ctx: OrdersContext) {
    return reads.ofOrder(ctx, order.id);
  }
}
