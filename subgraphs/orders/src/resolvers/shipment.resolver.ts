import { Grant, Grants, Money, Role, servedByGateway, subscriptionsViaGateway } from '@dnp/subgraph-kit';
import {
  Arg,
  Authorized,
  Ctx,
  Directive,
  FieldResolver,
  ID,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
  Subscription,
} from 'type-graphql';
import { OrderEvent } from '../entities/order-event.entity.js';
import { OrderLine } from '../entities/order-line.entity.js';
import { Order } from '../entities/order.entity.js';
import { ShipmentLine } from '../entities/shipment-line.entity.js';
import { NO_LOT, ShipmentLot } from '../entities/shipment-lot.entity.js';
import { Shipment } from '../entities/shipment.entity.js';
import type { OrdersContext } from '../orders-context.js';
import { DealerRef, LotRef, ProductRef, ref, WarehouseRef } from '../schema/refs.type.js';
import { ConfirmReceiptInput, ShipmentFilter, ShipShipmentInput } from '../schema/shipment.input.js';
import {
  ConfirmReceiptPayload,
  Consignee,
  PickListLine,
  ShipmentConnection,
  ShipShipmentPayload,
} from '../schema/shipment.type.js';
import { ReceiptService } from '../services/receipt.service.js';
import { ShipmentReadService } from '../services/shipment-read.service.js';
import { ShipmentService } from '../services/shipment.service.js';

const reads = new ShipmentReadService();
const shipping = new ShipmentService();
const receipts = new ReceiptService();
const SHIPMENT_READERS = [...Grants.DEALER_READERS, Grant.FINANCE_CLERK, Grant.WAREHOUSE_OPERATOR];

@Resolver(() => Shipment)
export class ShipmentResolver {
  @Authorized(...SHIPMENT_READERS)
  @Query(() => ShipmentConnection, {
    description:
      'Shipments the viewer may see (HQ and clerks: all; region managers: their dealers’; dealer users: their ' +
      'dealer’s; warehouse operators: their warehouses’), newest first, filtered and paginated.',
  })
  shipments(
    @Ctx() ctx: OrdersContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => ShipmentFilter, { nullable: true, description: 'Conditions the shipments must meet.' })
    filter?: ShipmentFilter,
  ) {
    return reads.list(ctx, { first, after, filter });
  }

  @Authorized(...SHIPMENT_READERS)
  @Query(() => Shipment, {
    nullable: true,
    description: 'One shipment by id (the subscription re-read); NOT_FOUND when unknown or outside the scope.',
  })
  shipment(@Ctx() ctx: OrdersContext, @Arg('id', () => ID, { description: 'Shipment id.' }) id: string) {
    return reads.findOne(ctx, id);
  }

  @Authorized(Grant.HQ_ADMIN, Grant.WAREHOUSE_OPERATOR, Grant.REGION_MANAGER, Grant.SERVICE)
  @Query(() => ShipmentConnection, {
    description: "A warehouse's queue: its PICKING shipments in the viewer's scope, first made first (FIFO).",
  })
  warehouseQueue(
    @Ctx() ctx: OrdersContext,
    @Arg('warehouseId', () => ID, { description: 'The warehouse.' }) warehouseId: string,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
  ) {
    return reads.queue(ctx, warehouseId, first, after);
  }

  @Authorized(Grant.HQ_ADMIN, Grant.WAREHOUSE_OPERATOR, ...Grants.DEALER_USERS)
  @Mutation(() => ShipShipmentPayload, {
    description:
      'Ships a PICKING shipment in full or in part (HQ_ADMIN, or an operator of its warehouse; a ' +
      'sub-dealer’s order to its parent also the parent’s dealer users): stock ' +
      'committed, the shipped part invoiced and its credit captured, scanned codes linked; the unshipped rest ' +
      'becomes a new PICKING shipment.',
  })
  shipShipment(
    @Ctx() ctx: OrdersContext,
    @Arg('input', () => ShipShipmentInput, { description: 'What ships, by which carrier.' }) input: ShipShipmentInput,
  ) {
    return shipping.ship(ctx, input);
  }

  @Authorized(Grant.DEALER_ADMIN, Grant.DEALER_STAFF)
  @Mutation(() => ConfirmReceiptPayload, {
    description:
      "Signs for a SHIPPED shipment of the viewer's own dealer, in full or with short and damaged units per " +
      'line; the goods enter the dealer’s own warehouse; the order completes with its last delivery.',
  })
  confirmReceipt(
    @Ctx() ctx: OrdersContext,
    @Arg('input', () => ConfirmReceiptInput, { description: 'What arrived.' }) input: ConfirmReceiptInput,
  ) {
    return receipts.confirm(ctx, input);
  }

  @Authorized(...Grants.STAFF, Grant.WAREHOUSE_OPERATOR, Grant.FINANCE_CLERK)
  @Subscription(() => Shipment, {
    subscribe: servedByGateway,
    description:
      'A shipment each time its status changes (made, shipped, delivered, cancelled), for the viewers who may ' +
      'read it; served by the gateway over graphql-ws. Pass the last `extensions.event.position` as `after`.',
  })
  shipmentStatusChanged(
    @Arg('orderId', () => ID, { nullable: true, description: "Only this order's shipments." }) _orderId?: string,
    @Arg('dealerId', () => ID, { nullable: true, description: "Only this dealer's shipments." }) _dealerId?: string,
    @Arg('warehouseId', () => ID, { nullable: true, description: "Only this warehouse's shipments." })
    _warehouseId?: string,
    @Arg('after', () => String, {
      nullable: true,
      description:
        'Position of the last event received (`extensions.event.position`): later events are replayed first.',
    })
    _after?: string,
  ): Shipment {
    throw subscriptionsViaGateway();
  }

  @FieldResolver(() => String, { description: 'Shipment number: the order number, "-" and seq ("SO…-2").' })
  number(@Root() s: Shipment) {
    return s.number ?? s.id;
  }

  @FieldResolver(() => Order, { description: 'The order the shipment belongs to.' })
  async order(@Root() s: Shipment, @Ctx() ctx: OrdersContext) {
    return ctx.loaders.orderById.load(s.orderId);
  }

  @FieldResolver(() => WarehouseRef, {
    description: 'The warehouse that ships it (resolved by the inventory subgraph).',
  })
  warehouse(@Root() s: Shipment) {
    return ref(WarehouseRef, s.warehouseId);
  }

  @FieldResolver(() => DealerRef, { description: 'The dealer receiving it (resolved by the dealers subgraph).' })
  dealer(@Root() s: Shipment) {
    return ref(DealerRef, s.dealerId);
  }

  @FieldResolver(() => Consignee, { description: 'Who receives it, as at approval (the packing slip).' })
  consignee(@Root() s: Shipment): Consignee {
    return {
      name: s.consigneeName,
      contactName: s.consigneeContact,
      phone: s.consigneePhone,
      deliveryWarehouseId: s.deliveryWarehouseId,
    };
  }

  @FieldResolver(() => Shipment, { nullable: true, description: 'The shipment whose unshipped rest this one is.' })
  async splitFrom(@Root() s: Shipment, @Ctx() ctx: OrdersContext) {
    return s.splitFromId ? ctx.loaders.shipmentById.load(s.splitFromId) : null;
  }

  @FieldResolver(() => [ShipmentLine], { description: 'Which order lines, and how many units of each, it carries.' })
  lines(@Root() s: Shipment, @Ctx() ctx: OrdersContext) {
    return ctx.loaders.shipmentLinesByShipment.load(s.id);
  }

  @FieldResolver(() => [ShipmentLot], { description: 'The lots it took, per order line; empty until shipped.' })
  lots(@Root() s: Shipment, @Ctx() ctx: OrdersContext) {
    return ctx.loaders.shipmentLotsByShipment.load(s.id);
  }

  @FieldResolver(() => [OrderEvent], { description: "The order timeline's entries about this shipment, oldest first." })
  async timeline(@Root() s: Shipment, @Ctx() ctx: OrdersContext) {
    const events = await ctx.loaders.eventsByOrder.load(s.orderId);
    return events.filter((e) => e.messageArgs?.includes(`"shipmentId":"${s.id}"`));
  }

  @FieldResolver(() => [PickListLine], {
    description:
      'What to pick, first expiry first (from inventory): HQ, the warehouse’s operators and the dealer ' +
      'region’s managers; others, and shipments not PICKING, an empty list.',
  })
  pickList(@Root() s: Shipment, @Ctx() ctx: OrdersContext) {
    return reads.pickList(ctx, s);
  }
}

@Resolver(() => ShipmentLine)
export class ShipmentLineResolver {
  @FieldResolver(() => OrderLine, { description: 'The order line shipped.' })
  async orderLine(@Root() line: ShipmentLine, @Ctx() ctx: OrdersContext) {
    return ctx.loaders.orderLineById.load(line.orderLineId);
  }

  @FieldResolver(() => Money, {
    nullable: true,
    description: 'Gross value of the units shipped (parts rule); null until shipped.',
  })
  value(@Root() line: ShipmentLine) {
    return line.grossMinor == null ? null : Money.fromMinor(line.grossMinor, 'CNY');
  }

  @FieldResolver(() => Int, {
    nullable: true,
    description: 'Units shipped but not received (少发); null until delivered.',
  })
  shortQuantity(@Root() line: ShipmentLine) {
    return line.receivedQuantity == null ? null : line.quantity - line.receivedQuantity;
  }

  @FieldResolver(() => Int, { description: 'Good delivered units not yet in a return (0 until delivered).' })
  returnableQuantity(@Root() line: ShipmentLine) {
    if (line.receivedQuantity == null) return 0;
    return Math.max(0, line.receivedQuantity - (line.damagedQuantity ?? 0) - (line.returnedQuantity ?? 0));
  }
}

@Resolver(() => ShipmentLot)
export class ShipmentLotResolver {
  @FieldResolver(() => OrderLine, { description: 'The order line the units belong to.' })
  async orderLine(@Root() lot: ShipmentLot, @Ctx() ctx: OrdersContext) {
    return ctx.loaders.orderLineById.load(lot.orderLineId);
  }

  @FieldResolver(() => ProductRef, { description: 'The product.' })
  product(@Root() lot: ShipmentLot) {
    return ref(ProductRef, lot.productId);
  }

  @FieldResolver(() => LotRef, { nullable: true, description: 'The lot (inventory); null for goods without lots.' })
  lot(@Root() lot: ShipmentLot) {
    return lot.lotId === NO_LOT ? null : ref(LotRef, lot.lotId);
  }
}

@Resolver(() => PickListLine)
export class PickListLineResolver {
  @FieldResolver(() => ProductRef, { description: 'The product to pick.' })
  product(@Root() line: PickListLine) {
    return ref(ProductRef, line.productId);
  }

  @FieldResolver(() => LotRef, { nullable: true, description: 'The lot to pick from; null for goods without lots.' })
  lot(@Root() line: PickListLine) {
    return line.lotId ? ref(LotRef, line.lotId) : null;
  }
}

@Resolver(() => Order)
export class OrderFulfilmentResolver {
  @FieldResolver(() => Boolean, {
    description:
      "True when every SHIP task of the order is DONE (the reconcilers' check before releasing the " +
      'remainders of a SHIPPED or COMPLETED order). Service callers only; not exposed by the gateway.',
  })
  @Directive('@inaccessible')
  fulfilmentSettled(@Root() order: Order, @Ctx() ctx: OrdersContext) {
    ctx.requireRole(Role.SERVICE);
    return reads.fulfilmentSettled(ctx, order.id);
  }
}
