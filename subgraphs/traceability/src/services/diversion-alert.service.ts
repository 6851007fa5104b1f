import {
  AppError,
  decodeCursor,
  EventType,
  ForbiddenError,
  moveAlertStatus,
  NotFoundError,
  raiseAlert,
  pageSize,
  Role,
  toPage,
  UnauthenticatedError,
  type Page,
  type Viewer,
} from '@dnp/subgraph-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { AlertStatus, DiversionAlert } from '../entities/diversion-alert.entity.js';
import type { DiversionAlertFilter } from '../schema/trace.input.js';
import type { TraceabilityContext } from '../traceability-context.js';

/** Which alerts a viewer may see: null for none, {} for all, or a region subtree condition. */
function alertScope(viewer: Viewer | null): FilterQuery<DiversionAlert> | null {
  if (!viewer) return null;
  if (viewer.role === Role.HQ_ADMIN || viewer.role === Role.SERVICE) return {};
  // Region ids are our own prefixed ids and hold no LIKE wildcards.
  if (viewer.role === Role.REGION_MANAGER && viewer.regionId)
    return { detectedRegionPath: { $like: `%/${viewer.regionId}/%` } };
  return null;
}

/** The viewer's alert scope, or UNAUTHENTICATED / FORBIDDEN for those who have none. */
function requireAlertScope(ctx: TraceabilityContext): FilterQuery<DiversionAlert> {
  if (!ctx.viewer) throw new UnauthenticatedError();
  const scope = alertScope(ctx.viewer);
  if (!scope) throw new ForbiddenError('Diversion alerts are for HQ and regional managers');
  return scope;
}

/**
 * Raises a diversion alert (one per diverting sale or scan) with its `traceability.diversion_detected`
 * event, in the caller's transaction. Diversion alerts are for HQ and the region managers above
 * where it was detected: the event names no dealer.
 */
export function raiseDiversionAlert(tx: EntityManager, alert: DiversionAlert): Promise<void> {
  return raiseAlert(tx, DiversionAlert, {
    row: { ...alert },
    at: alert.detectedAt,
    event: {
      type: EventType.DIVERSION_DETECTED,
      scope: { dealerIds: [], regionPath: alert.detectedRegionPath.split('/').filter(Boolean) },
      payload: {
        alertId: alert.id,
        code: alert.code,
        productId: alert.productId,
        ownerDealerId: alert.ownerDealerId,
        detectedRegionId: alert.detectedRegionId,
        detectedByDealerId: alert.detectedByDealerId,
      },
    },
  });
}

/**
 * Diversion alert reads and work-state changes, for HQ (all) and managers (alerts detected in
 * their region subtree).
 */
export class DiversionAlertService {
  /** One page of alerts, newest first, after the cursor `after`. */
  async list(
    ctx: TraceabilityContext,
    args: { first?: number | null; after?: string | null; filter?: DiversionAlertFilter | null },
  ): Promise<Page<DiversionAlert>> {
    const scope = requireAlertScope(ctx);
    const limit = pageSize(args.first);
    const where: FilterQuery<DiversionAlert>[] = [scope];
    if (args.filter?.status) where.push({ status: args.filter.status });
    if (args.filter?.ownerDealerId) where.push({ ownerDealerId: args.filter.ownerDealerId });
    const base: FilterQuery<DiversionAlert> = { $and: where };
    const page: FilterQuery<DiversionAlert>[] = [];
    if (args.after) {
      const [at, id] = decodeCursor(args.after, 2) as [string, string];
      const when = new Date(at);
      if (typeof id !== 'string' || Number.isNaN(when.getTime()))
        throw new AppError('INVALID_CURSOR', '"after" is not a cursor this list issued', { field: 'after' });
      page.push({ $or: [{ detectedAt: { $lt: when } }, { detectedAt: when, id: { $lt: id } }] });
    }
    const [rows, total] = await Promise.all([
      limit === 0
        ? Promise.resolve([] as DiversionAlert[])
        : ctx.em.find(
            DiversionAlert,
            { $and: [base, ...page] },
            { orderBy: { detectedAt: 'desc', id: 'desc' }, limit: limit + 1 },
          ),
      ctx.em.count(DiversionAlert, base),
    ]);
    for (const row of rows) ctx.loaders.alertById.prime(row.id, row);
    return toPage(rows, limit, Boolean(args.after), total, (a) => [a.detectedAt.toISOString(), a.id]);
  }

  /** An alert by id for entity references; null when unknown or out of scope. */
  async visible(ctx: TraceabilityContext, id: string): Promise<DiversionAlert | null> {
    const alert = await ctx.loaders.alertById.load(id);
    return alert && this.inScope(ctx.viewer, alert) ? alert : null;
  }

  /** One alert by id; FORBIDDEN for dealers, NOT_FOUND when unknown or outside the viewer's region. */
  async byId(ctx: TraceabilityContext, id: string): Promise<DiversionAlert> {
    requireAlertScope(ctx);
    const alert = await this.visible(ctx, id);
    if (!alert) throw new NotFoundError('DiversionAlert', id);
    return alert;
  }

  /** Marks an open alert as being investigated; acknowledging twice changes nothing. */
  acknowledge(ctx: TraceabilityContext, id: string): Promise<DiversionAlert> {
    return this.transition(ctx, id, AlertStatus.ACKNOWLEDGED);
  }

  /** Closes an alert; resolving twice changes nothing. */
  resolve(ctx: TraceabilityContext, id: string): Promise<DiversionAlert> {
    return this.transition(ctx, id, AlertStatus.RESOLVED);
  }

  private async transition(ctx: TraceabilityContext, id: string, to: AlertStatus): Promise<DiversionAlert> {
    requireAlertScope(ctx);
    const alert = await this.visible(ctx, id);
    if (!alert) throw new NotFoundError('DiversionAlert', id);
    // Acted for by the region where it was detected.
    return moveAlertStatus(ctx, DiversionAlert, alert, {
      to,
      resolved: AlertStatus.RESOLVED,
      owner: { regionPath: alert.detectedRegionPath },
      label: 'Diversion alert',
      entityType: 'DiversionAlert',
      operation: to === AlertStatus.RESOLVED ? 'resolveDiversionAlert' : 'acknowledgeDiversionAlert',
    });
  }

  private inScope(viewer: Viewer | null, alert: DiversionAlert): boolean {
    if (!viewer) return false;
    if (viewer.role === Role.HQ_ADMIN || viewer.role === Role.SERVICE) return true;
    if (viewer.role === Role.REGION_MANAGER && viewer.regionId)
      return alert.detectedRegionPath.includes(`/${viewer.regionId}/`);
    return false;
  }
}
