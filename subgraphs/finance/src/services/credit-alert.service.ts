import {
  AlertLifecycle,
  alertStateFilters,
  EventType,
  newId,
  type Page,
  raiseAlertOnce,
  scanAlertCondition,
} from '@dnp/subgraph-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { CreditAccount } from '../entities/credit-account.entity.js';
import { CreditAlert } from '../entities/credit-alert.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { brandAccountScope, financeScope, scopeWhere } from './scope.service.js';

const PPM = 1_000_000;

/** Credit use (used + held) of an account in parts per million of its limit (a zero limit counts as full). */
export function usePpm(a: { usedMinor: number; heldMinor: number; limitMinor: number }): number {
  return a.limitMinor > 0 ? Math.floor(((a.usedMinor + a.heldMinor) * PPM) / a.limitMinor) : PPM;
}

/** True when a use (in parts per million) is above the alert threshold (in percent). */
function isHigh(utilizationPpm: number, thresholdPercent: number): boolean {
  return utilizationPpm > thresholdPercent * (PPM / 100);
}

/** The open key of a dealer's credit alert: one open alert per dealer while its use stays high. */
function creditKey(account: Pick<CreditAccount, 'dealerId'>): string {
  return `CREDIT_HIGH:${account.dealerId}`;
}

/**
 * Raises the credit alert of an account whose use is now above `thresholdPercent`, unless one
 * is open; when raised, records `finance.credit_alert_raised` in the same transaction. One
 * INSERT IGNORE (plus the outbox row) and only when above the threshold, so holds below it
 * cost nothing extra.
 */
export async function raiseCreditAlertIfHigh(
  tx: EntityManager,
  account: Pick<CreditAccount, 'id' | 'dealerId' | 'dealerRegionPath' | 'dealerPath'>,
  utilizationPpm: number,
  thresholdPercent: number,
  now = new Date(),
): Promise<boolean> {
  if (!isHigh(utilizationPpm, thresholdPercent)) return false;
  const id = newId('cal', now);
  const { dealerId, dealerRegionPath, dealerPath } = account;
  return raiseAlertOnce(tx, CreditAlert, {
    row: {
      id,
      dealerId,
      accountId: account.id,
      dealerRegionPath,
      dealerPath,
      openKey: creditKey(account),
      utilizationPpm,
      thresholdPercent,
      raisedAt: now,
      resolvedAt: null,
    },
    at: now,
    event: {
      type: EventType.CREDIT_ALERT_RAISED,
      scope: { dealerIds: [dealerId], regionPath: dealerRegionPath.split('/').filter(Boolean) },
      payload: { alertId: id, dealerId, accountId: account.id, utilizationPpm, thresholdPercent },
    },
  });
}

/** The credit alerts' read side: scoped like every finance row (a parent dealer reads its sub-dealers'). */
const creditAlerts = new AlertLifecycle<CreditAlert>({
  entity: CreditAlert,
  label: 'Credit alert',
  what: 'credit alert',
  entityType: 'CreditAlert',
  acknowledgeOperation: 'acknowledgeCreditAlert',
  readScope: (ctx) => scopeWhere(financeScope(ctx.requireViewer())) as FilterQuery<CreditAlert> | null,
  ownerOf: (alert) => ({ dealerId: alert.dealerId, regionPath: alert.dealerRegionPath }),
});

/** Credit alerts: the scoped list, acknowledgement, and the scan that raises missed and clears recovered ones. */
export class CreditAlertService {
  /**
   * One page of the alerts in the viewer's scope (HQ all, region managers their subtree, dealer
   * users their own), newest first.
   */
  list(
    ctx: FinanceContext,
    args: { first?: number | null; after?: string | null; acknowledged?: boolean | null; open?: boolean | null },
  ): Promise<Page<CreditAlert>> {
    return creditAlerts.list(ctx, alertStateFilters(args), args);
  }

  /** One alert; NOT_FOUND when unknown or outside the viewer's scope. */
  get(ctx: FinanceContext, id: string): Promise<CreditAlert> {
    return creditAlerts.get(ctx, id);
  }

  /**
   * Acknowledges an alert the viewer may act for (HQ, region managers in their subtree, a dealer
   * admin its own dealer's; a parent dealer reads its sub-dealers' alerts but gets FORBIDDEN),
   * with its audit entry; idempotent.
   */
  acknowledge(ctx: FinanceContext, id: string, now = new Date()): Promise<CreditAlert> {
    return creditAlerts.acknowledge(ctx, id, now);
  }

  /**
   * Raises alerts for accounts above the threshold without one open, and clears open ones whose
   * account is back below.
   */
  async scan(
    root: EntityManager,
    thresholdPercent: number,
    now = new Date(),
  ): Promise<{ raised: number; cleared: number }> {
    const accounts = await root.fork().find(CreditAccount, brandAccountScope.where, { limit: 10_000 });
    const byDealer = new Map(accounts.map((a) => [a.dealerId, a]));
    const high = (a: CreditAccount) => isHigh(usePpm(a), thresholdPercent);
    return scanAlertCondition(
      root,
      {
        entity: CreditAlert,
        holding: accounts.filter(high),
        keyOf: creditKey,
        raise: (tx, a) => raiseCreditAlertIfHigh(tx, a, usePpm(a), thresholdPercent, now),
        clears: {
          where: {},
          // An alert of an account this scan did not read stays as it is.
          gone: (open) => open.filter((alert) => byDealer.has(alert.dealerId) && !high(byDealer.get(alert.dealerId)!)),
        },
      },
      now,
    );
  }
}
