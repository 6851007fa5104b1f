import type { EntityManager } from '@mikro-orm/core';

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

/**
 * Where receipts with short or damaged units become claims (docs/design/order-to-cash.md §12.2: a
 * RECEIPT_DISCREPANCY return request, REQUESTED, GOODS lines for damaged units and SHORT lines for
 * short ones, `claimed_quantity` raised). Work package P5 (returns) replaces the no-op below; until
 * then the receipt records received and damaged units per line and lot only.
 */
export interface DiscrepancyClaims {
  /** Opens the claim in the receipt's transaction; answers the return request id, or null when none was made. */
  open(tx: EntityManager, report: DiscrepancyReport): Promise<string | null>;
}

/** The stand-in until P5: records nothing more, opens no claim. */
export const noDiscrepancyClaims: DiscrepancyClaims = { open: async () => null };

let current: DiscrepancyClaims = noDiscrepancyClaims;

/** The process's discrepancy claims (P5 installs the returns implementation with `useDiscrepancyClaims`). */
export function discrepancyClaims(): DiscrepancyClaims {
  return current;
}

/** Installs the discrepancy claims implementation; returns the previous one. */
export function useDiscrepancyClaims(next: DiscrepancyClaims): DiscrepancyClaims {
  const previous = current;
  current = next;
  return previous;
}
