import { isSqlite } from '@dnp/event-bus';
import { newId, updateEach } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { BRAND_SELLER, utilizationPpm } from '../entities/credit-account.entity.js';
import { CreditNote } from '../entities/credit-note.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import { Payment } from '../entities/payment.entity.js';
import { AllocationSource, ReceivableAllocation } from '../entities/receivable-allocation.entity.js';

/** A new invoice to post: inserted by the caller with outstanding = amount, nothing paid. */
export interface InvoicePost {
  id: string;
  amountMinor: number;
  dueDate: string;
  issuedOn: string;
}

/** A new payment to post: inserted by the caller with nothing allocated; `chosen` first, then oldest first. */
export interface PaymentPost {
  id: string;
  amountMinor: number;
  chosen?: readonly { invoiceId: string; amountMinor: number }[];
}

/** A new credit note to post: inserted by the caller with nothing applied; its invoice first, then oldest first. */
export interface CreditNotePost {
  id: string;
  amountMinor: number;
  invoiceId?: string | null;
}

/** Everything one ledger change posts for one dealer, applied in this order. */
export interface LedgerPlan {
  invoices?: readonly InvoicePost[];
  payments?: readonly PaymentPost[];
  creditNotes?: readonly CreditNotePost[];
  /** Held credit turned into receivables (captured) or given back (released), in minor units (≥ 0). */
  heldOut?: number;
}

/** Why a plan cannot be posted as asked (a chosen allocation no longer fits): nothing is written. */
export class LedgerRefusal extends Error {
  constructor(
    readonly code: 'ALLOCATION_INVOICE_NOT_OPEN' | 'ALLOCATION_EXCEEDS_OUTSTANDING',
    message: string,
    readonly invoiceId: string,
  ) {
    super(message);
  }
}

/** What one source (payment or credit note) ended up with. */
export interface SourceOutcome {
  allocatedMinor: number;
  unallocatedMinor: number;
  invoiceIds: string[];
}

/** The dealer's account as the change left it, and what each source did. */
export interface LedgerResult {
  before: LockedAccount;
  after: LockedAccount;
  allocations: ReceivableAllocation[];
  sources: Map<string, SourceOutcome>;
}

/** The account figures the ledger keeps. */
export interface LedgerAccount {
  dealerId: string;
  currency: string;
  limitMinor: number;
  usedMinor: number;
  heldMinor: number;
  balanceMinor: number;
  oldestOpenDueDate: string | null;
}

interface OpenInvoice {
  id: string;
  dueDate: string;
  issuedOn: string;
  outstandingMinor: number;
  paid: number;
  credited: number;
  touched: boolean;
}

interface OpenSource {
  type: AllocationSource;
  id: string;
  allocated: number;
  unallocated: number;
  touched: boolean;
}

/** The dealer's account as the lock read it, with what writers of receivables need besides the figures. */
export interface LockedAccount extends LedgerAccount {
  /** Whose books: 'BRAND', or the parent dealer whose line it is. */
  sellerKey: string;
  dealerRegionPath: string;
  termDays: number;
  status: string;
}

/**
 * Locks the dealer's `credit_account` row with `sellerKey` (the brand's by default) for the rest of
 * the transaction (`for update`; SQLite: the transaction's write lock serialises writers) and reads
 * it; null when the dealer has none. Taking it again in the same transaction is free, so a writer
 * may lock before `change`.
 */
export async function lockAccount(
  tx: EntityManager,
  dealerId: string,
  sellerKey: string = BRAND_SELLER,
): Promise<LockedAccount | null> {
  const sql =
    'select dealer_id, dealer_region_path, currency, limit_minor, used_minor, held_minor, balance_minor,' +
    ' oldest_open_due_date, term_days, status from credit_account where dealer_id = ? and seller_key = ?' +
    (isSqlite(tx) ? '' : ' for update');
  const res = await tx.getConnection().execute(sql, [dealerId, sellerKey], 'all', tx.getTransactionContext());
  const row = (res as Record<string, unknown>[])[0];
  if (!row) return null;
  return {
    dealerId,
    sellerKey,
    dealerRegionPath: String(row.dealer_region_path),
    currency: String(row.currency),
    limitMinor: Number(row.limit_minor),
    usedMinor: Number(row.used_minor),
    heldMinor: Number(row.held_minor),
    balanceMinor: Number(row.balance_minor),
    oldestOpenDueDate: (row.oldest_open_due_date as string | null) ?? null,
    termDays: Number(row.term_days),
    status: String(row.status),
  };
}

/** The scope of a dealer's finance events: the dealer and its home region path, and a selling parent. */
export function dealerScope(account: Pick<LockedAccount, 'dealerId' | 'dealerRegionPath'> & { sellerKey?: string }): {
  dealerIds: string[];
  regionPath: string[];
} {
  const seller = account.sellerKey && account.sellerKey !== BRAND_SELLER ? [account.sellerKey] : [];
  return { dealerIds: [account.dealerId, ...seller], regionPath: account.dealerRegionPath.split('/').filter(Boolean) };
}

/** Oldest first: due date, then issue date, then id (the order every allocation follows). */
function byAge(a: OpenInvoice, b: OpenInvoice): number {
  return a.dueDate.localeCompare(b.dueDate) || a.issuedOn.localeCompare(b.issuedOn) || a.id.localeCompare(b.id);
}

/**
 * The receivables write path (§6.3): every change of a dealer's receivables — an invoice, a credit
 * note, payments, the balance applied — runs `change` inside the caller's transaction. It locks
 * the dealer's `credit_account` row first (lock order everywhere: number counter → credit account
 * → invoices), reads the open invoices and unapplied sources with locking reads (stable while the
 * lock is held, since every writer of them holds it), plans in memory, and writes once per table:
 * the allocations in one insert, invoices, payments and credit notes with one `UPDATE … CASE` each,
 * the account in one statement guarded so no figure can go negative (a refusal there is a bug).
 * Events and audit are the caller's, in the same transaction.
 */
export class ReceivablesLedger {
  private readonly allocations: ReceivableAllocation[] = [];
  private readonly sources = new Map<string, SourceOutcome>();
  private open: OpenInvoice[] = [];
  private unapplied: OpenSource[] = [];
  /** The plan's new payments and credit notes, with what they were allocated. */
  private readonly posted: OpenSource[] = [];
  private usedDelta = 0;
  private balanceDelta = 0;

  private constructor(
    private readonly tx: EntityManager,
    private readonly now: Date,
    private readonly sellerKey: string,
  ) {}

  /**
   * Posts `plan` for `dealerId` on its account with `sellerKey` (the brand's by default) in `tx`;
   * null when the dealer has no such account (nothing written).
   */
  static async change(
    tx: EntityManager,
    dealerId: string,
    plan: LedgerPlan,
    now: Date,
    sellerKey: string = BRAND_SELLER,
  ): Promise<LedgerResult | null> {
    const ledger = new ReceivablesLedger(tx, now, sellerKey);
    const before = await ledger.lock(dealerId);
    if (!before) return null;
    await ledger.read(dealerId, plan);
    for (const invoice of plan.invoices ?? []) ledger.postInvoice(invoice);
    for (const payment of plan.payments ?? []) ledger.postSource(AllocationSource.PAYMENT, payment, payment.chosen);
    for (const note of plan.creditNotes ?? []) {
      const chosen = note.invoiceId ? [{ invoiceId: note.invoiceId, amountMinor: note.amountMinor }] : [];
      ledger.postSource(AllocationSource.CREDIT_NOTE, note, chosen, true);
    }
    const after = ledger.figures(before, plan.heldOut ?? 0);
    await ledger.write(before, after);
    return { before, after, allocations: ledger.allocations, sources: ledger.sources };
  }

  private lockSuffix(): string {
    return isSqlite(this.tx) ? '' : ' for update';
  }

  private async rows(sql: string, params: unknown[]): Promise<Record<string, unknown>[]> {
    const res = await this.tx
      .getConnection()
      .execute(`${sql}${this.lockSuffix()}`, params, 'all', this.tx.getTransactionContext());
    return res as Record<string, unknown>[];
  }

  /** The locking read of the account. */
  private lock(dealerId: string): Promise<LockedAccount | null> {
    return lockAccount(this.tx, dealerId, this.sellerKey);
  }

  private async read(dealerId: string, plan: LedgerPlan): Promise<void> {
    const invoices = await this.rows(
      'select id, due_date, issued_on, outstanding_minor, paid_minor, credited_minor from invoice' +
        ' where dealer_id = ? and seller_key = ? and outstanding_minor > 0 order by due_date, issued_on, id',
      [dealerId, this.sellerKey],
    );
    // The plan's own new invoices are already inserted; they are posted below, not read as open.
    const posting = new Set((plan.invoices ?? []).map((i) => i.id));
    this.open = invoices
      .filter((r) => !posting.has(String(r.id)))
      .map((r) => ({
        id: String(r.id),
        dueDate: String(r.due_date),
        issuedOn: String(r.issued_on),
        outstandingMinor: Number(r.outstanding_minor),
        paid: Number(r.paid_minor),
        credited: Number(r.credited_minor),
        touched: false,
      }));
    // Only a new invoice consumes the balance; other plans need not read the unapplied sources.
    if (!plan.invoices?.length) return;
    const payments = await this.rows(
      'select id, allocated_minor, unallocated_minor from payment' +
        ' where dealer_id = ? and seller_key = ? and unallocated_minor > 0 order by received_on, recorded_at, id',
      [dealerId, this.sellerKey],
    );
    const notes = await this.rows(
      'select id, applied_minor, unapplied_minor from credit_note' +
        ' where dealer_id = ? and seller_key = ? and unapplied_minor > 0 order by issued_on, issued_at, id',
      [dealerId, this.sellerKey],
    );
    const source =
      (type: AllocationSource, allocated: string, unallocated: string) => (r: Record<string, unknown>) => ({
        type,
        id: String(r.id),
        allocated: Number(r[allocated]),
        unallocated: Number(r[unallocated]),
        touched: false,
      });
    this.unapplied = [
      ...payments.map(source(AllocationSource.PAYMENT, 'allocated_minor', 'unallocated_minor')),
      ...notes.map(source(AllocationSource.CREDIT_NOTE, 'applied_minor', 'unapplied_minor')),
    ];
  }

  /** Records `amount` of a source against an invoice (one allocation row per pair, summed). */
  private allocate(type: AllocationSource, sourceId: string, invoice: OpenInvoice, amount: number): void {
    if (amount <= 0) return;
    invoice.outstandingMinor -= amount;
    if (type === AllocationSource.PAYMENT) invoice.paid += amount;
    else invoice.credited += amount;
    invoice.touched = true;
    this.usedDelta -= amount;
    const existing = this.allocations.find(
      (a) => a.sourceType === type && a.sourceId === sourceId && a.invoiceId === invoice.id,
    );
    if (existing) {
      existing.amountMinor += amount;
      return;
    }
    const allocation = Object.assign(new ReceivableAllocation(), {
      id: newId('ral', this.now),
      sourceType: type,
      sourceId,
      invoiceId: invoice.id,
      dealerId: '',
      amountMinor: amount,
      allocatedAt: this.now,
    });
    this.allocations.push(allocation);
  }

  /** A new invoice raises used, then consumes the balance: oldest unallocated payment, then credit notes. */
  private postInvoice(post: InvoicePost): void {
    const invoice: OpenInvoice = {
      id: post.id,
      dueDate: post.dueDate,
      issuedOn: post.issuedOn,
      outstandingMinor: post.amountMinor,
      paid: 0,
      credited: 0,
      touched: true,
    };
    this.usedDelta += post.amountMinor;
    for (const source of this.unapplied) {
      if (invoice.outstandingMinor === 0) break;
      const take = Math.min(source.unallocated, invoice.outstandingMinor);
      if (take <= 0) continue;
      this.allocate(source.type, source.id, invoice, take);
      source.unallocated -= take;
      source.allocated += take;
      source.touched = true;
      this.balanceDelta -= take;
    }
    this.open.push(invoice);
    this.open.sort(byAge);
  }

  /**
   * A new payment or credit note: the chosen invoices first (each must be open with enough
   * outstanding, else LedgerRefusal), then oldest first, the rest to the balance. A credit note's
   * own invoice is a preference, not a demand (`lenient`): whatever it cannot take goes on.
   */
  private postSource(
    type: AllocationSource,
    post: { id: string; amountMinor: number },
    chosen: readonly { invoiceId: string; amountMinor: number }[] = [],
    lenient = false,
  ): void {
    let left = post.amountMinor;
    for (const want of chosen) {
      const invoice = this.open.find((i) => i.id === want.invoiceId && i.outstandingMinor > 0);
      if (!invoice && !lenient) {
        throw new LedgerRefusal(
          'ALLOCATION_INVOICE_NOT_OPEN',
          `Invoice "${want.invoiceId}" is not open`,
          want.invoiceId,
        );
      }
      if (!invoice) continue;
      if (!lenient && want.amountMinor > invoice.outstandingMinor) {
        const message = `The allocation exceeds the outstanding amount of invoice "${want.invoiceId}"`;
        throw new LedgerRefusal('ALLOCATION_EXCEEDS_OUTSTANDING', message, want.invoiceId);
      }
      const take = Math.min(want.amountMinor, invoice.outstandingMinor, left);
      this.allocate(type, post.id, invoice, take);
      left -= take;
    }
    for (const invoice of this.open) {
      if (left === 0) break;
      const take = Math.min(left, invoice.outstandingMinor);
      this.allocate(type, post.id, invoice, take);
      left -= take;
    }
    this.balanceDelta += left;
    this.posted.push({ type, id: post.id, allocated: post.amountMinor - left, unallocated: left, touched: true });
    const invoiceIds = this.allocations.filter((a) => a.sourceId === post.id).map((a) => a.invoiceId);
    this.sources.set(post.id, { allocatedMinor: post.amountMinor - left, unallocatedMinor: left, invoiceIds });
  }

  private figures(before: LockedAccount, heldOut: number): LockedAccount {
    const open = this.open.filter((i) => i.outstandingMinor > 0);
    return {
      ...before,
      usedMinor: before.usedMinor + this.usedDelta,
      balanceMinor: before.balanceMinor + this.balanceDelta,
      heldMinor: before.heldMinor - heldOut,
      oldestOpenDueDate: open.length ? open.reduce((a, b) => (b.dueDate < a.dueDate ? b : a)).dueDate : null,
    };
  }

  private async write(before: LedgerAccount, after: LedgerAccount): Promise<void> {
    const { tx } = this;
    for (const a of this.allocations) a.dealerId = before.dealerId;
    if (this.allocations.length) await tx.insertMany(ReceivableAllocation, this.allocations);
    const invoices = this.open.filter((i) => i.touched);
    await updateEach(
      tx,
      Invoice,
      invoices.map((i) => ({
        id: i.id,
        set: {
          paidMinor: i.paid,
          creditedMinor: i.credited,
          outstandingMinor: i.outstandingMinor,
          ...(i.outstandingMinor === 0 ? { paidAt: this.now } : {}),
        },
      })),
    );
    const sources = [...this.unapplied.filter((s) => s.touched), ...this.posted];
    const payments = sources.filter((s) => s.type === AllocationSource.PAYMENT);
    const notes = sources.filter((s) => s.type === AllocationSource.CREDIT_NOTE);
    await updateEach(
      tx,
      Payment,
      payments.map((s) => ({ id: s.id, set: { allocatedMinor: s.allocated, unallocatedMinor: s.unallocated } })),
    );
    await updateEach(
      tx,
      CreditNote,
      notes.map((s) => ({ id: s.id, set: { appliedMinor: s.allocated, unappliedMinor: s.unallocated } })),
    );
    await this.writeAccount(before, after);
  }

  /** One guarded statement; the deltas are relative so the guard states the invariant, not a race. */
  private async writeAccount(before: LedgerAccount, after: LedgerAccount): Promise<void> {
    const used = after.usedMinor - before.usedMinor;
    const balance = after.balanceMinor - before.balanceMinor;
    const held = after.heldMinor - before.heldMinor;
    const ppm = utilizationPpm(after.limitMinor, after.usedMinor, after.heldMinor, after.balanceMinor);
    const at = this.tx.getPlatform().processDateProperty(this.now);
    const sql =
      'update credit_account set utilization_ppm = ?, used_minor = used_minor + ?, balance_minor = balance_minor + ?,' +
      ' held_minor = held_minor + ?, oldest_open_due_date = ?, updated_at = ?' +
      ' where dealer_id = ? and seller_key = ?' +
      ' and used_minor + ? >= 0 and balance_minor + ? >= 0 and held_minor + ? >= 0';
    const params = [
      ...[ppm, used, balance, held, after.oldestOpenDueDate, at],
      ...[before.dealerId, this.sellerKey, used, balance, held],
    ];
    const res = await this.tx.getConnection().execute(sql, params, 'run', this.tx.getTransactionContext());
    if (Number(res.affectedRows) !== 1) {
      throw new Error(`credit account of dealer "${before.dealerId}" would go negative: ledger bug`);
    }
  }
}

/** Minor units still available to draw: limit − used − held + balance (negative when over the limit). */
export function ledgerAvailable(a: Pick<LedgerAccount, 'limitMinor' | 'usedMinor' | 'heldMinor' | 'balanceMinor'>) {
  return a.limitMinor - a.usedMinor - a.heldMinor + a.balanceMinor;
}
