import {
  assertCanActOn,
  canRead,
  domainError,
  insertAudit,
  NotFoundError,
  partValue,
  Role,
  type DomainError,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { FulfilmentTask, FulfilmentTaskKind, FulfilmentTaskStatus } from '../entities/fulfilment-task.entity.js';
import { OrderLine } from '../entities/order-line.entity.js';
import { Order } from '../entities/order.entity.js';
import { ReturnLine, ReturnLineKind } from '../entities/return-line.entity.js';
import { ReturnRequest, ReturnSource, ReturnStatus } from '../entities/return-request.entity.js';
import { returnServices } from '../fulfilment/tasks/return-services.js';
import { insertReturnTask, type CreditPayload, type TakeBackPayload } from '../fulfilment/tasks/return-tasks.js';
import type { OrdersContext } from '../orders-context.js';
import { ReviewDecision } from '../schema/place-order.input.js';
import type { ReviewReturnInput } from '../schema/return.input.js';
import { execSql } from '../saga/order-number.js';
import { recordReturnStatusChanged } from './return-events.js';
import { releaseReturned, ReturnRefusal } from './return-guard.js';
import { goodsInput, returnFacts, type ReturnResult } from './return-request.service.js';
import { runInline } from '../fulfilment/fulfilment-context.js';

const MAX_COMMENT = 500;
/** The warehouses returned goods may go to: the brand's own, never a dealer's. */
const TARGET_KINDS = new Set(['HQ', 'REGIONAL']);

/** A return as scopes see it: its dealer, the dealer's region and its target warehouse. */
export function returnRow(ret: ReturnRequest) {
  return { dealerId: ret.dealerId, regionPath: ret.dealerRegionPath, warehouseId: ret.warehouseId };
}

/** One return by id within the viewer's read scope; NOT_FOUND outside it, like unknown ids. */
export async function findReturn(ctx: OrdersContext, id: string): Promise<ReturnRequest> {
  ctx.requireViewer();
  const ret = await ctx.em.fork().findOne(ReturnRequest, { id });
  if (!ret || !canRead(ctx.scope, returnRow(ret))) throw new NotFoundError('ReturnRequest', id);
  return ret;
}

/** Moves the return on, guarded by the status and version it was read in; a concurrent change refuses. */
export async function moveReturn(
  tx: EntityManager,
  ret: ReturnRequest,
  to: ReturnStatus,
  changes: Partial<ReturnRequest>,
  refusal: DomainError,
): Promise<ReturnRequest> {
  const now = new Date();
  const n = await tx.nativeUpdate(
    ReturnRequest,
    { id: ret.id, status: ret.status, version: ret.version },
    { ...changes, status: to, version: ret.version + 1, updatedAt: now },
  );
  if (n !== 1) throw new ReturnRefusal(refusal);
  const moved = { ...ret, ...changes, status: to, version: ret.version + 1, updatedAt: now };
  recordReturnStatusChanged(tx, moved, ret.status, to, now);
  return moved;
}

/**
 * HQ's review of a REQUESTED return (docs/design/order-to-cash.md §12.6.2): APPROVE with accepted
 * quantities and an HQ or regional target warehouse (goods to come back; units not accepted go back
 * into the dealer's stock and guard), or REJECT, which gives the guard units back and restores
 * taken-back goods to the dealer. A claim with only SHORT units
 * accepted is credited straight away (nothing travels).
 */
export class ReturnReviewService {
  /** reviewReturn (HQ_ADMIN). */
  async review(ctx: OrdersContext, input: ReviewReturnInput): Promise<ReturnResult> {
    ctx.requireRole(Role.HQ_ADMIN);
    if (input.comment != null && input.comment.length > MAX_COMMENT)
      return fail(domainError('COMMENT_TOO_LONG', `comment is at most ${MAX_COMMENT} characters`, 'comment'));
    const ret = await findReturn(ctx, input.returnId);
    assertCanActOn(ctx.scope, returnRow(ret), 'return');
    const notRequested = domainError('RETURN_NOT_REQUESTED', `The return is ${ret.status}, not REQUESTED`);
    if (ret.status !== ReturnStatus.REQUESTED) return fail(notRequested);
    const lines = await ctx.em.fork().find(ReturnLine, { returnId: ret.id }, { orderBy: { lineNo: 'asc' } });
    const order = await ctx.em.fork().findOneOrFail(Order, { id: ret.orderId });
    const text = input.comment?.trim() || null;
    try {
      const taskIds =
        input.decision === ReviewDecision.REJECT
          ? [await ctx.em.fork().transactional((tx) => this.reject(tx, ctx, ret, lines, text, notRequested))]
          : await this.approve(ctx, ret, order, lines, input, text, notRequested);
      if (!Array.isArray(taskIds)) return taskIds;
      for (const taskId of taskIds) if (taskId) await runInline(ctx.em, taskId);
    } catch (err) {
      if (err instanceof ReturnRefusal) return fail(err.error);
      throw err;
    }
    return { returnRequest: await ctx.em.fork().findOne(ReturnRequest, { id: ret.id }), errors: [] };
  }

  /** REJECT: REJECTED, the guard units back, the take back (if any) turned into a restore. */
  private async reject(
    tx: EntityManager,
    ctx: OrdersContext,
    ret: ReturnRequest,
    lines: ReturnLine[],
    text: string | null,
    notRequested: DomainError,
  ): Promise<string | null> {
    const now = new Date();
    await moveReturn(
      tx,
      ret,
      ReturnStatus.REJECTED,
      { reviewedAt: now, reviewedByUserId: ctx.viewer!.userId, reviewComment: text },
      notRequested,
    );
    await releaseReturned(tx, lines);
    await insertAudit(tx, ctx, {
      operation: 'reviewReturn',
      action: ReviewDecision.REJECT,
      entityType: 'ReturnRequest',
      entityId: ret.id,
      before: { status: ret.status },
      after: { status: ReturnStatus.REJECTED, comment: text },
    });
    return restoreTakeBack(tx, ret.id, null);
  }

  /** APPROVE: accepted units, the target warehouse; a SHORT-only acceptance goes to its credit at once. */
  private async approve(
    ctx: OrdersContext,
    ret: ReturnRequest,
    order: Order,
    lines: ReturnLine[],
    input: ReviewReturnInput,
    text: string | null,
    notRequested: DomainError,
  ): Promise<(string | null)[] | ReturnResult> {
    const accepted = new Map(lines.map((l) => [l.id, l.requestedQuantity]));
    for (const [i, a] of (input.lines ?? []).entries()) {
      const line = lines.find((l) => l.id === a.returnLineId);
      if (!line)
        return fail(domainError('LINE_NOT_IN_RETURN', 'No such line in this return', `lines[${i}].returnLineId`));
      if (!Number.isInteger(a.acceptedQuantity) || a.acceptedQuantity < 0)
        return fail(
          domainError('QUANTITY_INVALID', 'Accepted units are a whole number from 0', `lines[${i}].acceptedQuantity`),
        );
      if (a.acceptedQuantity > line.requestedQuantity)
        return fail(
          domainError(
            'ACCEPTED_EXCEEDS_REQUESTED',
            `At most ${line.requestedQuantity} units were requested`,
            `lines[${i}].acceptedQuantity`,
          ),
        );
      accepted.set(line.id, a.acceptedQuantity);
    }
    const goods = lines.some((l) => l.kind === ReturnLineKind.GOODS && accepted.get(l.id)! > 0);
    const targetError = await this.checkTarget(goods, input.warehouseId ?? null);
    if (targetError) return fail(targetError);
    return ctx.em.fork().transactional(async (tx) => {
      const now = new Date();
      const moved = await moveReturn(
        tx,
        ret,
        ReturnStatus.APPROVED,
        {
          reviewedAt: now,
          reviewedByUserId: ctx.viewer!.userId,
          reviewComment: text,
          warehouseId: goods ? input.warehouseId! : null,
        },
        notRequested,
      );
      for (const l of lines) await tx.nativeUpdate(ReturnLine, { id: l.id }, { acceptedQuantity: accepted.get(l.id)! });
      await insertAudit(tx, ctx, {
        operation: 'reviewReturn',
        action: ReviewDecision.APPROVE,
        entityType: 'ReturnRequest',
        entityId: ret.id,
        before: { status: ret.status },
        after: {
          status: ReturnStatus.APPROVED,
          warehouseId: moved.warehouseId,
          accepted: [...accepted],
          comment: text,
        },
      });
      const restore = await restoreUnaccepted(tx, moved, lines, accepted);
      if (goods) return [restore, await claimTakeBack(tx, moved, order, lines, accepted)];
      // Nothing travels: the accepted SHORT units are credited now.
      const credit = lines.map((l) => ({ ...l, acceptedQuantity: accepted.get(l.id)! }));
      const units = (l: ReturnLine) => (l.kind === ReturnLineKind.SHORT ? l.acceptedQuantity! : 0);
      return [restore, await writeCredit(tx, moved, order, credit, units)];
    });
  }

  /** WAREHOUSE_REQUIRED when goods come back without a target, WAREHOUSE_NOT_ALLOWED for a dealer's. */
  private async checkTarget(goods: boolean, warehouseId: string | null): Promise<DomainError | null> {
    if (!goods) return null;
    if (!warehouseId)
      return domainError('WAREHOUSE_REQUIRED', 'Name the warehouse the goods come back to', 'warehouseId');
    const w = await returnServices().warehouse(warehouseId);
    if (!w || !TARGET_KINDS.has(w.kind) || w.dealerId)
      return domainError('WAREHOUSE_NOT_ALLOWED', 'Returned goods go to an HQ or regional warehouse', 'warehouseId');
    return null;
  }
}

/**
 * Runs the return's take back again with its restore effect (a take back not yet done is done
 * first): everything it took, or only `lines`. Answers the task id; null when nothing was taken back.
 */
async function restoreTakeBack(
  tx: EntityManager,
  returnId: string,
  lines: TakeBackPayload['lines'] | null,
): Promise<string | null> {
  const task = await tx.findOne(FulfilmentTask, { kind: FulfilmentTaskKind.RETURN_TAKE_BACK, subjectId: returnId });
  if (!task) return null;
  const payload: TakeBackPayload = { ...(JSON.parse(task.payload) as TakeBackPayload), restore: true };
  if (lines) payload.restoreLines = lines;
  await tx.nativeUpdate(
    FulfilmentTask,
    { id: task.id },
    { payload: JSON.stringify(payload), status: FulfilmentTaskStatus.PENDING, doneAt: null, updatedAt: new Date() },
  );
  return task.id;
}

/**
 * A dealer's return partly accepted: the units HQ did not accept go back into the dealer's own
 * stock, which the request took them out of (§12.6). Null when everything was accepted or nothing
 * was taken back.
 */
async function restoreUnaccepted(
  tx: EntityManager,
  ret: ReturnRequest,
  lines: ReturnLine[],
  accepted: Map<string, number>,
): Promise<string | null> {
  if (ret.source !== ReturnSource.DEALER) return null;
  const rest = lines
    .filter((l) => l.kind === ReturnLineKind.GOODS && accepted.get(l.id)! < l.requestedQuantity)
    .map((l) => ({ ...l, requestedQuantity: l.requestedQuantity - accepted.get(l.id)! }));
  if (!rest.length) return null;
  // Not returned after all: the dealer may return those units again later.
  await releaseReturned(tx, rest);
  return restoreTakeBack(
    tx,
    ret.id,
    rest.map((l) => goodsInput(l, l.requestedQuantity, l.damaged)),
  );
}

/**
 * An approved discrepancy claim's damaged units leave the dealer's quarantine (RETURN_TAKE_BACK) when
 * the dealer's warehouse received them; a dealer's own return took its units back at its request.
 */
async function claimTakeBack(
  tx: EntityManager,
  ret: ReturnRequest,
  order: Order,
  lines: ReturnLine[],
  accepted: Map<string, number>,
): Promise<string | null> {
  if (ret.source !== ReturnSource.RECEIPT_DISCREPANCY) return null;
  const damaged = lines.filter((l) => l.kind === ReturnLineKind.GOODS && accepted.get(l.id)! > 0);
  const shipmentIds = [...new Set(damaged.map((l) => l.shipmentId))];
  if (!(await tx.count(FulfilmentTask, { kind: FulfilmentTaskKind.RECEIPT, subjectId: { $in: shipmentIds } })))
    return null;
  const payload: TakeBackPayload = {
    ...returnFacts(ret, order),
    lines: damaged.map((l) => goodsInput(l, accepted.get(l.id)!, true)),
    restore: false,
  };
  return insertReturnTask(tx, FulfilmentTaskKind.RETURN_TAKE_BACK, payload);
}

/** A refused result. */
function fail(error: DomainError): ReturnResult {
  return { returnRequest: null, errors: [error] };
}

/**
 * Values the credited units of each line by the parts rule on the order line's cumulative
 * `credited_quantity` (guarded `credited_quantity + q <= shipped_quantity`), fixes each line's
 * `gross_minor` and the return's total, and inserts the RETURN_CREDIT task (none when nothing is
 * credited: the return is CREDITED at once). Answers the task id.
 */
export async function writeCredit(
  tx: EntityManager,
  ret: ReturnRequest,
  order: Order,
  lines: ReturnLine[],
  units: (line: ReturnLine) => number,
): Promise<string | null> {
  const credit: CreditPayload['lines'] = [];
  let total = 0;
  for (const line of lines) {
    const q = units(line);
    if (q <= 0) continue;
    const ol = await tx.findOneOrFail(OrderLine, { id: line.orderLineId }, { refresh: true });
    const gross = partValue(ol.lineTotalMinor, ol.quantity, ol.creditedQuantity, q);
    const res = await execSql<{ affectedRows?: number; changes?: number }>(
      tx,
      'update order_line set credited_quantity = credited_quantity + ?, ' +
        'credited_gross_minor = credited_gross_minor + ? ' +
        'where id = ? and credited_quantity = ? and credited_quantity + ? <= shipped_quantity',
      [q, gross, ol.id, ol.creditedQuantity, q],
      'run',
    );
    if (Number(res.affectedRows ?? res.changes ?? 0) !== 1)
      throw new ReturnRefusal(domainError('RETURN_EXCEEDS_DELIVERED', 'More units credited than shipped'));
    await tx.nativeUpdate(ReturnLine, { id: line.id }, { grossMinor: gross });
    credit.push({
      productId: ol.productId,
      sku: ol.sku,
      productName: ol.productName,
      quantity: q,
      taxClass: ol.taxClass,
      grossMinor: String(gross),
    });
    total += gross;
  }
  await tx.nativeUpdate(ReturnRequest, { id: ret.id }, { creditedGrossMinor: total });
  if (!credit.length) {
    await moveReturn(
      tx,
      ret,
      ReturnStatus.CREDITED,
      { creditedAt: new Date() },
      domainError('RETURN_NOT_APPROVED', 'moved'),
    );
    return null;
  }
  const payload: CreditPayload = {
    ...returnFacts(ret, order),
    shipmentId: lines[0]?.shipmentId ?? null,
    reason: `${ret.number} ${ret.reason}`,
    lines: credit,
    ...(order.sellerDealerId ? { sellerDealerId: order.sellerDealerId } : {}),
  };
  return insertReturnTask(tx, FulfilmentTaskKind.RETURN_CREDIT, payload);
}
