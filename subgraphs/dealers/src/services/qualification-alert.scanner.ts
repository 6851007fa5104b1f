import {
  AlertLifecycle,
  alertStateFilters,
  columnOf,
  businessDate,
  daysBetween,
  dealerAlertScope,
  EventType,
  newId,
  raiseAlertOnce,
  scanAlertCondition,
  type Page,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import type { DealersContext } from '../dealers-context.js';
import { Dealer } from '../entities/dealer.entity.js';
import { QualificationAlert } from '../entities/qualification-alert.entity.js';
import { Qualification, QualificationStatus } from '../entities/qualification.entity.js';
import { pathIds } from './dealer-changed.event.js';

/** The alert thresholds in days before expiry, most urgent last; 0 is the expiry itself. */
export const DEFAULT_ALERT_DAYS: readonly number[] = [30, 7];

/** A licence that has crossed a threshold, as the scan sees it. */
interface Crossed {
  q: Qualification;
  dealer: Dealer;
  threshold: number;
  daysLeft: number;
}

/**
 * Expiry alerts of licences (资质到期预警): a daily scan raises, once per licence and threshold,
 * an alert at 30 and 7 days before `validUntil` and at expiry (0), each with
 * `dealers.qualification_expiring`; an approved renewal resolves them (the scan also resolves any
 * whose licence is no longer ACTIVE). Listed and acknowledged through the kit's alert lifecycle.
 */
export class QualificationAlertScanner {
  readonly lifecycle = new AlertLifecycle<QualificationAlert>({
    entity: QualificationAlert,
    label: 'Qualification alert',
    what: 'qualification alert',
    entityType: 'QualificationAlert',
    acknowledgeOperation: 'acknowledgeQualificationAlert',
    readScope: (ctx) => (ctx.viewer ? dealerAlertScope(ctx.viewer) : null),
    ownerOf: (a) => ({ dealerId: a.dealerId, regionPath: a.regionPath }),
  });
  private readonly thresholds: number[];

  constructor(
    private readonly timeZone: string,
    alertDays: readonly number[] = DEFAULT_ALERT_DAYS,
  ) {
    this.thresholds = [...new Set([...alertDays, 0])].sort((a, b) => a - b);
  }

  /** The most urgent threshold `daysLeft` has crossed, or null when none. */
  thresholdOf(daysLeft: number): number | null {
    return this.thresholds.find((t) => daysLeft <= t) ?? null;
  }

  /** One scan at `now`: raises what is due, resolves what no longer applies. */
  async scan(root: EntityManager, now = new Date()): Promise<{ raised: number; cleared: number }> {
    const today = businessDate(now, this.timeZone);
    const horizon = new Date(now.getTime() + (Math.max(...this.thresholds) + 1) * 86_400_000);
    const em = root.fork();
    const due = await em.find(Qualification, { status: QualificationStatus.ACTIVE, validUntil: { $lte: horizon } });
    const dealers = new Map(
      (await em.find(Dealer, { id: { $in: [...new Set(due.map((q) => q.dealerId))] } })).map((d) => [d.id, d]),
    );
    const holding: Crossed[] = [];
    for (const q of due) {
      const daysLeft = daysBetween(today, businessDate(q.validUntil, this.timeZone));
      const threshold = this.thresholdOf(daysLeft);
      const dealer = dealers.get(q.dealerId);
      if (threshold != null && dealer) holding.push({ q, dealer, threshold, daysLeft });
    }
    return scanAlertCondition(
      root,
      {
        entity: QualificationAlert,
        holding,
        keyOf: (c) => `${c.q.id}:${c.threshold}`,
        raise: (tx, c) => this.raise(tx, c, now),
        clears: {
          // Only alerts whose licence is no longer active: a page of still-due ones would hide them.
          where: {
            qualificationId: { $nin: columnOf(em, Qualification, 'id', { status: QualificationStatus.ACTIVE }) },
          },
          limit: 500,
          gone: async (open) => {
            const ids = [...new Set(open.map((a) => a.qualificationId))];
            const active = await em.find(Qualification, { id: { $in: ids }, status: QualificationStatus.ACTIVE });
            const still = new Set(active.map((q) => q.id));
            return open.filter((a) => !still.has(a.qualificationId));
          },
        },
      },
      now,
    );
  }

  /** The alerts in the viewer's scope, newest first; `open` narrows to unresolved (true) or resolved (false). */
  list(
    ctx: DealersContext,
    args: { first?: number | null; after?: string | null; open?: boolean | null },
  ): Promise<Page<QualificationAlert>> {
    return this.lifecycle.list(ctx, alertStateFilters<QualificationAlert>({ open: args.open }), args);
  }

  /** Acknowledges an alert once (HQ, the region's managers, the dealer's admin). */
  acknowledge(ctx: DealersContext, id: string): Promise<QualificationAlert> {
    return this.lifecycle.acknowledge(ctx, id);
  }

  private raise(tx: EntityManager, c: Crossed, now: Date): Promise<boolean> {
    const id = newId('qla', now);
    return raiseAlertOnce(tx, QualificationAlert, {
      row: {
        id,
        openKey: `${c.q.id}:${c.threshold}`,
        qualificationId: c.q.id,
        dealerId: c.dealer.id,
        regionPath: c.dealer.regionPath,
        kind: c.q.kind,
        thresholdDays: c.threshold,
        daysLeft: c.daysLeft,
        required: c.q.required,
        validUntil: c.q.validUntil,
        raisedAt: now,
        resolvedAt: null,
      },
      at: now,
      event: {
        type: EventType.QUALIFICATION_EXPIRING,
        scope: { dealerIds: [c.dealer.id], regionPath: pathIds(c.dealer.regionPath) },
        payload: {
          alertId: id,
          qualificationId: c.q.id,
          dealerId: c.dealer.id,
          kind: c.q.kind,
          validUntil: businessDate(c.q.validUntil, this.timeZone),
          daysLeft: c.daysLeft,
          required: c.q.required,
        },
      },
    });
  }
}
