import {
  assertCanActAsSeller,
  assertCanActOn,
  insertAudit,
  isDealerRole,
  newId,
  Role,
  type Viewer,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { FulfilmentTask, FulfilmentTaskKind, FulfilmentTaskStatus } from '../entities/fulfilment-task.entity.js';
import { OrderEvent, OrderEventType } from '../entities/order-event.entity.js';
import { OrderLine } from '../entities/order-line.entity.js';
import { Order, OrderStatus } from '../entities/order.entity.js';
import { ShipmentLine } from '../entities/shipment-line.entity.js';
import { NO_LOT, ShipmentLot } from '../entities/shipment-lot.entity.js';
import { SettlementStatus, Shipment, ShipmentStatus } from '../entities/shipment.entity.js';
import { fulfilment, runInline } from '../fulfilment/fulfilment-context.js';
import type { CancelRestPayload, ShipTaskPayload } from '../fulfilment/fulfilment-tasks.js';
import { partGross } from '../fulfilment/invoice-amounts.js';
import type { OrdersContext } from '../orders-context.js';
import { orderError, OrderErrorCode, type OrderErrorData } from '../saga/order-error.js';
import { eventRow, newShipment } from '../saga/saga-rows.js';
import type { ShipShipmentInput } from '../schema/shipment.input.js';
import { orderFacts, recordOrderStatusChanged } from './order-events.js';
import { checkShipInput, type ShipPlan } from './ship-check.js';
import { recordShipmentStatusChanged } from './shipment-events.js';
import { ShipmentReadService, shipmentRow } from './shipment-read.service.js';

/** What shipShipment answers. */
export interface ShipResult {
  shipment: Shipment | null;
  remainder: Shipment | null;
  order: Order | null;
  errors: OrderErrorData[];
}

/** A refusal found inside T1: the transaction rolls back and the request answers the code. */
export class ShipRefused extends Error {
  constructor(readonly error: OrderErrorData) {
    super(error.message);
  }
}

const reads = new ShipmentReadService();

/** The fulfilment task row a change inserts (PENDING, leased to the inserting process). */
export function taskRow(
  kind: FulfilmentTaskKind,
  subjectId: string,
  orderId: string,
  payload: unknown,
): FulfilmentTask {
  const now = new Date();
  return {
    id: newId('ftk', now),
    kind,
    subjectId,
    orderId,
    status: FulfilmentTaskStatus.PENDING,
    effectsDone: '',
    payload: JSON.stringify(payload),
    attempts: 0,
    lastError: null,
    leaseUntil: new Date(now.getTime() + fulfilment().runner.settings.leaseMs),
    createdAt: now,
    updatedAt: now,
    doneAt: null,
  };
}

/** The CANCEL_REST task of an order that reached SHIPPED or COMPLETED (its remainders released). */
export function cancelRestTask(order: Order): FulfilmentTask {
  const payload: CancelRestPayload = {
    orderId: order.id,
    orderNumber: order.orderNumber,
    dealerId: order.dealerId,
    dealerRegionPath: order.dealerRegionPath,
    ...(order.rebateMinor ? { rebateMinor: order.rebateMinor } : {}),
  };
  return taskRow(FulfilmentTaskKind.CANCEL_REST, order.id, order.id, payload);
}

/**
 * shipShipment (docs/design/order-to-cash.md §12.1): every check first, writing nothing; then T1,
 * the guarded claim of the shipment with the order's lines, lots, the remainder, the order's move,
 * the SHIP task, timeline, audit and events; then the task's effects inline (commit, invoice,
 * codes), finished by the resumer when they take longer.
 */
export class ShipmentService {
  /**
   * Ships a PICKING shipment in full or in part. HQ_ADMIN, or an operator of its warehouse; a
   * sub-dealer's order to its parent also the parent's dealer users (they ship from their warehouse).
   */
  async ship(ctx: OrdersContext, input: ShipShipmentInput): Promise<ShipResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.WAREHOUSE_OPERATOR, Role.DEALER_ADMIN, Role.DEALER_STAFF);
    const shipment = await reads.findOne(ctx, input.shipmentId);
    if (isDealerRole(viewer.role)) assertCanActAsSeller(ctx.scope, shipmentRow(shipment), 'shipment');
    else assertCanActOn(ctx.scope, shipmentRow(shipment), 'shipment');
    const em = ctx.em.fork();
    const order = await em.findOneOrFail(Order, { id: shipment.orderId });
    const lines = await em.find(ShipmentLine, { shipmentId: shipment.id }, { orderBy: { orderLineId: 'asc' } });
    const orderLines = await em.find(OrderLine, { id: { $in: lines.map((l) => l.orderLineId) } });
    let current = shipment;
    let checked = await checkShipInput(input, { shipment, order, lines, orderLines }, fulfilment().services);
    if (checked.errors[0]?.code === OrderErrorCode.ORDER_NOT_SHIPPABLE) {
      // A rival may have shipped this shipment between its read and the order's: the shipment as it is
      // now decides, so the race's loser hears SHIPMENT_ALREADY_SHIPPED rather than that the order moved on.
      current = (await em.findOne(Shipment, { id: shipment.id })) ?? shipment;
      checked = await checkShipInput(input, { shipment: current, order, lines, orderLines }, fulfilment().services);
    }
    if (checked.errors.length) {
      const seen = checked.errors[0]!.code === OrderErrorCode.SHIPMENT_ALREADY_SHIPPED;
      return { shipment: seen ? current : null, remainder: null, order: seen ? order : null, errors: checked.errors };
    }
    let written: { remainderId: string | null; tasks: string[] };
    try {
      written = await ctx.em.fork().transactional((tx) => this.claim(tx, ctx, viewer, checked.plan!));
    } catch (err) {
      if (!(err instanceof ShipRefused)) throw err;
      const now = await ctx.em.fork().findOne(Shipment, { id: shipment.id });
      const seen = err.error.code === OrderErrorCode.SHIPMENT_ALREADY_SHIPPED;
      return { shipment: seen ? now : null, remainder: null, order: null, errors: [err.error] };
    }
    for (const id of written.tasks) await runInline(ctx.em, id);
    const fresh = ctx.em.fork();
    return {
      shipment: await fresh.findOne(Shipment, { id: shipment.id }),
      remainder: written.remainderId ? await fresh.findOne(Shipment, { id: written.remainderId }) : null,
      order: await fresh.findOne(Order, { id: order.id }),
      errors: [],
    };
  }

  /** T1: the guarded claim and everything that ships with it; throws ShipRefused to roll back. */
  private async claim(
    tx: EntityManager,
    ctx: OrdersContext,
    viewer: Viewer,
    plan: ShipPlan,
  ): Promise<{ remainderId: string | null; tasks: string[] }> {
    const { shipment } = plan;
    const now = new Date();
    // The order row first (every shipper, receipt and cancel of the order takes it in this order).
    const locked = await tx.nativeUpdate(
      Order,
      { id: shipment.orderId, status: { $in: [OrderStatus.APPROVED, OrderStatus.PARTIALLY_SHIPPED] } },
      { updatedAt: now },
    );
    if (locked !== 1) {
      // A rival shipped this very shipment (and moved the order on): that is the answer.
      const now = await tx.findOne(Shipment, { id: shipment.id }, { fields: ['status'] });
      if (now?.status !== ShipmentStatus.PICKING) throw new ShipRefused(await this.claimRefusal(tx, shipment.id));
      throw new ShipRefused(orderError(OrderErrorCode.ORDER_NOT_SHIPPABLE, 'The order is no longer shippable'));
    }
    const claimed = await tx.nativeUpdate(
      Shipment,
      { id: shipment.id, status: ShipmentStatus.PICKING, version: shipment.version },
      {
        status: ShipmentStatus.SHIPPED,
        version: shipment.version + 1,
        carrier: plan.carrier,
        trackingNumber: plan.trackingNumber,
        shippedAt: now,
        shippedByUserId: viewer.userId,
        shippedByName: (viewer.displayName ?? viewer.userId).slice(0, 120),
        settlement: SettlementStatus.PENDING,
        updatedAt: now,
      },
    );
    if (claimed !== 1) throw new ShipRefused(await this.claimRefusal(tx, shipment.id));
    const order = await tx.findOneOrFail(Order, { id: shipment.orderId });
    const values = await this.shipLines(tx, plan);
    const remainder = await this.splitRest(tx, plan, order, now);
    const picking = await tx.count(Shipment, { orderId: order.id, status: ShipmentStatus.PICKING });
    const to = picking > 0 ? OrderStatus.PARTIALLY_SHIPPED : OrderStatus.SHIPPED;
    await this.moveOrder(tx, order, to, now);
    const units = plan.lines.reduce((s, l) => s + l.quantity, 0);
    const shipped = { ...shipment, carrier: plan.carrier, trackingNumber: plan.trackingNumber };
    recordShipmentStatusChanged(tx, shipped, ShipmentStatus.PICKING, ShipmentStatus.SHIPPED, units, now);
    const args = {
      shipmentId: shipment.id,
      shipmentNumber: shipment.number,
      carrier: plan.carrier,
      trackingNumber: plan.trackingNumber,
      units,
    };
    const actor = { userId: viewer.userId, name: viewer.displayName ?? viewer.userId };
    const type = to === OrderStatus.SHIPPED ? OrderEventType.SHIPPED : OrderEventType.PARTIALLY_SHIPPED;
    const moved = to !== order.status;
    await tx.insert(
      OrderEvent,
      eventRow(order.id, type, moved ? order.status : null, moved ? to : null, actor, plan.note, now, {
        code: 'SHIPMENT_SHIPPED',
        args,
      }),
    );
    const ship = taskRow(FulfilmentTaskKind.SHIP, shipment.id, order.id, this.shipPayload(plan, order, values, now));
    const tasks = [ship, ...(to === OrderStatus.SHIPPED ? [cancelRestTask(order)] : [])];
    await tx.insertMany(FulfilmentTask, tasks);
    await insertAudit(tx, ctx, {
      operation: 'shipShipment',
      action: 'SHIP',
      entityType: 'Shipment',
      entityId: shipment.id,
      before: { status: ShipmentStatus.PICKING },
      after: { status: ShipmentStatus.SHIPPED, ...args, remainderId: remainder?.id ?? null, orderStatus: to },
    });
    return { remainderId: remainder?.id ?? null, tasks: tasks.map((t) => t.id) };
  }

  /** Why the guarded claim changed no row: the status the shipment is in now. */
  private async claimRefusal(tx: EntityManager, id: string): Promise<OrderErrorData> {
    const now = await tx.findOne(Shipment, { id }, { fields: ['status'] });
    return now?.status === ShipmentStatus.CANCELLED
      ? orderError(OrderErrorCode.SHIPMENT_CANCELLED, 'The shipment was cancelled')
      : orderError(OrderErrorCode.SHIPMENT_ALREADY_SHIPPED, 'The shipment was shipped already');
  }

  /**
   * The order lines' cumulative columns (guarded on the values read under the order row lock),
   * the shipment's lines as shipped (value by the parts rule; lines not shipped leave it) and its
   * lots. Answers each shipped line's gross value.
   */
  private async shipLines(tx: EntityManager, plan: ShipPlan): Promise<Map<string, number>> {
    const orderLines = await tx.find(OrderLine, { id: { $in: plan.lines.map((l) => l.orderLineId) } });
    const byId = new Map(orderLines.map((l) => [l.id, l]));
    const values = new Map<string, number>();
    for (const part of plan.lines) {
      const line = byId.get(part.orderLineId)!;
      if (line.shippedQuantity + part.quantity > line.quantity)
        throw new ShipRefused(orderError(OrderErrorCode.QUANTITY_EXCEEDS_RESERVED, `${line.sku}: more than ordered`));
      const gross = partGross(line, part.quantity);
      values.set(line.id, gross);
      const n = await tx.nativeUpdate(
        OrderLine,
        { id: line.id, shippedQuantity: line.shippedQuantity },
        { shippedQuantity: line.shippedQuantity + part.quantity, shippedGrossMinor: line.shippedGrossMinor + gross },
      );
      if (n !== 1) throw new ShipRefused(orderError(OrderErrorCode.ORDER_NOT_SHIPPABLE, 'The order changed meanwhile'));
    }
    for (const line of plan.shipmentLines) {
      const q = plan.lines.find((l) => l.orderLineId === line.orderLineId)?.quantity ?? 0;
      const where = { shipmentId: line.shipmentId, orderLineId: line.orderLineId };
      if (q === 0) await tx.nativeDelete(ShipmentLine, where);
      else await tx.nativeUpdate(ShipmentLine, where, { quantity: q, grossMinor: values.get(line.orderLineId)! });
    }
    if (plan.takes.length) await tx.insertMany(ShipmentLot, this.lotRows(plan));
    return values;
  }

  /** shipment_lot rows: the takes merged per (order line, lot). */
  private lotRows(plan: ShipPlan): ShipmentLot[] {
    const rows = new Map<string, ShipmentLot>();
    for (const t of plan.takes) {
      const key = `${t.orderLineId}|${t.lotId ?? NO_LOT}`;
      const row = rows.get(key);
      if (row) row.quantity += t.quantity;
      else
        rows.set(key, {
          shipmentId: plan.shipment.id,
          orderLineId: t.orderLineId,
          lotId: t.lotId ?? NO_LOT,
          productId: t.productId,
          lotNumber: t.lotNumber,
          expiresAt: t.expiresAt ? new Date(t.expiresAt) : null,
          quantity: t.quantity,
          receivedQuantity: null,
          damagedQuantity: null,
        });
    }
    return [...rows.values()];
  }

  /** The unshipped rest as a new PICKING shipment (next seq, split_from_id), or null when all shipped. */
  private async splitRest(tx: EntityManager, plan: ShipPlan, order: Order, now: Date): Promise<Shipment | null> {
    const rest = plan.shipmentLines
      .map((l) => ({
        line: l,
        left: l.quantity - (plan.lines.find((p) => p.orderLineId === l.orderLineId)?.quantity ?? 0),
      }))
      .filter((r) => r.left > 0);
    if (!rest.length) return null;
    const { shipment } = plan;
    const last = await tx.find(
      Shipment,
      { orderId: order.id },
      { fields: ['seq'], orderBy: { seq: 'desc' }, limit: 1 },
    );
    const seq = (last[0]?.seq ?? shipment.seq) + 1;
    const remainder = newShipment({
      orderId: order.id,
      warehouseId: shipment.warehouseId,
      dealerId: shipment.dealerId,
      dealerRegionPath: shipment.dealerRegionPath,
      seq,
      number: `${order.orderNumber}-${seq}`,
      splitFromId: shipment.id,
      deliveryWarehouseId: shipment.deliveryWarehouseId,
      sellerDealerId: shipment.sellerDealerId,
      consignee: { name: shipment.consigneeName, contact: shipment.consigneeContact, phone: shipment.consigneePhone },
      at: now,
    });
    remainder.createdAt = shipment.createdAt ?? now;
    await tx.insert(Shipment, remainder);
    await tx.insertMany(
      ShipmentLine,
      rest.map(({ line, left }) => ({
        shipmentId: remainder.id,
        orderLineId: line.orderLineId,
        quantity: left,
        productId: line.productId ?? null,
      })) as ShipmentLine[],
    );
    const units = rest.reduce((s, r) => s + r.left, 0);
    recordShipmentStatusChanged(tx, remainder, null, ShipmentStatus.PICKING, units, now);
    return remainder;
  }

  /** The order's move to `to`, guarded on the status read under the lock; none when it stays. */
  private async moveOrder(tx: EntityManager, order: Order, to: OrderStatus, now: Date): Promise<void> {
    if (order.status === to) return;
    const n = await tx.nativeUpdate(
      Order,
      { id: order.id, status: order.status },
      { status: to, firstShippedAt: order.firstShippedAt ?? now, updatedAt: now },
    );
    if (n !== 1) throw new ShipRefused(orderError(OrderErrorCode.ORDER_NOT_SHIPPABLE, 'The order changed meanwhile'));
    recordOrderStatusChanged(tx, orderFacts(order), order.status, to, now);
  }

  /** What the SHIP task sends: the commit's lots, the invoice's lines (parts rule), the codes. */
  private shipPayload(plan: ShipPlan, order: Order, values: Map<string, number>, now: Date): ShipTaskPayload {
    const { shipment } = plan;
    const parts = new Map<string, { productId: string; warehouseId: string; lotId: string | null; quantity: number }>();
    for (const t of plan.takes) {
      const key = `${t.productId}|${t.lotId ?? ''}`;
      const part = parts.get(key) ?? {
        productId: t.productId,
        warehouseId: shipment.warehouseId,
        lotId: t.lotId,
        quantity: 0,
      };
      part.quantity += t.quantity;
      parts.set(key, part);
    }
    return {
      orderId: order.id,
      orderNumber: order.orderNumber,
      dealerId: order.dealerId,
      dealerRegionPath: order.dealerRegionPath,
      shipmentId: shipment.id,
      shipmentNumber: shipment.number ?? shipment.id,
      warehouseId: shipment.warehouseId,
      shippedAt: now.toISOString(),
      authorizedRegionIds: plan.authorizedRegionIds,
      parts: [...parts.values()],
      invoiceLines: plan.lines.map((p) => {
        const line = plan.orderLines.get(p.orderLineId)!;
        return {
          orderLineId: line.id,
          productId: line.productId,
          sku: line.sku,
          productName: line.productName,
          quantity: p.quantity,
          isGift: line.isGift,
          taxClass: line.taxClass,
          grossMinor: String(values.get(line.id) ?? 0),
        };
      }),
      codes: plan.codes,
      ...(order.sellerDealerId ? { sellerDealerId: order.sellerDealerId } : {}),
    };
  }
}
