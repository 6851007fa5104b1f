import {
  addDays,
  answerRefusals,
  businessDate,
  daysBetween,
  domainError,
  ErrorCode,
  findPlain,
  formatMinor,
  holdCommitter,
  HoldRaceLost,
  HoldRefusal,
  holdRequestErrors,
  insertAudit,
  insertAudits,
  KeyedHoldCode,
  KeyedHoldTable,
  newId,
  Role,
  sqlCase,
  writeByKey,
  type AuditInput,
  type DomainError,
  type RequestAudit,
} from '@dnp/subgraph-kit';
import { isSqlite } from '@dnp/event-bus';
import type { EntityManager } from '@mikro-orm/core';
import { CreditHoldCapture } from '../entities/credit-hold-capture.entity.js';
import { BRAND_SELLER, CreditAccount, CreditStatus, PPM } from '../entities/credit-account.entity.js';
import { config } from '../config.js';
import { raiseCreditAlertIfHigh, usePpm } from './credit-alert.service.js';
import { CreditHold, CreditHoldStatus } from '../entities/credit-hold.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import type { FinanceContext } from '../finance-context.js';
import type { HoldCreditInput } from '../schema/credit-hold.input.js';
import { availableMinor } from './credit-account.service.js';

/** Largest amount one hold may be: 10 billion yuan in fen. */
export const MAX_HOLD_MINOR = 1_000_000_000_000;

export const CREDIT_LIMIT_EXCEEDED = 'CREDIT_LIMIT_EXCEEDED';
export const CREDIT_ACCOUNT_FROZEN = 'CREDIT_ACCOUNT_FROZEN';
/** An invoice more than OVERDUE_BLOCK_DAYS past due: no new credit (checked before the limit). */
export const OVERDUE_RECEIVABLES = 'OVERDUE_RECEIVABLES';
/** A hold on a seller's line (`sellerDealerId`) when that seller grants the dealer no credit line. */
export const NO_CREDIT_LINE = 'NO_CREDIT_LINE';

/** The account a hold is on: the brand's, or the line the seller dealer grants the buyer (§8.2). */
export function holdSellerKey(input: Pick<HoldCreditInput, 'sellerDealerId'>): string {
  return input.sellerDealerId ?? BRAND_SELLER;
}

/** True when the account's oldest open due date lies before `blockDate` (null: the rule is off). */
function isBlocked(account: Pick<CreditAccount, 'oldestOpenDueDate'> | undefined, blockDate: string | null): boolean {
  return !!blockDate && !!account?.oldestOpenDueDate && account.oldestOpenDueDate < blockDate;
}
export const IDEMPOTENCY_KEY_REUSED = KeyedHoldCode.IDEMPOTENCY_KEY_REUSED;
/** Releasing a hold that was already invoiced. */
export const CREDIT_HOLD_CAPTURED = 'CREDIT_HOLD_CAPTURED';
/** Capturing a hold that was given back, or holding under a released key. */
export const CREDIT_HOLD_RELEASED = KeyedHoldCode.CREDIT_HOLD_RELEASED;

/**
 * Credit holds as the kit's keyed holds: HELD, then RELEASED (given back) or CAPTURED (invoiced).
 * A tombstone holds no amount in ISO 4217's "no currency".
 */
export const CREDIT_HOLDS = new KeyedHoldTable<CreditHold, CreditHoldStatus>({
  entity: CreditHold,
  idPrefix: 'crh',
  entityType: 'CreditHold',
  noun: 'credit hold',
  states: { live: CreditHoldStatus.HELD, released: CreditHoldStatus.RELEASED, settled: CreditHoldStatus.CAPTURED },
  releasedCode: CREDIT_HOLD_RELEASED,
  settledCode: CREDIT_HOLD_CAPTURED,
  operations: { release: 'releaseCreditHold', settle: 'captureCreditHold' },
  settleAction: 'CAPTURE',
  words: { settled: 'was invoiced', settle: 'be captured' },
  tombstone: { currency: 'XXX', amountMinor: 0 },
  auditState: (hold) => ({ amountMinor: hold.amountMinor }),
});

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
 * statement; the exposure is used + held − balance. It must come first in the SET list: MySQL
 * evaluates assignments left to right with the new values, SQLite with the old ones; first, both
 * see the old ones. `x - x % y` makes the division exact on both dialects, i.e. integer division
 * rounding down, exactly like the BigInt computation. `limit` is the limit's SQL (a new limit bound as
 * a parameter appears three times).
 */
export function utilizationSet(delta: string, limit = 'limit_minor'): string {
  const exposure = `((used_minor + held_minor - balance_minor + ${delta}) * ${PPM})`;
  return (
    'utilization_ppm = case' +
    ` when used_minor + held_minor - balance_minor + ${delta} <= 0 then 0` +
    ` when ${limit} <= 0 then ${PPM}` +
    ` else (${exposure} - (${exposure} % ${limit})) / ${limit} end`
  );
}
/** `utilizationSet` for a change bound as one parameter (three times). */
const UTILIZATION_SET = utilizationSet('?');

/** Gives a hold's remainder back to its account (release), the utilization following. */
const GIVE_BACK_SQL =
  `update credit_account set ${UTILIZATION_SET}, held_minor = held_minor - ?, updated_at = ?` +
  ' where dealer_id = ? and seller_key = ? and held_minor >= ?';
/** Moves a hold's remainder from held to used (capture); the utilization is unchanged. */
const CAPTURE_SQL =
  'update credit_account set used_minor = used_minor + ?, held_minor = held_minor - ?, updated_at = ?' +
  ' where dealer_id = ? and seller_key = ? and held_minor >= ?';

/** The business date before which a due date blocks new credit (OVERDUE_BLOCK_DAYS); null when off. */
export function overdueBlockDate(now: Date, days = config.OVERDUE_BLOCK_DAYS): string | null {
  return days > 0 ? addDays(businessDate(now, config.BUSINESS_TIME_ZONE), -days) : null;
}

/** A hold's remainder, read with the row locked (after the caller's conditional update took the lock). */
async function lockedRemainder(tx: EntityManager, id: string): Promise<{ remainder: number; captured: number }> {
  const sql =
    'select amount_minor, captured_minor, released_minor from credit_hold where id = ?' +
    (isSqlite(tx) ? '' : ' for update');
  const rows = (await tx.getConnection().execute(sql, [id], 'all', tx.getTransactionContext())) as Record<
    string,
    unknown
  >[];
  const row = rows[0]!;
  const captured = Number(row.captured_minor);
  return { remainder: Number(row.amount_minor) - captured - Number(row.released_minor), captured };
}

/**
 * Captures part of the hold made under `key` (the order id) for one shipment's invoice, in the
 * invoice's transaction: min(`grossMinor`, the hold's remainder) moves from held to captured, once
 * per `partKey` (the shipment id; `credit_hold_capture.part_key` is unique), and the hold becomes
 * CAPTURED when nothing remains. Answers the amount captured (0 without a live hold on the
 * `sellerKey` account, the invoice's); the caller's ledger change takes it off that account's held
 * amount. Locks the hold row before the account, the order `releaseCreditHold` takes them in.
 */
export async function captureHoldPart(
  tx: EntityManager,
  key: string,
  partKey: string,
  grossMinor: number,
  now: Date,
  sellerKey: string = BRAND_SELLER,
): Promise<number> {
  const lock = isSqlite(tx) ? '' : ' for update';
  const rows = (await tx
    .getConnection()
    .execute(
      'select id, amount_minor, captured_minor, released_minor, status, seller_key from credit_hold' +
        ` where \`key\` = ?${lock}`,
      [key],
      'all',
      tx.getTransactionContext(),
    )) as Record<string, unknown>[];
  const hold = rows[0];
  // A hold on another seller's account is not this invoice's to capture (its account is not the one locked).
  if (!hold || hold.status !== CreditHoldStatus.HELD || hold.seller_key !== sellerKey) return 0;
  const remainder = Number(hold.amount_minor) - Number(hold.captured_minor) - Number(hold.released_minor);
  const captured = Math.min(grossMinor, remainder);
  if (captured <= 0) return 0;
  const holdId = String(hold.id);
  await tx.insert(CreditHoldCapture, { id: newId('chc', now), holdId, partKey, amountMinor: captured, createdAt: now });
  const status = remainder === captured ? CreditHoldStatus.CAPTURED : CreditHoldStatus.HELD;
  const res = await tx
    .getConnection()
    .execute(
      'update credit_hold set captured_minor = captured_minor + ?, status = ?, updated_at = ?' +
        ' where id = ? and amount_minor - captured_minor - released_minor >= ?',
      [captured, status, tx.getPlatform().processDateProperty(now), holdId, captured],
      'run',
      tx.getTransactionContext(),
    );
  if (Number(res.affectedRows) !== 1) throw new Error(`credit hold "${key}" holds less than its capture`);
  return captured;
}

/** A new HELD hold for the input (not written). */
function holdRow(input: HoldCreditInput, currency: string, now: Date): CreditHold {
  return Object.assign(new CreditHold(), {
    id: newId('crh', now),
    key: input.key,
    dealerId: input.dealerId,
    sellerKey: holdSellerKey(input),
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
      sellerKey: hold.sellerKey,
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
 * release (compensation), capture (invoicing); the keyed-hold protocol is the kit's
 * (`writeByKey`, `KeyedHoldTable`). `CreditAccount.heldMinor` is always the sum of the account's
 * HELD holds, and its stored utilization follows in the same statement.
 */
export class CreditHoldService {
  /**
   * Concurrent holds made together (group commit): one transaction, one read of the accounts,
   * multi-row inserts and one conditional update per account for the batch's sum.
   */
  private readonly holdTogether = holdCommitter<HoldJob, CreditHold>(
    (jobs) => this.holdBatch(jobs),
    (job) => this.attempt(job),
  );

  /**
   * Holds `input.amountMinor` on the dealer's account under the input's key. SERVICE only
   * (FORBIDDEN otherwise). Bad input, a reused key, an unknown, frozen or exhausted account come
   * back as payload errors with nothing written. The same key and amount again answer with the
   * existing hold (whatever its status now).
   */
  async hold(ctx: FinanceContext, input: HoldCreditInput, now: Date = new Date()): Promise<CreditHoldResult> {
    ctx.requireRole(Role.SERVICE);
    const { row, errors } = await answerRefusals(async () => {
      this.validate(input);
      const job: HoldJob = { ctx, input, now };
      return writeByKey({
        // The hold's insert comes before the account update: a key already used fails on its unique index.
        attempt: (together) => (together ? this.holdTogether(job) : this.attempt(job)),
        replay: () =>
          CREDIT_HOLDS.replay(
            ctx,
            input.key,
            (h) =>
              h.dealerId === input.dealerId &&
              h.sellerKey === holdSellerKey(input) &&
              h.amountMinor === input.amountMinor,
          ),
        explain: () => this.whyNotHeld(ctx, input),
        gaveUp: () => [domainError(ErrorCode.CONFLICT, 'The credit account is too busy right now; try again', null)],
      });
    });
    return { hold: row, errors };
  }

  /**
   * Gives a hold's remainder back (the saga's compensation, the cancel of an order's rest):
   * amount − captured − released. A hold shipments captured part of ends CAPTURED, one nothing was
   * captured of RELEASED. Idempotent: releasing again answers `released: true`, also for a hold
   * whose parts were all captured by invoices (nothing remains); an unknown key answers
   * `released: false` without error and leaves a tombstone (the kit's keyed-hold protocol), so a
   * hold with that key arriving later is refused with CREDIT_HOLD_RELEASED; a hold captured whole
   * by captureCreditHold cannot be released (CREDIT_HOLD_CAPTURED).
   */
  async release(ctx: FinanceContext, key: string, now: Date = new Date()): Promise<CreditHoldReleaseResult> {
    ctx.requireRole(Role.SERVICE);
    const result = await CREDIT_HOLDS.release(ctx, key, now, async (tx, h) => {
      const { remainder, captured } = await lockedRemainder(tx, h.id);
      const status = captured > 0 ? CreditHoldStatus.CAPTURED : CreditHoldStatus.RELEASED;
      await tx.nativeUpdate(CreditHold, { id: h.id }, { releasedMinor: h.releasedMinor + remainder, status });
      if (remainder === 0) return;
      const params = [
        -remainder,
        -remainder,
        -remainder,
        remainder,
        this.date(tx, now),
        h.dealerId,
        h.sellerKey,
        remainder,
      ];
      await this.updateAccount(tx, GIVE_BACK_SQL, params, key);
    });
    if (!result.row) return { released: result.released, hold: null, errors: result.errors };
    const hold = await ctx.em.fork({ clear: true }).findOneOrFail(CreditHold, { key });
    const byParts = (await ctx.em.fork({ clear: true }).count(CreditHoldCapture, { holdId: hold.id })) > 0;
    if (byParts) return { released: true, hold, errors: [] };
    return { released: result.released, hold, errors: result.errors };
  }

  /**
   * Turns a hold's remainder into receivables (the whole-order capture kept from before parts):
   * held goes down and used goes up by the same amount. Idempotent; NOT_FOUND for an unknown key,
   * CREDIT_HOLD_RELEASED for a released one.
   */
  async capture(ctx: FinanceContext, key: string, now: Date = new Date()): Promise<CreditHoldResult> {
    ctx.requireRole(Role.SERVICE);
    const { row, errors } = await CREDIT_HOLDS.settle(ctx, key, now, async (tx, h) => {
      const { remainder } = await lockedRemainder(tx, h.id);
      await tx.nativeUpdate(CreditHold, { id: h.id }, { capturedMinor: h.capturedMinor + remainder });
      const params = [remainder, remainder, this.date(tx, now), h.dealerId, h.sellerKey, remainder];
      await this.updateAccount(tx, CAPTURE_SQL, params, key);
    });
    return { hold: row, errors };
  }

  private validate(input: HoldCreditInput): void {
    const [invalid] = holdRequestErrors(input);
    if (invalid) throw new HoldRefusal(invalid);
    if (input.sellerDealerId === BRAND_SELLER || input.sellerDealerId === input.dealerId) {
      // Neither names a parent's line: 'BRAND' is the brand's own key, and no dealer sells to itself.
      throw new HoldRefusal(noAccount(input));
    }
    if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor <= 0 || input.amountMinor > MAX_HOLD_MINOR) {
      const most = MAX_HOLD_MINOR.toLocaleString('en');
      const message = `amountMinor must be a whole number of minor units from 1 to ${most}`;
      throw new HoldRefusal(domainError(ErrorCode.BAD_USER_INPUT, message, 'amountMinor'));
    }
  }

  /**
   * One try in its own transaction: insert the hold first (a key used before fails here and is
   * answered from its hold, even when the account has nothing left), then the conditional update
   * of the account; HoldRaceLost rolls both back.
   */
  private attempt({ ctx, input, now }: HoldJob): Promise<CreditHold> {
    return ctx.em.fork({ clear: true }).transactional((tx) => this.apply(ctx, tx, input, now));
  }

  private async apply(ctx: FinanceContext, tx: EntityManager, input: HoldCreditInput, now: Date): Promise<CreditHold> {
    const account = await tx.findOne(CreditAccount, { dealerId: input.dealerId, sellerKey: holdSellerKey(input) });
    if (!account) throw new HoldRefusal(noAccount(input));
    const hold = holdRow(input, account.currency, now);
    // First, so a concurrent call with the same key waits here (MariaDB) or fails fast.
    await tx.insert(CreditHold, hold);
    await this.takeCredit(tx, account.sellerKey, [[input.dealerId, input.amountMinor]], now);
    // The update succeeded from the values read above (or a later state the scan reconciles).
    await this.alertIfHigh(tx, account, input.amountMinor, now);
    await insertAudit(tx, ctx, holdAudit(hold, account.heldMinor));
    return hold;
  }

  /** Raises the account's credit alert when `extra` more held takes it over the threshold. */
  private alertIfHigh(tx: EntityManager, account: CreditAccount, extra: number, now: Date): Promise<unknown> {
    const ppm = usePpm({
      usedMinor: account.usedMinor,
      heldMinor: account.heldMinor + extra,
      limitMinor: account.limitMinor,
    });
    return raiseCreditAlertIfHigh(tx, account, ppm, config.CREDIT_ALERT_PERCENT, now);
  }

  /**
   * Adds each (dealer, amount) to the held amount of its account with `sellerKey` in one conditional
   * UPDATE, the utilization following; each row refuses to go past its available credit or to change
   * a frozen account. HoldRaceLost unless every account took its amount (the caller's transaction
   * rolls back).
   */
  private async takeCredit(
    tx: EntityManager,
    sellerKey: string,
    amounts: readonly [string, number][],
    now: Date,
  ): Promise<void> {
    const blockDate = overdueBlockDate(now);
    const delta = sqlCase('dealer_id', amounts);
    const dealers = amounts.map(() => '?').join(', ');
    const sql =
      `update credit_account set ${utilizationSet(delta.sql)}, held_minor = held_minor + ${delta.sql},` +
      ` updated_at = ? where dealer_id in (${dealers}) and seller_key = ?` +
      ` and status = '${CreditStatus.ACTIVE}'` +
      ` and limit_minor - used_minor - held_minor + balance_minor >= ${delta.sql}` +
      (blockDate ? ' and (oldest_open_due_date is null or oldest_open_due_date >= ?)' : '');
    const params = [
      ...delta.params,
      ...delta.params,
      ...delta.params,
      ...delta.params,
      this.date(tx, now),
      ...amounts.map(([dealerId]) => dealerId),
      sellerKey,
      ...delta.params,
      ...(blockDate ? [blockDate] : []),
    ];
    const res = await tx.getConnection().execute(sql, params, 'run', tx.getTransactionContext());
    if (Number(res.affectedRows) !== amounts.length) throw new HoldRaceLost();
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
      const dealerIds = [...new Set(jobs.map((j) => j.input.dealerId))];
      const sellerKeys = [...new Set(jobs.map((j) => holdSellerKey(j.input)))];
      const found = await findPlain(tx, CreditAccount, {
        dealerId: { $in: dealerIds },
        sellerKey: { $in: sellerKeys },
      });
      const accounts = new Map(found.map((a) => [accountKey(a.sellerKey, a.dealerId), a]));
      const held = new Map<string, number>();
      const holds: (CreditHold | null)[] = [];
      const audits: RequestAudit[] = [];
      for (const { ctx, input, now } of jobs) {
        const key = accountKey(holdSellerKey(input), input.dealerId);
        const account = accounts.get(key);
        const sum = held.get(key) ?? 0;
        const blocked = isBlocked(account, overdueBlockDate(now));
        if (
          !account ||
          blocked ||
          account.status !== CreditStatus.ACTIVE ||
          availableMinor(account) - sum < input.amountMinor
        ) {
          holds.push(null);
          continue;
        }
        held.set(key, sum + input.amountMinor);
        const hold = holdRow(input, account.currency, now);
        holds.push(hold);
        audits.push({ ctx, input: holdAudit(hold, account.heldMinor + sum) });
      }
      const made = holds.filter((h): h is CreditHold => h != null);
      if (!made.length) return holds;
      const now = jobs[0]!.now;
      await tx.insertMany(CreditHold, made);
      for (const sellerKey of sellerKeys) {
        const amounts = [...held].filter(([key]) => accounts.get(key)!.sellerKey === sellerKey);
        const byDealer = amounts.map(([key, sum]): [string, number] => [accounts.get(key)!.dealerId, sum]);
        if (byDealer.length) await this.takeCredit(tx, sellerKey, byDealer, now);
      }
      for (const [key, extra] of held) await this.alertIfHigh(tx, accounts.get(key)!, extra, now);
      await insertAudits(tx, audits);
      return holds;
    });
  }

  /** After a refused conditional update: the refusal a fresh read explains, or nothing (a lost race: retry). */
  private async whyNotHeld(ctx: FinanceContext, input: HoldCreditInput): Promise<void> {
    const sellerKey = holdSellerKey(input);
    const account = await ctx.em.fork({ clear: true }).findOne(CreditAccount, { dealerId: input.dealerId, sellerKey });
    if (!account) throw new HoldRefusal(noAccount(input));
    if (account.status !== CreditStatus.ACTIVE) {
      const message = `The credit account of dealer "${input.dealerId}" is frozen; no new credit is granted`;
      throw new HoldRefusal(domainError(CREDIT_ACCOUNT_FROZEN, message, 'dealerId'));
    }
    const blockDate = overdueBlockDate(new Date());
    if (isBlocked(account, blockDate)) {
      const today = businessDate(new Date(), config.BUSINESS_TIME_ZONE);
      const days = daysBetween(account.oldestOpenDueDate!, today);
      const overdue = await ctx.em
        .fork({ clear: true })
        .find(Invoice, { dealerId: input.dealerId, sellerKey, outstandingMinor: { $gt: 0 }, dueDate: { $lt: today } });
      const amount = overdue.reduce((s, i) => s + i.outstandingMinor, 0);
      const message =
        `Dealer "${input.dealerId}" has receivables ${days} days past due (${formatAmount(amount, account.currency)}` +
        ` overdue; the limit is ${config.OVERDUE_BLOCK_DAYS} days): no new credit until they are paid`;
      throw new HoldRefusal(domainError(OVERDUE_RECEIVABLES, message, 'dealerId'));
    }
    const available = availableMinor(account);
    if (available < input.amountMinor) {
      const message =
        `Available credit ${formatAmount(available, account.currency)} is less than the requested ` +
        formatAmount(input.amountMinor, account.currency);
      throw new HoldRefusal(domainError(CREDIT_LIMIT_EXCEEDED, message, 'amountMinor'));
    }
  }

  private date(tx: EntityManager, d: Date): unknown {
    return tx.getPlatform().processDateProperty(d);
  }

  private async updateAccount(tx: EntityManager, sql: string, params: unknown[], key: string): Promise<void> {
    const res = await tx.getConnection().execute(sql, params, 'run', tx.getTransactionContext());
    if (res.affectedRows === 0) throw new Error(`credit account holds less than credit hold "${key}"`);
  }
}

/** The refusal of a hold for a dealer without a credit account (with the brand, or with the seller). */
function noAccount(input: HoldCreditInput): DomainError {
  if (input.sellerDealerId == null) {
    return domainError(ErrorCode.NOT_FOUND, `Dealer "${input.dealerId}" has no credit account`, 'dealerId');
  }
  const message = `Dealer "${input.sellerDealerId}" grants dealer "${input.dealerId}" no credit line`;
  return domainError(NO_CREDIT_LINE, message, 'sellerDealerId');
}

/** The key of one account in a batch: seller and dealer. */
function accountKey(sellerKey: string, dealerId: string): string {
  return `${sellerKey}|${dealerId}`;
}
