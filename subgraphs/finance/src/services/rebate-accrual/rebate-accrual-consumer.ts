import { EventType, isEventOfType, type DomainEvent, type EventConsumer } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { accrueDocument, invoiceDocument, paymentDocument, returnDocument } from './rebate-accrual.service.js';

/**
 * `finance:rebate-accrual` (§7): accrues finance's own documents once each — invoices (shipped and
 * quantity bases), payments' allocations (paid basis) and RETURN credit notes (negative).
 */
export function rebateAccrualConsumer(): EventConsumer {
  return {
    name: 'finance:rebate-accrual',
    types: [EventType.INVOICE_ISSUED, EventType.PAYMENT_RECORDED, EventType.CREDIT_NOTE_ISSUED],
    delivery: 'once',
    handle: async (tx, event) => {
      await accrueEvent(tx, event);
    },
  };
}

/** Accrues the document an event names; answers the entries written. */
export async function accrueEvent(tx: EntityManager, event: DomainEvent): Promise<number> {
  let doc = null;
  if (isEventOfType(event, EventType.INVOICE_ISSUED)) doc = await invoiceDocument(tx, event.payload.invoiceId);
  else if (isEventOfType(event, EventType.CREDIT_NOTE_ISSUED)) {
    if (event.payload.kind === 'RETURN') doc = await returnDocument(tx, event.payload.creditNoteId);
  } else if (isEventOfType(event, EventType.PAYMENT_RECORDED)) {
    const p = event.payload;
    doc = await paymentDocument(tx, p.paymentId, p.dealerId, p.receivedOn);
  }
  return doc ? accrueDocument(tx, doc) : 0;
}
