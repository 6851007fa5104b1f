import {
  acknowledgeOnce,
  EventType,
  insertOnce,
  newestFirstPage,
  newId,
  NotFoundError,
  type Page,
  pageSize,
  recordEvent,
  Role,
  toPage,
} from '@dnp/subgraph-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { CreditAccount } from '../entities/credit-account.entity.js';
import { CreditAlert } from '../entities/credit-alert.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { financeScope, scopeWhere } from './scope.service.js';

const PPM = 1_000_000;

/** Credit use (used + held) of an account in parts per million of its limit (a zero limit counts as full). */
export function usePpm(a: { usedMinor: number; heldMinor: number; limitMinor: number }): number {
  return a.limitMinor > 0 ? Math.floor(((a.usedMinor + a.heldMinor) * PPM) / a.limitMinor) : PPM;
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
  if (utilizationPpm <= thresholdPercent * (PPM / 100)) return false;
  const id = newId('cal', now);
  const raised = await insertOnce(
    tx,
    CreditAlert,
    {
      id,
      dealerId: account.dealerId,
      accountId: account.id,
      dealerRegionPath: account.dealerRegionPath,
      dealerPath: account.dealerPath,
      openKey: `CREDIT_HIGH:${account.dealerId}`,
      utilizationPpm,
      thresholdPercent,
      raisedAt: now,
      resolvedAt: null,
      acknowledgedAt: null,
      acknowledgedBy: null,
    },
    'openKey',
  );
  if (raised) {
    recordEvent(tx, {
      type: EventType.CREDIT_ALERT_RAISED,
      subjectId: id,
      scope: { dealerIds: [account.dealerId], regionPath: account.dealerRegionPath.split('/').filter(Boolean) },
      occurredAt: now,
      payload: { alertId: id, dealerId: account.dealerId, accountId: account.id, utilizationPpm, thresholdPercent },
    });
  }
  return raised;
}

/** Credit alerts: the scoped list, acknowledgement, and the scan that raises missed and clears recovered ones. */
export class CreditAlertService {
  private where(ctx: FinanceContext): FilterQuery<CreditAlert> | null {
    return scopeWhere(financeScope(ctx.requireViewer())) as FilterQuery<CreditAlert> | null;
  }

  /** One page of the alerts in the viewer's scope (HQ all, region managers their subtree, dealer users their own), newest first. */
  async list(
    ctx: FinanceContext,
    args: { first?: number | null; after?: string | null; acknowledged?: boolean | null; open?: boolean | null },
  ): Promise<Page<CreditAlert>> {
    const scope = this.where(ctx);
    // Nobody in scope (e.g. a catalogue-only partner): an empty page, no query.
    if (!scope) return toPage([], pageSize(args.first), Boolean(args.after), 0, (r: CreditAlert) => [r.id]);
    const where: FilterQuery<CreditAlert>[] = [scope];
    if (args.acknowledged != null) where.push({ acknowledgedAt: args.acknowledged ? { $ne: null } : null });
    if (args.open != null) where.push({ resolvedAt: args.open ? null : { $ne: null } });
    return newestFirstPage(ctx.em, CreditAlert, where, args);
  }

  /** One alert; NOT_FOUND when unknown or outside the viewer's scope. */
  async get(ctx: FinanceContext, id: string): Promise<CreditAlert> {
    const scope = this.where(ctx);
    const alert = scope ? await ctx.em.findOne(CreditAlert, { $and: [{ id }, scope] }) : null;
    if (!alert) throw new NotFoundError('Credit alert', id);
    return alert;
  }

  /**
   * Acknowledges an alert the viewer may act for (HQ, region managers in their subtree, a dealer
   * admin its own dealer's; a parent dealer reads its sub-dealers' alerts but gets FORBIDDEN),
   * with its audit entry; idempotent.
   */
  async acknowledge(ctx: FinanceContext, id: string, now = new Date()): Promise<CreditAlert> {
    ctx.requireRole(Role.HQ_ADMIN, Role.REGION_MANAGER, Role.DEALER_ADMIN);
    const alert = await this.get(ctx, id);
    return acknowledgeOnce(
      ctx,
      CreditAlert,
      alert,
      {
        owner: { dealerId: alert.dealerId, regionPath: alert.dealerRegionPath },
        operation: 'acknowledgeCreditAlert',
        entityType: 'CreditAlert',
        what: 'credit alert',
      },
      now,
    );
  }

  /** Raises alerts for accounts above the threshold without one open, and clears open ones whose account is back below. */
  async scan(
    root: EntityManager,
    thresholdPercent: number,
    now = new Date(),
  ): Promise<{ raised: number; cleared: number }> {
    const em = root.fork();
    const accounts = await em.find(CreditAccount, {}, { limit: 10_000 });
    const open = new Map((await em.find(CreditAlert, { openKey: { $ne: null } })).map((a) => [a.dealerId, a]));
    let raised = 0;
    let cleared = 0;
    for (const account of accounts) {
      const ppm = usePpm(account);
      const high = ppm > thresholdPercent * (PPM / 100);
      const alert = open.get(account.dealerId);
      if (high && !alert) {
        if (await root.fork().transactional((tx) => raiseCreditAlertIfHigh(tx, account, ppm, thresholdPercent, now)))
          raised++;
      } else if (!high && alert) {
        cleared += await em.nativeUpdate(
          CreditAlert,
          { id: alert.id, openKey: alert.openKey },
          { openKey: null, resolvedAt: now },
        );
      }
    }
    return { raised, cleared };
  }
}
