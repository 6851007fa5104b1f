import {
  domainError,
  ErrorCode,
  findPlain,
  formatMinor,
  groupCommitter,
  HOLD_KEY_RULE,
  insertAudit,
  insertAudits,
  isHoldKey,
  isTombstone,
  KeyedHoldCode,
  type LiveHold,
  newId,
  releasedKeyMessage,
  releaseOrTombstone,
  Role,
  sqlCase,
  TOMBSTONE_OWNER,
  type AuditInput,
  type DomainError,
  type RequestAudit,
} from '@dnp/subgraph-kit';
import {
  DeadlockException,
  LockWaitTimeoutException,
  UniqueConstraintViolationException,
  type EntityManager,
  type FilterQuery,
} from '@mikro-orm/core';
import { CreditAccount, CreditStatus, PPM } from '../entities/credit-account.entity.js';
import { config } from '../config.js';
import { raiseCreditAlertIfHigh, usePpm } from './credit-alert.service.js';
import { CreditHold, CreditHoldStatus } from '../entities/credit-hold.entity.js';
import type { FinanceContext } from '../finance-context.js';
import type { HoldCreditInput } from '../schema/credit-hold.input.js';
import { availableMinor } from './credit-account.service.js';

/** Largest amount one hold may be: 10 billion yuan in fen. */
export const MAX_HOLD_MINOR = 1_000_000_000_000;
/** How often a hold that lost a race is retried before giving up. */
const MAX_ATTEMPTS = 5;

export const CREDIT_LIMIT_EXCEEDED = 'CREDIT_LIMIT_EXCEEDED';
export const CREDIT_ACCOUNT_FROZEN = 'CREDIT_ACCOUNT_FROZEN';
export const IDEMPOTENCY_KEY_REUSED = KeyedHoldCode.IDEMPOTENCY_KEY_REUSED;
/** Releasing a hold that was already invoiced. */
export const CREDIT_HOLD_CAPTURED = 'CREDIT_HOLD_CAPTURED';
/** Capturing a hold that was given back, or holding under a released key. */
export const CREDIT_HOLD_RELEASED = KeyedHoldCode.CREDIT_HOLD_RELEASED;
/** Currency of a tombstone (ISO 4217 "no currency"): it holds no amount. */
const NO_CURRENCY = 'XXX';
const DEALER_ID = /^dlr_[A-Za-z0-9_]{1,36}$/;

/** An expected refusal; thrown inside the transaction so that nothing is written. */
class Refusal extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
  }
}

/** The conditional update on the account matched no row: find out why outside the transaction. */
class NotHeld extends Error {}

/** What holdCredit and captureCreditHold did: the hold, or why nothing changed (then nothing was written). */
export interface CreditHoldResult {
  hold: CreditHold | null;
  errors: DomainError[];
}

/** What releaseCreditHold did: whether the hold is given back, the hold, and why not. */
export interface CreditHoldReleaseResult extends CreditHoldResult {
  released: boolean;
}

/** "CNY 1,234,567.89": minor units with thousands separators, for messages. */
export function formatAmount(minor: number, currency: string): string {
  return `${currency} ${formatMinor(minor).replace(/\B(?=(\d{3})+(?!\d))/g, ',')}`;
}

/**
 * SQL that recomputes `utilization_ppm` (see `utilizationPpm`) for an exposure change of
 * `delta` (an SQL expression, which appears three times), from the row's values before the
 * statement. It must come first in the SET list: MySQL evaluates assignments left to right with
 * the new values, SQLite with the old ones; first, both see the old ones. `x - x % y` makes the
 * division exact on both dialects, i.e. integer division rounding down, exactly like the BigInt
 * computation.
 */
function utilizationSet(delta: string): string {
  return (
    'utilization_ppm = case' +
    ` when used_minor + held_minor + ${delta} <= 0 then 0` +
    ` when limit_minor <= 0 then ${PPM}` +
    ` else (((used_minor + held_minor + ${delta}) * ${PPM}) - (((used_minor + held_minor + ${delta}) * ${PPM}) % limit_minor)) / limit_minor end`
  );
}
/** `utilizationSet` for a change bound as one parameter (three times). */
const UTILIZATION_SET = utilizationSet('?');

/** A new HELD hold for the input (not written). */
function holdRow(input: HoldCreditInput, currency: string, now: Date): CreditHold {
  return Object.assign(new CreditHold(), {
    id: newId('crh', now),
    key: input.key,
    dealerId: input.dealerId,
    currency,
    amountMinor: input.amountMinor,
    status: CreditHoldStatus.HELD,
    createdAt: now,
    updatedAt: now,
  });
}

/** The audit entry of a new hold, with the account's held amount before it. */
function holdAudit(hold: CreditHold, heldBefore: number): AuditInput {
  return {
    operation: 'holdCredit',
    action: 'CREATE',
    entityType: 'CreditHold',
    entityId: hold.id,
    after: {
      key: hold.key,
      dealerId: hold.dealerId,
      amountMinor: hold.amountMinor,
      status: hold.status,
      accountHeldMinor: { before: heldBefore, after: heldBefore + hold.amountMinor },
    },
  };
}

/** A holdCredit call waiting for a group commit. */
interface HoldJob {
  ctx: FinanceContext;
  input: HoldCreditInput;
  now: Date;
}

/**
 * Credit holds for the order saga (service only): hold (one conditional UPDATE of the account),
 * release (compensation), capture (invoicing). `CreditAccount.heldMinor` is always the sum of
 * the account's HELD holds, and its stored utilization follows in the same statement.
 */
export class CreditHoldService {
  /**
   * Concurrent holds made together (group commit): one transaction, one read of the accounts,
   * multi-row inserts and one conditional update per account for the batch's sum.
   */
  private readonly holdTogether = groupCommitter<HoldJob, CreditHold>(
    (jobs) => this.holdBatch(jobs),
    (job) => this.attempt(job),
    {
      maxBatch: 32,
      retryAlone: (err) =>
        err instanceof UniqueConstraintViolationException ||
        err instanceof NotHeld ||
        err instanceof DeadlockException ||
        err instanceof LockWaitTimeoutException,
    },
  );

  /**
   * Holds `input.amountMinor` on the dealer's account under the input's key. SERVICE only
   * (FORBIDDEN otherwise). Bad input, a reused key, an unknown, frozen or exhausted account come
   * back as payload errors with nothing written. The same key and amount again answer with the
   * existing hold (whatever its status now).
   */
  async hold(ctx: FinanceContext, input: HoldCreditInput, now: Date = new Date()): Promise<CreditHoldResult> {
    ctx.requireRole(Role.SERVICE);
    const payload: CreditHoldResult = { hold: null, errors: [] };
    try {
      this.validate(input);
      // No read of the key first: the hold's insert comes before the account update, so a key
      // already used fails on its unique index and is answered from the stored hold below.
      for (let attempt = 0; ; attempt++) {
        try {
          // First with whatever else is being held right now (alone when the batch could not take it); retries alone.
          payload.hold =
            attempt === 0 ? await this.holdTogether({ ctx, input, now }) : await this.attempt({ ctx, input, now });
          return payload;
        } catch (err) {
          if (err instanceof UniqueConstraintViolationException) {
            // The key was used before (a repeated call, or a concurrent one that won): answer from its hold.
            const winner = await this.existing(ctx, input);
            if (!winner) throw err;
            payload.hold = winner;
            return payload;
          }
          if (err instanceof NotHeld) {
            await this.whyNotHeld(ctx, input);
          } else if (!(err instanceof DeadlockException || err instanceof LockWaitTimeoutException)) {
            throw err;
          }
          if (attempt + 1 >= MAX_ATTEMPTS)
            throw new Refusal(
              domainError(ErrorCode.CONFLICT, 'The credit account is too busy right now; try again', null),
            );
        }
      }
    } catch (err) {
      if (!(err instanceof Refusal)) throw err;
      payload.errors = [err.error];
      return payload;
    }
  }

  /**
   * Gives a hold back (the saga's compensation). Idempotent: releasing again answers
   * `released: true`; an unknown key answers `released: false` without error and leaves a
   * tombstone (the kit's keyed-hold protocol), so a hold with that key arriving later is refused
   * with CREDIT_HOLD_RELEASED; a captured (invoiced) hold cannot be released (CREDIT_HOLD_CAPTURED).
   */
  async release(ctx: FinanceContext, key: string, now: Date = new Date()): Promise<CreditHoldReleaseResult> {
    ctx.requireRole(Role.SERVICE);
    const payload: CreditHoldReleaseResult = { released: false, hold: null, errors: [] };
    if (!isHoldKey(key)) {
      payload.errors = [domainError(ErrorCode.BAD_USER_INPUT, HOLD_KEY_RULE, 'key')];
      return payload;
    }
    const giveBack = (tx: EntityManager, h: CreditHold) =>
      this.updateAccount(
        tx,
        `update credit_account set ${UTILIZATION_SET}, held_minor = held_minor - ?, updated_at = ? where dealer_id = ? and held_minor >= ?`,
        [-h.amountMinor, -h.amountMinor, -h.amountMinor, h.amountMinor, this.date(tx, now), h.dealerId, h.amountMinor],
        key,
      );
    const hold = await releaseOrTombstone(
      key,
      () => this.transition(ctx, key, CreditHoldStatus.RELEASED, now, giveBack),
      () => this.tombstone(ctx, key, now),
    );
    // A tombstone held nothing: as for an unknown key, nothing was released.
    if (!hold || isTombstone(hold)) return payload;
    payload.hold = hold;
    if (hold.status === CreditHoldStatus.CAPTURED) {
      payload.errors = [
        domainError(CREDIT_HOLD_CAPTURED, `Credit hold "${key}" was invoiced and can no longer be released`, 'key'),
      ];
    } else {
      payload.released = true;
    }
    return payload;
  }

  /**
   * Turns a hold into receivables when its order is invoiced: held goes down and used goes up
   * by the same amount (utilization is unchanged). Idempotent; NOT_FOUND for an unknown key,
   * CREDIT_HOLD_RELEASED for a released one.
   */
  async capture(ctx: FinanceContext, key: string, now: Date = new Date()): Promise<CreditHoldResult> {
    ctx.requireRole(Role.SERVICE);
    const payload: CreditHoldResult = { hold: null, errors: [] };
    const hold = await this.transition(ctx, key, CreditHoldStatus.CAPTURED, now, (tx, h) =>
      this.updateAccount(
        tx,
        'update credit_account set used_minor = used_minor + ?, held_minor = held_minor - ?, updated_at = ? where dealer_id = ? and held_minor >= ?',
        [h.amountMinor, h.amountMinor, this.date(tx, now), h.dealerId, h.amountMinor],
        key,
      ),
    );
    if (!hold) payload.errors = [domainError(ErrorCode.NOT_FOUND, `Credit hold "${key}" was not found`, 'key')];
    else if (hold.status === CreditHoldStatus.RELEASED)
      payload.errors = [
        domainError(CREDIT_HOLD_RELEASED, `Credit hold "${key}" was released and can no longer be captured`, 'key'),
      ];
    else payload.hold = hold;
    return payload;
  }

  /**
   * The tombstone of a key released before any hold was made under it: a RELEASED hold of no
   * amount and no dealer, with its audit entry. Its insert fails on the key's unique index when
   * a hold got there first (`releaseOrTombstone` then releases that one).
   */
  private tombstone(ctx: FinanceContext, key: string, now: Date): Promise<void> {
    return ctx.em.fork({ clear: true }).transactional(async (tx) => {
      const id = newId('crh', now);
      await tx.insert(CreditHold, {
        id,
        key,
        dealerId: TOMBSTONE_OWNER,
        currency: NO_CURRENCY,
        amountMinor: 0,
        status: CreditHoldStatus.RELEASED,
        createdAt: now,
        updatedAt: now,
      });
      await insertAudit(tx, ctx, {
        operation: 'releaseCreditHold',
        action: 'RELEASE',
        entityType: 'CreditHold',
        entityId: id,
        after: { key, status: CreditHoldStatus.RELEASED, tombstone: true },
      });
    });
  }

  /** HELD holds after `after` in (createdAt, id) order, at most `limit` (the reconciler's page). */
  async live(em: EntityManager, after: LiveHold | null, limit: number): Promise<LiveHold[]> {
    const where: FilterQuery<CreditHold> = after
      ? {
          status: CreditHoldStatus.HELD,
          $or: [{ createdAt: { $gt: after.createdAt } }, { createdAt: after.createdAt, id: { $gt: after.id } }],
        }
      : { status: CreditHoldStatus.HELD };
    const rows = await em
      .fork({ clear: true })
      .find(CreditHold, where, { fields: ['id', 'key', 'createdAt'], orderBy: { createdAt: 'asc', id: 'asc' }, limit });
    return rows.map((h) => ({ id: h.id, key: h.key, createdAt: h.createdAt }));
  }

  private validate(input: HoldCreditInput): void {
    const bad = (message: string, field: string) => new Refusal(domainError(ErrorCode.BAD_USER_INPUT, message, field));
    if (!isHoldKey(input.key)) throw bad(HOLD_KEY_RULE, 'key');
    if (!DEALER_ID.test(input.dealerId)) throw bad(`"${input.dealerId}" is not a dealer id`, 'dealerId');
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0 || input.amountMinor > MAX_HOLD_MINOR) {
      throw bad(
        `amountMinor must be a whole number of minor units from 1 to ${MAX_HOLD_MINOR.toLocaleString('en')}`,
        'amountMinor',
      );
    }
  }

  /**
   * The hold already made under the key: returned for the same dealer and amount, else
   * IDEMPOTENCY_KEY_REUSED; CREDIT_HOLD_RELEASED when the key was released before (a tombstone).
   */
  private async existing(ctx: FinanceContext, input: HoldCreditInput): Promise<CreditHold | null> {
    const hold = await ctx.em.fork({ clear: true }).findOne(CreditHold, { key: input.key });
    if (!hold) return null;
    if (isTombstone(hold))
      throw new Refusal(domainError(CREDIT_HOLD_RELEASED, releasedKeyMessage('credit hold', input.key), 'key'));
    if (hold.dealerId !== input.dealerId || hold.amountMinor !== input.amountMinor) {
      throw new Refusal(
        domainError(IDEMPOTENCY_KEY_REUSED, `Key "${input.key}" was already used for a different credit hold`, 'key'),
      );
    }
    return hold;
  }

  /**
   * One try in its own transaction: insert the hold first (a key used before fails here and is
   * answered from its hold, even when the account has nothing left), then the conditional update
   * of the account; NotHeld rolls both back.
   */
  private attempt({ ctx, input, now }: HoldJob): Promise<CreditHold> {
    return ctx.em.fork({ clear: true }).transactional((tx) => this.apply(ctx, tx, input, now));
  }

  private async apply(ctx: FinanceContext, tx: EntityManager, input: HoldCreditInput, now: Date): Promise<CreditHold> {
    const account = await tx.findOne(CreditAccount, { dealerId: input.dealerId });
    if (!account)
      throw new Refusal(
        domainError(ErrorCode.NOT_FOUND, `Dealer "${input.dealerId}" has no credit account`, 'dealerId'),
      );
    const hold = holdRow(input, account.currency, now);
    // First, so a concurrent call with the same key waits here (MariaDB) or fails fast.
    await tx.insert(CreditHold, hold);
    await this.takeCredit(tx, [[input.dealerId, input.amountMinor]], now);
    // The update succeeded from the values read above (or a later state the scan reconciles).
    await raiseCreditAlertIfHigh(
      tx,
      account,
      usePpm({
        usedMinor: account.usedMinor,
        heldMinor: account.heldMinor + input.amountMinor,
        limitMinor: account.limitMinor,
      }),
      config.CREDIT_ALERT_PERCENT,
      now,
    );
    await insertAudit(tx, ctx, holdAudit(hold, account.heldMinor));
    return hold;
  }

  /**
   * Adds each (dealer, amount) to its account's held amount in one conditional UPDATE, the
   * utilization following; each row refuses to go past its available credit or to change a frozen
   * account. NotHeld unless every account took its amount (the caller's transaction rolls back).
   */
  private async takeCredit(tx: EntityManager, amounts: readonly [string, number][], now: Date): Promise<void> {
    const delta = sqlCase('dealer_id', amounts);
    const res = await tx
      .getConnection()
      .execute(
        `update credit_account set ${utilizationSet(delta.sql)}, held_minor = held_minor + ${delta.sql}, updated_at = ?` +
          ` where dealer_id in (${amounts.map(() => '?').join(', ')}) and status = '${CreditStatus.ACTIVE}' and limit_minor - used_minor - held_minor >= ${delta.sql}`,
        [
          ...delta.params,
          ...delta.params,
          ...delta.params,
          ...delta.params,
          this.date(tx, now),
          ...amounts.map(([dealerId]) => dealerId),
          ...delta.params,
        ],
        'run',
        tx.getTransactionContext(),
      );
    if (Number(res.affectedRows) !== amounts.length) throw new NotHeld();
  }

  /**
   * A group commit of holds (`holdTogether`). Each job is checked in order against one read of
   * the accounts, seeing the holds before it; the ones that fit are written in one transaction
   * with one conditional update of all their accounts (`takeCredit`, each account its sum). A
   * job that does not fit (unknown, frozen or exhausted account) answers null and runs alone,
   * which words the refusal; `holdTogether` runs every job alone when the transaction cannot be
   * written as a whole (a key used before, a race lost to another writer, a deadlock).
   */
  private holdBatch(jobs: readonly HoldJob[]): Promise<(CreditHold | null)[]> {
    return jobs[0]!.ctx.em.fork({ clear: true }).transactional(async (tx) => {
      const accounts = new Map(
        (
          await findPlain(tx, CreditAccount, { dealerId: { $in: [...new Set(jobs.map((j) => j.input.dealerId))] } })
        ).map((a) => [a.dealerId, a]),
      );
      const held = new Map<string, number>();
      const holds: (CreditHold | null)[] = [];
      const audits: RequestAudit[] = [];
      for (const { ctx, input, now } of jobs) {
        const account = accounts.get(input.dealerId);
        const sum = held.get(input.dealerId) ?? 0;
        if (!account || account.status !== CreditStatus.ACTIVE || availableMinor(account) - sum < input.amountMinor) {
          holds.push(null);
          continue;
        }
        held.set(input.dealerId, sum + input.amountMinor);
        const hold = holdRow(input, account.currency, now);
        holds.push(hold);
        audits.push({ ctx, input: holdAudit(hold, account.heldMinor + sum) });
      }
      const made = holds.filter((h): h is CreditHold => h != null);
      if (!made.length) return holds;
      const now = jobs[0]!.now;
      await tx.insertMany(CreditHold, made);
      await this.takeCredit(tx, [...held], now);
      for (const [dealerId, x] of held) {
        const account = accounts.get(dealerId)!;
        await raiseCreditAlertIfHigh(
          tx,
          account,
          usePpm({ usedMinor: account.usedMinor, heldMinor: account.heldMinor + x, limitMinor: account.limitMinor }),
          config.CREDIT_ALERT_PERCENT,
          now,
        );
      }
      await insertAudits(tx, audits);
      return holds;
    });
  }

  /** After a refused conditional update: the refusal a fresh read explains, or nothing (a lost race: retry). */
  private async whyNotHeld(ctx: FinanceContext, input: HoldCreditInput): Promise<void> {
    const account = await ctx.em.fork({ clear: true }).findOne(CreditAccount, { dealerId: input.dealerId });
    if (!account)
      throw new Refusal(
        domainError(ErrorCode.NOT_FOUND, `Dealer "${input.dealerId}" has no credit account`, 'dealerId'),
      );
    if (account.status !== CreditStatus.ACTIVE) {
      throw new Refusal(
        domainError(
          CREDIT_ACCOUNT_FROZEN,
          `The credit account of dealer "${input.dealerId}" is frozen; no new credit is granted`,
          'dealerId',
        ),
      );
    }
    const available = availableMinor(account);
    if (available < input.amountMinor) {
      throw new Refusal(
        domainError(
          CREDIT_LIMIT_EXCEEDED,
          `Available credit ${formatAmount(available, account.currency)} is less than the requested ${formatAmount(input.amountMinor, account.currency)}`,
          'amountMinor',
        ),
      );
    }
  }

  private date(tx: EntityManager, d: Date): unknown {
    return tx.getPlatform().processDateProperty(d);
  }

  private async updateAccount(tx: EntityManager, sql: string, params: unknown[], key: string): Promise<void> {
    const res = await tx.getConnection().execute(sql, params, 'run', tx.getTransactionContext());
    if (res.affectedRows === 0) throw new Error(`credit account holds less than credit hold "${key}"`);
  }

  /**
   * Moves a HELD hold to `to` and applies `effect` in the same transaction. The status change is
   * itself conditional (`where status = 'HELD'`), so of two concurrent callers only one applies
   * the effect; the other re-reads in a new transaction. Returns the hold as it is afterwards
   * (unchanged if it was not HELD), or null for an unknown key.
   */
  private async transition(
    ctx: FinanceContext,
    key: string,
    to: CreditHoldStatus,
    now: Date,
    effect: (tx: EntityManager, hold: CreditHold) => Promise<void>,
  ): Promise<CreditHold | null> {
    for (let attempt = 0; ; attempt++) {
      const result = await ctx.em.fork({ clear: true }).transactional(async (tx) => {
        const hold = await tx.findOne(CreditHold, { key });
        if (!hold || hold.status !== CreditHoldStatus.HELD) return { hold };
        const changed = await tx.nativeUpdate(
          CreditHold,
          { id: hold.id, status: CreditHoldStatus.HELD },
          { status: to, updatedAt: now },
        );
        if (changed === 0) return { retry: true as const };
        await effect(tx, hold);
        await insertAudit(tx, ctx, {
          operation: to === CreditHoldStatus.RELEASED ? 'releaseCreditHold' : 'captureCreditHold',
          action: to === CreditHoldStatus.RELEASED ? 'RELEASE' : 'CAPTURE',
          entityType: 'CreditHold',
          entityId: hold.id,
          before: { status: hold.status, amountMinor: hold.amountMinor },
          after: { status: to, amountMinor: hold.amountMinor },
        });
        // A detached copy: changing the managed entity would make the commit write it again.
        const { id, dealerId, currency, amountMinor, createdAt } = hold;
        return {
          hold: Object.assign(new CreditHold(), {
            id,
            key,
            dealerId,
            currency,
            amountMinor,
            status: to,
            createdAt,
            updatedAt: now,
          }),
        };
      });
      if (!('retry' in result)) return result.hold;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`credit hold "${key}" keeps changing under us`);
    }
  }
}
