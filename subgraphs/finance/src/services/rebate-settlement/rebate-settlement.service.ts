import {
  assertCanActOn,
  businessDate,
  domainError,
  EventType,
  insertAudit,
  canRead,
  isPeriodKey,
  newId,
  NotFoundError,
  parsePeriodKey,
  recordEvent,
  Role,
  type DomainError,
  type Viewer,
} from '@dnp/subgraph-kit';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { config } from '../../config.js';
import { CreditNoteKind } from '../../entities/credit-note.entity.js';
import { RebateProgress } from '../../entities/rebate-accrual.entity.js';
import { RebateAward, RebatePolicy, RebateSettlementForm } from '../../entities/rebate-policy.entity.js';
import { regionIdsOf } from '../../entities/rebate-profile.entity.js';
import {
  RebateBalanceMovement,
  RebateSettlement,
  RebateSettlementLine,
  RebateSettlementRun,
  RebateSettlementStatus as Status,
} from '../../entities/rebate-settlement.entity.js';
import type { FinanceContext } from '../../finance-context.js';
import { CreditNoteService } from '../credit-note.service.js';
import { Refused } from '../document-issue.js';
import { moveBalance } from '../rebate-balance/rebate-balance.ledger.js';
import { dealerProfiles } from '../rebate-profiles/rebate-profile-source.js';
import { financeScope } from '../scope.service.js';
import { settlementBasis, settlementLines } from './settlement-lines.js';

/** Refusal codes of the settlement mutations. */
export const RebateSettlementCode = {
  SETTLEMENT_NOT_PROPOSED: 'SETTLEMENT_NOT_PROPOSED',
  VERSION_CONFLICT: 'VERSION_CONFLICT',
  /** Above REBATE_SECOND_APPROVER_ABOVE_MINOR the policy's creator may not approve (双人复核). */
  REQUESTER_CANNOT_APPROVE: 'REQUESTER_CANNOT_APPROVE',
  REASON_REQUIRED: 'REASON_REQUIRED',
  /** A CREDIT_NOTE settlement without any invoiced product to put on the note's lines. */
  SETTLEMENT_NO_BASIS: 'SETTLEMENT_NO_BASIS',
  PERIOD_INVALID: 'PERIOD_INVALID',
  /** Proposing a period that has not ended yet (business time). */
  PERIOD_NOT_ENDED: 'PERIOD_NOT_ENDED',
} as const;

/** What a decision answers: the settlement as stored now, or why nothing was written. */
export interface RebateSettlementResult {
  settlement: RebateSettlement | null;
  errors: DomainError[];
}

/** What a proposal run did. */
export interface RebateProposalResult {
  period: string;
  /** Settlements this run wrote (those proposed before are not counted again). */
  proposed: number;
  errors: DomainError[];
}

/** Who proposes when the schedule runs (the audit entries' actor). */
export const SETTLEMENT_JOB = {
  viewer: { userId: 'finance-rebate-settlement', role: Role.SERVICE, displayName: '返利结算' } as Viewer,
  requestId: 'rebate-settlement',
};

class SettlementRefused extends Error {
  constructor(readonly error: DomainError) {
    super(error.message);
  }
}

function refuse(code: string, message: string, field: string | null): never {
  throw new SettlementRefused(domainError(code, message, field));
}

const SETTLEMENT_ID = /^rbs_[A-Za-z0-9]{1,36}$/;
const credits = new CreditNoteService();

/**
 * Rebate settlements (§8): the period-end proposal (one per policy, dealer and period with an
 * amount), and HQ's decision: approval pays it as the policy's form — a REBATE credit note issued
 * in the same transaction, or the dealer's rebate balance — and rejection with a reason.
 */
export class RebateSettlementService {
  /**
   * Proposes every settlement of `period` not proposed yet (HQ admins, finance clerks, the
   * schedule): idempotent per (policy, dealer, period). PERIOD_NOT_ENDED before the period's end.
   */
  async propose(ctx: FinanceContext, period: string, now = new Date()): Promise<RebateProposalResult> {
    ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK, Role.SERVICE);
    const answer = { period, proposed: 0, errors: [] as DomainError[] };
    if (!isPeriodKey(period) || parsePeriodKey(period).granularity === 'DAY' || period.includes('W')) {
      return {
        ...answer,
        errors: [domainError(RebateSettlementCode.PERIOD_INVALID, 'A month, quarter or year key', 'period')],
      };
    }
    if (businessDate(now, config.BUSINESS_TIME_ZONE) < parsePeriodKey(period).end) {
      const message = `${period} has not ended yet`;
      return { ...answer, errors: [domainError(RebateSettlementCode.PERIOD_NOT_ENDED, message, 'period')] };
    }
    const proposed = await proposePeriod(ctx.em, ctx, period, now);
    await this.recordRun(ctx, period, proposed, now);
    return { ...answer, proposed };
  }

  /**
   * Records an on-demand run on the period's run row (created DONE when the schedule has not run it:
   * this run did its work) and audits it, also when it found nothing left to propose.
   */
  private async recordRun(ctx: FinanceContext, period: string, proposed: number, now: Date): Promise<void> {
    await ctx.em.fork({ clear: true }).transactional(async (tx) => {
      const run = await tx.findOne(RebateSettlementRun, { period });
      if (run) Object.assign(run, { proposed: run.proposed + proposed, finishedAt: now });
      else
        tx.persist(
          Object.assign(new RebateSettlementRun(), {
            period,
            status: 'DONE',
            leaseUntil: now,
            proposed,
            finishedAt: now,
          }),
        );
      await tx.flush();
      await insertAudit(tx, ctx, {
        ...{ operation: 'proposeRebateSettlements', action: 'RUN', entityType: 'RebateSettlementRun' },
        ...{ entityId: period, after: { proposed } },
      });
    });
  }

  /** Approves a PROPOSED settlement at the expected version and pays it (see the class). */
  async approve(ctx: FinanceContext, id: string, expectedVersion: number, now = new Date()) {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK, Role.SERVICE);
    const current = await this.find(ctx, id);
    return this.decide(ctx, current, expectedVersion, now, async (tx, s) => {
      const policy = await tx.findOneOrFail(RebatePolicy, { id: s.policyId });
      if (s.amountMinor > config.REBATE_SECOND_APPROVER_ABOVE_MINOR && policy.createdBy === viewer.userId) {
        const message = 'You created the policy: a second person must approve a settlement this large';
        refuse(RebateSettlementCode.REQUESTER_CANNOT_APPROVE, message, 'id');
      }
      s.status = Status.APPROVED;
      if (s.form === RebateSettlementForm.BALANCE) {
        const move = { dealerId: s.dealerId, movement: RebateBalanceMovement.SETTLED, amountMinor: s.amountMinor };
        await moveBalance(tx, { ...move, sourceId: s.id, regionPath: s.dealerRegionPath }, now);
      } else {
        s.creditNoteId = await this.issueNote(ctx, tx, s, policy, now);
      }
    });
  }

  /** Rejects a PROPOSED settlement at the expected version, with a reason (1–500 characters). */
  async reject(ctx: FinanceContext, id: string, expectedVersion: number, reason: string, now = new Date()) {
    ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK, Role.SERVICE);
    const current = await this.find(ctx, id);
    return this.decide(ctx, current, expectedVersion, now, async (_tx, s) => {
      const why = reason.trim();
      if (!why || why.length > 500)
        refuse(RebateSettlementCode.REASON_REQUIRED, 'Say why, in 1 to 500 characters', 'reason');
      Object.assign(s, { status: Status.REJECTED, rejectReason: why });
    });
  }

  /** The settlement if the viewer's data scope holds its dealer; NotFound otherwise. */
  async find(ctx: FinanceContext, id: string): Promise<RebateSettlement> {
    const viewer = ctx.requireViewer();
    const row = SETTLEMENT_ID.test(id) ? await ctx.em.findOne(RebateSettlement, { id }) : null;
    const scope = financeScope(viewer);
    if (!row || !canRead(scope, { dealerId: row.dealerId, regionPath: row.dealerRegionPath })) {
      throw new NotFoundError('RebateSettlement', id);
    }
    return row;
  }

  /** The settlement's lines, by line number. */
  lines(em: EntityManager, settlementId: string): Promise<RebateSettlementLine[]> {
    return em.find(RebateSettlementLine, { settlementId }, { orderBy: { lineNo: 'asc' } });
  }

  private async decide(
    ctx: FinanceContext,
    current: RebateSettlement,
    expectedVersion: number,
    now: Date,
    apply: (tx: EntityManager, s: RebateSettlement) => Promise<void>,
  ): Promise<RebateSettlementResult> {
    try {
      assertCanActOn(
        financeScope(ctx.requireViewer()),
        {
          dealerId: current.dealerId,
          regionPath: current.dealerRegionPath,
        },
        'rebate settlement',
      );
      const settlement = await ctx.em.fork({ clear: true }).transactional(async (tx) => {
        const s = await this.claim(tx, current.id, expectedVersion);
        const before = { status: s.status, version: s.version - 1 };
        await apply(tx, s);
        Object.assign(s, { decidedBy: ctx.requireViewer().userId, decidedAt: now });
        await tx.flush();
        const operation = s.status === Status.APPROVED ? 'approveRebateSettlement' : 'rejectRebateSettlement';
        await insertAudit(tx, ctx, {
          ...{ operation, action: s.status === Status.APPROVED ? 'APPROVE' : 'REJECT' },
          ...{ entityType: 'RebateSettlement', entityId: s.id, before },
          after: { status: s.status, amountMinor: s.amountMinor, creditNoteId: s.creditNoteId, reason: s.rejectReason },
        });
        recordSettlementEvent(tx, s, now);
        await tx.flush();
        return s;
      });
      return { settlement, errors: [] };
    } catch (err) {
      if (err instanceof SettlementRefused) return { settlement: null, errors: [err.error] };
      if (err instanceof Refused) return { settlement: null, errors: err.errors };
      throw err;
    }
  }

  /** Claims the settlement's next version while it is PROPOSED (a guarded update), else the refusal. */
  private async claim(tx: EntityManager, id: string, expectedVersion: number): Promise<RebateSettlement> {
    const guard = { id, version: expectedVersion, status: Status.PROPOSED };
    if ((await tx.nativeUpdate(RebateSettlement, guard, { version: expectedVersion + 1 })) !== 1) {
      const now = await tx.findOneOrFail(RebateSettlement, { id });
      if (now.status !== Status.PROPOSED) {
        refuse(RebateSettlementCode.SETTLEMENT_NOT_PROPOSED, `The settlement is ${now.status}`, 'id');
      }
      refuse(RebateSettlementCode.VERSION_CONFLICT, 'The settlement changed meanwhile; reload it', 'expectedVersion');
    }
    return tx.findOneOrFail(RebateSettlement, { id });
  }

  /** The REBATE credit note of an approved CREDIT_NOTE settlement (sourceKey = settlement id), in `tx`. */
  private async issueNote(
    ctx: FinanceContext,
    tx: EntityManager,
    s: RebateSettlement,
    policy: RebatePolicy,
    now: Date,
  ): Promise<string> {
    const lines = (await this.lines(tx, s.id)).filter((l) => l.amountMinor > 0);
    if (!lines.length) {
      refuse(RebateSettlementCode.SETTLEMENT_NO_BASIS, 'No invoiced product to put on the credit note', 'id');
    }
    const note = await credits.issueIn(
      ctx,
      tx,
      {
        ...{ sourceKey: s.id, kind: CreditNoteKind.REBATE, dealerId: s.dealerId },
        reason: `返利结算 ${policy.code} ${s.period}`.slice(0, 500),
        lines: lines.map((l) => ({
          ...{ productId: l.productId, sku: l.sku, productName: l.productName, taxClass: l.taxClass },
          ...{ quantity: Math.max(1, l.quantity), grossMinor: l.amountMinor },
        })),
      },
      now,
    );
    return note.id;
  }
}

/** `finance.rebate_settlement_changed` of the settlement as it is now. */
function recordSettlementEvent(tx: EntityManager, s: RebateSettlement, now: Date): void {
  recordEvent(tx, {
    type: EventType.REBATE_SETTLEMENT_CHANGED,
    subjectId: s.id,
    scope: { dealerIds: [s.dealerId], regionPath: regionIdsOf(s.dealerRegionPath) },
    occurredAt: now,
    payload: {
      ...{ settlementId: s.id, policyId: s.policyId, dealerId: s.dealerId, period: s.period, status: s.status },
      ...{ amountMinor: s.amountMinor, form: s.form, creditNoteId: s.creditNoteId },
    },
  });
}

/**
 * Writes the PROPOSED settlements of `period` not written yet: for each policy of the period's
 * kind whose validity meets the period, each dealer with accrued progress or awards whose sum is
 * positive (a strategy never accrues below zero: a period without an amount has nothing to pay).
 * Each settlement is its own transaction with its lines, event and audit entry; the unique
 * (policy, dealer, period) makes a second run, or a concurrent one, write nothing twice.
 */
export async function proposePeriod(
  em: EntityManager,
  actor: Pick<FinanceContext, 'viewer' | 'requestId'>,
  period: string,
  now: Date,
): Promise<number> {
  const span = parsePeriodKey(period);
  const policies = await em.find(
    RebatePolicy,
    {
      periodKind: span.granularity as RebatePolicy['periodKind'],
      validFrom: { $lt: span.end },
      validTo: { $gte: span.first },
    },
    { orderBy: { id: 'asc' } },
  );
  let proposed = 0;
  for (const policy of policies) {
    const amounts = new Map<string, { accrued: number; awards: number }>();
    const of = (d: string) => amounts.get(d) ?? amounts.set(d, { accrued: 0, awards: 0 }).get(d)!;
    for (const p of await em.find(RebateProgress, { policyId: policy.id, period }))
      of(p.dealerId).accrued += p.accruedMinor;
    for (const a of await em.find(RebateAward, { policyId: policy.id, period })) of(a.dealerId).awards += a.amountMinor;
    for (const [dealerId, a] of [...amounts].sort(([x], [y]) => x.localeCompare(y))) {
      if (a.accrued + a.awards <= 0) continue;
      if (await proposeOne(em, actor, policy, dealerId, period, a, now)) proposed += 1;
    }
  }
  return proposed;
}

async function proposeOne(
  em: EntityManager,
  actor: Pick<FinanceContext, 'viewer' | 'requestId'>,
  policy: RebatePolicy,
  dealerId: string,
  period: string,
  a: { accrued: number; awards: number },
  now: Date,
): Promise<boolean> {
  const [profile] = await dealerProfiles(em, [dealerId]);
  const write = () =>
    em.fork({ clear: true }).transactional(async (tx) => {
      const amountMinor = a.accrued + a.awards;
      const settlement = Object.assign(new RebateSettlement(), {
        ...{ id: newId('rbs', now), policyId: policy.id, dealerId, dealerRegionPath: profile?.regionPath ?? '' },
        ...{ period, status: Status.PROPOSED, form: policy.settlementForm, amountMinor },
        ...{ accruedMinor: a.accrued, awardsMinor: a.awards, createdAt: now, version: 1 },
      });
      const key = { policyId: policy.id, dealerId, period };
      if (await tx.count(RebateSettlement, key)) return false;
      await tx.insert(RebateSettlement, settlement);
      const basis = await settlementBasis(tx, policy.id, dealerId, period);
      const lines = settlementLines(settlement.id, basis, amountMinor);
      if (lines.length) await tx.insertMany(RebateSettlementLine, lines);
      await insertAudit(tx, actor, {
        ...{ operation: 'proposeRebateSettlements', action: 'PROPOSE', entityType: 'RebateSettlement' },
        ...{ entityId: settlement.id, after: { ...key, amountMinor, form: settlement.form, lines: lines.length } },
      });
      recordSettlementEvent(tx, settlement, now);
      await tx.flush();
      return true;
    });
  try {
    return await write();
  } catch (err) {
    // A concurrent run proposed the same (policy, dealer, period) first.
    if (err instanceof UniqueConstraintViolationException) return false;
    throw err;
  }
}
