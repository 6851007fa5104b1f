import {
  acknowledgeOnce,
  EventType,
  ForbiddenError,
  insertOnce,
  isDealerRole,
  newestFirstPage,
  newId,
  NotFoundError,
  type Page,
  recordEvent,
  Role,
  type Viewer,
} from '@dnp/subgraph-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { OrderAlert, OrderAlertKind } from '../entities/order-alert.entity.js';
import { Order, OrderStatus } from '../entities/order.entity.js';
import type { OrdersContext } from '../orders-context.js';
import type { OrderAlertFilter } from '../schema/order-alert.input.js';
import { orderScope } from './order-events.js';

/** The alert rows a viewer may see: HQ and services all, region managers their subtree, dealer users their own dealer's. */
export function orderAlertScope(viewer: Viewer): FilterQuery<OrderAlert> {
  switch (viewer.role) {
    case Role.HQ_ADMIN:
    case Role.SERVICE:
      return {};
    case Role.REGION_MANAGER:
      if (!viewer.regionId) throw new ForbiddenError();
      return { regionPath: { $like: `%/${viewer.regionId}/%` } };
    default:
      if (!isDealerRole(viewer.role) || !viewer.dealerId) throw new ForbiddenError();
      return { dealerId: viewer.dealerId };
  }
}

/** Most overdue orders one scan raises alerts for (the next scan continues). */
const SCAN_LIMIT = 1000;

/** Order alerts: the list, acknowledgement, and the scan for orders waiting for review too long. */
export class OrderAlertService {
  /** One page of the alerts in the viewer's scope, newest first. */
  async list(
    ctx: OrdersContext,
    args: { first?: number | null; after?: string | null; filter?: OrderAlertFilter | null },
  ): Promise<Page<OrderAlert>> {
    const where: FilterQuery<OrderAlert>[] = [orderAlertScope(ctx.requireViewer())];
    if (args.filter?.orderId) where.push({ orderId: args.filter.orderId });
    if (args.filter?.acknowledged != null)
      where.push({ acknowledgedAt: args.filter.acknowledged ? { $ne: null } : null });
    return newestFirstPage(ctx.em, OrderAlert, where, args);
  }

  /** One alert; NOT_FOUND when unknown or outside the viewer's scope. */
  async get(ctx: OrdersContext, id: string): Promise<OrderAlert> {
    const alert = await ctx.em.findOne(OrderAlert, { $and: [{ id }, orderAlertScope(ctx.requireViewer())] });
    if (!alert) throw new NotFoundError('Order alert', id);
    return alert;
  }

  /** Acknowledges an alert the viewer may act for (HQ, region managers, dealer admins), with its audit entry; idempotent. */
  async acknowledge(ctx: OrdersContext, id: string, now = new Date()): Promise<OrderAlert> {
    ctx.requireRole(Role.HQ_ADMIN, Role.REGION_MANAGER, Role.DEALER_ADMIN);
    const alert = await this.get(ctx, id);
    return acknowledgeOnce(
      ctx,
      OrderAlert,
      alert,
      {
        owner: { dealerId: alert.dealerId, regionPath: alert.regionPath },
        operation: 'acknowledgeOrderAlert',
        entityType: 'OrderAlert',
        what: 'order alert',
      },
      now,
    );
  }

  /**
   * Raises REVIEW_OVERDUE for each order in PENDING_REVIEW since before `now - thresholdMinutes`
   * (its `updatedAt` is when it entered review), once per order, each with its
   * `orders.review_overdue` event in the same transaction.
   */
  async scan(root: EntityManager, thresholdMinutes: number, now = new Date()): Promise<number> {
    const em = root.fork();
    const cutoff = new Date(now.getTime() - thresholdMinutes * 60_000);
    const overdue = await em.find(
      Order,
      { status: OrderStatus.PENDING_REVIEW, updatedAt: { $lt: cutoff } },
      { orderBy: { updatedAt: 'asc' }, limit: SCAN_LIMIT },
    );
    if (!overdue.length) return 0;
    const taken = new Set(
      (
        await em.find(
          OrderAlert,
          { openKey: { $in: overdue.map((o) => `REVIEW_OVERDUE:${o.id}`) } },
          { fields: ['id', 'openKey'] },
        )
      ).map((a) => a.openKey),
    );
    let raised = 0;
    for (const order of overdue) {
      const openKey = `REVIEW_OVERDUE:${order.id}`;
      if (taken.has(openKey)) continue;
      const waited = Math.floor((now.getTime() - order.updatedAt.getTime()) / 60_000);
      const id = newId('oal', now);
      const ok = await root.fork().transactional(async (tx) => {
        const inserted = await insertOnce(
          tx,
          OrderAlert,
          {
            id,
            kind: OrderAlertKind.REVIEW_OVERDUE,
            orderId: order.id,
            dealerId: order.dealerId,
            regionPath: order.dealerRegionPath,
            openKey,
            message: `Order ${order.orderNumber} has waited ${waited} minutes for review`,
            waitedMinutes: waited,
            thresholdMinutes,
            raisedAt: now,
            acknowledgedAt: null,
            acknowledgedBy: null,
          },
          'openKey',
        );
        if (inserted) {
          recordEvent(tx, {
            type: EventType.REVIEW_OVERDUE,
            subjectId: id,
            scope: orderScope({ id: order.id, dealerId: order.dealerId, regionPath: order.dealerRegionPath }),
            occurredAt: now,
            payload: {
              alertId: id,
              orderId: order.id,
              dealerId: order.dealerId,
              waitedMinutes: waited,
              thresholdMinutes,
            },
          });
        }
        return inserted;
      });
      if (ok) raised++;
    }
    return raised;
  }
}
