import type { EntityClass, FilterQuery } from '@mikro-orm/core';
import { insertAudit, type AuditInput } from './audit.js';
import { assertCanActOn, type ScopedRow } from './data-scope.js';
import type { RequestContext } from './request-context.js';

/** Audit action of an acknowledgement (`acknowledgeOnce`). */
export const ACKNOWLEDGE_ACTION = 'ACKNOWLEDGE';

/** One change to one row, as `guardedChange` applies it. */
export interface GuardedChange<T> {
  /** Whose row it is: the act-for check runs on it (see `canActOn`). */
  owner: ScopedRow;
  /** The row's state the change expects (with its id): two callers at once apply it once. */
  guard: FilterQuery<T>;
  /** The columns to set. */
  set: Partial<T>;
  /** The audit entry of the change (the entity id is the row's). */
  audit: Omit<AuditInput, 'entityId'>;
  /** What the row is, for the FORBIDDEN message ("credit alert"). */
  what: string;
}

/**
 * The one write path of a public mutation on one existing row: FORBIDDEN unless the viewer may
 * act for the row's owner (reading it is not enough), then a conditional update and its audit
 * entry in one transaction. Returns false (nothing written, nothing audited) when the guard no
 * longer matched: someone else changed the row first.
 */
export async function guardedChange<T extends { id: string }>(
  ctx: RequestContext<object>,
  entity: EntityClass<T>,
  row: T,
  change: GuardedChange<T>,
): Promise<boolean> {
  ctx.requireViewer();
  assertCanActOn(ctx.scope, change.owner, change.what);
  return ctx.em.transactional(async (tx) => {
    const updated = await tx.nativeUpdate(entity, change.guard, change.set as never);
    if (updated !== 1) return false;
    await insertAudit(tx, ctx, { ...change.audit, entityId: row.id });
    return true;
  });
}

/**
 * Marks an alert acknowledged by the viewer once, for every subgraph's acknowledge mutation:
 * FORBIDDEN unless the viewer may act for the alert's owner (a parent dealer reads its
 * sub-dealers' alerts but does not acknowledge them), then a conditional update with its audit
 * entry in the same transaction. Acknowledging again, or two people at once, keeps the first time
 * and person and writes nothing more. Returns the row as stored.
 */
export async function acknowledgeOnce<
  T extends { id: string; acknowledgedAt: Date | null; acknowledgedBy: string | null },
>(
  ctx: RequestContext<object>,
  entity: EntityClass<T>,
  row: T,
  how: { owner: ScopedRow; operation: string; entityType: string; what: string },
  now = new Date(),
): Promise<T> {
  const viewer = ctx.requireViewer();
  assertCanActOn(ctx.scope, how.owner, how.what);
  if (row.acknowledgedAt) return row;
  await guardedChange(ctx, entity, row, {
    owner: how.owner,
    what: how.what,
    guard: { id: row.id, acknowledgedAt: null } as FilterQuery<T>,
    set: { acknowledgedAt: now, acknowledgedBy: viewer.userId } as Partial<T>,
    audit: {
      operation: how.operation,
      action: ACKNOWLEDGE_ACTION,
      entityType: how.entityType,
      before: { acknowledgedAt: null },
      after: { acknowledgedAt: now, acknowledgedBy: viewer.userId },
    },
  });
  return ctx.em.findOneOrFail(entity, { id: row.id } as FilterQuery<T>, { refresh: true });
}
