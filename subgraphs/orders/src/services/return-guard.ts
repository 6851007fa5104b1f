import { domainError, type DomainError } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { ReturnLineKind, type ReturnLine } from '../entities/return-line.entity.js';
import { execSql } from '../saga/order-number.js';

/** A refusal found inside the transaction: it rolls back and is answered as the error. */
export class ReturnRefusal extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
  }
}

/** Guard key of a shipment line. */
export const lineKey = (shipmentId: string, orderLineId: string) => `${shipmentId}|${orderLineId}`;

/** Units a return takes from one shipment line. */
export interface GuardedLine {
  shipmentId: string;
  orderLineId: string;
  quantity: number;
}

/**
 * Raises `returned_quantity` per shipment line, guarded so the good units received are never
 * exceeded: `… where returned_quantity + ? <= received_quantity - damaged_quantity`; a line that
 * refuses (a concurrent request took the units) rolls the whole request back.
 */
export async function guardReturned(tx: EntityManager, planned: GuardedLine[]): Promise<void> {
  const sums = new Map<string, { shipmentId: string; orderLineId: string; q: number }>();
  for (const p of planned) {
    const key = lineKey(p.shipmentId, p.orderLineId);
    const s = sums.get(key) ?? { shipmentId: p.shipmentId, orderLineId: p.orderLineId, q: 0 };
    s.q += p.quantity;
    sums.set(key, s);
  }
  for (const s of sums.values()) {
    const res = await execSql<{ affectedRows?: number; changes?: number }>(
      tx,
      'update shipment_line set returned_quantity = returned_quantity + ? ' +
        'where shipment_id = ? and order_line_id = ? ' +
        'and returned_quantity + ? <= coalesce(received_quantity, 0) - coalesce(damaged_quantity, 0)',
      [s.q, s.shipmentId, s.orderLineId, s.q],
      'run',
    );
    if (Number(res.affectedRows ?? res.changes ?? 0) !== 1)
      throw new ReturnRefusal(domainError('RETURN_EXCEEDS_DELIVERED', 'The units were returned meanwhile', 'lines'));
  }
}

/** Gives guard units back (a rejection): `returned_quantity` down by each line's requested units. */
export async function releaseReturned(tx: EntityManager, lines: ReturnLine[]): Promise<void> {
  for (const l of lines) {
    if (l.kind !== ReturnLineKind.GOODS || l.damaged) continue;
    await execSql(
      tx,
      'update shipment_line set returned_quantity = returned_quantity - ? where shipment_id = ? and order_line_id = ?',
      [l.requestedQuantity, l.shipmentId, l.orderLineId],
      'run',
    );
  }
}
