import { EventType } from '@dnp/event-bus';
import { addDays, businessDate, recordEvent } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { CreditAccount } from '../entities/credit-account.entity.js';
import { overdueMinorIn } from './ordering-block.rule.js';
import { dealerEventScope } from './statement-run.service.js';

/**
 * The daily ordering-block scan (§15). Paying lifts a block in the payment's own transaction; only
 * the passing of time sets one without a write, so this scan raises `ordering_block_changed`
 * (blocked) for every dealer whose oldest open due date crossed `thresholdDays` on a business day
 * since the last scan. The watermark lives in the process: the first scan after a start covers
 * today, and two processes may each raise the same change (consumers re-read the account).
 */
export class OrderingBlockScanner {
  private scannedThrough: string | null = null;

  constructor(
    private readonly thresholdDays: number,
    private readonly timeZone: string,
  ) {}

  /** Raises the blocks that began since the last scan; answers the dealers it raised. */
  async scan(em: EntityManager, now = new Date()): Promise<string[]> {
    if (this.thresholdDays <= 0) return [];
    const today = businessDate(now, this.timeZone);
    const from = this.scannedThrough ? addDays(this.scannedThrough, 1) : today;
    if (from > today) return [];
    // Blocked on day d when the oldest open due date is before d − N: it crossed on d if it equals d − N − 1.
    const firstCrossed = addDays(from, -this.thresholdDays - 1);
    const lastCrossed = addDays(today, -this.thresholdDays - 1);
    const raised = await em.transactional(async (tx) => {
      const accounts = await tx.find(CreditAccount, {
        oldestOpenDueDate: { $gte: firstCrossed, $lte: lastCrossed },
      });
      for (const account of accounts) await this.raise(tx, account, today, now);
      await tx.flush();
      return accounts.map((a) => a.dealerId);
    });
    this.scannedThrough = today;
    return raised;
  }

  private async raise(tx: EntityManager, account: CreditAccount, today: string, now: Date): Promise<void> {
    recordEvent(tx, {
      type: EventType.ORDERING_BLOCK_CHANGED,
      subjectId: account.id,
      scope: dealerEventScope(account.dealerId, account.dealerRegionPath),
      occurredAt: now,
      payload: {
        dealerId: account.dealerId,
        blocked: true,
        oldestDueDate: account.oldestOpenDueDate,
        overdueMinor: await overdueMinorIn(tx, account.dealerId, today),
        thresholdDays: this.thresholdDays,
      },
    });
  }
}
