import { newId } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { config } from '../../config.js';
import { FulfilmentTask, FulfilmentTaskKind, FulfilmentTaskStatus } from '../../entities/fulfilment-task.entity.js';
import type { CreditNoteLineInput, GoodsLineInput } from './return-services.js';

/** The return and order facts every return task carries (its keys, references and alert). */
export interface ReturnTaskFacts {
  returnId: string;
  returnNumber: string;
  orderId: string;
  orderNumber: string;
  dealerId: string;
  dealerRegionPath: string;
}

/** RETURN_TAKE_BACK: the units leave the dealer's own warehouse; `restore` puts them back (a rejection). */
export interface TakeBackPayload extends ReturnTaskFacts {
  lines: GoodsLineInput[];
  restore: boolean;
  /** With `restore`: only these units go back (a partly accepted return); absent: all taken. */
  restoreLines?: GoodsLineInput[];
}

/** RETURN_RECEIVE: the units arrive in the target warehouse; their codes return there. */
export interface ReceivePayload extends ReturnTaskFacts {
  warehouseId: string;
  lines: GoodsLineInput[];
  sellableCodes: string[];
  quarantinedCodes: string[];
}

/** RETURN_CREDIT: the credit note for the received (and short) units, valued by the parts rule. */
export interface CreditPayload extends ReturnTaskFacts {
  /** The shipment whose invoice the credit note reverses first (the first line's). */
  shipmentId: string | null;
  reason: string;
  lines: CreditNoteLineInput[];
  /** Two-tier: the seller of the returned order; absent or null on a brand order. */
  sellerDealerId?: string | null;
}

/** The inventory key of a return's take back (restoreGoods names it). */
export const takeBackKey = (returnId: string) => `take:${returnId}`;

/** How long the request that wrote a task owns it before the resumer may claim it, in ms. */
const LEASE_MS = config.SAGA_STEP_TIMEOUT_MS * 3 + 1000;

/**
 * Inserts a PENDING return task in the transaction that changes the return (so the task exists if
 * and only if the change committed), leased to the request, which runs it at once; answers its id.
 */
export async function insertReturnTask(
  tx: EntityManager,
  kind: FulfilmentTaskKind,
  payload: ReturnTaskFacts & object,
  at = new Date(),
): Promise<string> {
  const id = newId('ftk', at);
  await tx.insert(FulfilmentTask, {
    id,
    kind,
    subjectId: payload.returnId,
    orderId: payload.orderId,
    status: FulfilmentTaskStatus.PENDING,
    effectsDone: '',
    payload: JSON.stringify(payload),
    attempts: 0,
    lastError: null,
    leaseUntil: new Date(at.getTime() + LEASE_MS),
    createdAt: at,
    updatedAt: at,
    doneAt: null,
  });
  return id;
}
