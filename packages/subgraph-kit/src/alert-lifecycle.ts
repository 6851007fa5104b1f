import type { EventPayload, EventScope, EventType } from '@dnp/event-bus';
import type { EntityClass, EntityManager, FilterQuery } from '@mikro-orm/core';
import { type ScopedRow } from './data-scope.js';
import { AppError, ForbiddenError, NotFoundError } from './errors.js';
import { acknowledgeOnce, guardedChange } from './guarded-change.js';
import { insertOnce } from './insert-once.js';
import { newestFirstPage } from './newest-first.js';
import { recordEvent } from './outbox-events.js';
import { pageSize, toPage, type Page } from './pagination.js';
import type { RequestContext } from './request-context.js';
import { isDealerRole, Role, type Viewer } from './viewer.js';

/*
 * The alert lifecycle every subgraph's alerts share: raised once per open condition (a unique
 * `openKey` while it lasts) with its event in the same transaction, read through the viewer's
 * scope, acknowledged once by someone who may act for its owner (audited), resolved when the
 * condition clears, and a scan (run periodically from the subgraph's `background` hook) that
 * raises what the write path missed and resolves what cleared. Subgraphs supply the specifics:
 * the entity, the scope, the condition and the event.
 */

/** What every alert row has: an id and who acknowledged it when. */
export interface AlertRow {
  id: string;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
}

/** An alert raised once per condition: `openKey` is unique while the condition lasts (null once resolved). */
export interface OpenKeyedAlert {
  id: string;
  openKey: string | null;
}

/** The roles that may acknowledge an alert (each only for the owners it may act for). */
export const ALERT_ACKNOWLEDGERS: readonly Role[] = [Role.HQ_ADMIN, Role.REGION_MANAGER, Role.DEALER_ADMIN];

/** Most open keys one query looks up while a scan checks which conditions are already raised. */
const TAKEN_CHUNK = 500;
/** Alerts one scan raises in one transaction. */
const RAISE_CHUNK = 100;

/** One raise: the row to insert (with its id) and the catalog event recorded when it is inserted. */
export interface AlertRaise<T, E extends EventType> {
  /** The new alert row, with its id (the event's subject); it starts unacknowledged. */
  row: Partial<T> & { id: string };
  /** When the condition was noticed: the event's `occurredAt`. */
  at: Date;
  /** The raise event of the catalog: its type, who may see it and its payload. */
  event: { type: E; scope: EventScope; payload: EventPayload<E> };
}

/**
 * Raises an alert once per open condition: inserts the row unless its `openKey` is taken (the
 * condition is already raised; the caller's transaction stays usable) and, when it did, records
 * the raise event in the same transaction. Returns whether it raised.
 */
export async function raiseAlertOnce<T extends AlertRow & OpenKeyedAlert, E extends EventType>(
  tx: EntityManager,
  entity: EntityClass<T>,
  raise: AlertRaise<T, E>,
): Promise<boolean> {
  const raised = await insertOnce(tx, entity, unacknowledged<T>(raise.row as Partial<T>), 'openKey');
  if (raised) recordRaise(tx, raise);
  return raised;
}

/** Raises an alert of its own for every occurrence (no open key): inserts the row and records its raise event. */
export async function raiseAlert<T extends AlertRow, E extends EventType>(
  tx: EntityManager,
  entity: EntityClass<T>,
  raise: AlertRaise<T, E>,
): Promise<void> {
  await tx.insert(entity, unacknowledged<T>(raise.row as Partial<T>) as never);
  recordRaise(tx, raise);
}

function unacknowledged<T>(row: Partial<T>): Partial<T> {
  return { ...row, acknowledgedAt: null, acknowledgedBy: null } as Partial<T>;
}

function recordRaise<E extends EventType>(tx: EntityManager, raise: AlertRaise<unknown, E>): void {
  const { type, scope, payload } = raise.event;
  recordEvent(tx, { type, subjectId: raise.row.id, scope, occurredAt: raise.at, payload } as never);
}

/**
 * Resolves an open alert whose condition cleared: frees its open key (so the next episode raises
 * a new alert) and sets `resolvedAt`, guarded on the key it was read with. Returns 1 when it
 * resolved, 0 when someone else did first.
 */
export function resolveAlert<T extends OpenKeyedAlert>(
  em: EntityManager,
  entity: EntityClass<T>,
  alert: T,
  now = new Date(),
): Promise<number> {
  const guard = { id: alert.id, openKey: alert.openKey } as FilterQuery<T>;
  return em.nativeUpdate(entity, guard, { openKey: null, resolvedAt: now } as never);
}

/** The list filters every alert list offers: acknowledged or not, and open (unresolved) or not. */
export function alertStateFilters<T>(args: { acknowledged?: boolean | null; open?: boolean | null }): FilterQuery<T>[] {
  const where: Record<string, unknown>[] = [];
  if (args.acknowledged != null) where.push({ acknowledgedAt: args.acknowledged ? { $ne: null } : null });
  if (args.open != null) where.push({ resolvedAt: args.open ? null : { $ne: null } });
  return where as FilterQuery<T>[];
}

/**
 * The read scope of alerts that belong to one dealer (or to none: HQ and regional rows) with
 * `dealerId` and `regionPath` columns: HQ and services all, region managers their subtree, dealer
 * users their own dealer's (not their sub-dealers'); FORBIDDEN for anyone else.
 */
export function dealerAlertScope(viewer: Viewer): Record<string, unknown> {
  switch (viewer.role) {
    case Role.HQ_ADMIN:
    case Role.SERVICE:
      return {};
    case Role.REGION_MANAGER:
      if (!viewer.regionId) throw new ForbiddenError();
      return { regionPath: { $like: `%/${viewer.regionId}/%` } };
    default:
      if (!isDealerRole(viewer.role) || !viewer.dealerId) throw new ForbiddenError();
      return { dealerId: viewer.dealerId };
  }
}

/** What a subgraph says about its alerts for `AlertLifecycle`. */
export interface AlertKind<T extends AlertRow> {
  entity: EntityClass<T>;
  /** The alert as NOT_FOUND names it ("Credit alert"). */
  label: string;
  /** The alert as FORBIDDEN names it ("credit alert"). */
  what: string;
  /** The audit entry's entity type ("CreditAlert"). */
  entityType: string;
  /** The acknowledge mutation, as the audit entry names it ("acknowledgeCreditAlert"). */
  acknowledgeOperation: string;
  /** The rows the viewer may read: `{}` for all, null for none (an empty list); may throw FORBIDDEN. */
  readScope: (ctx: RequestContext<object>) => FilterQuery<T> | null;
  /** Whose alert it is, for the act-for check of an acknowledgement. */
  ownerOf: (alert: T) => ScopedRow;
}

/** The read and acknowledge side of one subgraph's alerts (list, get, acknowledge), written once. */
export class AlertLifecycle<T extends AlertRow> {
  constructor(readonly kind: AlertKind<T>) {}

  /** One page of the alerts in the viewer's scope that match `where`, newest first. */
  async list(
    ctx: RequestContext<object>,
    where: FilterQuery<T>[],
    args: { first?: number | null; after?: string | null },
  ): Promise<Page<T>> {
    const scope = this.kind.readScope(ctx);
    // Nobody in scope (e.g. a catalogue-only partner): an empty page, no query.
    if (!scope) return toPage([], pageSize(args.first), Boolean(args.after), 0, (r: T) => [r.id]);
    return newestFirstPage(ctx.em, this.kind.entity, [scope, ...where], args);
  }

  /** One alert; NOT_FOUND when unknown or outside the viewer's scope. */
  async get(ctx: RequestContext<object>, id: string): Promise<T> {
    const scope = this.kind.readScope(ctx);
    const where = { $and: [{ id }, scope] } as FilterQuery<T>;
    const alert = scope ? await ctx.em.findOne(this.kind.entity, where) : null;
    if (!alert) throw new NotFoundError(this.kind.label, id);
    return alert as T;
  }

  /**
   * Acknowledges an alert the viewer may act for (HQ, region managers in their subtree, a dealer
   * admin its own dealer's; a parent dealer reads its sub-dealers' alerts but gets FORBIDDEN),
   * with its audit entry; acknowledging again keeps the first time and person.
   */
  async acknowledge(ctx: RequestContext<object>, id: string, now = new Date()): Promise<T> {
    ctx.requireRole(...ALERT_ACKNOWLEDGERS);
    const alert = await this.get(ctx, id);
    const { entity, entityType, what, acknowledgeOperation: operation } = this.kind;
    return acknowledgeOnce(ctx, entity, alert, { owner: this.kind.ownerOf(alert), operation, entityType, what }, now);
  }
}

/** One condition a scan checks, for `scanAlertCondition`. */
export interface AlertCondition<T extends OpenKeyedAlert, C> {
  entity: EntityClass<T>;
  /** Where the condition holds now: each should have an open alert. */
  holding: readonly C[];
  /** The open key of the alert of `c` (unique while that alert is open). */
  keyOf: (c: C) => string;
  /** Raises the alert of `c` with its event in `tx`; false when it was raised meanwhile. */
  raise: (tx: EntityManager, c: C) => Promise<boolean>;
  /** How its open alerts resolve; omit for alerts that stay open for good. */
  clears?: {
    /** Which open alerts belong to this condition (e.g. one kind). */
    where: FilterQuery<T>;
    /** Most open alerts one scan checks (the next scan continues). */
    limit?: number;
    /** Of `open`, those whose condition is gone. */
    gone: (open: T[]) => T[] | Promise<T[]>;
    /** Called for each alert just before it is resolved (e.g. to forget it was open). */
    onResolve?: (alert: T) => void;
  };
}

/**
 * One scan of one condition: raises an alert with its event for every place it holds without one
 * open (a change can slip past the write path), RAISE_CHUNK to a transaction, then resolves the
 * open alerts whose condition is gone. Returns how many it raised and resolved.
 */
export async function scanAlertCondition<T extends OpenKeyedAlert, C>(
  root: EntityManager,
  condition: AlertCondition<T, C>,
  now = new Date(),
): Promise<{ raised: number; cleared: number }> {
  // Separate forks: the key lookup loads partial rows, which must not stand in for the open alerts read below.
  const taken = await takenKeys(root.fork(), condition.entity, condition.holding.map(condition.keyOf));
  let raised = 0;
  const toRaise = condition.holding.filter((c) => !taken.has(condition.keyOf(c)));
  // A chunk per transaction: a boot with thousands of lots in expiry windows paid one commit per
  // alert. A raise inserts once (never a unique violation), so one alert cannot spoil its chunk.
  for (let i = 0; i < toRaise.length; i += RAISE_CHUNK) {
    const chunk = toRaise.slice(i, i + RAISE_CHUNK);
    raised += await root.fork().transactional(async (tx) => {
      let n = 0;
      for (const c of chunk) if (await condition.raise(tx, c)) n++;
      return n;
    });
  }
  let cleared = 0;
  const clears = condition.clears;
  if (clears) {
    const em = root.fork();
    const where = { $and: [clears.where, { openKey: { $ne: null } }] } as FilterQuery<T>;
    const open = (await em.find(condition.entity, where, { limit: clears.limit })) as T[];
    for (const alert of await clears.gone(open)) {
      clears.onResolve?.(alert);
      cleared += await resolveAlert(em, condition.entity, alert, now);
    }
  }
  return { raised, cleared };
}

/** Which of `keys` already belong to an alert (read in chunks, so a scan stays a few queries). */
async function takenKeys<T extends OpenKeyedAlert>(
  em: EntityManager,
  entity: EntityClass<T>,
  keys: string[],
): Promise<Set<string>> {
  const taken = new Set<string>();
  for (let i = 0; i < keys.length; i += TAKEN_CHUNK) {
    const where = { openKey: { $in: keys.slice(i, i + TAKEN_CHUNK) } } as unknown as FilterQuery<T>;
    const rows = (await em.find(entity, where, { fields: ['id', 'openKey'] as never })) as T[];
    for (const r of rows) if (r.openKey) taken.add(r.openKey);
  }
  return taken;
}

/** One work-state change of an alert that has a status, for `moveAlertStatus`. */
export interface AlertStatusMove<S extends string> {
  /** The status to move to. */
  to: S;
  /** The final status: an alert in it moves no more (ALERT_RESOLVED). */
  resolved: S;
  /** Whose alert it is, for the act-for check. */
  owner: ScopedRow;
  /** The alert as messages name it ("Diversion alert"). */
  label: string;
  /** The audit entry's entity type and operation. */
  entityType: string;
  operation: string;
}

/**
 * Moves an alert with a work state (open, acknowledged, resolved) to `move.to`: nothing when it
 * is there already, ALERT_RESOLVED once resolved; the first move also records who acknowledged it
 * when. The kit's act-for check, then an update guarded on the status read, so two people acting
 * at once cannot both apply a move (CONFLICT for the second), with its audit entry. Returns the
 * alert as changed.
 */
export async function moveAlertStatus<S extends string, T extends AlertRow & { status: S }>(
  ctx: RequestContext<object>,
  entity: EntityClass<T>,
  alert: T,
  move: AlertStatusMove<S>,
  now = new Date(),
): Promise<T> {
  const viewer = ctx.requireViewer();
  const { id } = alert;
  if (alert.status === move.to) return alert;
  if (alert.status === move.resolved)
    throw new AppError('ALERT_RESOLVED', `${move.label} "${id}" is already resolved`, { field: 'id' });
  const changes = { status: move.to } as Partial<T>;
  if (!alert.acknowledgedAt) Object.assign(changes, { acknowledgedAt: now, acknowledgedBy: viewer.userId });
  const applied = await guardedChange(ctx, entity, alert, {
    owner: move.owner,
    what: move.label.toLowerCase(),
    guard: { id, status: alert.status } as FilterQuery<T>,
    set: changes,
    audit: {
      operation: move.operation,
      action: move.to,
      entityType: move.entityType,
      before: { status: alert.status, acknowledgedAt: alert.acknowledgedAt },
      after: { status: move.to, acknowledgedAt: changes.acknowledgedAt ?? alert.acknowledgedAt },
    },
  });
  if (!applied) throw new AppError('CONFLICT', `${move.label} "${id}" changed meanwhile; reload and retry`);
  Object.assign(alert, changes);
  return alert;
}
