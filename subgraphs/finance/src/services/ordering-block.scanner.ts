import { EventType, isSqlite } from '@dnp/event-bus';
import { addDays, businessDate, recordEvent } from '@dnp/subgraph-kit';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { CreditAccount } from '../entities/credit-account.entity.js';
import { OrderingBlockScan } from '../entities/ordering-block-scan.entity.js';
import { overdueMinorIn } from './ordering-block.rule.js';
import { dealerEventScope } from './statement-run.service.js';
import { brandAccountScope } from './scope.service.js';

/** The row of this scan in `ordering_block_scan`. */
const SCAN = 'ordering-block';

/**
 * The daily ordering-block scan (§15). Paying lifts a block in the payment's own transaction; only
 * the passing of time sets one without a write, so this scan raises `ordering_block_changed`
 * (blocked) for every dealer whose oldest open due date crossed `thresholdDays` on a business day
 * since the last scan. The watermark is stored (`ordering_block_scan`) and advanced in the scan's
 * transaction under the row's lock: the first scan ever covers today, a restart catches up the
 * days it missed without raising a day twice, and concurrent processes take turns.
 */
export class OrderingBlockScanner {
  constructor(
    private readonly thresholdDays: number,
    private readonly timeZone: string,
  ) {}

  /** Raises the blocks that began since the last scan; answers the dealers it raised. */
  async scan(em: EntityManager, now = new Date()): Promise<string[]> {
    if (this.thresholdDays <= 0) return [];
    const today = businessDate(now, this.timeZone);
    await ensureRow(em);
    return em.fork({ clear: true }).transactional(async (tx) => {
      const scannedThrough = await lockWatermark(tx);
      const from = scannedThrough ? addDays(scannedThrough, 1) : today;
      if (from > today) return [];
      // Blocked on day d when the oldest open due date is before d − N: it crossed on d if it equals d − N − 1.
      const firstCrossed = addDays(from, -this.thresholdDays - 1);
      const lastCrossed = addDays(today, -this.thresholdDays - 1);
      const accounts = await tx.find(CreditAccount, {
        oldestOpenDueDate: { $gte: firstCrossed, $lte: lastCrossed },
        ...brandAccountScope.where,
      });
      for (const account of accounts) await this.raise(tx, account, today, now);
      await tx.nativeUpdate(OrderingBlockScan, { name: SCAN }, { scannedThrough: today, scannedAt: now });
      await tx.flush();
      return accounts.map((a) => a.dealerId);
    });
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

/** The scan's row, inserted by the first run (a concurrent first run's insert loses harmlessly). */
async function ensureRow(em: EntityManager): Promise<void> {
  const fork = em.fork({ clear: true });
  if (await fork.findOne(OrderingBlockScan, { name: SCAN })) return;
  try {
    await fork.insert(OrderingBlockScan, { name: SCAN, scannedThrough: null, scannedAt: null });
  } catch (err) {
    if (!(err instanceof UniqueConstraintViolationException)) throw err;
  }
}

/** The watermark, read with the row locked for the rest of the transaction (SQLite: the write lock). */
async function lockWatermark(tx: EntityManager): Promise<string | null> {
  const sql = `select scanned_through from ordering_block_scan where name = ?${isSqlite(tx) ? '' : ' for update'}`;
  const rows = (await tx.getConnection().execute(sql, [SCAN], 'all', tx.getTransactionContext())) as {
    scanned_through: string | null;
  }[];
  return rows[0]?.scanned_through ?? null;
}
