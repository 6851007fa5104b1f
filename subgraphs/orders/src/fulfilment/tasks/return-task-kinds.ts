import type { EntityManager } from '@mikro-orm/core';
import { returnCreditNoteKey } from '@dnp/subgraph-kit';
import { FulfilmentTask, FulfilmentTaskKind, FulfilmentTaskStatus } from '../../entities/fulfilment-task.entity.js';
import { ReturnLine } from '../../entities/return-line.entity.js';
import { ReturnRequest, ReturnStatus } from '../../entities/return-request.entity.js';
import { raiseFulfilmentFailed } from '../../services/order-alert.service.js';
import { recordReturnStatusChanged } from '../../services/return-events.js';
import { releaseReturned } from '../../services/return-guard.js';
import type { EffectAnswer, EffectRefused, TaskKindDef } from '../fulfilment-runner.js';
import { returnServices, type ReturnOutcome, type ReturnServices } from './return-services.js';
import {
  takeBackKey,
  type CreditPayload,
  type ReceivePayload,
  type ReturnTaskFacts,
  type TakeBackPayload,
} from './return-tasks.js';

/** A service's answer as an effect answer (its first refusal; `record` for a success). */
function answer<T>(
  outcome: ReturnOutcome<T>,
  record?: (value: T) => (tx: EntityManager) => Promise<void>,
): EffectAnswer {
  if (outcome.ok) return { ok: true, record: record?.(outcome.value) };
  const [first] = outcome.errors;
  return { ok: false, code: first?.code ?? 'REFUSED', message: first?.message ?? 'refused' };
}

/** Moves the return from one of `from` to `to` with its event (no-op when it moved on already). */
async function moveTo(
  tx: EntityManager,
  returnId: string,
  from: ReturnStatus[],
  to: ReturnStatus,
  changes: Partial<ReturnRequest>,
): Promise<boolean> {
  const ret = await tx.findOne(ReturnRequest, { id: returnId }, { refresh: true });
  if (!ret || !from.includes(ret.status)) return false;
  const now = new Date();
  const n = await tx.nativeUpdate(
    ReturnRequest,
    { id: ret.id, version: ret.version },
    { ...changes, status: to, version: ret.version + 1, updatedAt: now },
  );
  if (n === 1) recordReturnStatusChanged(tx, { ...ret, ...changes }, ret.status, to, now);
  return n === 1;
}

/** The FULFILMENT_FAILED alert for HQ: a refused return effect needs a person. */
async function alert(
  tx: EntityManager,
  task: FulfilmentTask,
  p: ReturnTaskFacts,
  refusal: EffectRefused & { effect: string },
) {
  await raiseFulfilmentFailed(tx, {
    taskId: task.id,
    taskKind: task.kind,
    subjectId: task.subjectId,
    order: { id: p.orderId, orderNumber: p.orderNumber, dealerId: p.dealerId, dealerRegionPath: p.dealerRegionPath },
    code: refusal.code,
    message: `${refusal.effect}: ${refusal.message}`,
  });
}

/**
 * RETURN_TAKE_BACK: the units leave the dealer's own warehouse (inventory takeBackGoods); after a
 * rejection the same task runs again with `restore`, putting back exactly what was taken, and after
 * a partial acceptance with `restoreLines`, putting back the units HQ did not accept. A take
 * back the dealer's stock cannot cover (DEALER_STOCK_INSUFFICIENT) rejects a still REQUESTED return
 * by itself (the guard units back); otherwise HQ gets an alert.
 */
function takeBackKind(services: () => ReturnServices): TaskKindDef<TakeBackPayload> {
  const take = (p: TakeBackPayload) =>
    services().takeBackGoods({
      key: takeBackKey(p.returnId),
      dealerId: p.dealerId,
      reference: p.returnNumber,
      lines: p.lines,
    });
  return {
    kind: FulfilmentTaskKind.RETURN_TAKE_BACK,
    effects: (p) =>
      p.restore
        ? [
            {
              name: 'restore',
              invoke: async (_p, task) => {
                // Rejected before the take back answered: take first (idempotent), nothing to restore if refused.
                if (!task.effectsDone.split(',').includes('take') && !(await take(p)).ok) return { ok: true };
                const key = takeBackKey(p.returnId);
                const lines = p.restoreLines ? { lines: p.restoreLines } : {};
                return answer(
                  await services().restoreGoods({ key: `restore:${p.returnId}`, takeBackKey: key, ...lines }),
                );
              },
            },
          ]
        : [{ name: 'take', invoke: async () => answer(await take(p)) }],
    failed: async (tx, task, p, refusal) => {
      const rejected =
        !p.restore &&
        refusal.code === 'DEALER_STOCK_INSUFFICIENT' &&
        (await moveTo(tx, p.returnId, [ReturnStatus.REQUESTED], ReturnStatus.REJECTED, {
          reviewedAt: new Date(),
          reviewComment: `${refusal.code}: ${refusal.message}`.slice(0, 500),
        }));
      if (rejected) await releaseReturned(tx, await tx.find(ReturnLine, { returnId: p.returnId }));
      else await alert(tx, task, p, refusal);
    },
  };
}

/** RETURN_RECEIVE: the units into the target warehouse (RETURN_IN, quarantined or not), the codes returned there. */
function receiveKind(services: () => ReturnServices): TaskKindDef<ReceivePayload> {
  const codes = (p: ReceivePayload, list: string[], quarantined: boolean, name: string) =>
    list.length
      ? [
          {
            name,
            invoke: async () =>
              answer(
                await services().returnCodes({
                  key: `return:${p.returnId}${quarantined ? ':q' : ''}`,
                  returnId: p.returnId,
                  warehouseId: p.warehouseId,
                  codes: list,
                  quarantined,
                }),
              ),
          },
        ]
      : [];
  return {
    kind: FulfilmentTaskKind.RETURN_RECEIVE,
    effects: (p) => [
      {
        name: 'goods',
        invoke: async () =>
          answer(
            await services().receiveReturnGoods({
              key: `ret:${p.returnId}`,
              kind: 'RETURN_IN',
              warehouseId: p.warehouseId,
              dealerId: p.dealerId,
              reference: p.returnNumber,
              lines: p.lines,
            }),
          ),
      },
      ...codes(p, p.sellableCodes, false, 'codes'),
      ...codes(p, p.quarantinedCodes, true, 'quarantinedCodes'),
    ],
    failed: alert,
  };
}

/** RETURN_CREDIT: finance's credit note (idempotent by the return); DONE moves the return to CREDITED. */
function creditKind(services: () => ReturnServices): TaskKindDef<CreditPayload> {
  return {
    kind: FulfilmentTaskKind.RETURN_CREDIT,
    // CREDITED means everything is done: the goods' receipt first (a FAILED one does not hold it up).
    ready: async (em, task) =>
      (await em.count(FulfilmentTask, {
        kind: FulfilmentTaskKind.RETURN_RECEIVE,
        subjectId: task.subjectId,
        status: FulfilmentTaskStatus.PENDING,
      })) === 0,
    effects: (p) => [
      {
        name: 'creditNote',
        invoke: async () =>
          answer(
            await services().issueCreditNote({
              sourceKey: returnCreditNoteKey(p.returnId),
              kind: 'RETURN',
              dealerId: p.dealerId,
              shipmentId: p.shipmentId,
              orderId: p.orderId,
              reason: p.reason,
              lines: p.lines,
              ...(p.sellerDealerId ? { sellerDealerId: p.sellerDealerId } : {}),
            }),
            ({ creditNoteId }) =>
              async (tx) => {
                await tx.nativeUpdate(ReturnRequest, { id: p.returnId }, { creditNoteId });
              },
          ),
      },
    ],
    done: async (tx, _task, p) => {
      await moveTo(tx, p.returnId, [ReturnStatus.APPROVED, ReturnStatus.RECEIVED], ReturnStatus.CREDITED, {
        creditedAt: new Date(),
      });
    },
    failed: alert,
  };
}

/** The return rows of the fulfilment task table (docs/design/order-to-cash.md §4.3). */
export function returnTaskKinds(services: () => ReturnServices = returnServices): TaskKindDef<never>[] {
  return [takeBackKind(services), receiveKind(services), creditKind(services)] as TaskKindDef<never>[];
}
