import { EventType, isSqlite } from '@dnp/event-bus';
import {
  assertCanActOn,
  domainError,
  insertAudit,
  newId,
  NotFoundError,
  parseAmount,
  recordEvent,
  Role,
  type DomainError,
  type Viewer,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { config } from '../config.js';
import { CreditAccount } from '../entities/credit-account.entity.js';
import {
  BRAND_SELLER,
  CreditLimitChange,
  CreditLimitChangeStatus as Status,
} from '../entities/credit-limit-change.entity.js';
import type { FinanceContext } from '../finance-context.js';
import {
  ReviewDecision,
  type ApproveCreditLimitChangeInput,
  type CreditLimitChangeInput,
} from '../schema/credit-limit-change.input.js';
import { utilizationSet } from './credit-hold.service.js';
import { dealerScope } from './receivables-ledger.js';
import { brandAccountScope, financeScope, inScope } from './scope.service.js';

/** Refusal codes of credit-limit requests and decisions (§13.1), besides the kit's amount codes. */
export const CreditChangeCode = {
  TERM_DAYS_INVALID: 'TERM_DAYS_INVALID',
  REASON_REQUIRED: 'REASON_REQUIRED',
  REASON_TOO_LONG: 'REASON_TOO_LONG',
  COMMENT_TOO_LONG: 'COMMENT_TOO_LONG',
  LIMIT_BELOW_USED: 'LIMIT_BELOW_USED',
  CHANGE_PENDING: 'CHANGE_PENDING',
  NO_CHANGE: 'NO_CHANGE',
  CHANGE_NOT_PENDING: 'CHANGE_NOT_PENDING',
  APPROVER_IS_REQUESTER: 'APPROVER_IS_REQUESTER',
  ACCOUNT_CHANGED_MEANWHILE: 'ACCOUNT_CHANGED_MEANWHILE',
  NOT_A_SUB_DEALER: 'NOT_A_SUB_DEALER',
} as const;

/** Longest reason or decision comment. */
export const CREDIT_CHANGE_TEXT_MAX = 500;
/** Longest payment terms (账期) a change may set, in days. */
export const MAX_TERM_DAYS = 365;
const CHANGE_ID = /^clc_[A-Za-z0-9]{1,36}$/;

/** What a credit-limit mutation answers: the change and the account as stored now, or why nothing was written. */
export interface CreditLimitChangeResult {
  change: CreditLimitChange | null;
  account: CreditAccount | null;
  errors: DomainError[];
}

/** The new terms a request asks for, checked. */
export interface WantedTerms {
  limitMinor: number;
  termDays: number;
  reason: string;
}

/** An account's figures read under its row lock. */
export interface AccountFigures {
  id: string;
  limitMinor: number;
  termDays: number;
  usedMinor: number;
  heldMinor: number;
  balanceMinor: number;
}

/** A business refusal thrown inside a change's transaction (rolled back), answered as the result's error. */
export class Refused extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
  }
}

/** The approval's guarded update matched no row: judged again outside the transaction. */
class NotDecided extends Error {}

/** Runs `work`, turning a refusal into the result's errors. */
export async function answer(work: () => Promise<CreditLimitChangeResult>): Promise<CreditLimitChangeResult> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof Refused) return { change: null, account: null, errors: [err.error] };
    throw err;
  }
}

/** The first refusal of a request's amount, terms or reason (no database needed), or its checked terms. */
export function checkTerms(input: CreditLimitChangeInput): WantedTerms {
  const parsed = parseAmount(input.limit);
  if (parsed.code) throw new Refused(domainError(parsed.code, parsed.message, 'limit'));
  if (!Number.isInteger(input.termDays) || input.termDays < 0 || input.termDays > MAX_TERM_DAYS) {
    const message = `Payment terms must be 0 to ${MAX_TERM_DAYS} days`;
    throw new Refused(domainError(CreditChangeCode.TERM_DAYS_INVALID, message, 'termDays'));
  }
  const reason = input.reason.trim();
  if (!reason) throw new Refused(domainError(CreditChangeCode.REASON_REQUIRED, 'Say why the limit changes', 'reason'));
  if (reason.length > CREDIT_CHANGE_TEXT_MAX) {
    const message = `A reason may have at most ${CREDIT_CHANGE_TEXT_MAX} characters`;
    throw new Refused(domainError(CreditChangeCode.REASON_TOO_LONG, message, 'reason'));
  }
  return { limitMinor: parsed.minor, termDays: input.termDays, reason };
}

/** Why `wanted` may not replace the account's terms now; null when it may. */
export function refusalOf(account: AccountFigures, wanted: WantedTerms): DomainError | null {
  if (wanted.limitMinor === account.limitMinor && wanted.termDays === account.termDays) {
    return domainError(CreditChangeCode.NO_CHANGE, 'The account has this limit and these terms already', 'limit');
  }
  if (wanted.limitMinor < account.usedMinor + account.heldMinor) {
    const message = 'The new limit is below what the dealer owes and has on hold (used + held)';
    return domainError(CreditChangeCode.LIMIT_BELOW_USED, message, 'limit');
  }
  return null;
}

/** The brand's credit account of a dealer (the one HQ's requests change); null when it has none. */
export function brandAccountOf(em: EntityManager, dealerId: string): Promise<CreditAccount | null> {
  return em.findOne(CreditAccount, { dealerId, ...brandAccountScope.where });
}

/** Locks the account's row for the transaction (`for update`; SQLite: the write lock serialises) and reads it. */
export async function lockFigures(tx: EntityManager, accountId: string): Promise<AccountFigures> {
  const sql =
    'select id, limit_minor, term_days, used_minor, held_minor, balance_minor from credit_account where id = ?' +
    (isSqlite(tx) ? '' : ' for update');
  const rows = (await tx.getConnection().execute(sql, [accountId], 'all', tx.getTransactionContext())) as Record<
    string,
    unknown
  >[];
  const row = rows[0]!;
  return {
    id: accountId,
    limitMinor: Number(row.limit_minor),
    termDays: Number(row.term_days),
    usedMinor: Number(row.used_minor),
    heldMinor: Number(row.held_minor),
    balanceMinor: Number(row.balance_minor),
  };
}

/**
 * The one write of new terms to an account: a conditional update that matches only while the
 * account still has the terms the change started from, the utilization following the new limit.
 * False when the account moved (nothing written).
 */
export async function applyToAccount(tx: EntityManager, change: CreditLimitChange, now: Date): Promise<boolean> {
  const sql =
    `update credit_account set ${utilizationSet('0', '?')}, limit_minor = ?, term_days = ?, updated_at = ?` +
    ' where id = ? and limit_minor = ? and term_days = ?';
  const limit = change.toLimitMinor;
  const params = [
    ...[limit, limit, limit, limit, change.toTermDays, tx.getPlatform().processDateProperty(now)],
    ...[change.accountId, change.fromLimitMinor, change.fromTermDays],
  ];
  const res = await tx.getConnection().execute(sql, params, 'run', tx.getTransactionContext());
  return Number(res.affectedRows) === 1;
}

/** Records `finance.credit_limit_changed` for an applied change, with what the account now makes available. */
export function recordApplied(tx: EntityManager, change: CreditLimitChange, after: AccountFigures, now: Date): void {
  recordEvent(tx, {
    type: EventType.CREDIT_LIMIT_CHANGED,
    subjectId: change.accountId,
    // The dealer and its region; for a parent's line also the parent (dealerScope adds the seller).
    scope: dealerScope(change),
    occurredAt: now,
    payload: {
      changeId: change.id,
      accountId: change.accountId,
      dealerId: change.dealerId,
      sellerDealerId: change.sellerKey === BRAND_SELLER ? null : change.sellerKey,
      fromLimitMinor: change.fromLimitMinor,
      toLimitMinor: change.toLimitMinor,
      fromTermDays: change.fromTermDays,
      toTermDays: change.toTermDays,
      availableMinor: after.limitMinor - after.usedMinor - after.heldMinor + after.balanceMinor,
    },
  });
}

/** Records `finance.credit_limit_change_requested` for a change that waits for a second approver (HQ only). */
function recordRequested(tx: EntityManager, change: CreditLimitChange, now: Date): void {
  recordEvent(tx, {
    type: EventType.CREDIT_LIMIT_CHANGE_REQUESTED,
    subjectId: change.id,
    scope: { hqOnly: true },
    occurredAt: now,
    payload: {
      changeId: change.id,
      dealerId: change.dealerId,
      sellerDealerId: change.sellerKey === BRAND_SELLER ? null : change.sellerKey,
      fromLimitMinor: change.fromLimitMinor,
      toLimitMinor: change.toLimitMinor,
      requestedBy: change.requestedByUserId,
    },
  });
}

/** The viewer's name for the history (its display name at the time, else its id). */
export function nameOf(viewer: Viewer): string {
  return (viewer.displayName ?? viewer.userId).slice(0, 120);
}

/**
 * Credit-limit changes (信用额度调整, §8.2): HQ, region managers (their region) and finance clerks
 * request; an increase above CREDIT_APPROVAL_THRESHOLD_MINOR waits for a second HQ person, who may
 * not be the requester (双人复核); anything else applies at once. Every write — the change row, the
 * guarded account update, the audit entry and the event — is one transaction; a refusal writes
 * nothing.
 */
export class CreditLimitChangeService {
  constructor(private readonly thresholdMinor: number = config.CREDIT_APPROVAL_THRESHOLD_MINOR) {}

  /** Requests new terms for a dealer's account with the brand: applied at once, or PENDING_APPROVAL. */
  async request(ctx: FinanceContext, input: CreditLimitChangeInput): Promise<CreditLimitChangeResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.REGION_MANAGER, Role.FINANCE_CLERK, Role.SERVICE);
    const account = await brandAccountOf(ctx.em, input.dealerId);
    if (!account || !inScope(financeScope(viewer), account.dealerId, account.dealerRegionPath)) {
      throw new NotFoundError('CreditAccount', input.dealerId);
    }
    assertCanActOn(ctx.scope, { dealerId: account.dealerId, regionPath: account.dealerRegionPath }, 'credit account');
    return answer(async () => {
      const wanted = checkTerms(input);
      const change = await ctx.em
        .fork({ clear: true })
        .transactional((tx) => this.writeRequest(tx, ctx, account, wanted));
      return this.result(ctx, change, []);
    });
  }

  /** HQ approves or rejects a pending change; the requester never decides its own. */
  async decide(
    ctx: FinanceContext,
    input: ApproveCreditLimitChangeInput,
    now = new Date(),
  ): Promise<CreditLimitChangeResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN);
    const change = CHANGE_ID.test(input.id) ? await ctx.em.findOne(CreditLimitChange, { id: input.id }) : null;
    if (!change || !inScope(financeScope(viewer), change.dealerId, change.dealerRegionPath)) {
      throw new NotFoundError('CreditLimitChange', input.id);
    }
    assertCanActOn(ctx.scope, { dealerId: change.dealerId, regionPath: change.dealerRegionPath }, 'credit change');
    return answer(async () => {
      const comment = input.comment?.trim() || null;
      if (comment && comment.length > CREDIT_CHANGE_TEXT_MAX) {
        const message = `A comment may have at most ${CREDIT_CHANGE_TEXT_MAX} characters`;
        throw new Refused(domainError(CreditChangeCode.COMMENT_TOO_LONG, message, 'comment'));
      }
      try {
        const decided = await ctx.em
          .fork({ clear: true })
          .transactional((tx) => this.writeDecision(tx, ctx, change, input.decision, comment, now));
        const errors =
          decided.status === Status.SUPERSEDED
            ? [
                domainError(
                  CreditChangeCode.ACCOUNT_CHANGED_MEANWHILE,
                  "The account's limit or terms changed since the request; it is superseded, nothing was applied",
                  'id',
                ),
              ]
            : [];
        return this.result(ctx, decided, errors);
      } catch (err) {
        if (err instanceof NotDecided) throw new Refused(await this.whyNotDecided(ctx, change.id, viewer));
        throw err;
      }
    });
  }

  /** The request's transaction: lock the account, judge on its locked figures, write. */
  private async writeRequest(
    tx: EntityManager,
    ctx: FinanceContext,
    account: CreditAccount,
    wanted: WantedTerms,
  ): Promise<CreditLimitChange> {
    const viewer = ctx.requireViewer();
    const figures = await lockFigures(tx, account.id);
    // Time and id are taken under the lock, so an account's history sorts in the order it was applied.
    const now = new Date();
    const pending = await tx.count(CreditLimitChange, { accountId: account.id, status: Status.PENDING_APPROVAL });
    if (pending) {
      const message = 'A change of this account waits for approval; decide it first';
      throw new Refused(domainError(CreditChangeCode.CHANGE_PENDING, message, 'dealerId'));
    }
    const refusal = refusalOf(figures, wanted);
    if (refusal) throw new Refused(refusal);
    const needsSecond = wanted.limitMinor - figures.limitMinor > this.thresholdMinor;
    const change = Object.assign(new CreditLimitChange(), {
      ...{ id: newId('clc', now), accountId: account.id, dealerId: account.dealerId },
      ...{ dealerRegionPath: account.dealerRegionPath, sellerKey: BRAND_SELLER, currency: account.currency },
      ...{ fromLimitMinor: figures.limitMinor, toLimitMinor: wanted.limitMinor },
      ...{ fromTermDays: figures.termDays, toTermDays: wanted.termDays, reason: wanted.reason },
      ...{ status: needsSecond ? Status.PENDING_APPROVAL : Status.APPLIED, needsSecondApproval: needsSecond },
      ...{ requestedByUserId: viewer.userId, requestedByName: nameOf(viewer), requestedAt: now },
      ...{ decidedByUserId: null, decidedByName: null, decidedAt: null, decisionComment: null },
      ...{ appliedAt: needsSecond ? null : now, version: 0 },
    });
    await tx.insert(CreditLimitChange, change);
    if (!needsSecond && !(await applyToAccount(tx, change, now))) {
      // Cannot happen under the row lock; refuse rather than record a change that did not apply.
      const message = "The account's limit or terms changed meanwhile; try again";
      throw new Refused(domainError(CreditChangeCode.ACCOUNT_CHANGED_MEANWHILE, message, 'dealerId'));
    }
    await insertAudit(tx, ctx, {
      operation: 'requestCreditLimitChange',
      action: needsSecond ? 'REQUEST' : 'APPLY',
      entityType: 'CreditLimitChange',
      entityId: change.id,
      before: { limitMinor: figures.limitMinor, termDays: figures.termDays },
      after: { limitMinor: wanted.limitMinor, termDays: wanted.termDays, status: change.status, reason: wanted.reason },
    });
    if (needsSecond) recordRequested(tx, change, now);
    else recordApplied(tx, change, { ...figures, limitMinor: wanted.limitMinor, termDays: wanted.termDays }, now);
    await tx.flush();
    return change;
  }

  /**
   * The decision's transaction: one guarded update takes the change out of PENDING_APPROVAL unless
   * the viewer requested it (two approvers at once: one matches, the other finds nothing pending);
   * an approval then applies the guarded account update, or supersedes the change when the account
   * moved since the request.
   */
  private async writeDecision(
    tx: EntityManager,
    ctx: FinanceContext,
    change: CreditLimitChange,
    decision: ReviewDecision,
    comment: string | null,
    now: Date,
  ): Promise<CreditLimitChange> {
    const viewer = ctx.requireViewer();
    const approve = decision === ReviewDecision.APPROVE;
    const set: Partial<CreditLimitChange> = {
      ...{ status: approve ? Status.APPLIED : Status.REJECTED, appliedAt: approve ? now : null },
      ...{ decidedByUserId: viewer.userId, decidedByName: nameOf(viewer), decidedAt: now, decisionComment: comment },
      version: change.version + 1,
    };
    const guard = { id: change.id, status: Status.PENDING_APPROVAL, requestedByUserId: { $ne: viewer.userId } };
    if ((await tx.nativeUpdate(CreditLimitChange, guard, set)) !== 1) throw new NotDecided();
    const decided = Object.assign(new CreditLimitChange(), change, set);
    if (approve && !(await applyToAccount(tx, decided, now))) {
      Object.assign(decided, { status: Status.SUPERSEDED, appliedAt: null });
      await tx.nativeUpdate(CreditLimitChange, { id: change.id }, { status: Status.SUPERSEDED, appliedAt: null });
    }
    await insertAudit(tx, ctx, {
      operation: 'approveCreditLimitChange',
      action: approve ? (decided.status === Status.APPLIED ? 'APPROVE' : 'SUPERSEDE') : 'REJECT',
      entityType: 'CreditLimitChange',
      entityId: change.id,
      before: { status: change.status },
      after: { status: decided.status, comment },
    });
    if (decided.status === Status.APPLIED) recordApplied(tx, decided, await lockFigures(tx, change.accountId), now);
    await tx.flush();
    return decided;
  }

  /** After the guarded update matched nothing: CHANGE_NOT_PENDING, or APPROVER_IS_REQUESTER (a fresh read tells). */
  private async whyNotDecided(ctx: FinanceContext, id: string, viewer: Viewer): Promise<DomainError> {
    const now = await ctx.em.fork({ clear: true }).findOneOrFail(CreditLimitChange, { id });
    if (now.status !== Status.PENDING_APPROVAL) {
      const message = `The change is ${now.status}, no longer waiting for a decision`;
      return domainError(CreditChangeCode.CHANGE_NOT_PENDING, message, 'id');
    }
    if (now.requestedByUserId === viewer.userId) {
      const message = 'You requested this change: a second person must approve it';
      return domainError(CreditChangeCode.APPROVER_IS_REQUESTER, message, 'id');
    }
    return domainError(CreditChangeCode.CHANGE_NOT_PENDING, 'The change was decided meanwhile', 'id');
  }

  /** The answer: the change and its account as stored after the commit. */
  private async result(
    ctx: FinanceContext,
    change: CreditLimitChange,
    errors: DomainError[],
  ): Promise<CreditLimitChangeResult> {
    const account = await ctx.em.fork({ clear: true }).findOne(CreditAccount, { id: change.accountId });
    return { change, account, errors };
  }
}
