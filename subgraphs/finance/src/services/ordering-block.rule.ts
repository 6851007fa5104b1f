import { EventType } from '@dnp/event-bus';
import { addDays, businessDate, daysBetween, recordEvent } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import type { LockedAccount } from './receivables-ledger.js';
import { dealerScope } from './receivables-ledger.js';
import { brandAccountScope } from './scope.service.js';

/** Where a dealer stands against the overdue ordering rule (§15) on a business day. */
export interface OrderingBlockState {
  /** True when an open invoice is more than `thresholdDays` past due: no new credit. */
  blocked: boolean;
  /** The business day the current block began (the oldest due date + threshold + 1); null when not blocked. */
  since: string | null;
  /** Days the oldest open invoice is past its due date; 0 when none is overdue. */
  daysOverdue: number;
  /** Due date of the oldest open invoice; null when nothing is open. */
  oldestDueDate: string | null;
  /** OVERDUE_BLOCK_DAYS as applied. */
  thresholdDays: number;
}

/**
 * The rule of `holdCredit` (§15) for an account's oldest open due date on `today`: blocked when
 * that date is before today − N (a due date of exactly today − N still passes). N = 0 turns the
 * rule off: never blocked.
 */
export function orderingBlockOn(
  oldestDueDate: string | null,
  today: string,
  thresholdDays: number,
): OrderingBlockState {
  const daysOverdue = oldestDueDate && oldestDueDate < today ? daysBetween(oldestDueDate, today) : 0;
  const blocked = thresholdDays > 0 && oldestDueDate !== null && oldestDueDate < addDays(today, -thresholdDays);
  const since = blocked ? addDays(oldestDueDate!, thresholdDays + 1) : null;
  return { blocked, since, daysOverdue, oldestDueDate, thresholdDays };
}

/** The outstanding amount of the dealer's invoices past due on `today`, read in `tx`. */
export async function overdueMinorIn(tx: EntityManager, dealerId: string, today: string): Promise<number> {
  const rows = (await tx
    .getConnection()
    .execute(
      'select coalesce(sum(outstanding_minor), 0) as overdue from invoice ' +
        'where dealer_id = ? and outstanding_minor > 0 and due_date < ?',
      [dealerId, today],
      'all',
      tx.getTransactionContext(),
    )) as { overdue: number | string }[];
  return Number(rows[0]?.overdue ?? 0);
}

/** What a time zone and threshold need to judge a ledger change. */
export interface OrderingRule {
  thresholdDays: number;
  timeZone: string;
}

/**
 * After a ledger change in `tx` (a payment), raises `ordering_block_changed` (blocked: false) in
 * the same transaction when the change lifted the dealer's block: blocked before, not after. The
 * next order passes at once; the event tells the apps without their polling.
 */
export async function raiseIfLifted(
  tx: EntityManager,
  change: { before: LockedAccount; after: LockedAccount },
  rule: OrderingRule,
  now: Date,
): Promise<boolean> {
  const today = businessDate(now, rule.timeZone);
  const before = orderingBlockOn(change.before.oldestOpenDueDate, today, rule.thresholdDays);
  const after = orderingBlockOn(change.after.oldestOpenDueDate, today, rule.thresholdDays);
  if (!before.blocked || after.blocked) return false;
  const accountId = (await tx
    .getConnection()
    .execute(
      `select id from credit_account where dealer_id = ? and ${brandAccountScope.sql()}`,
      [change.before.dealerId],
      'all',
      tx.getTransactionContext(),
    )) as { id: string }[];
  recordEvent(tx, {
    type: EventType.ORDERING_BLOCK_CHANGED,
    subjectId: accountId[0]?.id ?? change.before.dealerId,
    scope: dealerScope(change.before),
    occurredAt: now,
    payload: {
      dealerId: change.before.dealerId,
      blocked: false,
      oldestDueDate: change.after.oldestOpenDueDate,
      overdueMinor: await overdueMinorIn(tx, change.before.dealerId, today),
      thresholdDays: rule.thresholdDays,
    },
  });
  return true;
}
