import { newId } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { ReturnLine, ReturnLineKind } from '../entities/return-line.entity.js';
import { ReturnReason, ReturnRequest, ReturnSource, ReturnStatus } from '../entities/return-request.entity.js';
import { ShipmentLot } from '../entities/shipment-lot.entity.js';
import { execSql } from '../saga/order-number.js';
import { recordReturnStatusChanged } from './return-events.js';
import { nextReturnNumber } from './return-number.js';

/** One line of a receipt with short or damaged units. */
export interface DiscrepancyLine {
  orderLineId: string;
  productId: string;
  /** Units shipped but not received (少发). */
  shortQuantity: number;
  /** Units received damaged (破损). */
  damagedQuantity: number;
}

/** What a receipt with discrepancies reports, in its transaction (T1 of confirmReceipt). */
export interface DiscrepancyReport {
  shipmentId: string;
  orderId: string;
  dealerId: string;
  dealerRegionPath: string;
  /** Who signed (null for the system's auto receipt). */
  userId: string | null;
  lines: DiscrepancyLine[];
}

/** A shipment lot's damaged units first (the receipt put them after the good ones, FEFO). */
function lotOf(lots: ShipmentLot[], orderLineId: string, damaged: boolean): ShipmentLot | null {
  const mine = lots.filter((l) => l.orderLineId === orderLineId);
  return (damaged ? mine.find((l) => (l.damagedQuantity ?? 0) > 0) : null) ?? (mine.length === 1 ? mine[0]! : null);
}

/**
 * Opens the discrepancy claim of a receipt in its transaction (docs/design/order-to-cash.md §12.2): a
 * RECEIPT_DISCREPANCY return request, REQUESTED, with a GOODS line for the damaged units of a line
 * (they travel back from the dealer's quarantine) and a SHORT line for its short units (credited as
 * value only), and `claimed_quantity` raised on the shipment lines. Answers the return id, or null
 * when nothing was short or damaged. The number is taken in the receipt's transaction (claims are rare).
 */
export async function openDiscrepancyClaim(tx: EntityManager, report: DiscrepancyReport): Promise<string | null> {
  const claimed = report.lines.filter((l) => l.shortQuantity > 0 || l.damagedQuantity > 0);
  if (!claimed.length) return null;
  const now = new Date();
  const lots = await tx.find(ShipmentLot, { shipmentId: report.shipmentId });
  const ret: ReturnRequest = {
    id: newId('ret', now),
    number: await nextReturnNumber(tx, now),
    orderId: report.orderId,
    dealerId: report.dealerId,
    dealerRegionPath: report.dealerRegionPath,
    source: ReturnSource.RECEIPT_DISCREPANCY,
    reason: claimed.some((l) => l.damagedQuantity > 0) ? ReturnReason.DAMAGED : ReturnReason.SHORT_DELIVERED,
    comment: null,
    status: ReturnStatus.REQUESTED,
    version: 0,
    idempotencyKey: `receipt:${report.shipmentId}`,
    requestedByUserId: report.userId,
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
  const lines: ReturnLine[] = [];
  const add = (l: DiscrepancyLine, kind: ReturnLineKind, quantity: number) => {
    const lot = kind === ReturnLineKind.GOODS ? lotOf(lots, l.orderLineId, true) : null;
    lines.push({
      id: newId('rtl', now),
      returnId: ret.id,
      lineNo: lines.length + 1,
      shipmentId: report.shipmentId,
      orderLineId: l.orderLineId,
      productId: l.productId,
      lotId: lot?.lotId ?? null,
      lotNumber: lot?.lotNumber ?? null,
      expiresAt: lot?.expiresAt ?? null,
      kind,
      damaged: kind === ReturnLineKind.GOODS,
      requestedQuantity: quantity,
      acceptedQuantity: null,
      receivedQuantity: null,
      disposition: null,
      codes: null,
      grossMinor: null,
    });
  };
  for (const l of claimed) {
    if (l.damagedQuantity > 0) add(l, ReturnLineKind.GOODS, l.damagedQuantity);
    if (l.shortQuantity > 0) add(l, ReturnLineKind.SHORT, l.shortQuantity);
    await execSql(
      tx,
      'update shipment_line set claimed_quantity = claimed_quantity + ? where shipment_id = ? and order_line_id = ?',
      [l.damagedQuantity + l.shortQuantity, report.shipmentId, l.orderLineId],
      'run',
    );
  }
  await tx.insert(ReturnRequest, ret);
  await tx.insertMany(ReturnLine, lines);
  recordReturnStatusChanged(tx, ret, null, ReturnStatus.REQUESTED, now);
  return ret.id;
}

/**
 * Where receipts with short or damaged units become claims (docs/design/order-to-cash.md §12.2: a
 * RECEIPT_DISCREPANCY return request, REQUESTED, GOODS lines for damaged units and SHORT lines for
 * short ones, `claimed_quantity` raised). Specs may install another
 * implementation with `useDiscrepancyClaims`.
 */
export interface DiscrepancyClaims {
  /** Opens the claim in the receipt's transaction; answers the return request id, or null when none was made. */
  open(tx: EntityManager, report: DiscrepancyReport): Promise<string | null>;
}

/** Opens no claim (specs of receipts that look at the receipt alone). */
export const noDiscrepancyClaims: DiscrepancyClaims = { open: async () => null };

/** The returns implementation: a RECEIPT_DISCREPANCY return request (openDiscrepancyClaim). */
export const returnDiscrepancyClaims: DiscrepancyClaims = { open: openDiscrepancyClaim };

let current: DiscrepancyClaims = returnDiscrepancyClaims;

/** The process's discrepancy claims. */
export function discrepancyClaims(): DiscrepancyClaims {
  return current;
}

/** Installs the discrepancy claims implementation; returns the previous one. */
export function useDiscrepancyClaims(next: DiscrepancyClaims): DiscrepancyClaims {
  const previous = current;
  current = next;
  return previous;
}
