import { EventType } from '@dnp/event-bus';
import {
  businessDate,
  businessHour,
  domainError,
  insertAudit,
  insertOnce,
  newId,
  recordEvent,
  Role,
  type DomainError,
  type Viewer,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { CreditAccount } from '../entities/credit-account.entity.js';
import { FinancePeriod, FinancePeriodStatus } from '../entities/finance-period.entity.js';
import { StatementAction, StatementEvent } from '../entities/statement-event.entity.js';
import { Statement, StatementStatus } from '../entities/statement.entity.js';

/** The three document tables a statement sums, each with its signed effect on the dealer's balance. */
const DOCUMENTS = [
  { table: 'invoice', key: 'invoicesMinor' },
  { table: 'payment', key: 'paymentsMinor' },
  { table: 'credit_note', key: 'creditNotesMinor' },
] as const;

/** A dealer's figures of one month, before they are stored as a statement. */
export interface StatementFigures {
  dealerId: string;
  dealerRegionPath: string;
  openingMinor: number;
  invoicesMinor: number;
  paymentsMinor: number;
  creditNotesMinor: number;
  closingMinor: number;
  documentCount: number;
}

/** What one month-end run did. */
export interface StatementRunResult {
  period: string;
  /** Statements this run issued (0 when the month had been closed already). */
  issued: number;
  /** True when an earlier run had closed the month: nothing was written. */
  alreadyClosed: boolean;
  errors: DomainError[];
}

const INSERT_BATCH = 500;
/** Who issues statements: the month-end job, also when a clerk starts it by hand. */
export const STATEMENT_RUN_ACTOR = '月结对账';

/** The month before `period` (`YYYY-MM`). */
export function previousPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

function emptyFigures(dealerId: string): StatementFigures {
  return {
    dealerId,
    dealerRegionPath: '',
    openingMinor: 0,
    invoicesMinor: 0,
    paymentsMinor: 0,
    creditNotesMinor: 0,
    closingMinor: 0,
    documentCount: 0,
  };
}

type Row = { dealer_id: string; total: number | string | null; n: number | string };

async function sumBy(
  em: EntityManager,
  table: string,
  periodCondition: string,
  params: unknown[],
  dealerId?: string,
): Promise<Row[]> {
  const dealer = dealerId ? ' and dealer_id = ?' : '';
  const sql =
    `select dealer_id, sum(amount_minor) as total, count(*) as n from ${table} ` +
    `where ${periodCondition}${dealer} group by dealer_id`;
  return (await em
    .getConnection()
    .execute(sql, dealerId ? [...params, dealerId] : params, 'all', em.getTransactionContext())) as Row[];
}

/**
 * The figures of `period` per dealer (one aggregate per document type, grouped by dealer, on the
 * `(period, dealer_id)` indexes). Openings are the previous month's closings when that month was
 * run, else the sum of every earlier month (a dealer's first statement). `dealerId` limits it to
 * one dealer (the live statement of the open month).
 */
export async function statementFigures(
  em: EntityManager,
  period: string,
  dealerId?: string,
): Promise<Map<string, StatementFigures>> {
  const figures = new Map<string, StatementFigures>();
  const of = (id: string) => figures.get(id) ?? figures.set(id, emptyFigures(id)).get(id)!;
  for (const { table, key } of DOCUMENTS) {
    for (const row of await sumBy(em, table, 'period = ?', [period], dealerId)) {
      const f = of(row.dealer_id);
      f[key] = Number(row.total ?? 0);
      f.documentCount += Number(row.n);
    }
  }
  const previous = previousPeriod(period);
  const closed = await em.findOne(FinancePeriod, { period: previous, status: FinancePeriodStatus.CLOSED });
  if (closed) {
    const where = dealerId ? { period: previous, dealerId } : { period: previous };
    for (const s of await em.find(Statement, where, { fields: ['dealerId', 'closingMinor'] })) {
      of(s.dealerId).openingMinor = s.closingMinor;
    }
  } else {
    for (const { table, key } of DOCUMENTS) {
      const sign = key === 'invoicesMinor' ? 1 : -1;
      for (const row of await sumBy(em, table, "period < ? and period <> ''", [period], dealerId)) {
        of(row.dealer_id).openingMinor += sign * Number(row.total ?? 0);
      }
    }
  }
  for (const f of figures.values()) {
    f.closingMinor = f.openingMinor + f.invoicesMinor - f.paymentsMinor - f.creditNotesMinor;
  }
  await fillRegionPaths(em, figures);
  return figures;
}

async function fillRegionPaths(em: EntityManager, figures: Map<string, StatementFigures>): Promise<void> {
  const ids = [...figures.keys()];
  for (let i = 0; i < ids.length; i += INSERT_BATCH) {
    const chunk = ids.slice(i, i + INSERT_BATCH);
    const rows = await em.find(
      CreditAccount,
      { dealerId: { $in: chunk } },
      { fields: ['dealerId', 'dealerRegionPath'] },
    );
    for (const row of rows) figures.get(row.dealerId)!.dealerRegionPath = row.dealerRegionPath;
  }
}

/** The event scope of a dealer's finance row: its dealer and its region path. */
export function dealerEventScope(dealerId: string, dealerRegionPath: string) {
  return { dealerIds: [dealerId], regionPath: dealerRegionPath.split('/').filter(Boolean) };
}

/**
 * Runs the month-end of `period` (must have ended: `today` is a business date after it), in one
 * transaction: the guarded close of the `finance_period` row is the single-runner lease (a second
 * run finds it CLOSED and writes nothing), then one statement per dealer with documents or a
 * non-zero opening, ISSUED, with its history entry and `statement_status_changed` event; `audit`
 * records the run in the same transaction.
 */
export async function runStatementsOf(
  em: EntityManager,
  period: string,
  today: string,
  audit: (tx: EntityManager) => Promise<void>,
  now = new Date(),
): Promise<StatementRunResult> {
  if (period >= today.slice(0, 7)) {
    const error = domainError('PERIOD_NOT_ENDED', `${period} has not ended yet`, 'period');
    return { period, issued: 0, alreadyClosed: false, errors: [error] };
  }
  return em.transactional(async (tx) => {
    await insertOnce(tx, FinancePeriod, { period, status: FinancePeriodStatus.OPEN, statementCount: 0 }, 'period');
    const closed = await tx.nativeUpdate(
      FinancePeriod,
      { period, status: FinancePeriodStatus.OPEN },
      { status: FinancePeriodStatus.CLOSED, closedAt: now },
    );
    if (closed !== 1) return { period, issued: 0, alreadyClosed: true, errors: [] };
    await audit(tx);
    const figures = [...(await statementFigures(tx, period)).values()].filter(
      (f) => f.documentCount > 0 || f.openingMinor !== 0,
    );
    figures.sort((a, b) => (a.dealerId < b.dealerId ? -1 : 1));
    for (let i = 0; i < figures.length; i += INSERT_BATCH) {
      await issueBatch(tx, period, figures.slice(i, i + INSERT_BATCH), now);
    }
    await tx.nativeUpdate(FinancePeriod, { period }, { statementCount: figures.length });
    return { period, issued: figures.length, alreadyClosed: false, errors: [] };
  });
}

async function issueBatch(tx: EntityManager, period: string, batch: StatementFigures[], now: Date): Promise<void> {
  const statements = batch.map((f) => ({
    ...f,
    id: newId('stm', now),
    period,
    status: StatementStatus.ISSUED,
    version: 1,
    issuedAt: now,
    confirmedAt: null,
    confirmedByUserId: null,
    disputedAt: null,
    disputedByUserId: null,
  }));
  await tx.insertMany(Statement, statements);
  await tx.insertMany(
    StatementEvent,
    statements.map((s) => ({
      id: newId('ste', now),
      statementId: s.id,
      action: StatementAction.ISSUED,
      actorUserId: null,
      actorName: STATEMENT_RUN_ACTOR,
      comment: null,
      at: now,
    })),
  );
  for (const s of statements) {
    recordEvent(tx, {
      type: EventType.STATEMENT_STATUS_CHANGED,
      subjectId: s.id,
      scope: dealerEventScope(s.dealerId, s.dealerRegionPath),
      occurredAt: now,
      payload: {
        statementId: s.id,
        dealerId: s.dealerId,
        period,
        fromStatus: null,
        toStatus: StatementStatus.ISSUED,
        closingMinor: s.closingMinor,
      },
    });
  }
  await tx.flush();
}

/** The month-end job's identity in the audit log. */
const MONTH_END_JOB = {
  viewer: { userId: 'finance-month-end', role: Role.SERVICE, displayName: STATEMENT_RUN_ACTOR } as Viewer,
  requestId: 'month-end',
};

/**
 * The month-end job, run periodically: from `runHour` (business time) on the 1st, and on any
 * later day should that run have been missed, closes the previous month unless it is closed.
 * Several processes may run it at once: the guarded close lets one of them issue.
 */
export async function runDueMonthEnd(
  em: EntityManager,
  timeZone: string,
  runHour: number,
  now = new Date(),
): Promise<StatementRunResult | null> {
  const today = businessDate(now, timeZone);
  if (today.endsWith('-01') && businessHour(now, timeZone) < runHour) return null;
  const period = previousPeriod(today.slice(0, 7));
  if (await em.findOne(FinancePeriod, { period, status: FinancePeriodStatus.CLOSED })) return null;
  const audit = (tx: EntityManager) =>
    insertAudit(tx, MONTH_END_JOB, {
      operation: 'monthEndStatements',
      action: 'CLOSE',
      entityType: 'FinancePeriod',
      entityId: period,
      after: { status: FinancePeriodStatus.CLOSED },
    });
  return runStatementsOf(em, period, today, audit, now);
}
