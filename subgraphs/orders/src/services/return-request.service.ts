import {
  addDays,
  businessDate,
  domainError,
  ForbiddenError,
  insertAudit,
  newId,
  Role,
  type DomainError,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { config } from '../config.js';
import { FulfilmentTask, FulfilmentTaskKind } from '../entities/fulfilment-task.entity.js';
import type { Order } from '../entities/order.entity.js';
import { OrderLine } from '../entities/order-line.entity.js';
import { ReturnLine, ReturnLineKind } from '../entities/return-line.entity.js';
import { ReturnReason, ReturnRequest, ReturnSource, ReturnStatus } from '../entities/return-request.entity.js';
import { ShipmentLine } from '../entities/shipment-line.entity.js';
import { ShipmentLot } from '../entities/shipment-lot.entity.js';
import { Shipment, ShipmentStatus } from '../entities/shipment.entity.js';
import { insertReturnTask, type TakeBackPayload } from '../fulfilment/tasks/return-tasks.js';
import { returnServices } from '../fulfilment/tasks/return-services.js';
import type { OrdersContext } from '../orders-context.js';
import type { RequestReturnInput } from '../schema/return.input.js';
import { recordReturnStatusChanged } from './return-events.js';
import { nextReturnNumber } from './return-number.js';
import { canChange } from './order-scope.js';
import { OrderService } from './order.service.js';
import { guardReturned, lineKey, ReturnRefusal } from './return-guard.js';
import { runInline } from '../fulfilment/fulfilment-context.js';

/** What requestReturn, reviewReturn and receiveReturn answer. */
export interface ReturnResult {
  returnRequest: ReturnRequest | null;
  errors: DomainError[];
}

/** A line checked and placed: the shipment line it draws on and the lot it names. */
interface PlannedLine {
  shipment: Shipment;
  line: ShipmentLine;
  orderLine: OrderLine;
  lot: ShipmentLot | null;
  quantity: number;
  codes: string[];
}

const MAX_LINES = 200;
const STOCK_SHORT = 'DEALER_STOCK_INSUFFICIENT';
const MAX_CODES = 500;
const MAX_COMMENT = 500;
const KEY = /^[\x21-\x7e]{1,80}$/;
const orders = new OrderService();
const refused = (code: string, message: string, field: string | null = null): ReturnResult => ({
  returnRequest: null,
  errors: [domainError(code, message, field)],
});

/**
 * A dealer's return of delivered goods (docs/design/order-to-cash.md §12.6.1): lines of DELIVERED
 * shipments within RETURN_WINDOW_DAYS, codes the dealer owns; the guarded `returned_quantity` makes
 * over-returning impossible also under concurrent requests. Every refusal writes nothing.
 */
export class ReturnRequestService {
  /** requestReturn: a dealer user acting for the order's dealer. */
  async request(ctx: OrdersContext, input: RequestReturnInput): Promise<ReturnResult> {
    ctx.requireRole(Role.DEALER_ADMIN, Role.DEALER_STAFF);
    const invalid = this.checkInput(input);
    if (invalid) return { returnRequest: null, errors: [invalid] };
    const order = await orders.findOne(ctx, input.orderId);
    if (!canChange(ctx.scope, order)) throw new ForbiddenError("A sub-dealer's order is read-only for you");
    const replay = await this.replay(ctx.em.fork(), order, input);
    if (replay) return replay;
    const planned = await this.plan(ctx.em.fork(), order, input);
    if ('code' in planned) return { returnRequest: null, errors: [planned] };
    const codeError = await this.checkCodes(order, planned);
    if (codeError) return { returnRequest: null, errors: [codeError] };
    const now = new Date();
    const stockError = await this.checkDealerStock(ctx.em.fork(), order, input, planned, now);
    if (stockError) return { returnRequest: null, errors: [stockError] };
    const number = await nextReturnNumber(ctx.em.fork(), now);
    try {
      const { id, taskId } = await ctx.em
        .fork()
        .transactional((tx) => this.write(tx, ctx, order, input, planned, number, now));
      if (taskId) await runInline(ctx.em, taskId);
      const ret = await ctx.em.fork().findOne(ReturnRequest, { id });
      // Stock taken since the check: the take back found too little and rejected the return (guard units back).
      if (ret?.status === ReturnStatus.REJECTED && ret.reviewComment?.startsWith(STOCK_SHORT))
        return { returnRequest: ret, errors: [domainError(STOCK_SHORT, ret.reviewComment, 'lines')] };
      return { returnRequest: ret, errors: [] };
    } catch (err) {
      if (err instanceof ReturnRefusal) return { returnRequest: null, errors: [err.error] };
      // A concurrent twin with the same key committed first: answer it like a replay.
      const twin = await this.replay(ctx.em.fork(), order, input);
      if (twin) return twin;
      throw err;
    }
  }

  /** Shape checks that need no reads. */
  private checkInput(input: RequestReturnInput): DomainError | null {
    if (!KEY.test(input.idempotencyKey))
      return domainError('BAD_USER_INPUT', 'idempotencyKey is 1 to 80 printable characters', 'idempotencyKey');
    if (input.comment != null && input.comment.length > MAX_COMMENT)
      return domainError('COMMENT_TOO_LONG', `comment is at most ${MAX_COMMENT} characters`, 'comment');
    if (input.reason === ReturnReason.OTHER && !input.comment?.trim())
      return domainError('COMMENT_REQUIRED', 'Say why when the reason is OTHER', 'comment');
    if (!input.lines.length || input.lines.length > MAX_LINES)
      return domainError('QUANTITY_INVALID', `A return has 1 to ${MAX_LINES} lines`, 'lines');
    for (const [i, l] of input.lines.entries()) {
      if (!Number.isInteger(l.quantity) || l.quantity < 1 || l.quantity > 100_000)
        return domainError('QUANTITY_INVALID', 'A quantity is a whole number from 1', `lines[${i}].quantity`);
      if ((l.serialCodes?.length ?? 0) > MAX_CODES)
        return domainError('QUANTITY_INVALID', `At most ${MAX_CODES} codes per line`, `lines[${i}].serialCodes`);
    }
    return null;
  }

  /** The stored request of this key: itself again when it asked the same, IDEMPOTENCY_KEY_REUSED otherwise. */
  private async replay(em: EntityManager, order: Order, input: RequestReturnInput): Promise<ReturnResult | null> {
    const stored = await em.findOne(ReturnRequest, { dealerId: order.dealerId, idempotencyKey: input.idempotencyKey });
    if (!stored) return null;
    const lines = await em.find(ReturnLine, { returnId: stored.id }, { orderBy: { lineNo: 'asc' } });
    const same =
      stored.orderId === input.orderId &&
      lines.length === input.lines.length &&
      lines.every(
        (l, i) =>
          l.shipmentId === input.lines[i]!.shipmentId &&
          l.orderLineId === input.lines[i]!.orderLineId &&
          l.requestedQuantity === input.lines[i]!.quantity,
      );
    if (!same) return refused('IDEMPOTENCY_KEY_REUSED', 'This key was used for another return', 'idempotencyKey');
    return { returnRequest: stored, errors: [] };
  }

  /** Reads the order's delivered shipment lines and checks each requested line against them. */
  private async plan(em: EntityManager, order: Order, input: RequestReturnInput): Promise<PlannedLine[] | DomainError> {
    const shipments = await em.find(Shipment, { orderId: order.id, status: ShipmentStatus.DELIVERED });
    if (!shipments.length) return domainError('ORDER_NOT_DELIVERED', 'Nothing of this order was delivered yet');
    const ids = shipments.map((s) => s.id);
    const [lines, lots, orderLines] = await Promise.all([
      em.find(ShipmentLine, { shipmentId: { $in: ids } }),
      em.find(ShipmentLot, { shipmentId: { $in: ids } }),
      em.find(OrderLine, { orderId: order.id }),
    ]);
    const today = businessDate(new Date(), config.BUSINESS_TIME_ZONE);
    const asked = new Map<string, number>();
    const planned: PlannedLine[] = [];
    for (const [i, l] of input.lines.entries()) {
      const shipment = shipments.find((s) => s.id === l.shipmentId);
      const line = lines.find((x) => x.shipmentId === l.shipmentId && x.orderLineId === l.orderLineId);
      const orderLine = orderLines.find((x) => x.id === l.orderLineId);
      if (!shipment || !line || !orderLine)
        return domainError('LINE_NOT_DELIVERED', 'No delivered shipment carries this line', `lines[${i}]`);
      const delivered = businessDate(shipment.deliveredAt ?? new Date(), config.BUSINESS_TIME_ZONE);
      if (addDays(delivered, config.RETURN_WINDOW_DAYS) < today)
        return domainError(
          'RETURN_WINDOW_CLOSED',
          `Returns close ${config.RETURN_WINDOW_DAYS} days after delivery`,
          `lines[${i}]`,
        );
      const lot = l.lotId
        ? lots.find((x) => x.shipmentId === l.shipmentId && x.orderLineId === l.orderLineId && x.lotId === l.lotId)
        : null;
      if (l.lotId && !lot)
        return domainError('LINE_NOT_DELIVERED', 'The shipment did not carry this lot', `lines[${i}].lotId`);
      const key = lineKey(l.shipmentId, l.orderLineId);
      const total = (asked.get(key) ?? 0) + l.quantity;
      asked.set(key, total);
      const good = (line.receivedQuantity ?? 0) - (line.damagedQuantity ?? 0) - (line.returnedQuantity ?? 0);
      if (total > good)
        return domainError(
          'RETURN_EXCEEDS_DELIVERED',
          `At most ${Math.max(good, 0)} units can be returned`,
          `lines[${i}].quantity`,
        );
      const onlyLot = lots.filter((x) => x.shipmentId === l.shipmentId && x.orderLineId === l.orderLineId);
      planned.push({
        shipment,
        line,
        orderLine,
        lot: lot ?? (onlyLot.length === 1 ? onlyLot[0]! : null),
        quantity: l.quantity,
        codes: l.serialCodes ?? [],
      });
    }
    return planned;
  }

  /** Traceability's check of the scanned codes (nothing written): the first problem, if any. */
  private async checkCodes(order: Order, planned: PlannedLine[]): Promise<DomainError | null> {
    const codes = planned.flatMap((p) => p.codes);
    if (!codes.length) return null;
    const problems = await returnServices().checkReturnCodes({
      dealerId: order.dealerId,
      lines: planned.map((p) => ({ productId: p.orderLine.productId, quantity: p.quantity })),
      codes,
    });
    const first = problems[0];
    return first ? domainError(first.errorCode, first.message, 'lines') : null;
  }

  /**
   * Inventory's check of the take back before anything is written (§12.6.1): when the dealer's
   * warehouse received the goods, its own stock must still hold the returned units, else
   * DEALER_STOCK_INSUFFICIENT. The take-back task keeps its own refusal for stock that leaves
   * between this check and the task.
   */
  private async checkDealerStock(
    em: EntityManager,
    order: Order,
    input: RequestReturnInput,
    planned: PlannedLine[],
    now: Date,
  ): Promise<DomainError | null> {
    if (!(await receivedByDealer(em, [...new Set(planned.map((p) => p.shipment.id))]))) return null;
    const refusals = await returnServices().checkTakeBack({
      key: `check:${order.id}`,
      dealerId: order.dealerId,
      reference: input.idempotencyKey,
      lines: planned.map((p, i) => goodsInput(goodsLine('ret_check', i + 1, p, now), p.quantity, false)),
    });
    const first = refusals[0];
    return first ? domainError(first.code, first.message, 'lines') : null;
  }

  /** T1: the guard per shipment line, the request and its lines, the take-back task, audit and event. */
  private async write(
    tx: EntityManager,
    ctx: OrdersContext,
    order: Order,
    input: RequestReturnInput,
    planned: PlannedLine[],
    number: string,
    now: Date,
  ): Promise<{ id: string; taskId: string | null }> {
    await guardReturned(
      tx,
      planned.map((p) => ({ shipmentId: p.shipment.id, orderLineId: p.orderLine.id, quantity: p.quantity })),
    );
    const ret: ReturnRequest = {
      id: newId('ret', now),
      number,
      orderId: order.id,
      dealerId: order.dealerId,
      dealerRegionPath: order.dealerRegionPath,
      source: ReturnSource.DEALER,
      reason: input.reason,
      comment: input.comment?.trim() || null,
      status: ReturnStatus.REQUESTED,
      version: 0,
      idempotencyKey: input.idempotencyKey,
      requestedByUserId: ctx.viewer?.userId ?? null,
      requestedAt: now,
      reviewedByUserId: null,
      reviewedAt: null,
      reviewComment: null,
      warehouseId: null,
      receivedAt: null,
      receivedByUserId: null,
      creditNoteId: null,
      creditedGrossMinor: null,
      creditedAt: null,
      updatedAt: now,
    };
    await tx.insert(ReturnRequest, ret);
    const lines = planned.map((p, i) => goodsLine(ret.id, i + 1, p, now));
    await tx.insertMany(ReturnLine, lines);
    const taskId = await this.takeBackTask(tx, order, ret, lines);
    await insertAudit(tx, ctx, {
      operation: 'requestReturn',
      action: 'CREATE',
      entityType: 'ReturnRequest',
      entityId: ret.id,
      after: {
        number,
        orderId: order.id,
        reason: ret.reason,
        lines: lines.map((l) => [l.orderLineId, l.requestedQuantity]),
      },
    });
    recordReturnStatusChanged(tx, ret, null, ReturnStatus.REQUESTED, now);
    return { id: ret.id, taskId };
  }

  /** A RETURN_TAKE_BACK task when the dealer's warehouse received the goods (a RECEIPT task ran for them). */
  private async takeBackTask(tx: EntityManager, order: Order, ret: ReturnRequest, lines: ReturnLine[]) {
    if (!(await receivedByDealer(tx, [...new Set(lines.map((l) => l.shipmentId))]))) return null;
    const payload: TakeBackPayload = {
      ...returnFacts(ret, order),
      lines: lines.map((l) => goodsInput(l, l.requestedQuantity, l.damaged)),
      restore: false,
    };
    return insertReturnTask(tx, FulfilmentTaskKind.RETURN_TAKE_BACK, payload);
  }
}

/** True when the dealer's warehouse received goods of these shipments (a RECEIPT task ran for one). */
async function receivedByDealer(em: EntityManager, shipmentIds: string[]): Promise<boolean> {
  return (await em.count(FulfilmentTask, { kind: FulfilmentTaskKind.RECEIPT, subjectId: { $in: shipmentIds } })) > 0;
}

/** The facts every return task carries. */
export function returnFacts(ret: ReturnRequest, order: Pick<Order, 'orderNumber'>) {
  return {
    returnId: ret.id,
    returnNumber: ret.number,
    orderId: ret.orderId,
    orderNumber: order.orderNumber,
    dealerId: ret.dealerId,
    dealerRegionPath: ret.dealerRegionPath,
  };
}

/** A return line as inventory's goods line (lot number and expiry from the shipment lot). */
export function goodsInput(line: ReturnLine, quantity: number, quarantined: boolean) {
  return {
    productId: line.productId,
    lotNumber: line.lotNumber,
    expiresAt: line.expiresAt ? new Date(line.expiresAt).toISOString() : null,
    quantity,
    quarantined,
  };
}

/** A GOODS return line for a planned line. */
function goodsLine(returnId: string, lineNo: number, p: PlannedLine, now: Date): ReturnLine {
  return {
    id: newId('rtl', now),
    returnId,
    lineNo,
    shipmentId: p.shipment.id,
    orderLineId: p.orderLine.id,
    productId: p.orderLine.productId,
    lotId: p.lot?.lotId ?? null,
    lotNumber: p.lot?.lotNumber ?? null,
    expiresAt: p.lot?.expiresAt ?? null,
    kind: ReturnLineKind.GOODS,
    damaged: false,
    requestedQuantity: p.quantity,
    acceptedQuantity: null,
    receivedQuantity: null,
    disposition: null,
    codes: p.codes.length ? JSON.stringify(p.codes) : null,
    grossMinor: null,
  };
}
