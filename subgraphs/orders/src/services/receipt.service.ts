import { assertCanActOn, insertAudit, Role, type RequestContext, type Viewer } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { FulfilmentTask, FulfilmentTaskKind } from '../entities/fulfilment-task.entity.js';
import { OrderEvent, OrderEventType } from '../entities/order-event.entity.js';
import { Order, OrderStatus } from '../entities/order.entity.js';
import { ShipmentLine } from '../entities/shipment-line.entity.js';
import { ShipmentLot } from '../entities/shipment-lot.entity.js';
import { Shipment, ShipmentStatus } from '../entities/shipment.entity.js';
import { runInline } from '../fulfilment/fulfilment-context.js';
import type { ReceiveLineInput } from '../fulfilment/fulfilment-services.js';
import type { ReceiptTaskPayload } from '../fulfilment/fulfilment-tasks.js';
import type { OrdersContext } from '../orders-context.js';
import { lineError, orderError, OrderErrorCode, type OrderErrorData } from '../saga/order-error.js';
import { eventRow } from '../saga/saga-rows.js';
import type { ConfirmReceiptInput } from '../schema/shipment.input.js';
import { discrepancyClaims, type DiscrepancyLine } from './discrepancy-claim.js';
import { orderFacts, recordOrderStatusChanged } from './order-events.js';
import { recordShipmentStatusChanged } from './shipment-events.js';
import { ShipmentReadService, shipmentRow } from './shipment-read.service.js';
import { ShipRefused, taskRow } from './shipment.service.js';

/** What confirmReceipt answers. */
export interface ReceiptResult {
  shipment: Shipment | null;
  order: Order | null;
  errors: OrderErrorData[];
}

/** Display name of the system when it confirms a receipt (自动签收). */
export const AUTO_RECEIPT_ACTOR = '自动签收';
const MAX_COMMENT = 500;
const reads = new ShipmentReadService();

/** Per order line: units received and, of them, damaged. */
type Received = Map<string, { received: number; damaged: number }>;

/** Who signs: a dealer user, or the system. */
interface Signer {
  userId: string | null;
  name: string;
  audit: Pick<RequestContext<object>, 'viewer' | 'requestId'>;
}

/**
 * confirmReceipt (docs/design/order-to-cash.md §12.2): every check first, writing nothing; then
 * T1, the guarded SHIPPED → DELIVERED with received and damaged units per line and lot (good
 * units first expiry first, then damaged, short last), the discrepancy claim, the order's move to
 * COMPLETED with its last delivery, the RECEIPT task (goods into the dealer's warehouse, codes
 * received), timeline, audit and events.
 */
export class ReceiptService {
  /** A dealer user signs for a shipment of its own dealer. */
  async confirm(ctx: OrdersContext, input: ConfirmReceiptInput): Promise<ReceiptResult> {
    const viewer = ctx.requireRole(Role.DEALER_ADMIN, Role.DEALER_STAFF);
    const shipment = await reads.findOne(ctx, input.shipmentId);
    assertCanActOn(ctx.scope, shipmentRow(shipment), 'shipment');
    const lines = await ctx.em.fork().find(ShipmentLine, { shipmentId: shipment.id });
    const checked = this.check(shipment, lines, input);
    if (checked.errors.length) return { shipment: null, order: null, errors: checked.errors };
    const signer = { userId: viewer.userId, name: viewer.displayName ?? viewer.userId, audit: ctx };
    return this.deliver(ctx.em, shipment, lines, checked.received!, input.comment?.trim() || null, signer);
  }

  /** The system confirms a SHIPPED shipment in full (auto receipt after AUTO_RECEIPT_DAYS). */
  async confirmAsSystem(root: EntityManager, shipment: Shipment): Promise<ReceiptResult> {
    const lines = await root.fork().find(ShipmentLine, { shipmentId: shipment.id });
    const received: Received = new Map(lines.map((l) => [l.orderLineId, { received: l.quantity, damaged: 0 }]));
    const viewer: Viewer = { userId: 'system:auto-receipt', role: Role.SERVICE, displayName: AUTO_RECEIPT_ACTOR };
    const signer = {
      userId: null,
      name: AUTO_RECEIPT_ACTOR,
      audit: { viewer, requestId: `auto-receipt-${shipment.id}` },
    };
    return this.deliver(root, shipment, lines, received, null, signer);
  }

  /** The refusals of §11.1, in order; or what was received per line (omitted lines: in full). */
  private check(shipment: Shipment, lines: ShipmentLine[], input: ConfirmReceiptInput) {
    const fail = (e: OrderErrorData) => ({ errors: [e], received: undefined });
    if (shipment.status === ShipmentStatus.DELIVERED)
      return fail(orderError(OrderErrorCode.SHIPMENT_ALREADY_DELIVERED, 'The shipment was confirmed already'));
    if (shipment.status !== ShipmentStatus.SHIPPED)
      return fail(orderError(OrderErrorCode.SHIPMENT_NOT_SHIPPED, `The shipment is ${shipment.status}, not SHIPPED`));
    if (input.comment != null && input.comment.length > MAX_COMMENT)
      return fail(
        orderError(OrderErrorCode.COMMENT_TOO_LONG, `comment is at most ${MAX_COMMENT} characters`, 'comment'),
      );
    const own = new Map(lines.map((l) => [l.orderLineId, l]));
    const received: Received = new Map(lines.map((l) => [l.orderLineId, { received: l.quantity, damaged: 0 }]));
    const errors: OrderErrorData[] = [];
    const seen = new Set<string>();
    (input.lines ?? []).forEach((l, i) => {
      const line = own.get(l.orderLineId);
      const damaged = l.damagedQuantity ?? 0;
      if (!line || seen.has(l.orderLineId))
        errors.push(
          lineError(OrderErrorCode.LINE_NOT_IN_SHIPMENT, `${l.orderLineId} is not (again) a shipped line`, i),
        );
      else if (![l.receivedQuantity, damaged].every((n) => Number.isInteger(n) && n >= 0))
        errors.push(lineError(OrderErrorCode.QUANTITY_INVALID, 'quantities are whole numbers from 0', i));
      else if (l.receivedQuantity > line.quantity)
        errors.push(lineError(OrderErrorCode.RECEIPT_EXCEEDS_SHIPPED, `${line.quantity} units were shipped`, i));
      else if (damaged > l.receivedQuantity)
        errors.push(lineError(OrderErrorCode.DAMAGED_EXCEEDS_RECEIVED, 'damaged units are part of the received', i));
      else received.set(l.orderLineId, { received: l.receivedQuantity, damaged });
      seen.add(l.orderLineId);
    });
    return errors.length ? { errors, received: undefined } : { errors: [], received };
  }

  private async deliver(
    root: EntityManager,
    shipment: Shipment,
    lines: ShipmentLine[],
    received: Received,
    comment: string | null,
    signer: Signer,
  ): Promise<ReceiptResult> {
    let taskId: string;
    try {
      taskId = await root.fork().transactional((tx) => this.claim(tx, shipment, lines, received, comment, signer));
    } catch (err) {
      if (!(err instanceof ShipRefused)) throw err;
      return { shipment: null, order: null, errors: [err.error] };
    }
    await runInline(root, taskId);
    const fresh = root.fork();
    return {
      shipment: await fresh.findOne(Shipment, { id: shipment.id }),
      order: await fresh.findOne(Order, { id: shipment.orderId }),
      errors: [],
    };
  }

  /** T1 of a receipt; answers the RECEIPT task's id. */
  private async claim(
    tx: EntityManager,
    shipment: Shipment,
    lines: ShipmentLine[],
    received: Received,
    comment: string | null,
    signer: Signer,
  ): Promise<string> {
    const now = new Date();
    const open = [OrderStatus.PARTIALLY_SHIPPED, OrderStatus.SHIPPED];
    const locked = await tx.nativeUpdate(Order, { id: shipment.orderId, status: { $in: open } }, { updatedAt: now });
    if (locked !== 1)
      throw new ShipRefused(orderError(OrderErrorCode.SHIPMENT_NOT_SHIPPED, 'The order is not shipped'));
    const claimed = await tx.nativeUpdate(
      Shipment,
      { id: shipment.id, status: ShipmentStatus.SHIPPED, version: shipment.version },
      {
        status: ShipmentStatus.DELIVERED,
        version: shipment.version + 1,
        deliveredAt: now,
        receivedByUserId: signer.userId,
        receiptComment: comment,
        updatedAt: now,
      },
    );
    if (claimed !== 1)
      throw new ShipRefused(
        orderError(OrderErrorCode.SHIPMENT_ALREADY_DELIVERED, 'The shipment was confirmed already'),
      );
    for (const line of lines) {
      const r = received.get(line.orderLineId)!;
      await tx.nativeUpdate(
        ShipmentLine,
        { shipmentId: shipment.id, orderLineId: line.orderLineId },
        { receivedQuantity: r.received, damagedQuantity: r.damaged },
      );
    }
    const goods = await this.splitLots(tx, shipment, lines, received);
    const discrepancies = await this.claimDiscrepancies(tx, shipment, lines, received, signer);
    const order = await tx.findOneOrFail(Order, { id: shipment.orderId });
    const completed = await this.completeIfLast(tx, order, now);
    const units = lines.reduce((s, l) => s + l.quantity, 0);
    recordShipmentStatusChanged(tx, shipment, ShipmentStatus.SHIPPED, ShipmentStatus.DELIVERED, units, now);
    const code = discrepancies.length ? 'RECEIPT_DISCREPANCY' : 'RECEIPT_CONFIRMED';
    const args = { shipmentId: shipment.id, shipmentNumber: shipment.number, discrepancies: discrepancies.length };
    await tx.insert(
      OrderEvent,
      eventRow(
        order.id,
        completed ? OrderEventType.COMPLETED : OrderEventType.RECEIVED,
        completed ? order.status : null,
        completed ? OrderStatus.COMPLETED : null,
        { userId: signer.userId, name: signer.name },
        comment,
        now,
        { code, args },
      ),
    );
    const payload: ReceiptTaskPayload = {
      orderId: order.id,
      orderNumber: order.orderNumber,
      dealerId: order.dealerId,
      dealerRegionPath: order.dealerRegionPath,
      shipmentId: shipment.id,
      shipmentNumber: shipment.number ?? shipment.id,
      goods,
    };
    const task = taskRow(FulfilmentTaskKind.RECEIPT, shipment.id, order.id, payload);
    await tx.insert(FulfilmentTask, task);
    await insertAudit(tx, signer.audit, {
      operation: 'confirmReceipt',
      action: 'RECEIVE',
      entityType: 'Shipment',
      entityId: shipment.id,
      before: { status: ShipmentStatus.SHIPPED },
      after: { status: ShipmentStatus.DELIVERED, lines: Object.fromEntries(received), comment },
    });
    return task.id;
  }

  /** The lines with short or damaged units, reported to the discrepancy claims (P5 opens the return request). */
  private async claimDiscrepancies(
    tx: EntityManager,
    shipment: Shipment,
    lines: ShipmentLine[],
    received: Received,
    signer: Signer,
  ): Promise<DiscrepancyLine[]> {
    const discrepancies: DiscrepancyLine[] = lines
      .map((l) => ({
        orderLineId: l.orderLineId,
        productId: l.productId ?? '',
        shortQuantity: l.quantity - received.get(l.orderLineId)!.received,
        damagedQuantity: received.get(l.orderLineId)!.damaged,
      }))
      .filter((d) => d.shortQuantity > 0 || d.damagedQuantity > 0);
    if (discrepancies.length)
      await discrepancyClaims().open(tx, {
        shipmentId: shipment.id,
        orderId: shipment.orderId,
        dealerId: shipment.dealerId,
        dealerRegionPath: shipment.dealerRegionPath,
        userId: signer.userId,
        lines: discrepancies,
      });
    return discrepancies;
  }

  /**
   * Received and damaged units per lot (good units first, first expiry first; then damaged; short
   * last); answers the goods the dealer's warehouse receives (damaged ones quarantined).
   */
  private async splitLots(
    tx: EntityManager,
    shipment: Shipment,
    lines: ShipmentLine[],
    received: Received,
  ): Promise<ReceiveLineInput[]> {
    const lots = await tx.find(ShipmentLot, { shipmentId: shipment.id });
    const goods: ReceiveLineInput[] = [];
    for (const line of lines) {
      const r = received.get(line.orderLineId)!;
      const own = lots
        .filter((l) => l.orderLineId === line.orderLineId)
        .sort((a, b) => (a.expiresAt?.getTime() ?? Infinity) - (b.expiresAt?.getTime() ?? Infinity));
      if (!own.length) {
        // Shipped before lots were recorded: the line as a whole.
        if (r.received - r.damaged > 0)
          goods.push({
            productId: line.productId ?? '',
            lotNumber: null,
            expiresAt: null,
            quantity: r.received - r.damaged,
            quarantined: false,
          });
        if (r.damaged > 0)
          goods.push({
            productId: line.productId ?? '',
            lotNumber: null,
            expiresAt: null,
            quantity: r.damaged,
            quarantined: true,
          });
        continue;
      }
      let good = r.received - r.damaged;
      let damaged = r.damaged;
      for (const lot of own) {
        const g = Math.min(good, lot.quantity);
        const d = Math.min(damaged, lot.quantity - g);
        good -= g;
        damaged -= d;
        await tx.nativeUpdate(
          ShipmentLot,
          { shipmentId: lot.shipmentId, orderLineId: lot.orderLineId, lotId: lot.lotId },
          { receivedQuantity: g + d, damagedQuantity: d },
        );
        const facts = {
          productId: lot.productId,
          lotNumber: lot.lotNumber,
          expiresAt: lot.expiresAt?.toISOString() ?? null,
        };
        if (g > 0) goods.push({ ...facts, quantity: g, quarantined: false });
        if (d > 0) goods.push({ ...facts, quantity: d, quarantined: true });
      }
    }
    return goods;
  }

  /** COMPLETED when nothing is left to pick and every shipped part is delivered (this one now is). */
  private async completeIfLast(tx: EntityManager, order: Order, now: Date): Promise<boolean> {
    if (order.status !== OrderStatus.SHIPPED) return false;
    const open = await tx.count(Shipment, {
      orderId: order.id,
      status: { $in: [ShipmentStatus.PICKING, ShipmentStatus.SHIPPED] },
    });
    if (open > 0) return false;
    const n = await tx.nativeUpdate(
      Order,
      { id: order.id, status: OrderStatus.SHIPPED },
      { status: OrderStatus.COMPLETED, completedAt: now, updatedAt: now },
    );
    if (n !== 1) throw new ShipRefused(orderError(OrderErrorCode.SHIPMENT_NOT_SHIPPED, 'The order changed meanwhile'));
    recordOrderStatusChanged(tx, orderFacts(order), OrderStatus.SHIPPED, OrderStatus.COMPLETED, now);
    return true;
  }

  /**
   * Confirms in full, as the system (自动签收), every shipment SHIPPED more than `days` ago (0 =
   * never); answers how many it confirmed. A shipment the dealer confirmed meanwhile is skipped.
   */
  async autoConfirm(root: EntityManager, days: number, now = new Date()): Promise<number> {
    if (days <= 0) return 0;
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    const due = await root
      .fork()
      .find(
        Shipment,
        { status: ShipmentStatus.SHIPPED, shippedAt: { $lt: cutoff } },
        { orderBy: { shippedAt: 'asc' }, limit: 200 },
      );
    let confirmed = 0;
    for (const shipment of due) if (!(await this.confirmAsSystem(root, shipment)).errors.length) confirmed++;
    return confirmed;
  }
}
