import type { EntityManager } from '@mikro-orm/core';
import { FulfilmentTask, FulfilmentTaskKind, FulfilmentTaskStatus } from '../entities/fulfilment-task.entity.js';
import { SettlementStatus, Shipment } from '../entities/shipment.entity.js';
import { raiseFulfilmentFailed } from '../services/order-alert.service.js';
import type {
  EffectOutcome,
  FulfilmentServices,
  InvoiceLineInput,
  PartLine,
  ReceiveLineInput,
} from './fulfilment-services.js';
import type { EffectAnswer, EffectRefused, TaskKindDef } from './fulfilment-runner.js';
import { returnTaskKinds } from './tasks/return-task-kinds.js';

/** The order facts every task carries (for its alert). */
interface TaskOrder {
  orderId: string;
  orderNumber: string;
  dealerId: string;
  dealerRegionPath: string;
}

/** What a SHIP task sends, fixed in the transaction that shipped (T1). */
export interface ShipTaskPayload extends TaskOrder {
  shipmentId: string;
  shipmentNumber: string;
  warehouseId: string;
  /** ISO-8601. */
  shippedAt: string;
  authorizedRegionIds: string[];
  parts: PartLine[];
  invoiceLines: InvoiceLineInput[];
  codes: string[];
  /** Two-tier: the selling parent the invoice is issued for; absent or null on a brand order. */
  sellerDealerId?: string | null;
}

/** What a RECEIPT task sends. */
export interface ReceiptTaskPayload extends TaskOrder {
  shipmentId: string;
  shipmentNumber: string;
  goods: ReceiveLineInput[];
}

/** What a CANCEL_REST task sends: the order whose remainders it releases. */
export type CancelRestPayload = TaskOrder & {
  /** The part the order paid with the rebate balance; its hold's remainder is released too. Absent: none. */
  rebateMinor?: number;
};

/** A service's answer as an effect answer (the first refusal; `record` for a success). */
function answer<T>(
  outcome: EffectOutcome<T>,
  record?: (value: T) => (tx: EntityManager) => Promise<void>,
): EffectAnswer {
  if (!outcome.ok) {
    const first = outcome.errors[0] ?? { code: 'REFUSED', message: 'refused' };
    return { ok: false, code: first.code, message: first.message };
  }
  return { ok: true, record: record?.(outcome.value) };
}

/** FAILED writes of a shipment's task: its settlement FAILED (SHIP) and the alert for HQ. */
function failedWrites(settle: boolean) {
  return async (
    tx: EntityManager,
    task: FulfilmentTask,
    payload: TaskOrder & { shipmentId?: string },
    refusal: EffectRefused & { effect: string },
  ) => {
    if (settle && payload.shipmentId)
      await tx.nativeUpdate(
        Shipment,
        { id: payload.shipmentId },
        { settlement: SettlementStatus.FAILED, updatedAt: new Date() },
      );
    await raiseFulfilmentFailed(tx, {
      taskId: task.id,
      taskKind: task.kind,
      subjectId: task.subjectId,
      order: {
        id: payload.orderId,
        orderNumber: payload.orderNumber,
        dealerId: payload.dealerId,
        dealerRegionPath: payload.dealerRegionPath,
      },
      code: refusal.code,
      message: `${refusal.effect}: ${refusal.message}`,
    });
  };
}

/** SHIP: commit the reserved part, invoice it (capturing the credit), link the scanned codes. */
function shipKind(services: FulfilmentServices): TaskKindDef<ShipTaskPayload> {
  return {
    kind: FulfilmentTaskKind.SHIP,
    effects: (p) => [
      {
        name: 'commit',
        invoke: async () =>
          answer(await services.commitReservationPart({ key: p.orderId, partKey: p.shipmentId, lines: p.parts })),
      },
      {
        name: 'invoice',
        invoke: async () =>
          answer(
            await services.invoiceShipment({
              shipmentId: p.shipmentId,
              shipmentNumber: p.shipmentNumber,
              orderId: p.orderId,
              orderNumber: p.orderNumber,
              dealerId: p.dealerId,
              shippedAt: p.shippedAt,
              lines: p.invoiceLines,
              ...(p.sellerDealerId ? { sellerDealerId: p.sellerDealerId } : {}),
            }),
            ({ invoiceId }) =>
              async (tx) => {
                await tx.nativeUpdate(Shipment, { id: p.shipmentId }, { invoiceId });
              },
          ),
      },
      ...(p.codes.length
        ? [
            {
              name: 'codes',
              invoke: async () =>
                answer(
                  await services.linkShipmentCodes({
                    key: `ship:${p.shipmentId}`,
                    shipmentId: p.shipmentId,
                    orderId: p.orderId,
                    dealerId: p.dealerId,
                    dealerRegionPath: p.dealerRegionPath,
                    authorizedRegionIds: p.authorizedRegionIds,
                    warehouseId: p.warehouseId,
                    codes: p.codes,
                  }),
                ),
            },
          ]
        : []),
    ],
    done: async (tx, _task, p) => {
      await tx.nativeUpdate(
        Shipment,
        { id: p.shipmentId },
        { settlement: SettlementStatus.DONE, updatedAt: new Date() },
      );
    },
    failed: failedWrites(true),
  };
}

/** RECEIPT: the goods into the dealer's own warehouse (damaged quarantined), the codes received. */
function receiptKind(services: FulfilmentServices): TaskKindDef<ReceiptTaskPayload> {
  return {
    kind: FulfilmentTaskKind.RECEIPT,
    effects: (p) => [
      {
        name: 'goods',
        invoke: async () =>
          answer(
            await services.receiveGoods({
              key: `rcv:${p.shipmentId}`,
              kind: 'DEALER_RECEIPT',
              dealerId: p.dealerId,
              reference: p.shipmentNumber,
              lines: p.goods,
            }),
          ),
      },
      {
        name: 'codes',
        invoke: async () =>
          answer(await services.receiveShipmentCodes({ key: `receive:${p.shipmentId}`, shipmentId: p.shipmentId })),
      },
    ],
    failed: failedWrites(false),
  };
}

/**
 * CANCEL_REST: releases the order's reservation and credit hold remainders (and its rebate hold's,
 * when it paid with one), once its SHIP tasks are DONE.
 */
function cancelRestKind(services: FulfilmentServices): TaskKindDef<CancelRestPayload> {
  return {
    kind: FulfilmentTaskKind.CANCEL_REST,
    // A remainder released early would include units and credit a pending part is about to commit.
    ready: async (em, task) =>
      (await em.count(FulfilmentTask, {
        orderId: task.orderId,
        kind: FulfilmentTaskKind.SHIP,
        status: { $ne: FulfilmentTaskStatus.DONE },
      })) === 0,
    effects: (p) => [
      { name: 'reservation', invoke: async () => (await services.releaseReservation(p.orderId), { ok: true }) },
      { name: 'creditHold', invoke: async () => (await services.releaseCreditHold(p.orderId), { ok: true }) },
      // Only an order that asked for a rebate: a release of an unknown key would leave a tombstone for nothing.
      ...(p.rebateMinor
        ? [
            {
              name: 'rebateHold',
              invoke: async () => (await services.releaseRebateHold(p.orderId), { ok: true as const }),
            },
          ]
        : []),
    ],
    failed: failedWrites(false),
  };
}

/** The task table: one row per kind orders runs (P5 adds the return kinds). */
export function fulfilmentTaskKinds(services: FulfilmentServices): TaskKindDef<never>[] {
  return [
    shipKind(services),
    receiptKind(services),
    cancelRestKind(services),
    // o2c:P5 returns
    ...returnTaskKinds(),
  ] as TaskKindDef<never>[];
}
