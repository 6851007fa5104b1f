import {
  addDays,
  businessMonth,
  dataScopeOf,
  domainError,
  EventType,
  insertAudit,
  insertOnce,
  isBusinessMonth,
  newId,
  newestFirstPage,
  NotFoundError,
  recordAudit,
  recordEvent,
  Role,
  type DomainError,
  type Page,
} from '@dnp/subgraph-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import type { DealersContext } from '../dealers-context.js';
import { Dealer, DealerGrade, DealerStatus } from '../entities/dealer.entity.js';
import { DealerGradeChange, GradeEvaluation, GradeProposal, GradeProposalStatus } from '../entities/grade.entity.js';
import { recordDealerChanged } from './dealer-changed.event.js';
import { text } from './dealer-application.rule.js';
import type { OrderingBlockService } from './ordering-block.service.js';
import type { PurchaseTotalsSource } from './purchase-totals.js';

/** How long one evaluation run holds its lease. */
const LEASE_MS = 10 * 60_000;
/** Grades from the best down; below the last threshold a dealer is D. */
const BEST_FIRST = [DealerGrade.A, DealerGrade.B, DealerGrade.C] as const;

/** Columns of a run not yet counted. */
const EMPTY_RUN = (now: Date) => ({ dealers: 0, proposals: 0, startedAt: now, finishedAt: null });
/** The audit entry of a run (on demand or by the schedule). */
const EVALUATION_AUDIT = (period: string) => ({
  operation: 'runGradeEvaluation',
  action: 'RUN',
  entityType: 'GradeEvaluation',
  entityId: period,
});

/** Who a scheduled run is audited as (the schedule's service identity). */
export type AuditActor = Parameters<typeof insertAudit>[1];

/** Default thresholds in fen of 12 months' purchases (`GRADE_THRESHOLDS`). */
export const DEFAULT_GRADE_THRESHOLDS: Record<'A' | 'B' | 'C', number> = {
  A: 300_000_000,
  B: 100_000_000,
  C: 30_000_000,
};

/** The grade 12 months of purchases reach. */
export function gradeFor(purchasesMinor: number, thresholds: Record<'A' | 'B' | 'C', number>): DealerGrade {
  return BEST_FIRST.find((g) => purchasesMinor >= thresholds[g]) ?? DealerGrade.D;
}

/** The trailing window of evaluation month `period`: the 12 business months ending with the previous month. */
export function windowOf(period: string): { from: string; to: string } {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const first = (year: number, month: number) => {
    const d = new Date(Date.UTC(year, month - 1, 1));
    return d.toISOString().slice(0, 10);
  };
  return { from: first(y - 1, m), to: addDays(first(y, m), -1) };
}

/** The run, or why it was refused. */
export interface EvaluationResult {
  evaluation: GradeEvaluation | null;
  errors: DomainError[];
}

/** The decided proposal, or why nothing changed. */
export interface ProposalResult {
  proposal: GradeProposal | null;
  errors: DomainError[];
}

/**
 * Grade evaluation (经销商分级): once a month (and on HQ's demand, idempotent per month; the
 * `grade_evaluation` row is the single-runner lease) the trailing 12 months of purchases give each
 * dealer the best grade whose threshold it reaches; a differing grade becomes a PROPOSED proposal
 * (an older open one of the dealer turns STALE). HQ approves (grade, history, `dealer_changed`)
 * or rejects. The order saga prices with the grade it reads, so a change applies from the next order.
 */
export class GradeEvaluationService {
  constructor(
    private readonly totals: PurchaseTotalsSource,
    private readonly blocks: OrderingBlockService,
    private readonly timeZone: string,
    private readonly thresholds: Record<'A' | 'B' | 'C', number> = DEFAULT_GRADE_THRESHOLDS,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Runs (or answers the finished run of) evaluation month `period`; PERIOD_INVALID for a future or bad month. */
  async run(ctx: DealersContext, period: string): Promise<EvaluationResult> {
    ctx.requireRole(Role.HQ_ADMIN, Role.SERVICE);
    const now = this.now();
    if (!isBusinessMonth(period) || period > businessMonth(now, this.timeZone))
      return {
        evaluation: null,
        errors: [domainError('PERIOD_INVALID', 'Not a month up to the current one', 'period')],
      };
    const evaluation = await this.evaluate(ctx.em.fork(), period, now);
    recordAudit(ctx.em, ctx, {
      ...EVALUATION_AUDIT(period),
      after: { status: evaluation.status, dealers: evaluation.dealers, proposals: evaluation.proposals },
    });
    await ctx.em.flush();
    return { evaluation, errors: [] };
  }

  /**
   * The evaluation itself (also run by the monthly schedule): takes the lease (the `grade_evaluation` row: one
   * runner across replicas), proposes, marks DONE; `job` (the schedule) is audited in the DONE transaction. A
   * failure (orders not answering) gives the lease back, so the next attempt need not wait for it to lapse.
   */
  async evaluate(em: EntityManager, period: string, now: Date, job?: AuditActor): Promise<GradeEvaluation> {
    const existing = await em.findOne(GradeEvaluation, { period });
    if (existing && (existing.status === 'DONE' || existing.leaseUntil > now)) return existing;
    // Whole seconds: the guarded updates below compare it with the stored column (MariaDB datetime keeps no ms).
    const lease = new Date(Math.floor((now.getTime() + LEASE_MS) / 1000) * 1000);
    const taken = existing
      ? (await em.nativeUpdate(GradeEvaluation, { period, leaseUntil: existing.leaseUntil }, { leaseUntil: lease })) ===
        1
      : await insertOnce(
          em,
          GradeEvaluation,
          { period, status: 'RUNNING', leaseUntil: lease, ...EMPTY_RUN(now) },
          'period',
        );
    if (!taken) return em.findOneOrFail(GradeEvaluation, { period }, { refresh: true });
    try {
      await this.propose(em, period, lease, now, job);
    } catch (err) {
      await em.nativeUpdate(GradeEvaluation, { period, leaseUntil: lease, status: 'RUNNING' }, { leaseUntil: now });
      throw err;
    }
    return em.findOneOrFail(GradeEvaluation, { period }, { refresh: true });
  }

  /**
   * Under the lease: one proposal per dealer whose grade differs, then DONE with its event (and audit), unless
   * the lease lapsed meanwhile and another runner took the month over (it then finishes and announces it).
   */
  private async propose(em: EntityManager, period: string, lease: Date, now: Date, job?: AuditActor): Promise<void> {
    const window = windowOf(period);
    const totals = await this.totals.totals(window.from, window.to);
    const dealers = await em.find(Dealer, {
      id: { $in: [...totals.keys()] },
      status: { $ne: DealerStatus.TERMINATED },
    });
    let proposals = 0;
    for (const dealer of dealers) {
      const purchases = totals.get(dealer.id)!;
      const grade = gradeFor(purchases, this.thresholds);
      if (grade !== dealer.grade && (await this.proposeOne(em, period, dealer, grade, purchases, now))) proposals++;
    }
    await em.transactional(async (tx) => {
      const done = { status: 'DONE' as const, dealers: dealers.length, proposals, finishedAt: new Date() };
      if ((await tx.nativeUpdate(GradeEvaluation, { period, leaseUntil: lease }, done)) !== 1) return;
      recordEvent(tx, {
        type: EventType.GRADE_PROPOSALS_READY,
        subjectId: period,
        scope: { hqOnly: true },
        occurredAt: now,
        payload: { period, dealers: dealers.length, proposals },
      });
      if (job) await insertAudit(tx, job, { ...EVALUATION_AUDIT(period), after: done });
    });
  }

  /** A PROPOSED proposal of `grade` for the dealer (its older open one turns STALE); false when the month has one. */
  private proposeOne(
    em: EntityManager,
    period: string,
    dealer: Dealer,
    grade: DealerGrade,
    purchases: number,
    now: Date,
  ) {
    const window = windowOf(period);
    return em.transactional(async (tx) => {
      if (await tx.count(GradeProposal, { period, dealerId: dealer.id })) return false;
      await tx.nativeUpdate(
        GradeProposal,
        { dealerId: dealer.id, status: GradeProposalStatus.PROPOSED },
        { status: GradeProposalStatus.STALE },
      );
      await tx.insert(GradeProposal, {
        id: newId('gpr', now),
        period,
        dealerId: dealer.id,
        regionPath: dealer.regionPath,
        currentGrade: dealer.grade,
        proposedGrade: grade,
        direction: grade < dealer.grade ? 'UP' : 'DOWN',
        purchasesMinor: purchases,
        windowFrom: window.from,
        windowTo: window.to,
        status: GradeProposalStatus.PROPOSED,
        decidedBy: null,
        decidedByName: null,
        decidedAt: null,
        comment: null,
        createdAt: now,
      });
      return true;
    });
  }

  /** Approves (the dealer's grade changes) or rejects an open proposal; PROPOSAL_NOT_OPEN otherwise. */
  async decide(
    ctx: DealersContext,
    input: { id: string; decision: 'APPROVE' | 'REJECT'; comment?: string | null },
  ): Promise<ProposalResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN);
    const proposal = typeof input.id === 'string' ? await ctx.em.findOne(GradeProposal, { id: input.id }) : null;
    if (!proposal) throw new NotFoundError('GradeProposal', String(input.id).slice(0, 40));
    const comment = text(input.comment, 'comment', 1, 500, true);
    if (proposal.status !== GradeProposalStatus.PROPOSED)
      return { proposal: null, errors: [domainError('PROPOSAL_NOT_OPEN', `The proposal is ${proposal.status}`, 'id')] };
    const approve = input.decision === 'APPROVE';
    const now = this.now();
    const name = (viewer.displayName ?? viewer.userId).slice(0, 120);
    const done = await ctx.em.transactional(async (tx) => {
      const set = {
        status: approve ? GradeProposalStatus.APPROVED : GradeProposalStatus.REJECTED,
        decidedBy: viewer.userId,
        decidedByName: name,
        decidedAt: now,
        comment,
      };
      const changed = await tx.nativeUpdate(
        GradeProposal,
        { id: proposal.id, status: GradeProposalStatus.PROPOSED },
        set,
      );
      if (changed !== 1) return false;
      if (approve) await this.applyGrade(tx, proposal, name, comment, now);
      recordAudit(tx, ctx, {
        operation: 'decideGradeProposal',
        action: approve ? 'APPROVE' : 'REJECT',
        entityType: 'GradeProposal',
        entityId: proposal.id,
        before: { status: GradeProposalStatus.PROPOSED },
        after: { status: set.status, proposedGrade: proposal.proposedGrade, comment },
      });
      return true;
    });
    if (!done) return { proposal: null, errors: [domainError('PROPOSAL_NOT_OPEN', 'Decided meanwhile', 'id')] };
    return { proposal: await ctx.em.refreshOrFail(proposal), errors: [] };
  }

  /** The proposals in the viewer's scope (HQ all, managers their region), newest first. */
  async list(
    ctx: DealersContext,
    args: { first?: number | null; after?: string | null; status?: GradeProposalStatus | null; period?: string | null },
  ): Promise<Page<GradeProposal>> {
    ctx.requireViewer();
    const scope = dataScopeOf(ctx.viewer);
    const where: FilterQuery<GradeProposal>[] = [];
    if (scope.kind === 'region') where.push({ regionPath: { $like: `%/${scope.regionId}/%` } });
    else if (scope.kind !== 'all') where.push({ id: null as never });
    if (args.status) where.push({ status: args.status });
    if (args.period) where.push({ period: args.period });
    return newestFirstPage(ctx.em, GradeProposal, where, args);
  }

  /** A dealer's grade history, newest first. */
  history(ctx: DealersContext, dealer: Dealer): Promise<DealerGradeChange[]> {
    return ctx.em.find(DealerGradeChange, { dealerId: dealer.id }, { orderBy: { at: 'desc', id: 'desc' } });
  }

  private async applyGrade(tx: EntityManager, p: GradeProposal, actor: string, why: string | null, now: Date) {
    const dealer = await tx.findOneOrFail(Dealer, { id: p.dealerId });
    const from = dealer.grade;
    await tx.nativeUpdate(Dealer, { id: dealer.id }, { grade: p.proposedGrade });
    tx.persist(
      Object.assign(new DealerGradeChange(), {
        id: newId('dgc', now),
        dealerId: dealer.id,
        fromGrade: from,
        toGrade: p.proposedGrade,
        source: 'PROPOSAL',
        proposalId: p.id,
        actorName: actor,
        reason: why,
        at: now,
      }),
    );
    const after = Object.assign(Object.create(Dealer.prototype) as Dealer, dealer, { grade: p.proposedGrade });
    recordDealerChanged(tx, after, 'GRADE', await this.blocks.of(tx, after, now), { fromGrade: from }, now);
  }
}
