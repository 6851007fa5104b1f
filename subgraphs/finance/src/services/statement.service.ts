import { EventType } from '@dnp/event-bus';
import {
  AppError,
  assertCanActOn,
  businessDate,
  decodeCursor,
  domainError,
  insertAudit,
  isBusinessMonth,
  newId,
  NotFoundError,
  pageSize,
  recordEvent,
  toPage,
  UserInputError,
  type DomainError,
  type Page,
} from '@dnp/subgraph-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { config } from '../config.js';
import { CreditAccount } from '../entities/credit-account.entity.js';
import { FinancePeriod, FinancePeriodStatus } from '../entities/finance-period.entity.js';
import { StatementAction, StatementEvent } from '../entities/statement-event.entity.js';
import { Statement, StatementStatus } from '../entities/statement.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { dealersSubgraphDirectory, type DealerDirectory } from './dealer-directory.js';
import { brandAccountScope, financeScope, inScope, scopeWhere } from './scope.service.js';
import { statementLines } from './statement-lines.service.js';
import { cjkFont, renderStatementPdf, type StatementPdfFile } from './statement-pdf.js';
import {
  dealerEventScope,
  runStatementsOf,
  statementFigures,
  type StatementRunResult,
} from './statement-run.service.js';

/** Longest comment on a statement. */
export const STATEMENT_COMMENT_MAX = 500;
const STATEMENT_ID = /^stm_[A-Za-z0-9]{1,36}$/;

/** What a statement mutation answers: the statement as it is now, or why nothing was written. */
export interface StatementResult {
  statement: Statement | null;
  errors: DomainError[];
}

/** A filter of the statement list. */
export interface StatementListFilter {
  period?: string | null;
  status?: StatementStatus | null;
  dealerId?: string | null;
}

/** The viewer's business today. */
function today(): string {
  return businessDate(new Date(), config.BUSINESS_TIME_ZONE);
}

/** A statement as the month stands now (never stored): the open month's live figures. */
function liveStatement(dealerId: string, period: string, regionPath: string, f?: Partial<Statement>): Statement {
  return Object.assign(new Statement(), {
    id: `live_${dealerId}_${period.replace('-', '')}`,
    dealerId,
    dealerRegionPath: regionPath,
    period,
    openingMinor: 0,
    invoicesMinor: 0,
    paymentsMinor: 0,
    creditNotesMinor: 0,
    closingMinor: 0,
    documentCount: 0,
    ...f,
    status: StatementStatus.LIVE,
    version: 0,
  });
}

/**
 * Monthly statements: the month-end run, reads (the open month computed live), and the dealer's
 * confirmation or dispute with HQ's answers. Every mutation checks the act-for right on the
 * statement's dealer and writes its audit entry, history entry and event in one transaction;
 * a refusal writes nothing.
 */
export class StatementService {
  constructor(private readonly dealers: DealerDirectory = dealersSubgraphDirectory) {}

  /**
   * The statement as a PDF (§14); PDF_FONT_MISSING without the CJK font, PDF_TOO_MANY_LINES above
   * STATEMENT_PDF_MAX_LINES documents.
   */
  async pdf(ctx: FinanceContext, statement: Statement): Promise<StatementPdfFile> {
    const font = cjkFont(config.PDF_CJK_FONT_PATH);
    if (!font) throw new AppError('PDF_FONT_MISSING', `No CJK font at ${config.PDF_CJK_FONT_PATH}`);
    const lines = await statementLines(ctx.em, statement);
    if (lines.length > config.STATEMENT_PDF_MAX_LINES) {
      throw new AppError('PDF_TOO_MANY_LINES', `A statement PDF lists at most ${config.STATEMENT_PDF_MAX_LINES} lines`);
    }
    const [events, dealer] = await Promise.all([this.events(ctx, statement), this.dealers(statement.dealerId)]);
    const issuedOn = statement.issuedAt ? businessDate(statement.issuedAt, config.BUSINESS_TIME_ZONE) : today();
    return renderStatementPdf({ brandName: config.BRAND_NAME, dealer, statement, lines, events, issuedOn }, font);
  }

  /** Runs the month-end of `period` (HQ, clerks); idempotent: a closed month answers `alreadyClosed`. */
  async run(ctx: FinanceContext, period: string): Promise<StatementRunResult> {
    ctx.requireViewer();
    const audit = (tx: EntityManager) =>
      insertAudit(tx, ctx, {
        operation: 'runStatements',
        action: 'CLOSE',
        entityType: 'FinancePeriod',
        entityId: period,
        after: { status: FinancePeriodStatus.CLOSED },
      });
    return runStatementsOf(ctx.em, period, today(), audit);
  }

  /**
   * A dealer's statement of `period`: the issued one, or the live figures while the month is
   * open; null outside the viewer's scope, for a dealer without an account, or for a closed
   * month in which the dealer had nothing.
   */
  async forDealer(ctx: FinanceContext, dealerId: string, period: string): Promise<Statement | null> {
    const scope = financeScope(ctx.requireViewer());
    if (!isBusinessMonth(period)) throw new UserInputError(`"${period}" is not a month`, 'period');
    const stored = await ctx.em.findOne(Statement, { dealerId, period });
    if (stored) return inScope(scope, stored.dealerId, stored.dealerRegionPath) ? stored : null;
    const where = { dealerId, ...brandAccountScope.where };
    const account = await ctx.em.findOne(CreditAccount, where, { fields: ['dealerRegionPath'] });
    if (!account || !inScope(scope, dealerId, account.dealerRegionPath)) return null;
    const closed = await ctx.em.findOne(FinancePeriod, { period, status: FinancePeriodStatus.CLOSED });
    if (closed || period > today().slice(0, 7)) return null;
    const figures = (await statementFigures(ctx.em, period, dealerId)).get(dealerId);
    return liveStatement(dealerId, period, account.dealerRegionPath, figures);
  }

  /** One stored statement by id; NOT_FOUND when unknown or outside the viewer's scope. */
  async get(ctx: FinanceContext, id: string): Promise<Statement> {
    const scope = financeScope(ctx.requireViewer());
    const statement = STATEMENT_ID.test(id) ? await ctx.em.findOne(Statement, { id }) : null;
    if (!statement || !inScope(scope, statement.dealerId, statement.dealerRegionPath)) {
      throw new NotFoundError('Statement', id);
    }
    return statement;
  }

  /** Issued statements in the viewer's scope, newest month first, then by dealer. */
  async list(
    ctx: FinanceContext,
    args: { first?: number | null; after?: string | null; filter?: StatementListFilter | null },
  ): Promise<Page<Statement>> {
    const limit = pageSize(args.first);
    const scoped = scopeWhere(financeScope(ctx.requireViewer()));
    if (!scoped) return toPage([], limit, false, 0, () => []);
    // The filter narrows the scope and never replaces it: both go into one $and (a filter's dealerId
    // spread over the scope's would read another dealer's statements).
    const f = args.filter;
    const where: FilterQuery<Statement> = {
      $and: [
        scoped,
        ...(f?.period ? [{ period: f.period }] : []),
        ...(f?.status ? [{ status: f.status }] : []),
        ...(f?.dealerId ? [{ dealerId: f.dealerId }] : []),
      ],
    } as FilterQuery<Statement>;
    const total = await ctx.em.count(Statement, where);
    let page: FilterQuery<Statement> = where;
    if (args.after) {
      const [period, id] = decodeCursor(args.after, 2) as [string, string];
      page = {
        $and: [where, { $or: [{ period: { $lt: period } }, { period, id: { $gt: id } }] }],
      } as FilterQuery<Statement>;
    }
    const rows = await ctx.em.find(Statement, page, { orderBy: { period: 'desc', id: 'asc' }, limit: limit + 1 });
    return toPage(rows, limit, Boolean(args.after), total, (s) => [s.period, s.id]);
  }

  /** The statement's history, oldest first. */
  async events(ctx: FinanceContext, statement: Statement): Promise<StatementEvent[]> {
    if (statement.status === StatementStatus.LIVE) return [];
    return ctx.em.find(StatementEvent, { statementId: statement.id }, { orderBy: { at: 'asc', id: 'asc' } });
  }

  /** The dealer confirms its statement (final); a comment is optional. */
  async confirm(ctx: FinanceContext, id: string, comment: string | null | undefined): Promise<StatementResult> {
    return this.act(ctx, id, StatementAction.CONFIRMED, comment?.trim() || null);
  }

  /** The dealer disputes its statement with a comment; again while disputed adds to the thread. */
  async dispute(ctx: FinanceContext, id: string, comment: string): Promise<StatementResult> {
    return this.act(ctx, id, StatementAction.DISPUTED, comment.trim());
  }

  /** HQ or a clerk answers a disputed statement; the dealer then confirms or disputes again. */
  async respond(ctx: FinanceContext, id: string, comment: string): Promise<StatementResult> {
    return this.act(ctx, id, StatementAction.RESPONDED, comment.trim());
  }

  private async act(
    ctx: FinanceContext,
    id: string,
    action: StatementAction,
    comment: string | null,
  ): Promise<StatementResult> {
    const statement = await this.get(ctx, id);
    assertCanActOn(ctx.scope, { dealerId: statement.dealerId, regionPath: statement.dealerRegionPath }, 'statement');
    const refusal = refusalOf(statement, action, comment);
    if (refusal) return { statement: null, errors: [refusal] };
    const written = await this.write(ctx, statement, action, comment);
    if (!written) {
      // Someone else changed it between the read and the guarded update: judge again on what is stored.
      ctx.em.clear();
      return this.act(ctx, id, action, comment);
    }
    return { statement: written, errors: [] };
  }

  private async write(
    ctx: FinanceContext,
    statement: Statement,
    action: StatementAction,
    comment: string | null,
  ): Promise<Statement | null> {
    const viewer = ctx.requireViewer();
    const now = new Date();
    const toStatus = action === StatementAction.CONFIRMED ? StatementStatus.CONFIRMED : StatementStatus.DISPUTED;
    const set: Partial<Statement> = { status: toStatus, version: statement.version + 1 };
    if (action === StatementAction.CONFIRMED)
      Object.assign(set, { confirmedAt: now, confirmedByUserId: viewer.userId });
    if (action === StatementAction.DISPUTED) Object.assign(set, { disputedAt: now, disputedByUserId: viewer.userId });
    return ctx.em.transactional(async (tx) => {
      const updated = await tx.nativeUpdate(Statement, { id: statement.id, version: statement.version }, set);
      if (updated !== 1) return null;
      await tx.insert(StatementEvent, {
        id: newId('ste', now),
        statementId: statement.id,
        action,
        actorUserId: viewer.userId,
        actorName: (viewer.displayName ?? viewer.userId).slice(0, 100),
        comment,
        at: now,
      });
      await insertAudit(tx, ctx, {
        operation: OPERATION[action],
        action,
        entityType: 'Statement',
        entityId: statement.id,
        before: { status: statement.status, version: statement.version },
        after: { ...set, comment },
      });
      recordEvent(tx, {
        type: EventType.STATEMENT_STATUS_CHANGED,
        subjectId: statement.id,
        scope: dealerEventScope(statement.dealerId, statement.dealerRegionPath),
        occurredAt: now,
        payload: {
          statementId: statement.id,
          dealerId: statement.dealerId,
          period: statement.period,
          fromStatus: statement.status,
          toStatus,
          closingMinor: statement.closingMinor,
        },
      });
      await tx.flush();
      return Object.assign(statement, set);
    });
  }
}

const OPERATION: Record<StatementAction, string> = {
  [StatementAction.ISSUED]: 'runStatements',
  [StatementAction.CONFIRMED]: 'confirmStatement',
  [StatementAction.DISPUTED]: 'disputeStatement',
  [StatementAction.RESPONDED]: 'respondToStatementDispute',
};

/** Why `action` may not happen to `statement` now; null when it may. */
function refusalOf(statement: Statement, action: StatementAction, comment: string | null): DomainError | null {
  if (comment && comment.length > STATEMENT_COMMENT_MAX) {
    return domainError('COMMENT_TOO_LONG', `A comment may have at most ${STATEMENT_COMMENT_MAX} characters`, 'comment');
  }
  if (action !== StatementAction.CONFIRMED && !comment) {
    return domainError('COMMENT_REQUIRED', 'Say what is wrong, or what was done about it', 'comment');
  }
  if (statement.status === StatementStatus.CONFIRMED) {
    return domainError('STATEMENT_ALREADY_CONFIRMED', 'The statement was confirmed already', 'id');
  }
  if (action === StatementAction.RESPONDED && statement.status !== StatementStatus.DISPUTED) {
    return domainError('STATEMENT_NOT_DISPUTED', 'Only a disputed statement can be answered', 'id');
  }
  return null;
}
