import type { EntityClass, EntityData, EntityManager, FilterQuery, RequiredEntityData } from '@mikro-orm/core';
import { insertAudit } from './audit.js';
import { ErrorCode } from './errors.js';
import { newId } from './ids.js';
import {
  HOLD_KEY_RULE,
  isHoldKey,
  isTombstone,
  KeyedHoldCode,
  releasedKeyMessage,
  releaseOrTombstone,
  TOMBSTONE_OWNER,
  type LiveHold,
} from './keyed-hold.js';
import { HoldRefusal } from './keyed-hold-write.js';
import type { RequestContext } from './request-context.js';
import { domainError, type DomainError } from './user-error.js';

/** The columns every hold table has (the subgraph's entity adds what it holds). */
export interface HoldRow<S extends string = string> {
  id: string;
  /** The idempotency key (unique): one row per key, ever. */
  key: string;
  /** The dealer held for; `TOMBSTONE_OWNER` on a tombstone. */
  dealerId: string;
  status: S;
  createdAt: Date;
  updatedAt: Date;
}

/** The request context a hold table needs: the EntityManager to fork and the viewer for audit entries. */
export type HoldContext = Pick<RequestContext<object>, 'em' | 'viewer' | 'requestId'>;

/**
 * How a move's effect tells the audit entry what really happened when the kit's words do not fit
 * (a release that gave back only the remainder of a partly shipped hold): its action and fields
 * of the state after, merged over the kit's.
 */
export interface HoldAuditNote {
  action?: string;
  after?: Record<string, unknown>;
}

/** A change applied in the transaction that moves a live hold on (give the stock back, capture the credit). */
export type HoldEffect<T> = (tx: EntityManager, row: T) => Promise<void | HoldAuditNote>;

/** What one subgraph's holds are, for `KeyedHoldTable`. The names are the subgraph's; the protocol is the kit's. */
export interface KeyedHoldKind<T extends HoldRow<S>, S extends string> {
  entity: EntityClass<T>;
  /** Prefix of new row ids ("rsv"). */
  idPrefix: string;
  /** The audit entries' entity type ("Reservation"). */
  entityType: string;
  /** What a hold is called in messages, lower case ("reservation", "credit hold"). */
  noun: string;
  /** The life cycle: `live` while held, then `released` (given back) or `settled` (shipped, invoiced), final. */
  states: { live: S; released: S; settled: S };
  /** Error code of a released hold (settling it, or holding under its key) ("RESERVATION_RELEASED"). */
  releasedCode: string;
  /** Error code of releasing a settled hold ("RESERVATION_COMMITTED"). */
  settledCode: string;
  /** Audit operations of the two moves ("releaseReservation", "commitReservation"). */
  operations: { release: string; settle: string };
  /** Audit action of settling ("COMMIT"); releasing is "RELEASE". */
  settleAction: string;
  /** How messages say it: `settled` a past ("has shipped"), `settle` a verb after "can no longer" ("ship"). */
  words: { settled: string; settle: string };
  /** The other columns of a tombstone, which holds nothing (an amount of 0). */
  tombstone?: Partial<Omit<T, keyof HoldRow>>;
  /** Fields of the row the audit entries of its moves show beside the status (the amount). */
  auditState?: (row: T) => Record<string, unknown>;
}

/** What releasing a key did: `released` once the hold is given back (now or before), the hold, and why not. */
export interface HoldRelease<T> {
  released: boolean;
  row: T | null;
  errors: DomainError[];
}

/** What settling a key did: the settled hold, or why it cannot be settled. */
export interface HoldSettle<T> {
  row: T | null;
  errors: DomainError[];
}

/** How often a move re-reads a hold whose status changed between its read and its conditional update. */
const MAX_MOVE_ATTEMPTS = 5;

/**
 * The rows of one subgraph's keyed holds (the protocol of `keyed-hold.ts`): the answer to a key
 * used before, tombstones, the reconciler's page of live holds, and the state machine. A live
 * hold moves once, to released or to settled, by a conditional update (`where status = live`),
 * so of two concurrent callers only one applies the move's effect; the other sees the outcome.
 */
export class KeyedHoldTable<T extends HoldRow<S>, S extends string> {
  constructor(readonly kind: KeyedHoldKind<T, S>) {}

  /**
   * The hold already made under `key`: returned when `same` says it was made for the same request
   * (whatever its status now), else IDEMPOTENCY_KEY_REUSED; the released code when the key was
   * released before anything was held (a tombstone); null when the key is unused.
   */
  async replay(
    ctx: HoldContext,
    key: string,
    same: (row: T, em: EntityManager) => boolean | Promise<boolean>,
  ): Promise<T | null> {
    const { entity, noun, releasedCode } = this.kind;
    const em = ctx.em.fork({ clear: true });
    const row = await em.findOne(entity, { key } as FilterQuery<T>);
    if (!row) return null;
    if (isTombstone(row)) throw new HoldRefusal(domainError(releasedCode, releasedKeyMessage(noun, key), 'key'));
    if (!(await same(row, em))) {
      const message = `Key "${key}" was already used for a different ${noun}`;
      throw new HoldRefusal(domainError(KeyedHoldCode.IDEMPOTENCY_KEY_REUSED, message, 'key'));
    }
    return row;
  }

  /**
   * Releases the hold under `key` (the saga's compensation), `giveBack` undoing what it took.
   * Idempotent: releasing again answers `released: true`; a bad key is BAD_USER_INPUT; an unknown
   * key answers `released: false` without error and leaves a tombstone, so a hold with that key
   * arriving later is refused; a settled hold cannot be released (the settled code).
   */
  async release(ctx: HoldContext, key: string, now: Date, giveBack: HoldEffect<T>): Promise<HoldRelease<T>> {
    const result: HoldRelease<T> = { released: false, row: null, errors: [] };
    if (!isHoldKey(key)) {
      result.errors = [domainError(ErrorCode.BAD_USER_INPUT, HOLD_KEY_RULE, 'key')];
      return result;
    }
    const { states, settledCode, words } = this.kind;
    const row = await releaseOrTombstone(
      key,
      () => this.move(ctx, key, states.released, now, giveBack),
      () => this.tombstone(ctx, key, now),
    );
    // A tombstone held nothing: as for an unknown key, nothing was released.
    if (!row || isTombstone(row)) return result;
    result.row = row;
    if (row.status === states.settled) {
      const message = `${this.title(key)} ${words.settled} and can no longer be released`;
      result.errors = [domainError(settledCode, message, 'key')];
    } else {
      result.released = true;
    }
    return result;
  }

  /**
   * Settles the hold under `key` (ships it, invoices it), `effect` making it final. Idempotent;
   * NOT_FOUND for an unknown key, the released code for a released one.
   */
  async settle(ctx: HoldContext, key: string, now: Date, effect: HoldEffect<T>): Promise<HoldSettle<T>> {
    const { states, releasedCode, words } = this.kind;
    const row = await this.move(ctx, key, states.settled, now, effect);
    if (!row)
      return { row: null, errors: [domainError(ErrorCode.NOT_FOUND, `${this.title(key)} was not found`, 'key')] };
    if (row.status === states.released) {
      const message = `${this.title(key)} was released and can no longer ${words.settle}`;
      return { row: null, errors: [domainError(releasedCode, message, 'key')] };
    }
    return { row, errors: [] };
  }

  /** Live holds after `after` in (createdAt, id) order, at most `limit` (the reconciler's page). */
  async live(em: EntityManager, after: LiveHold | null, limit: number): Promise<LiveHold[]> {
    const live = this.kind.states.live;
    const where = (after
      ? {
          status: live,
          $or: [{ createdAt: { $gt: after.createdAt } }, { createdAt: after.createdAt, id: { $gt: after.id } }],
        }
      : { status: live }) as unknown as FilterQuery<T>;
    const rows = (await em.fork({ clear: true }).find(this.kind.entity, where, {
      fields: ['id', 'key', 'createdAt'],
      orderBy: { createdAt: 'asc', id: 'asc' },
      limit,
    } as never)) as T[];
    return rows.map((r) => ({ id: r.id, key: r.key, createdAt: r.createdAt }));
  }

  /**
   * Moves a live hold to `to` and applies `effect` in the same transaction, with its audit entry.
   * The status change is itself conditional, so of two concurrent callers only one applies the
   * effect; the other re-reads in a new transaction. Returns the hold as it is afterwards
   * (unchanged if it was not live), or null for an unknown key.
   */
  async move(ctx: HoldContext, key: string, to: S, now: Date, effect: HoldEffect<T>): Promise<T | null> {
    const { entity, states } = this.kind;
    for (let attempt = 0; ; attempt++) {
      const result = await ctx.em.fork({ clear: true }).transactional(async (tx) => {
        const row = await tx.findOne(entity, { key } as FilterQuery<T>);
        if (!row || row.status !== states.live) return { row };
        const live = { id: row.id, status: states.live } as FilterQuery<T>;
        const changed = await tx.nativeUpdate(entity, live, { status: to, updatedAt: now } as unknown as EntityData<T>);
        if (changed === 0) return { retry: true as const };
        const note = await effect(tx, row);
        await insertAudit(tx, ctx, this.moveAudit(row, to, note || undefined));
        return { row: this.detached(tx, row, to, now) };
      });
      if (!('retry' in result)) return result.row;
      if (attempt >= MAX_MOVE_ATTEMPTS) throw new Error(`${this.kind.noun} "${key}" keeps changing under us`);
    }
  }

  /**
   * The tombstone of a key released before any hold was made under it: a released row of no
   * dealer that holds nothing, with its audit entry. Its insert fails on the key's unique index
   * when a hold got there first (`releaseOrTombstone` then releases that one).
   */
  private tombstone(ctx: HoldContext, key: string, now: Date): Promise<void> {
    const { entity, idPrefix, entityType, states, operations } = this.kind;
    return ctx.em.fork({ clear: true }).transactional(async (tx) => {
      const id = newId(idPrefix, now);
      const row = { ...this.kind.tombstone, id, key, dealerId: TOMBSTONE_OWNER, status: states.released };
      await tx.insert(entity, { ...row, createdAt: now, updatedAt: now } as unknown as RequiredEntityData<T>);
      await insertAudit(tx, ctx, {
        operation: operations.release,
        action: 'RELEASE',
        entityType,
        entityId: id,
        after: { key, status: states.released, tombstone: true },
      });
    });
  }

  /** The audit entry of a move of `row` to `to`, as the effect's `note` corrects it. */
  private moveAudit(row: T, to: S, note?: HoldAuditNote) {
    const { states, operations, auditState } = this.kind;
    const released = to === states.released;
    return {
      operation: released ? operations.release : operations.settle,
      action: note?.action ?? (released ? 'RELEASE' : this.kind.settleAction),
      entityType: this.kind.entityType,
      entityId: row.id,
      before: { status: row.status, ...auditState?.(row) },
      after: { status: to, ...auditState?.(row), ...note?.after },
    };
  }

  /** A detached copy of `row` after its move: changing the managed entity would make the commit write it again. */
  private detached(tx: EntityManager, row: T, status: S, updatedAt: Date): T {
    const copy = new (this.kind.entity as unknown as new () => T)();
    for (const prop of tx.getMetadata(this.kind.entity).props) {
      if (prop.persist !== false) (copy as Record<string, unknown>)[prop.name] = row[prop.name as keyof T];
    }
    return Object.assign(copy, { status, updatedAt });
  }

  /** "Reservation "ord_1"": the noun, capitalized, and the key, to open a message. */
  private title(key: string): string {
    const { noun } = this.kind;
    return `${noun.charAt(0).toUpperCase()}${noun.slice(1)} "${key}"`;
  }
}
