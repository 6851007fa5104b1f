import {
  columnOf,
  AlertLifecycle,
  alertStateFilters,
  dealerAlertScope,
  EventType,
  newId,
  type Page,
  raiseAlertOnce,
  scanAlertCondition,
  type Viewer,
} from '@dnp/subgraph-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { OrderAlert, OrderAlertKind } from '../entities/order-alert.entity.js';
import { LIVE_STATUSES, Order, OrderStatus } from '../entities/order.entity.js';
import { Shipment, ShipmentStatus } from '../entities/shipment.entity.js';
import type { OrdersContext } from '../orders-context.js';
import type { OrderAlertFilter } from '../schema/order-alert.input.js';
import { orderScope } from './order-events.js';

/**
 * The alert rows a viewer may see: HQ and services all, region managers their subtree, dealer
 * users their own dealer's.
 */
export function orderAlertScope(viewer: Viewer): FilterQuery<OrderAlert> {
  return dealerAlertScope(viewer) as FilterQuery<OrderAlert>;
}

/** Most overdue orders one scan raises alerts for (the next scan continues). */
const SCAN_LIMIT = 1000;

const orderAlerts = new AlertLifecycle<OrderAlert>({
  entity: OrderAlert,
  label: 'Order alert',
  what: 'order alert',
  entityType: 'OrderAlert',
  acknowledgeOperation: 'acknowledgeOrderAlert',
  readScope: (ctx) => orderAlertScope(ctx.requireViewer()),
  ownerOf: (alert) => ({ dealerId: alert.dealerId, regionPath: alert.regionPath }),
});

/** The open key of an order's REVIEW_OVERDUE alert (one per order, never cleared). */
const overdueKey = (order: Pick<Order, 'id'>) => `REVIEW_OVERDUE:${order.id}`;

/** The orders with an open alert of `kind`, as a subquery (a scan leaves them out in SQL). */
function openAlertOrders(em: EntityManager, kind: OrderAlertKind) {
  return columnOf(em, OrderAlert, 'orderId', { kind, openKey: { $ne: null } });
}

/** Raises the REVIEW_OVERDUE alert of an order waiting for review, with its `orders.review_overdue` event. */
function raiseReviewOverdue(tx: EntityManager, order: Order, thresholdMinutes: number, now: Date): Promise<boolean> {
  const waited = Math.floor((now.getTime() - order.updatedAt.getTime()) / 60_000);
  const id = newId('oal', now);
  const { dealerId } = order;
  return raiseAlertOnce(tx, OrderAlert, {
    row: {
      id,
      kind: OrderAlertKind.REVIEW_OVERDUE,
      orderId: order.id,
      dealerId,
      regionPath: order.dealerRegionPath,
      openKey: overdueKey(order),
      message: `Order ${order.orderNumber} has waited ${waited} minutes for review`,
      waitedMinutes: waited,
      thresholdMinutes,
      raisedAt: now,
    },
    at: now,
    event: {
      type: EventType.REVIEW_OVERDUE,
      scope: orderScope({ id: order.id, dealerId, regionPath: order.dealerRegionPath }),
      payload: { alertId: id, orderId: order.id, dealerId, waitedMinutes: waited, thresholdMinutes },
    },
  });
}

/** What a FULFILMENT_FAILED alert names: the task, its subject, the order and the refusal. */
export interface FulfilmentFailure {
  taskId: string;
  taskKind: string;
  subjectId: string;
  order: Pick<Order, 'id' | 'orderNumber' | 'dealerId' | 'dealerRegionPath'>;
  code: string;
  message: string;
}

/**
 * Raises the FULFILMENT_FAILED alert of a task a service refused (once per task), with its
 * `orders.fulfilment_failed` event for HQ only: a physical event is never compensated automatically.
 */
export function raiseFulfilmentFailed(tx: EntityManager, f: FulfilmentFailure, now = new Date()): Promise<boolean> {
  const id = newId('oal', now);
  return raiseAlertOnce(tx, OrderAlert, {
    row: {
      id,
      kind: OrderAlertKind.FULFILMENT_FAILED,
      orderId: f.order.id,
      dealerId: f.order.dealerId,
      regionPath: f.order.dealerRegionPath,
      openKey: `FULFILMENT_FAILED:${f.taskId}`,
      message: `${f.taskKind} of ${f.subjectId} (order ${f.order.orderNumber}) failed: ${f.code} ${f.message}`.slice(
        0,
        400,
      ),
      waitedMinutes: 0,
      thresholdMinutes: 0,
      raisedAt: now,
    },
    at: now,
    event: {
      type: EventType.FULFILMENT_FAILED,
      scope: { hqOnly: true },
      payload: {
        alertId: id,
        taskKind: f.taskKind,
        subjectId: f.subjectId,
        orderId: f.order.id,
        code: f.code,
        message: f.message.slice(0, 400),
      },
    },
  });
}

/** Order alerts: the list, acknowledgement, and the scan for orders waiting for review too long. */
export class OrderAlertService {
  /** One page of the alerts in the viewer's scope, newest first. */
  list(
    ctx: OrdersContext,
    args: { first?: number | null; after?: string | null; filter?: OrderAlertFilter | null },
  ): Promise<Page<OrderAlert>> {
    const where: FilterQuery<OrderAlert>[] = [];
    if (args.filter?.orderId) where.push({ orderId: args.filter.orderId });
    return orderAlerts.list(
      ctx,
      [...where, ...alertStateFilters<OrderAlert>({ acknowledged: args.filter?.acknowledged })],
      args,
    );
  }

  /** One alert; NOT_FOUND when unknown or outside the viewer's scope. */
  get(ctx: OrdersContext, id: string): Promise<OrderAlert> {
    return orderAlerts.get(ctx, id);
  }

  /**
   * Acknowledges an alert the viewer may act for (HQ, region managers, dealer admins), with its
   * audit entry; idempotent.
   */
  acknowledge(ctx: OrdersContext, id: string, now = new Date()): Promise<OrderAlert> {
    return orderAlerts.acknowledge(ctx, id, now);
  }

  /**
   * Raises REVIEW_OVERDUE for each order in PENDING_REVIEW since before `now - thresholdMinutes`
   * (its `updatedAt` is when it entered review), once per order, each with its
   * `orders.review_overdue` event in the same transaction.
   */
  async scan(root: EntityManager, thresholdMinutes: number, now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - thresholdMinutes * 60_000);
    const em = root.fork();
    // Orders with their alert open are left out in SQL: with more than the limit alerted, the oldest
    // would otherwise fill every page and a newly overdue order never be reached.
    const overdue = await em.find(
      Order,
      {
        status: OrderStatus.PENDING_REVIEW,
        updatedAt: { $lt: cutoff },
        id: { $nin: openAlertOrders(em, OrderAlertKind.REVIEW_OVERDUE) },
      },
      { orderBy: { updatedAt: 'asc' }, limit: SCAN_LIMIT },
    );
    const { raised } = await scanAlertCondition(
      root,
      {
        entity: OrderAlert,
        holding: overdue,
        keyOf: overdueKey,
        raise: (tx, order) => raiseReviewOverdue(tx, order, thresholdMinutes, now),
      },
      now,
    );
    return raised;
  }

  /**
   * Raises UNSHIPPED_OVERDUE once per approved order with a shipment still PICKING more than
   * `thresholdDays` after approval (with `orders.unshipped_overdue`), and resolves the alerts of
   * orders with nothing left to pick.
   */
  async scanUnshipped(root: EntityManager, thresholdDays: number, now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - thresholdDays * 86_400_000);
    const em = root.fork();
    const late = await em.find(
      Shipment,
      {
        status: ShipmentStatus.PICKING,
        createdAt: { $lt: cutoff },
        orderId: { $nin: openAlertOrders(em, OrderAlertKind.UNSHIPPED_OVERDUE) },
      },
      { fields: ['orderId'], orderBy: { createdAt: 'asc' }, limit: SCAN_LIMIT },
    );
    const picking = columnOf(em, Shipment, 'orderId', { status: ShipmentStatus.PICKING });
    const ids = [...new Set(late.map((s) => s.orderId))];
    const orders = ids.length
      ? await root.fork().find(Order, { id: { $in: ids }, status: { $in: [...LIVE_STATUSES] } })
      : [];
    const { raised } = await scanAlertCondition(
      root,
      {
        entity: OrderAlert,
        holding: orders,
        keyOf: unshippedKey,
        raise: (tx, order) => raiseUnshipped(tx, order, thresholdDays, now),
        clears: {
          // Only alerts whose order has nothing left to pick: a page of still-late ones would hide them.
          where: { kind: OrderAlertKind.UNSHIPPED_OVERDUE, orderId: { $nin: picking } },
          limit: SCAN_LIMIT,
          gone: async (open) => {
            const picking = await root
              .fork()
              .find(
                Shipment,
                { orderId: { $in: open.map((a) => a.orderId) }, status: ShipmentStatus.PICKING },
                { fields: ['orderId'] },
              );
            const left = new Set(picking.map((s) => s.orderId));
            return open.filter((a) => !left.has(a.orderId));
          },
        },
      },
      now,
    );
    return raised;
  }
}

/** The open key of an order's UNSHIPPED_OVERDUE alert (cleared when nothing is left to pick). */
const unshippedKey = (order: Pick<Order, 'id'>) => `UNSHIPPED_OVERDUE:${order.id}`;

/** Raises the UNSHIPPED_OVERDUE alert of an order, with its `orders.unshipped_overdue` event. */
function raiseUnshipped(tx: EntityManager, order: Order, thresholdDays: number, now: Date): Promise<boolean> {
  const approvedAt = order.approvedAt ?? order.placedAt;
  const days = Math.floor((now.getTime() - approvedAt.getTime()) / 86_400_000);
  const id = newId('oal', now);
  const { dealerId } = order;
  return raiseAlertOnce(tx, OrderAlert, {
    row: {
      id,
      kind: OrderAlertKind.UNSHIPPED_OVERDUE,
      orderId: order.id,
      dealerId,
      regionPath: order.dealerRegionPath,
      openKey: unshippedKey(order),
      message: `Order ${order.orderNumber} still has goods to ship ${days} days after approval`,
      waitedMinutes: days * 1440,
      thresholdMinutes: thresholdDays * 1440,
      raisedAt: now,
    },
    at: now,
    event: {
      type: EventType.UNSHIPPED_OVERDUE,
      scope: orderScope({ id: order.id, dealerId, regionPath: order.dealerRegionPath }),
      payload: { alertId: id, orderId: order.id, dealerId, approvedAt: approvedAt.toISOString(), days, thresholdDays },
    },
  });
}
