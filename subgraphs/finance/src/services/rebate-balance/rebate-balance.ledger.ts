import { EventType, forUpdate, newId, partValue, recordEvent } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import {
  RebateBalance,
  RebateBalanceEntry,
  RebateBalanceMovement as Movement,
  RebateHold,
  RebateHoldStatus,
} from '../../entities/rebate-settlement.entity.js';
import { regionIdsOf } from '../../entities/rebate-profile.entity.js';

/** How each movement changes the balance's figures (available = settled − captured − held). */
const EFFECT: Record<Movement, { available: number; held: number; settled: number; captured: number }> = {
  [Movement.SETTLED]: { available: 1, held: 0, settled: 1, captured: 0 },
  [Movement.HELD]: { available: -1, held: 1, settled: 0, captured: 0 },
  [Movement.CAPTURED]: { available: 0, held: -1, settled: 0, captured: 1 },
  [Movement.RELEASED]: { available: 1, held: -1, settled: 0, captured: 0 },
};

/** One movement to write. */
export interface BalanceMove {
  dealerId: string;
  movement: Movement;
  /** Positive, in fen. */
  amountMinor: number;
  /** The settlement, hold key or invoice it came from. */
  sourceId: string;
  /** The dealer's region path, copied onto a new balance row (managers' scopes). */
  regionPath?: string;
}

/** The dealer's balance row, locked for the caller's transaction; null when the dealer never had one. */
export function lockBalance(tx: EntityManager, dealerId: string): Promise<RebateBalance | null> {
  return tx.findOne(RebateBalance, { dealerId }, forUpdate(tx));
}

/**
 * Moves a rebate balance (the only writer of `rebate_balance`): the row locked (created on the
 * first settlement), its figures changed, one `rebate_balance_entry` and
 * `finance.rebate_balance_changed`, all in the caller's transaction. A figure going negative is a
 * bug of the caller's checks and throws.
 */
export async function moveBalance(tx: EntityManager, move: BalanceMove, now: Date): Promise<RebateBalance> {
  let row = await lockBalance(tx, move.dealerId);
  if (!row) {
    row = tx.create(RebateBalance, {
      dealerId: move.dealerId,
      dealerRegionPath: move.regionPath ?? '',
      updatedAt: now,
    });
  }
  const e = EFFECT[move.movement];
  const next = {
    available: row.available + e.available * move.amountMinor,
    held: row.held + e.held * move.amountMinor,
    settled: row.settled + e.settled * move.amountMinor,
    captured: row.captured + e.captured * move.amountMinor,
  };
  if (Object.values(next).some((v) => v < 0)) {
    throw new Error(`rebate balance of ${move.dealerId} would go negative on ${move.movement} ${move.amountMinor}`);
  }
  tx.assign(row, { ...next, version: row.version + 1, updatedAt: now });
  tx.persist(
    Object.assign(new RebateBalanceEntry(), {
      ...{ id: newId('rbe', now), dealerId: move.dealerId, movement: move.movement },
      ...{ amountMinor: move.amountMinor, sourceId: move.sourceId, createdAt: now },
    }),
  );
  await tx.flush();
  recordEvent(tx, {
    type: EventType.REBATE_BALANCE_CHANGED,
    subjectId: move.dealerId,
    scope: { dealerIds: [move.dealerId], regionPath: regionIdsOf(row.dealerRegionPath) },
    occurredAt: now,
    payload: {
      ...{ dealerId: move.dealerId, movement: move.movement, amountMinor: move.amountMinor },
      ...{ balanceMinor: row.available, heldMinor: row.held, sourceId: move.sourceId },
    },
  });
  await tx.flush();
  return row;
}

/**
 * Captures the rebate held for order `key` for one invoice of it, in the invoice's transaction: the
 * part in proportion to the invoice's share of the order total, cumulative over the order's earlier
 * invoices (the kit's parts rule, so the parts add up to the hold exactly once the order is invoiced
 * whole); the last part takes whatever remains. Answers the amount captured (0 without a live hold of
 * the dealer). Locks the hold before the balance, the order a release takes them in.
 */
export async function captureRebatePart(
  tx: EntityManager,
  key: string,
  dealerId: string,
  invoiceId: string,
  grossMinor: number,
  now: Date,
): Promise<number> {
  const hold = await tx.findOne(RebateHold, { key }, forUpdate(tx));
  if (!hold || hold.status !== RebateHoldStatus.HELD || hold.dealerId !== dealerId) return 0;
  const remainder = hold.amountMinor - hold.capturedMinor - hold.releasedMinor;
  const total = hold.orderTotalMinor;
  const invoiced = Math.min(total, hold.invoicedMinor + Math.max(0, grossMinor));
  const due = total > 0 && invoiced < total ? partValue(hold.amountMinor, total, 0, invoiced) : hold.amountMinor;
  const captured = Math.max(0, Math.min(remainder, due - hold.capturedMinor));
  const status = captured === remainder ? RebateHoldStatus.CAPTURED : RebateHoldStatus.HELD;
  tx.assign(hold, { capturedMinor: hold.capturedMinor + captured, invoicedMinor: invoiced, status, updatedAt: now });
  await tx.flush();
  if (captured > 0) {
    await moveBalance(tx, { dealerId, movement: Movement.CAPTURED, amountMinor: captured, sourceId: invoiceId }, now);
  }
  return captured;
}
