import { EventType } from '@dnp/event-bus';
import {
  assertCanActAsSeller,
  businessDate,
  domainError,
  ErrorCode,
  groupCommitter,
  insertAudits,
  isDealerRole,
  newId,
  parseAmount,
  recordEvent,
  Role,
  startOfBusinessDay,
  type DomainError,
  type RequestAudit,
} from '@dnp/subgraph-kit';
import { UniqueConstraintViolationException, type EntityManager } from '@mikro-orm/core';
import { config } from '../config.js';
import { BRAND_SELLER, CreditAccount } from '../entities/credit-account.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import { Payment, PaymentSource } from '../entities/payment.entity.js';
import type { FinanceContext } from '../finance-context.js';
import type { RecordPaymentInput } from '../schema/payment.input.js';
import { DEALER_HAS_NO_ACCOUNT, IDEMPOTENCY_KEY_REUSED } from './invoicing.service.js';
import { dealerScope, ledgerAvailable, LedgerRefusal, lockAccount, ReceivablesLedger } from './receivables-ledger.js';
import { raiseIfLifted, type OrderingRule } from './ordering-block.rule.js';
import { financeScope, sellerOf } from './scope.service.js';

const ORDERING_RULE: OrderingRule = { thresholdDays: config.OVERDUE_BLOCK_DAYS, timeZone: config.BUSINESS_TIME_ZONE };

/** recordPayment's refusal codes beyond the amount codes (§11.1). */
export const PaymentCode = {
  REFERENCE_INVALID: 'REFERENCE_INVALID',
  RECEIVED_ON_IN_FUTURE: 'RECEIVED_ON_IN_FUTURE',
  DEALER_HAS_NO_ACCOUNT,
  ALLOCATION_INVOICE_NOT_OPEN: 'ALLOCATION_INVOICE_NOT_OPEN',
  ALLOCATION_DUPLICATE: 'ALLOCATION_DUPLICATE',
  ALLOCATION_EXCEEDS_OUTSTANDING: 'ALLOCATION_EXCEEDS_OUTSTANDING',
  ALLOCATIONS_EXCEED_PAYMENT: 'ALLOCATIONS_EXCEED_PAYMENT',
  IDEMPOTENCY_KEY_REUSED,
  /** The chosen invoices belong to different sellers' books (the brand's and a parent's, or two parents'). */
  ALLOCATION_SELLERS_MIXED: 'ALLOCATION_SELLERS_MIXED',
  /** A chosen invoice is another seller's than the one taking the payment (two-tier: brand vs parent). */
  ALLOCATION_WRONG_SELLER: 'ALLOCATION_WRONG_SELLER',
} as const;

/** What recordPayment did: the payment, or why nothing was written. */
export interface RecordPaymentResult {
  payment: Payment | null;
  errors: DomainError[];
}

/** Where a payment came from: the clerk's form (MANUAL), or a bank file's line it settles. */
export interface PaymentOrigin {
  source: PaymentSource;
  bankLineId: string | null;
}

const MANUAL: PaymentOrigin = { source: PaymentSource.MANUAL, bankLineId: null };

/** A payment checked and ready to write (the row, its chosen allocations and who asked). */
interface PaymentJob {
  ctx: FinanceContext;
  payment: Payment;
  chosen: { invoiceId: string; amountMinor: number }[];
  now: Date;
}

class Refused extends Error {
  constructor(readonly errors: DomainError[]) {
    super(errors[0]?.message ?? 'refused');
  }
}

const DEALER_ID = /^dlr_[A-Za-z0-9]{1,36}$/;
const REFERENCE = /^[\x20-\x7E\u00A0-\uFFFF]{1,64}$/u;
const KEY = /^[\x21-\x7E]{1,80}$/;

/** The first refusal of an entered amount, with its field; or its minor units. */
function amountOf(text: string, field: string): number {
  const parsed = parseAmount(text);
  if (parsed.code) throw new Refused([domainError(parsed.code, parsed.message, field)]);
  return parsed.minor;
}

/**
 * Payments (回款) recorded by HQ and finance clerks (§12.4) on the brand's books, and by a parent
 * dealer's admin (or HQ and clerks naming the parent) on the line the parent grants a sub-dealer
 * (two-tier, network-administration §8.2): checked before anything is written
 * (every §11.1 code, each writing nothing), then one finance transaction through the receivables
 * ledger — chosen invoices, then oldest first, the rest to the balance — so `available` rises by
 * exactly the amount; `payment_recorded` and the audit entry in the same transaction. Concurrent
 * payments are group-committed (one lock and one plan per dealer, one statement per table).
 */
export class PaymentService {
  private readonly together = groupCommitter<PaymentJob, Payment>(
    (jobs) => this.writeBatch(jobs),
    (job) => this.writeAlone(job),
    { maxBatch: 32, retryAlone: (err) => err instanceof LedgerRefusal || isUnique(err) },
  );

  /** Records a payment, or answers the one recorded before under the same key. */
  async record(ctx: FinanceContext, input: RecordPaymentInput, now: Date = new Date()): Promise<RecordPaymentResult> {
    ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK, Role.DEALER_ADMIN);
    return answer(async () => {
      const job = await this.check(ctx, ctx.em.fork({ clear: true }), input, MANUAL, now);
      const earlier = await this.replay(ctx.em.fork({ clear: true }), job.payment);
      if (earlier) return earlier;
      await this.checkAllocations(ctx.em.fork({ clear: true }), job);
      return this.together(job);
    });
  }

  /**
   * Records a payment inside the caller's transaction `tx` (a bank line paid in its chunk's
   * transaction, a clerk's match with its claim): the same checks, read through `tx`, and the same
   * write behind a savepoint, so a refusal — even the ledger's, under the lock — leaves `tx` as it
   * was. `origin` says where the money came from (the payment row and `payment_recorded` carry it).
   */
  async recordIn(
    tx: EntityManager,
    ctx: FinanceContext,
    input: RecordPaymentInput,
    origin: PaymentOrigin,
    now: Date = new Date(),
  ): Promise<RecordPaymentResult> {
    ctx.requireRole(Role.HQ_ADMIN, Role.FINANCE_CLERK);
    return answer(async () => {
      const job = await this.check(ctx, tx, input, origin, now);
      const earlier = await this.replay(tx, job.payment);
      if (earlier) return earlier;
      await this.checkAllocations(tx, job);
      await tx.transactional((inner) => this.write(inner, [job]));
      return job.payment;
    });
  }

  /** Everything that needs no lock: amounts, reference, date, key, the account and the act-for right. */
  private async check(
    ctx: FinanceContext,
    reader: EntityManager,
    input: RecordPaymentInput,
    origin: PaymentOrigin,
    now: Date,
  ): Promise<PaymentJob> {
    const amountMinor = amountOf(input.amount, 'amount');
    if (!REFERENCE.test(input.reference) || input.reference.trim() !== input.reference) {
      const message = 'The reference must be 1–64 printable characters without leading or trailing spaces';
      throw new Refused([domainError(PaymentCode.REFERENCE_INVALID, message, 'reference')]);
    }
    const today = businessDate(now, config.BUSINESS_TIME_ZONE);
    if (input.receivedOn > today) {
      const message = `The value date ${input.receivedOn} is after today (${today})`;
      throw new Refused([domainError(PaymentCode.RECEIVED_ON_IN_FUTURE, message, 'receivedOn')]);
    }
    if (!KEY.test(input.idempotencyKey)) {
      const message = 'The idempotency key must be 1–80 printable characters without spaces';
      throw new Refused([domainError(ErrorCode.BAD_USER_INPUT, message, 'idempotencyKey')]);
    }
    const sellerKey = sellerKeyOf(ctx, input);
    // The seller's right before its books are read: a dealer takes payments only on its own lines, never
    // the brand's, so nothing about another seller's line is answered to it.
    const scope = financeScope(ctx.viewer);
    assertCanActAsSeller(scope, { dealerId: input.dealerId, sellerDealerId: sellerOf(sellerKey) }, 'credit account');
    const account = await reader.findOne(CreditAccount, { dealerId: input.dealerId, sellerKey });
    if (!account) {
      const message =
        sellerKey === BRAND_SELLER
          ? `Dealer "${input.dealerId}" has no credit account`
          : `Dealer "${sellerKey}" grants dealer "${input.dealerId}" no credit line`;
      throw new Refused([domainError(PaymentCode.DEALER_HAS_NO_ACCOUNT, message, 'dealerId')]);
    }
    const chosen = this.chosen(input, amountMinor);
    const viewer = ctx.requireViewer();
    const payment = Object.assign(new Payment(), {
      ...{
        id: newId('pay', now),
        dealerId: input.dealerId,
        sellerKey,
        dealerRegionPath: account.dealerRegionPath,
        invoiceId: null,
      },
      ...{ source: origin.source, idempotencyKey: input.idempotencyKey, bankLineId: origin.bankLineId },
      ...{ currency: account.currency, amountMinor, allocatedMinor: 0, unallocatedMinor: amountMinor },
      ...{ method: input.method, paidAt: startOfBusinessDay(input.receivedOn, config.BUSINESS_TIME_ZONE) },
      ...{ receivedOn: input.receivedOn, period: input.receivedOn.slice(0, 7), recordedAt: now },
      ...{ recordedByUserId: viewer.userId, recordedByName: viewer.userId, reference: input.reference },
    });
    return { ctx, payment, chosen, now };
  }

  /** The chosen allocations: amounts, no invoice twice, not more than the payment. */
  private chosen(input: RecordPaymentInput, amountMinor: number): PaymentJob['chosen'] {
    const seen = new Set<string>();
    const chosen = (input.allocations ?? []).map((a, i) => {
      if (seen.has(a.invoiceId)) {
        const message = `Invoice "${a.invoiceId}" is chosen twice`;
        throw new Refused([domainError(PaymentCode.ALLOCATION_DUPLICATE, message, `allocations.${i}.invoiceId`)]);
      }
      seen.add(a.invoiceId);
      return { invoiceId: a.invoiceId, amountMinor: amountOf(a.amount, `allocations.${i}.amount`) };
    });
    if (chosen.reduce((s, a) => s + a.amountMinor, 0) > amountMinor) {
      const message = 'The chosen allocations add up to more than the payment';
      throw new Refused([domainError(PaymentCode.ALLOCATIONS_EXCEED_PAYMENT, message, 'allocations')]);
    }
    return chosen;
  }

  /** A first check of the chosen invoices (the ledger checks again under the lock). */
  private async checkAllocations(reader: EntityManager, { payment, chosen }: PaymentJob): Promise<void> {
    if (!chosen.length) return;
    const ids = chosen.map((a) => a.invoiceId);
    const invoices = await reader.find(Invoice, { id: { $in: ids }, dealerId: payment.dealerId });
    const byId = new Map(invoices.map((i) => [i.id, i]));
    if (new Set(invoices.map((i) => i.sellerKey)).size > 1) {
      const message = "The chosen invoices are on different sellers' books: one payment settles one seller's";
      throw new Refused([domainError(PaymentCode.ALLOCATION_SELLERS_MIXED, message, 'allocations')]);
    }
    chosen.forEach((a, i) => {
      const invoice = byId.get(a.invoiceId);
      if (invoice && invoice.sellerKey !== payment.sellerKey) {
        const books = payment.sellerKey === BRAND_SELLER ? "the brand's" : `dealer "${payment.sellerKey}"'s`;
        const message = `Invoice ${invoice.number} is another seller's: this payment is taken on ${books} books`;
        throw new Refused([domainError(PaymentCode.ALLOCATION_WRONG_SELLER, message, `allocations.${i}.invoiceId`)]);
      }
      if (!invoice || invoice.outstandingMinor <= 0) {
        const message = `Invoice "${a.invoiceId}" is not an open invoice of this dealer`;
        throw new Refused([
          domainError(PaymentCode.ALLOCATION_INVOICE_NOT_OPEN, message, `allocations.${i}.invoiceId`),
        ]);
      }
      if (a.amountMinor > invoice.outstandingMinor) {
        const message = `More than the outstanding amount of invoice ${invoice.number}`;
        throw new Refused([
          domainError(PaymentCode.ALLOCATION_EXCEEDS_OUTSTANDING, message, `allocations.${i}.amount`),
        ]);
      }
    });
  }

  /** The payment recorded before under the same key, the same payment again; otherwise IDEMPOTENCY_KEY_REUSED. */
  private async replay(reader: EntityManager, payment: Payment): Promise<Payment | null> {
    const where = { dealerId: payment.dealerId, idempotencyKey: payment.idempotencyKey };
    const earlier = await reader.findOne(Payment, where);
    if (!earlier) return null;
    const same = (['sellerKey', 'amountMinor', 'method', 'reference', 'receivedOn'] as const).every(
      (k) => earlier[k] === payment[k],
    );
    if (same) return earlier;
    const message = `The key "${payment.idempotencyKey}" was used for another payment`;
    throw new Refused([domainError(PaymentCode.IDEMPOTENCY_KEY_REUSED, message, 'idempotencyKey')]);
  }

  /** One payment in its own transaction; a key used meanwhile answers that payment. */
  private async writeAlone(job: PaymentJob): Promise<Payment> {
    try {
      await job.ctx.em.fork({ clear: true }).transactional((tx) => this.write(tx, [job]));
      return job.payment;
    } catch (err) {
      if (!isUnique(err)) throw err;
      const earlier = await this.replay(job.ctx.em.fork({ clear: true }), job.payment);
      if (!earlier) throw err;
      return earlier;
    }
  }

  /** A group commit: one transaction, accounts locked in (seller, dealer) order, one ledger change per account. */
  private async writeBatch(jobs: readonly PaymentJob[]): Promise<Payment[]> {
    await jobs[0]!.ctx.em.fork({ clear: true }).transactional((tx) => this.write(tx, jobs));
    return jobs.map((j) => j.payment);
  }

  private async write(tx: EntityManager, jobs: readonly PaymentJob[]): Promise<void> {
    const byAccount = new Map<string, PaymentJob[]>();
    for (const job of jobs) {
      const key = `${job.payment.sellerKey}|${job.payment.dealerId}`;
      byAccount.set(key, [...(byAccount.get(key) ?? []), job]);
    }
    const audits: RequestAudit[] = [];
    for (const key of [...byAccount.keys()].sort()) {
      const mine = byAccount.get(key)!;
      const { dealerId, sellerKey } = mine[0]!.payment;
      // The account first, as invoices and credit notes do: a batch that inserted its payments before
      // waiting for the lock held their index locks, which the locked ledger's reads could then wait on.
      if (!(await lockAccount(tx, dealerId, sellerKey)))
        throw new Refused([domainError(PaymentCode.DEALER_HAS_NO_ACCOUNT, 'No credit account', 'dealerId')]);
      await tx.insertMany(
        Payment,
        mine.map((j) => j.payment),
      );
      const plan = {
        payments: mine.map((j) => ({ id: j.payment.id, amountMinor: j.payment.amountMinor, chosen: j.chosen })),
      };
      // Locked above, so the account is there: `change` answers null only without one.
      const result = (await ReceivablesLedger.change(tx, dealerId, plan, mine[0]!.now, sellerKey))!;
      // The overdue ordering block is the brand's (its scanner reads the brand's accounts only).
      if (sellerKey === BRAND_SELLER) await raiseIfLifted(tx, result, ORDERING_RULE, mine[0]!.now);
      let available = ledgerAvailable(result.before);
      for (const { ctx, payment, now } of mine) {
        const outcome = result.sources.get(payment.id)!;
        Object.assign(payment, { allocatedMinor: outcome.allocatedMinor, unallocatedMinor: outcome.unallocatedMinor });
        available += payment.amountMinor;
        recordEvent(tx, {
          type: EventType.PAYMENT_RECORDED,
          subjectId: payment.id,
          occurredAt: now,
          scope: dealerScope(result.before),
          payload: {
            ...{
              paymentId: payment.id,
              dealerId,
              amountMinor: payment.amountMinor,
              ...outcome,
              method: payment.method,
            },
            ...{ source: payment.source, receivedOn: payment.receivedOn, availableMinor: available },
            sellerDealerId: sellerOf(sellerKey),
          },
        });
        const after = { ...outcome, amountMinor: payment.amountMinor, key: payment.idempotencyKey, sellerKey };
        audits.push({
          ctx,
          input: { operation: 'recordPayment', action: 'CREATE', entityType: 'Payment', entityId: payment.id, after },
        });
      }
    }
    await insertAudits(tx, audits);
  }
}

/**
 * Whose books a payment goes on: the named parent (`sellerDealerId`), else a dealer admin's own lines,
 * else the brand's. A malformed id is BAD_USER_INPUT; the right to take it is checked by the caller.
 */
function sellerKeyOf(ctx: FinanceContext, input: RecordPaymentInput): string {
  if (input.sellerDealerId != null) {
    if (!DEALER_ID.test(input.sellerDealerId)) {
      const message = `"${input.sellerDealerId}" is not a dealer id`;
      throw new Refused([domainError(ErrorCode.BAD_USER_INPUT, message, 'sellerDealerId')]);
    }
    return input.sellerDealerId;
  }
  const viewer = ctx.requireViewer();
  return isDealerRole(viewer.role) && viewer.dealerId ? viewer.dealerId : BRAND_SELLER;
}

/** Runs a recording; a refusal (checks or the ledger's) becomes the answer's errors, nothing written. */
async function answer(run: () => Promise<Payment>): Promise<RecordPaymentResult> {
  try {
    return { payment: await run(), errors: [] };
  } catch (err) {
    if (err instanceof Refused) return { payment: null, errors: err.errors };
    if (err instanceof LedgerRefusal)
      return { payment: null, errors: [domainError(err.code, err.message, 'allocations')] };
    throw err;
  }
}

function isUnique(err: unknown): boolean {
  return err instanceof UniqueConstraintViolationException;
}
