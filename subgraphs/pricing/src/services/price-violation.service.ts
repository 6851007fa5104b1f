import {
  ALERT_ACKNOWLEDGERS,
  AlertLifecycle,
  dealerAlertScope,
  moveAlertStatus,
  resolveAlert,
  type Page,
} from '@dnp/subgraph-kit';
import type { FilterQuery } from '@mikro-orm/core';
import { PriceViolation, PriceViolationStatus } from '../entities/price-violation.entity.js';
import type { PricingContext } from '../pricing-context.js';
import { PriceViolationGroupBy, type PriceViolationFilter } from '../schema/price-control.input.js';

/** A group of priceViolationSummary. */
export interface ViolationGroup {
  key: string;
  count: number;
  unresolved: number;
}

/**
 * Price violations are dealer alerts: HQ reads all, region managers those seen in their region
 * subtree, dealer users their own dealer's (the kit's `dealerAlertScope`).
 */
const violations = new AlertLifecycle<PriceViolation>({
  entity: PriceViolation,
  label: 'Price violation',
  what: 'price violation',
  entityType: 'PriceViolation',
  acknowledgeOperation: 'acknowledgePriceViolation',
  readScope: (ctx) => (ctx.viewer ? (dealerAlertScope(ctx.viewer) as FilterQuery<PriceViolation>) : null),
  ownerOf: (v) => ({ dealerId: v.dealerId, regionPath: v.regionPath }),
});

/** The list conditions of a filter (region ids are our own prefixed ids and hold no LIKE wildcards). */
function filterWhere(filter: Omit<PriceViolationFilter, 'status'> & { status?: string | null }) {
  const where: FilterQuery<PriceViolation>[] = [];
  if (filter.regionId) where.push({ regionPath: { $like: `%/${filter.regionId}/%` } });
  if (filter.dealerId) where.push({ dealerId: filter.dealerId });
  if (filter.productId) where.push({ productId: filter.productId });
  if (filter.status) where.push({ status: filter.status as PriceViolationStatus });
  if (filter.from) where.push({ raisedAt: { $gte: filter.from } });
  if (filter.to) where.push({ raisedAt: { $lt: filter.to } });
  return where;
}

/** Price violations (乱价): scoped reads, a grouped summary, acknowledgement and resolution. */
export class PriceViolationService {
  /** One page of the violations in the viewer's scope that match the filter, newest first. */
  list(
    ctx: PricingContext,
    filter: PriceViolationFilter | null | undefined,
    args: { first?: number | null; after?: string | null },
  ): Promise<Page<PriceViolation>> {
    return violations.list(ctx, filterWhere(filter ?? {}), args);
  }

  /** One violation; NOT_FOUND when unknown or outside the viewer's scope. */
  get(ctx: PricingContext, id: string): Promise<PriceViolation> {
    return violations.get(ctx, id);
  }

  /** A violation for entity references: null when unknown or outside the viewer's scope. */
  async visible(ctx: PricingContext, id: string): Promise<PriceViolation | null> {
    return violations.get(ctx, id).catch(() => null);
  }

  /**
   * Counts per region (where seen) or dealer of the violations in the viewer's scope raised in
   * [from, to), most first.
   */
  async summary(
    ctx: PricingContext,
    args: { groupBy: PriceViolationGroupBy; from?: Date | null; to?: Date | null; regionId?: string | null },
  ): Promise<ViolationGroup[]> {
    const scope = violations.kind.readScope(ctx);
    if (!scope) return [];
    const where = { $and: [scope, ...filterWhere(args)] } as FilterQuery<PriceViolation>;
    const rows = await ctx.em.find(PriceViolation, where, { fields: ['id', 'regionId', 'dealerId', 'status'] });
    const groups = new Map<string, ViolationGroup>();
    for (const r of rows) {
      const key = args.groupBy === PriceViolationGroupBy.DEALER ? r.dealerId : r.regionId;
      const g = groups.get(key) ?? { key, count: 0, unresolved: 0 };
      g.count++;
      if (r.status !== PriceViolationStatus.RESOLVED) g.unresolved++;
      groups.set(key, g);
    }
    return [...groups.values()].sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
  }

  /** Marks a violation as being followed up (HQ, the region's manager, the dealer's admin); idempotent. */
  acknowledge(ctx: PricingContext, id: string): Promise<PriceViolation> {
    return this.move(ctx, id, PriceViolationStatus.ACKNOWLEDGED);
  }

  /**
   * Closes a violation and frees its open key, so a later price below the minimum that day raises
   * a new one; idempotent.
   */
  async resolve(ctx: PricingContext, id: string, now = new Date()): Promise<PriceViolation> {
    const moved = await this.move(ctx, id, PriceViolationStatus.RESOLVED);
    if (moved.openKey && (await resolveAlert(ctx.em, PriceViolation, moved, now)))
      Object.assign(moved, { openKey: null, resolvedAt: now });
    return moved;
  }

  private async move(ctx: PricingContext, id: string, to: PriceViolationStatus): Promise<PriceViolation> {
    ctx.requireRole(...ALERT_ACKNOWLEDGERS);
    const violation = await violations.get(ctx, id);
    return moveAlertStatus(ctx, PriceViolation, violation, {
      to,
      resolved: PriceViolationStatus.RESOLVED,
      owner: { dealerId: violation.dealerId, regionPath: violation.regionPath },
      label: 'Price violation',
      entityType: 'PriceViolation',
      operation: to === PriceViolationStatus.RESOLVED ? 'resolvePriceViolation' : 'acknowledgePriceViolation',
    });
  }
}
