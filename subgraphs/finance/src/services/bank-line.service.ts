import { EventType } from '@dnp/event-bus';
import {
  assertCanActOn,
  decodeCursor,
  domainError,
  formatMinor,
  insertAudit,
  NotFoundError,
  pageSize,
  recordEvent,
  Role,
  toPage,
  type DomainError,
  type Page,
} from '@dnp/subgraph-kit';
import type { EntityManager, FilterQuery } from '@mikro-orm/core';
import { BankImport } from '../entities/bank-import.entity.js';
import { BankLineStatus, BankMatchRule, BankStatementLine } from '../entities/bank-statement-line.entity.js';
import { PayerAccount } from '../entities/payer-account.entity.js';
import { Payment, PaymentMethod, PaymentSource } from '../entities/payment.entity.js';
import type { FinanceContext } from '../finance-context.js';
import type { BankMatch } from './bank-matching.service.js';
import { PaymentService } from './payment.service.js';
import { financeScope } from './scope.service.js';

/** What a bank line mutation answers: the line as it is now, or why nothing was written. */
export interface BankLineResult {
  line: BankStatementLine | null;
  errors: DomainError[];
}

/** A filter of the bank line list. */
export interface BankLineListFilter {
  status?: BankLineStatus | null;
  importId?: string | null;
}

/** A clerk's match: the dealer and, optionally, the invoices to settle first (decimal amounts). */
export interface ManualMatch {
  lineId: string;
  dealerId: string;
  allocations?: { invoiceId: string; amount: string }[] | null;
}

export const BANK_LINE_NOT_UNMATCHED = 'BANK_LINE_NOT_UNMATCHED';
/** unignoreBankStatementLine's refusal: the line is not IGNORED (unmatched, matched, or put back meanwhile). */
export const BANK_LINE_NOT_IGNORED = 'BANK_LINE_NOT_IGNORED';
const REASON_MAX = 200;
const LINE_ID = /^bsl_[A-Za-z0-9]{1,36}$/;

/** The payment reference of a line: the bank's serial, else a short form of its hash. */
function referenceOf(line: BankStatementLine): string {
  const serial = line.bankSerial.trim();
  return serial && serial.length <= 64 ? serial : `BANK-${line.rowHash.slice(0, 16)}`;
}

/** Whom a line pays and by which rule, with the invoices to settle first (minor units). */
export type LineMatch = Pick<BankMatch, 'dealerId' | 'rule'> & {
  allocations: { invoiceId: string; amountMinor: number }[];
};

/** A refused payment inside a line's savepoint: rolls the claim back, carries the refusal out. */
class SettleRefused extends Error {
  constructor(readonly errors: DomainError[]) {
    super(errors[0]?.message ?? 'refused');
  }
}

/**
 * Bank lines: recording a matched line as a payment (automatic or by a clerk), ignoring one, and
 * the lists. A line is claimed with a guarded update (UNMATCHED → MATCHED) and paid in the same
 * transaction — the import's chunk, or the clerk's match — so no line is ever MATCHED without its
 * payment, two clerks (or a clerk and an import) never pay one line twice, and a refused payment
 * leaves the line UNMATCHED; the payment's idempotency key is `bank:` + row hash.
 */
export class BankLineService {
  private readonly payments = new PaymentService();

  /**
   * Records `line` as a payment of `match.dealerId` inside `tx`, behind a savepoint: claim, payment
   * (source BANK_IMPORT, this line), the line's payment id. `manual` (the clerk's own allocations)
   * also learns the payer account and writes the clerk's audit entry. A refused payment rolls the
   * savepoint back (the line stays as it was) and answers the refusal; `tx` goes on.
   */
  async settle(
    tx: EntityManager,
    ctx: FinanceContext,
    line: BankStatementLine,
    match: LineMatch,
    manual: ManualMatch | null,
  ): Promise<BankLineResult> {
    try {
      const stored = await tx.transactional((inner) => this.claimAndPay(inner, ctx, line, match, manual));
      return { line: stored, errors: [] };
    } catch (err) {
      if (err instanceof SettleRefused) return { line: null, errors: err.errors };
      throw err;
    }
  }

  private async claimAndPay(
    tx: EntityManager,
    ctx: FinanceContext,
    line: BankStatementLine,
    match: LineMatch,
    manual: ManualMatch | null,
  ): Promise<BankStatementLine> {
    const viewer = ctx.requireViewer();
    // A line a run before this code claimed without paying is MATCHED with no payment: paid here.
    const claimedBefore = line.status === BankLineStatus.MATCHED && line.paymentId === null;
    if (!claimedBefore) {
      const claim = { status: BankLineStatus.MATCHED, dealerId: match.dealerId, matchRule: match.rule };
      const handled = manual ? { handledByUserId: viewer.userId, handledAt: new Date() } : {};
      const where = { id: line.id, status: BankLineStatus.UNMATCHED, paymentId: null };
      if ((await tx.nativeUpdate(BankStatementLine, where, { ...claim, ...handled })) !== 1) {
        throw new SettleRefused(notUnmatched().errors);
      }
    }
    const allocations =
      manual?.allocations ??
      match.allocations.map((a) => ({ invoiceId: a.invoiceId, amount: formatMinor(a.amountMinor) }));
    const input = {
      ...{ dealerId: match.dealerId, idempotencyKey: `bank:${line.rowHash}`, amount: formatMinor(line.amountMinor) },
      ...{ method: PaymentMethod.BANK_TRANSFER, reference: referenceOf(line), receivedOn: line.valueDate, allocations },
    };
    const origin = { source: PaymentSource.BANK_IMPORT, bankLineId: line.id };
    const recorded = await this.payments.recordIn(tx, ctx, input, origin);
    if (!recorded.payment) throw new SettleRefused(recorded.errors);
    const payment = recorded.payment;
    await tx.nativeUpdate(BankStatementLine, { id: line.id }, { paymentId: payment.id });
    if (manual) {
      await this.learn(tx, line, match.dealerId, viewer.userId);
      await insertAudit(tx, ctx, {
        operation: 'matchBankStatementLine',
        action: 'MATCH',
        entityType: 'BankStatementLine',
        entityId: line.id,
        before: { status: BankLineStatus.UNMATCHED },
        after: { status: BankLineStatus.MATCHED, dealerId: match.dealerId, paymentId: payment.id },
      });
      lineStatusChanged(tx, line, BankLineStatus.UNMATCHED, BankLineStatus.MATCHED, null);
    }
    return tx.findOneOrFail(BankStatementLine, { id: line.id }, { refresh: true });
  }

  private async learn(tx: FinanceContext['em'], line: BankStatementLine, dealerId: string, userId: string) {
    if (!line.payerAccount) return;
    const known = await tx.findOne(PayerAccount, { accountNo: line.payerAccount });
    const values = { payerName: line.payerName, dealerId, learnedByUserId: userId, learnedAt: new Date() };
    if (known) await tx.nativeUpdate(PayerAccount, { accountNo: line.payerAccount }, values);
    else await tx.insert(PayerAccount, { accountNo: line.payerAccount, ...values });
  }

  /** A clerk matches an unmatched line to a dealer (matchBankStatementLine). */
  async match(ctx: FinanceContext, input: ManualMatch): Promise<BankLineResult> {
    ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK);
    const line = await this.get(ctx, input.lineId);
    // The act-for check on the chosen dealer is the payment's own (PaymentService.recordIn).
    if (line.status !== BankLineStatus.UNMATCHED) return notUnmatched();
    const match = { dealerId: input.dealerId, rule: BankMatchRule.MANUAL, allocations: [] };
    return ctx.em.fork({ clear: true }).transactional((tx) => this.settle(tx, ctx, line, match, input));
  }

  /** A clerk sets an unmatched line aside with a reason (a refund, an internal transfer). */
  async ignore(ctx: FinanceContext, id: string, reason: string): Promise<BankLineResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK);
    const line = await this.get(ctx, id);
    assertCanActOn(financeScope(ctx.viewer), { dealerId: line.dealerId, regionPath: '/' }, 'bank line');
    const text = reason.trim();
    if (!text) return { line: null, errors: [domainError('REASON_REQUIRED', 'Say why the line is ignored', 'reason')] };
    if (text.length > REASON_MAX) {
      return { line: null, errors: [domainError('REASON_TOO_LONG', `At most ${REASON_MAX} characters`, 'reason')] };
    }
    const done = await ctx.em.fork({ clear: true }).transactional(async (tx) => {
      const set = { status: BankLineStatus.IGNORED, ignoreReason: text, handledByUserId: viewer.userId };
      const where = { id, status: BankLineStatus.UNMATCHED, paymentId: null };
      if ((await tx.nativeUpdate(BankStatementLine, where, { ...set, handledAt: new Date() })) !== 1) return null;
      await insertAudit(tx, ctx, {
        operation: 'ignoreBankStatementLine',
        action: 'IGNORE',
        entityType: 'BankStatementLine',
        entityId: id,
        before: { status: line.status },
        after: { status: BankLineStatus.IGNORED, reason: text },
      });
      lineStatusChanged(tx, line, BankLineStatus.UNMATCHED, BankLineStatus.IGNORED, text);
      await tx.flush();
      return tx.findOneOrFail(BankStatementLine, { id });
    });
    return done ? { line: done, errors: [] } : notUnmatched();
  }

  /**
   * A clerk puts an ignored line back in the matching queue (IGNORED → UNMATCHED, guarded), with a
   * reason for the audit trail: the line was set aside by mistake. Its match state starts afresh.
   */
  async unignore(ctx: FinanceContext, id: string, reason: string): Promise<BankLineResult> {
    const viewer = ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK);
    const line = await this.get(ctx, id);
    // Bank lines belong to the brand's accounts, not to a dealer: only a viewer acting for all dealers may.
    assertCanActOn(financeScope(ctx.viewer), { dealerId: line.dealerId, regionPath: '/' }, 'bank line');
    const text = reason.trim();
    if (!text) return refusal('REASON_REQUIRED', 'Say why the line goes back to the queue', 'reason');
    if (text.length > REASON_MAX) return refusal('REASON_TOO_LONG', `At most ${REASON_MAX} characters`, 'reason');
    if (line.status !== BankLineStatus.IGNORED) return notIgnored();
    const done = await ctx.em.fork({ clear: true }).transactional(async (tx) => {
      const set = { status: BankLineStatus.UNMATCHED, ignoreReason: null, dealerId: null, matchRule: null };
      const where = { id, status: BankLineStatus.IGNORED, paymentId: null };
      const handled = { handledByUserId: viewer.userId, handledAt: new Date() };
      if ((await tx.nativeUpdate(BankStatementLine, where, { ...set, ...handled })) !== 1) return null;
      await insertAudit(tx, ctx, {
        operation: 'unignoreBankStatementLine',
        action: 'UNIGNORE',
        entityType: 'BankStatementLine',
        entityId: id,
        before: { status: BankLineStatus.IGNORED, reason: line.ignoreReason },
        after: { status: BankLineStatus.UNMATCHED, reason: text },
      });
      lineStatusChanged(tx, line, BankLineStatus.IGNORED, BankLineStatus.UNMATCHED, text);
      await tx.flush();
      return tx.findOneOrFail(BankStatementLine, { id }, { refresh: true });
    });
    return done ? { line: done, errors: [] } : notIgnored();
  }

  /** One line; NOT_FOUND when unknown (finance rows: HQ and clerks only reach this). */
  async get(ctx: FinanceContext, id: string): Promise<BankStatementLine> {
    const line = LINE_ID.test(id) ? await ctx.em.fork({ clear: true }).findOne(BankStatementLine, { id }) : null;
    if (!line) throw new NotFoundError('BankStatementLine', id);
    return line;
  }

  /** The payment a matched line became; null otherwise. */
  async paymentOf(ctx: FinanceContext, line: BankStatementLine): Promise<Payment | null> {
    return line.paymentId ? ctx.em.findOne(Payment, { id: line.paymentId }) : null;
  }

  /** Bank lines, oldest value date first (the matching queue), filtered. */
  async list(
    ctx: FinanceContext,
    args: { first?: number | null; after?: string | null; filter?: BankLineListFilter | null },
  ): Promise<Page<BankStatementLine>> {
    ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK, Role.SERVICE);
    const limit = pageSize(args.first);
    const where: FilterQuery<BankStatementLine> = {};
    if (args.filter?.status) where.status = args.filter.status;
    if (args.filter?.importId) where.importId = args.filter.importId;
    const total = await ctx.em.count(BankStatementLine, where);
    const page: FilterQuery<BankStatementLine> = { ...where };
    if (args.after) {
      const [valueDate, id] = decodeCursor(args.after, 2) as [string, string];
      page.$or = [{ valueDate: { $gt: valueDate } }, { valueDate, id: { $gt: id } }];
    }
    const rows = await ctx.em.find(BankStatementLine, page, {
      orderBy: { valueDate: 'asc', id: 'asc' },
      limit: limit + 1,
    });
    return toPage(rows, limit, Boolean(args.after), total, (l) => [l.valueDate, l.id]);
  }

  /** Bank imports, newest first. */
  async imports(
    ctx: FinanceContext,
    args: { first?: number | null; after?: string | null },
  ): Promise<Page<BankImport>> {
    ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK, Role.SERVICE);
    const limit = pageSize(args.first);
    const total = await ctx.em.count(BankImport, {});
    const where: FilterQuery<BankImport> = {};
    if (args.after) where.id = { $lt: decodeCursor(args.after, 1)[0] as string };
    const rows = await ctx.em.find(BankImport, where, { orderBy: { id: 'desc' }, limit: limit + 1 });
    return toPage(rows, limit, Boolean(args.after), total, (b) => [b.id]);
  }
}

function refusal(code: string, message: string, field: string): BankLineResult {
  return { line: null, errors: [domainError(code, message, field)] };
}

function notIgnored(): BankLineResult {
  return refusal(BANK_LINE_NOT_IGNORED, 'Only an ignored line goes back to the matching queue', 'id');
}

function notUnmatched(): BankLineResult {
  return { line: null, errors: [domainError(BANK_LINE_NOT_UNMATCHED, 'The line is matched or ignored already', 'id')] };
}

/**
 * A clerk's change of a line's state (ignore, un-ignore, manual match) as an event in its
 * transaction; lines matched by the import itself are told by `bank_import_completed`.
 */
function lineStatusChanged(
  tx: FinanceContext['em'],
  line: BankStatementLine,
  fromStatus: BankLineStatus,
  toStatus: BankLineStatus,
  reason: string | null,
): void {
  recordEvent(tx, {
    type: EventType.BANK_LINE_STATUS_CHANGED,
    subjectId: line.id,
    scope: { hqOnly: true },
    payload: { lineId: line.id, importId: line.importId, amountMinor: line.amountMinor, reason, fromStatus, toStatus },
  });
}
