import { assertCanActOn, domainError, insertAudit, Role, type DomainError } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { FulfilmentTaskKind } from '../entities/fulfilment-task.entity.js';
import { Order } from '../entities/order.entity.js';
import { ReturnDisposition, ReturnLine, ReturnLineKind } from '../entities/return-line.entity.js';
import { ReturnRequest, ReturnStatus } from '../entities/return-request.entity.js';
import { insertReturnTask, type ReceivePayload } from '../fulfilment/tasks/return-tasks.js';
import type { OrdersContext } from '../orders-context.js';
import type { ReceiveReturnInput } from '../schema/return.input.js';
import { ReturnRefusal } from './return-guard.js';
import { goodsInput, returnFacts, type ReturnResult } from './return-request.service.js';
import { runInline } from '../fulfilment/fulfilment-context.js';
import { findReturn, moveReturn, returnRow, writeCredit } from './return-review.service.js';

/** What arrived of one GOODS line. */
interface Arrival {
  line: ReturnLine;
  quantity: number;
  disposition: ReturnDisposition | null;
}

/**
 * The arrival of an APPROVED return's goods in its target warehouse (docs/design/order-to-cash.md
 * §12.6.3): received ≤ accepted with a disposition per line; T1 moves it to RECEIVED and writes the
 * RETURN_RECEIVE task (goods in, codes returned) and the RETURN_CREDIT task (the credit note, valued
 * by the parts rule: received GOODS units and accepted SHORT units), which ends it CREDITED.
 */
export class ReturnReceiveService {
  /** receiveReturn: HQ, or an operator of the target warehouse. */
  async receive(ctx: OrdersContext, input: ReceiveReturnInput): Promise<ReturnResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.WAREHOUSE_OPERATOR);
    const ret = await findReturn(ctx, input.returnId);
    assertCanActOn(ctx.scope, returnRow(ret), 'return');
    const notApproved = domainError('RETURN_NOT_APPROVED', `The return is ${ret.status}, not APPROVED`);
    if (ret.status !== ReturnStatus.APPROVED) return { returnRequest: null, errors: [notApproved] };
    const lines = await ctx.em.fork().find(ReturnLine, { returnId: ret.id }, { orderBy: { lineNo: 'asc' } });
    const arrivals = this.check(lines, input);
    if (!Array.isArray(arrivals)) return { returnRequest: null, errors: [arrivals] };
    const order = await ctx.em.fork().findOneOrFail(Order, { id: ret.orderId });
    try {
      const taskIds = await ctx.em.fork().transactional(async (tx) => {
        const now = new Date();
        const moved = await moveReturn(
          tx,
          ret,
          ReturnStatus.RECEIVED,
          { receivedAt: now, receivedByUserId: viewer.userId },
          notApproved,
        );
        for (const a of arrivals)
          await tx.nativeUpdate(
            ReturnLine,
            { id: a.line.id },
            { receivedQuantity: a.quantity, disposition: a.disposition },
          );
        const receiveTask = await this.receiveTask(tx, moved, order, arrivals);
        const received = new Map(arrivals.map((a) => [a.line.id, a.quantity]));
        const creditTask = await writeCredit(tx, moved, order, lines, (l) =>
          l.kind === ReturnLineKind.SHORT ? (l.acceptedQuantity ?? 0) : (received.get(l.id) ?? 0),
        );
        await insertAudit(tx, ctx, {
          operation: 'receiveReturn',
          action: 'RECEIVE',
          entityType: 'ReturnRequest',
          entityId: ret.id,
          before: { status: ret.status },
          after: { status: ReturnStatus.RECEIVED, lines: arrivals.map((a) => [a.line.id, a.quantity, a.disposition]) },
        });
        return [receiveTask, creditTask].filter((id): id is string => id != null);
      });
      // The credit waits for the goods' receipt (CREDITED means both are done): one after the other.
      for (const id of taskIds) await runInline(ctx.em, id);
    } catch (err) {
      if (err instanceof ReturnRefusal) return { returnRequest: null, errors: [err.error] };
      throw err;
    }
    return { returnRequest: await ctx.em.fork().findOne(ReturnRequest, { id: ret.id }), errors: [] };
  }

  /** Every GOODS line with accepted units gets an arrival (0 when not named); the codes per input line. */
  private check(lines: ReturnLine[], input: ReceiveReturnInput): Arrival[] | DomainError {
    const arrivals = new Map<string, Arrival>();
    for (const l of lines)
      if (l.kind === ReturnLineKind.GOODS && (l.acceptedQuantity ?? 0) > 0)
        arrivals.set(l.id, { line: l, quantity: 0, disposition: null });
    for (const [i, r] of input.lines.entries()) {
      const a = arrivals.get(r.returnLineId);
      if (!a)
        return domainError('LINE_NOT_IN_RETURN', 'No accepted GOODS line of this return', `lines[${i}].returnLineId`);
      if (!Number.isInteger(r.quantity) || r.quantity < 0)
        return domainError('QUANTITY_INVALID', 'Received units are a whole number from 0', `lines[${i}].quantity`);
      if (r.quantity > a.line.acceptedQuantity!)
        return domainError(
          'RECEIVED_EXCEEDS_ACCEPTED',
          `At most ${a.line.acceptedQuantity} units were accepted`,
          `lines[${i}].quantity`,
        );
      if (r.quantity > 0 && !r.disposition)
        return domainError(
          'DISPOSITION_REQUIRED',
          'Say whether the units are sellable or quarantined',
          `lines[${i}].disposition`,
        );
      a.quantity = r.quantity;
      a.disposition = r.quantity > 0 ? r.disposition! : null;
    }
    return [...arrivals.values()];
  }

  /** The RETURN_RECEIVE task: the units into the target warehouse, the codes returned there. */
  private async receiveTask(tx: EntityManager, ret: ReturnRequest, order: Order, arrivals: Arrival[]) {
    const received = arrivals.filter((a) => a.quantity > 0);
    if (!received.length) return null;
    const codes = (q: boolean) =>
      received
        .filter((a) => (a.disposition === ReturnDisposition.QUARANTINE) === q)
        .flatMap((a) => (a.line.codes ? (JSON.parse(a.line.codes) as string[]) : []));
    const payload: ReceivePayload = {
      ...returnFacts(ret, order),
      warehouseId: ret.warehouseId!,
      lines: received.map((a) => goodsInput(a.line, a.quantity, a.disposition === ReturnDisposition.QUARANTINE)),
      sellableCodes: codes(false),
      quarantinedCodes: codes(true),
    };
    return insertReturnTask(tx, FulfilmentTaskKind.RETURN_RECEIVE, payload);
  }
}
