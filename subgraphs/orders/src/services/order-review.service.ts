import {
  assertCanActAsSeller,
  ForbiddenError,
  insertAudit,
  isDealerRole,
  Role,
  type Page,
  type ScopedRow,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { OrderEventType } from '../entities/order-event.entity.js';
import { OrderEvent } from '../entities/order-event.entity.js';
import { OrderSaga, SagaStep } from '../entities/order-saga.entity.js';
import { canTransition, Order, OrderStatus } from '../entities/order.entity.js';
import { orderFacts, recordOrderStatusChanged } from './order-events.js';
import { cancelPicking, insertShipments, TransitionRefusedError } from './shipment-writes.js';
import { cancelRestTask } from './shipment.service.js';
import { runInline } from '../fulfilment/fulfilment-context.js';
import { FulfilmentTask } from '../entities/fulfilment-task.entity.js';
import { Shipment, ShipmentStatus } from '../entities/shipment.entity.js';
import type { OrdersContext } from '../orders-context.js';
import { OrderSort } from '../schema/order.input.js';
import { ReviewDecision } from '../schema/place-order.input.js';
import { orderError, OrderErrorCode, type OrderErrorData } from '../saga/order-error.js';
import { sagaRunner } from '../saga/saga-context.js';
import type { SagaOutcome, SagaPayload } from '../saga/saga-payload.js';
import { eventRow, shipmentRows } from '../saga/saga-rows.js';
import { canChange } from './order-scope.js';
import { OrderService } from './order.service.js';

/** An order as the seller check sees it. */
function sellerRow(order: Order): ScopedRow {
  return { dealerId: order.dealerId, regionPath: order.dealerRegionPath, sellerDealerId: order.sellerDealerId };
}

/** What reviewOrder and cancelOrder answer. */
export interface OrderChangeResult {
  order: Order | null;
  errors: OrderErrorData[];
}

const MAX_COMMENT = 500;
const orders = new OrderService();

/** The transition was refused: the order is not (or no longer) in a status that allows it. */
const TransitionRefused = TransitionRefusedError;

/**
 * Manual steps after placement: a manager reviews PENDING_REVIEW orders (approve → shipments;
 * reject → compensation), a dealer or HQ cancels an order before it ships (compensation). The
 * status change and the saga's move to COMPENSATING commit together; the releases follow at once
 * and, should they fail, the resumer finishes them.
 */
export class OrderReviewService {
  /**
   * The review queue: PENDING_REVIEW orders in the viewer's scope, oldest first. Managers; a parent's
   * DEALER_ADMIN sees the orders its sub-dealers placed with it (two-tier).
   */
  reviewQueue(ctx: OrdersContext, first?: number | null, after?: string | null): Promise<Page<Order>> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.REGION_MANAGER, Role.DEALER_ADMIN);
    const sellerDealerId = viewer.role === Role.DEALER_ADMIN ? viewer.dealerId : null;
    if (viewer.role === Role.DEALER_ADMIN && !sellerDealerId) throw new ForbiddenError('Only dealer users review');
    const filter = { status: [OrderStatus.PENDING_REVIEW] };
    return orders.list(ctx, { first, after, filter, sort: OrderSort.OLDEST, sellerDealerId });
  }

  /**
   * reviewOrder: HQ or the manager of the dealer's region for orders the brand sells; HQ or the
   * seller's DEALER_ADMIN for a sub-dealer's order to its parent; only PENDING_REVIEW orders.
   */
  async review(
    ctx: OrdersContext,
    id: string,
    decision: ReviewDecision,
    comment?: string | null,
  ): Promise<OrderChangeResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.REGION_MANAGER, Role.DEALER_ADMIN);
    if (comment != null && comment.length > MAX_COMMENT)
      return {
        order: null,
        errors: [orderError(OrderErrorCode.BAD_USER_INPUT, `comment is at most ${MAX_COMMENT} characters`, 'comment')],
      };
    const order = await orders.findOne(ctx, id);
    // Reading is not deciding: a seller's order is decided by its seller (or HQ), the brand's by HQ
    // and the managers of the dealer's region (the act-for check), never by a dealer.
    if (order.sellerDealerId) assertCanActAsSeller(ctx.scope, sellerRow(order), 'order');
    else if (viewer.role === Role.DEALER_ADMIN || !canChange(ctx.scope, order))
      throw new ForbiddenError('You may read this order but not review it');
    const to = decision === ReviewDecision.APPROVE ? OrderStatus.APPROVED : OrderStatus.REJECTED;
    if (order.status !== OrderStatus.PENDING_REVIEW) return this.refused(order, to);
    const actor = { userId: viewer.userId, name: viewer.displayName ?? viewer.userId };
    const text = comment?.trim() || null;
    try {
      const compensate = await ctx.em.fork().transactional(async (tx) => {
        const saga = await tx.findOne(OrderSaga, { orderId: id });
        const payload = saga ? (JSON.parse(saga.payload) as SagaPayload) : null;
        const reasons =
          to === OrderStatus.REJECTED ? [orderError('REJECTED_IN_REVIEW', text ?? 'Rejected by a manager')] : null;
        await this.transition(tx, order, to, reasons);
        await insertAudit(tx, ctx, {
          operation: 'reviewOrder',
          action: decision,
          entityType: 'Order',
          entityId: id,
          before: { status: order.status },
          after: { status: to, comment: text },
        });
        // The comment is the manager's own words only; an approval without one carries a localizable code.
        const message = to === OrderStatus.APPROVED && !text ? { code: 'MANUAL_REVIEW_APPROVED' } : null;
        await tx.insert(
          OrderEvent,
          eventRow(
            id,
            to === OrderStatus.APPROVED ? OrderEventType.APPROVED : OrderEventType.REJECTED,
            order.status,
            to,
            actor,
            text,
            undefined,
            message,
          ),
        );
        if (to === OrderStatus.APPROVED) {
          if (payload) {
            const { shipments, lines } = shipmentRows(id, payload);
            await insertShipments(tx, shipments, lines);
          }
          return false;
        }
        return this.startCompensation(tx, saga, payload, {
          status: 'REJECTED',
          reasons: reasons!,
          actorUserId: actor.userId,
          actorName: actor.name,
          comment: text,
          statusApplied: true,
        });
      });
      if (compensate) await sagaRunner().run(ctx.em, id);
    } catch (err) {
      if (err instanceof TransitionRefused)
        return this.refused((await ctx.em.fork().findOne(Order, { id })) ?? order, to);
      throw err;
    }
    return { order: await ctx.em.fork().findOne(Order, { id }), errors: [] };
  }

  /** cancelOrder: dealer users their own orders, HQ any; PENDING_REVIEW or APPROVED (not shipped). */
  async cancel(ctx: OrdersContext, id: string, reason?: string | null): Promise<OrderChangeResult> {
    const viewer = ctx.requireViewer();
    if (viewer.role !== Role.HQ_ADMIN && !isDealerRole(viewer.role))
      throw new ForbiddenError('Only the dealer or HQ can cancel an order');
    if (reason != null && reason.length > MAX_COMMENT)
      return {
        order: null,
        errors: [orderError(OrderErrorCode.BAD_USER_INPUT, `reason is at most ${MAX_COMMENT} characters`, 'reason')],
      };
    // The dealer scope answers NOT_FOUND for another dealer's order; a parent dealer reads its
    // sub-dealers' orders but may not change them.
    const order = await orders.findOne(ctx, id);
    if (!canChange(ctx.scope, order)) throw new ForbiddenError("A sub-dealer's order is read-only for you");
    if (order.status === OrderStatus.PARTIALLY_SHIPPED) return this.cancelRest(ctx, order, reason?.trim() || null);
    if (!canTransition(order.status, OrderStatus.CANCELLED)) return this.refused(order, OrderStatus.CANCELLED);
    const actor = { userId: viewer.userId, name: viewer.displayName ?? viewer.userId };
    const text = reason?.trim() || null;
    try {
      const compensate = await ctx.em.fork().transactional(async (tx) => {
        const picking = await tx.find(Shipment, { orderId: id });
        if (picking.some((s) => s.status !== ShipmentStatus.PICKING)) throw new TransitionRefused();
        await this.transition(tx, order, OrderStatus.CANCELLED, null);
        await insertAudit(tx, ctx, {
          operation: 'cancelOrder',
          action: 'CANCEL',
          entityType: 'Order',
          entityId: id,
          before: { status: order.status },
          after: { status: OrderStatus.CANCELLED, reason: text },
        });
        await tx.insert(
          OrderEvent,
          eventRow(id, OrderEventType.CANCELLED, order.status, OrderStatus.CANCELLED, actor, text),
        );
        await cancelPicking(tx, picking, text);
        const saga = await tx.findOne(OrderSaga, { orderId: id });
        const payload = saga ? (JSON.parse(saga.payload) as SagaPayload) : null;
        return this.startCompensation(tx, saga, payload, {
          status: 'CANCELLED',
          reasons: [],
          actorUserId: actor.userId,
          actorName: actor.name,
          comment: text,
          statusApplied: true,
        });
      });
      if (compensate) await sagaRunner().run(ctx.em, id);
    } catch (err) {
      if (err instanceof TransitionRefused)
        return this.refused((await ctx.em.fork().findOne(Order, { id })) ?? order, OrderStatus.CANCELLED);
      throw err;
    }
    return { order: await ctx.em.fork().findOne(Order, { id }), errors: [] };
  }

  /**
   * cancelOrder on a PARTIALLY_SHIPPED order cancels the rest (docs/design/order-to-cash.md §12.3):
   * its PICKING shipments CANCELLED (guarded: one shipped meanwhile refuses INVALID_TRANSITION), the
   * order SHIPPED, or COMPLETED when every shipped part is delivered, and the CANCEL_REST task that
   * releases the remainders once the order's SHIP tasks are done.
   */
  private async cancelRest(ctx: OrdersContext, order: Order, reason: string | null): Promise<OrderChangeResult> {
    const viewer = ctx.requireViewer();
    const actor = { userId: viewer.userId, name: viewer.displayName ?? viewer.userId };
    let taskId: string;
    try {
      taskId = await ctx.em.fork().transactional(async (tx) => {
        const now = new Date();
        const locked = await tx.nativeUpdate(
          Order,
          { id: order.id, status: OrderStatus.PARTIALLY_SHIPPED },
          { updatedAt: now },
        );
        if (locked !== 1) throw new TransitionRefused();
        const shipments = await tx.find(Shipment, { orderId: order.id });
        const picking = shipments.filter((s) => s.status === ShipmentStatus.PICKING);
        if (!picking.length) throw new TransitionRefused();
        await cancelPicking(tx, picking, reason);
        const open = shipments.some((s) => s.status === ShipmentStatus.SHIPPED);
        const to = open ? OrderStatus.SHIPPED : OrderStatus.COMPLETED;
        const n = await tx.nativeUpdate(
          Order,
          { id: order.id, status: OrderStatus.PARTIALLY_SHIPPED },
          { status: to, updatedAt: now, ...(to === OrderStatus.COMPLETED ? { completedAt: now } : {}) },
        );
        if (n !== 1) throw new TransitionRefused();
        const facts = orderFacts(order);
        recordOrderStatusChanged(tx, facts, order.status, to, now);
        const type = to === OrderStatus.COMPLETED ? OrderEventType.COMPLETED : OrderEventType.SHIPPED;
        const message = { code: 'REST_CANCELLED', args: { shipments: picking.map((s) => s.number ?? s.id) } };
        await tx.insert(OrderEvent, eventRow(order.id, type, order.status, to, actor, reason, now, message));
        const task = cancelRestTask(order);
        await tx.insert(FulfilmentTask, task);
        await insertAudit(tx, ctx, {
          operation: 'cancelOrder',
          action: 'CANCEL_REST',
          entityType: 'Order',
          entityId: order.id,
          before: { status: order.status },
          after: { status: to, reason, cancelledShipments: picking.map((s) => s.id) },
        });
        return task.id;
      });
    } catch (err) {
      if (!(err instanceof TransitionRefused)) throw err;
      const now = (await ctx.em.fork().findOne(Order, { id: order.id })) ?? order;
      return {
        order: now,
        errors: [
          orderError(OrderErrorCode.INVALID_TRANSITION, 'Nothing is left to cancel: the rest shipped meanwhile'),
        ],
      };
    }
    await runInline(ctx.em, taskId);
    return { order: await ctx.em.fork().findOne(Order, { id: order.id }), errors: [] };
  }

  /** Moves the order on, guarded by the status it was read in (a concurrent change refuses). */
  private async transition(
    tx: EntityManager,
    order: Order,
    to: OrderStatus,
    reasons: OrderErrorData[] | null,
  ): Promise<void> {
    const n = await tx.nativeUpdate(
      Order,
      { id: order.id, status: order.status },
      {
        status: to,
        updatedAt: new Date(),
        ...(to === OrderStatus.APPROVED ? { approvedAt: new Date() } : {}),
        ...(reasons ? { rejectionReasons: JSON.stringify(reasons) } : {}),
      },
    );
    if (n !== 1) throw new TransitionRefused();
    recordOrderStatusChanged(tx, orderFacts(order), order.status, to);
  }

  /**
   * Puts a completed saga into COMPENSATING with `outcome`; false when there is none (orders placed
   * before the saga existed).
   */
  private async startCompensation(
    tx: EntityManager,
    saga: OrderSaga | null,
    payload: SagaPayload | null,
    outcome: SagaOutcome,
  ): Promise<boolean> {
    if (!saga || !payload || saga.step !== SagaStep.COMPLETED) return false;
    payload.outcome = outcome;
    const now = new Date();
    const n = await tx.nativeUpdate(
      OrderSaga,
      { orderId: saga.orderId, step: SagaStep.COMPLETED },
      {
        step: SagaStep.COMPENSATING,
        payload: JSON.stringify(payload),
        leaseUntil: new Date(now.getTime() + sagaRunner().settings.leaseMs),
        updatedAt: now,
      },
    );
    if (n !== 1) throw new TransitionRefused();
    return true;
  }

  private refused(order: Order, to: OrderStatus): OrderChangeResult {
    return {
      order,
      errors: [orderError(OrderErrorCode.INVALID_TRANSITION, `An order in status ${order.status} cannot become ${to}`)],
    };
  }
}
