import {
  demoApprovedOrders,
  demoNetwork,
  intBetween,
  regionPath,
  seededId,
  seededRandom,
  type DemoApprovedOrder,
  type DemoDealer,
} from '@dnp/demo-data';
import {
  addDays,
  businessDate,
  DocumentCounter,
  formatDocumentNumber,
  splitVat,
  startOfBusinessDay,
  VAT_RATE_BP,
  type Logger,
} from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { config } from '../config.js';
import { BRAND_SELLER, CreditAccount, CreditStatus, utilizationPpm } from '../entities/credit-account.entity.js';
import { CreditHold, CreditHoldStatus } from '../entities/credit-hold.entity.js';
import { CreditLimitChange, recordedTerms } from '../entities/credit-limit-change.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import { Payment, PaymentMethod, PaymentSource } from '../entities/payment.entity.js';
import { AllocationSource, ReceivableAllocation } from '../entities/receivable-allocation.entity.js';
import { seedDemoRebates } from './demo-rebates.seed.js';

const DAY = 86_400_000;
const CURRENCY = 'CNY';
const BATCH = 300;

// Plain rows with the entities' shapes, inserted without going through the unit of work.
type AccountRow = CreditAccount;
type InvoiceRow = Invoice;
type PaymentRow = Payment;

/**
 * The demo ledger: one credit account per admitted dealer, a year of invoices (numbered
 * `INV-<year>-<8 digits>`, gap-free per business year), their payments with one allocation each,
 * and the counters that continue the numbering.
 */
export interface DemoFinance {
  accounts: AccountRow[];
  invoices: InvoiceRow[];
  payments: PaymentRow[];
  allocations: ReceivableAllocation[];
  counters: DocumentCounter[];
}

/** How an invoice that is already due ends up: settled by the due date, settled late, or still unpaid. */
type Fate = 'ON_TIME' | 'LATE' | 'UNPAID' | 'NOT_DUE' | 'EARLY';

const pad = (n: number, w: number) => String(n).padStart(w, '0');
const yyyymm = (d: Date) => `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1, 2)}`;
const yyyymmdd = (d: Date) => `${yyyymm(d)}${pad(d.getUTCDate(), 2)}`;
const TZ = config.BUSINESS_TIME_ZONE;

/**
 * Memoised business calendar for the seed's ten thousand documents (zone conversions are slow):
 * every zone's offset is a multiple of 15 minutes, so one conversion per quarter hour is exact.
 */
const calendar = {
  days: new Map<number, string>(),
  starts: new Map<string, Date>(),
  plus: new Map<string, string>(),
  date(instant: Date): string {
    const quarter = Math.floor(instant.getTime() / 900_000);
    let day = this.days.get(quarter);
    if (!day) this.days.set(quarter, (day = businessDate(new Date(quarter * 900_000), TZ)));
    return day;
  },
  start(date: string): Date {
    let start = this.starts.get(date);
    if (!start) this.starts.set(date, (start = startOfBusinessDay(date, TZ)));
    return start;
  },
  add(date: string, days: number): string {
    const key = `${date}+${days}`;
    let to = this.plus.get(key);
    if (!to) this.plus.set(key, (to = addDays(date, days)));
    return to;
  },
};

/** An invoice of the demo and how it ends up. */
interface Issued {
  inv: InvoiceRow;
  fate: Fate;
  /** When it was (or will be) settled; 0 when it is not. */
  paidAt: number;
  /** Share paid of an unpaid invoice (0: none). */
  part: number;
}

/** One dealer's trading profile (drawn from the seed's random numbers) and its invoices. */
interface DealerPlan {
  dealer: DemoDealer;
  path: string;
  limit: number;
  term: number;
  active: boolean;
  /** Receivables the dealer ends up with, as a share of its limit. */
  target: number;
  /** Share of due invoices settled late. */
  lateShare: number;
  issued: Issued[];
}

/** The demo ledger as it is built, dealer by dealer; every random number is drawn in a fixed order. */
class DemoLedger {
  readonly accounts: AccountRow[] = [];
  readonly invoices: InvoiceRow[] = [];
  readonly payments: PaymentRow[] = [];
  readonly allocations: ReceivableAllocation[] = [];
  /** The last invoice number taken per business year. */
  readonly lastNumber = new Map<number, number>();
  private readonly now: number;
  private invoiceSeq = 0;
  private paymentSeq = 0;

  constructor(
    private readonly rand: () => number,
    private readonly anchor: Date,
  ) {
    this.now = anchor.getTime();
  }

  /** A dealer's year of invoices, their payments and its credit account. */
  addDealer(dealer: DemoDealer, path: string, dealerPath: string): void {
    const { rand, now } = this;
    const plan = this.plan(dealer, path);
    const { active, limit, term } = plan;
    // Suspended dealers stopped trading four months ago and left debts behind.
    const months = active ? 12 : dealer.status === 'SUSPENDED' ? 8 : 0;
    const monthly = (plan.target * limit * 30) / term;
    for (let k = months - 1; k >= (active ? 0 : 4); k--) {
      const count = intBetween(rand, 2, 6);
      for (let i = 0; i < count; i++) {
        const issuedAt = now - (k + 1) * 30 * DAY + Math.floor(rand() * 30 * DAY);
        const amount = Math.max(
          100_00,
          Math.round(((monthly / count) * (0.6 + 0.8 * rand())) / 100) * 100 + intBetween(rand, 0, 99),
        );
        this.issue(plan, Math.min(issuedAt, now - 3_600_000), amount);
      }
    }
    if (active) {
      this.capOverdue(plan);
      this.meetTarget(plan);
    }
    const used = this.settle(plan);
    const open = plan.issued.filter((m) => m.inv.outstandingMinor > 0).map((m) => m.inv.dueDate);
    this.accounts.push({
      id: `cra_${dealer.id.slice('dlr_'.length)}`,
      dealerId: dealer.id,
      sellerKey: BRAND_SELLER,
      dealerRegionPath: path,
      dealerPath,
      currency: CURRENCY,
      limitMinor: limit,
      usedMinor: used,
      heldMinor: 0,
      balanceMinor: 0,
      oldestOpenDueDate: open.length ? open.reduce((a, b) => (a < b ? a : b)) : null,
      utilizationPpm: utilizationPpm(limit, used, 0),
      termDays: term,
      status: active ? CreditStatus.ACTIVE : CreditStatus.FROZEN,
      updatedAt: this.anchor,
    });
  }

  /** The dealer's profile: a handful of dealers run close to (or slightly over) their limit. */
  private plan(dealer: DemoDealer, path: string): DealerPlan {
    const { rand } = this;
    const active = dealer.status === 'ACTIVE';
    const hot = active && rand() < 0.1;
    const target = hot ? 0.9 + rand() * 0.12 : 0.15 + rand() * 0.65;
    const lateShare = rand() < 0.2 ? 0.3 : 0.06;
    const limit = dealer.creditLimitMinor;
    return { dealer, path, limit, term: dealer.termDays, active, target, lateShare, issued: [] };
  }

  /** Issues an invoice of `amountMinor` at `issuedAt` and decides how it ends up. */
  private issue(plan: DealerPlan, issuedAt: number, amountMinor: number): void {
    const { rand, now } = this;
    const issued = new Date(issuedAt);
    const id = ++this.invoiceSeq;
    const issuedOn = calendar.date(issued);
    const year = Number(issuedOn.slice(0, 4));
    const seq = (this.lastNumber.get(year) ?? 0) + 1;
    this.lastNumber.set(year, seq);
    const dueDate = calendar.add(issuedOn, plan.term);
    const inv: InvoiceRow = {
      id: `inv_${pad(id, 6)}`,
      sellerKey: BRAND_SELLER,
      number: formatDocumentNumber('INV', year, seq),
      year,
      seq,
      shipmentId: null,
      shipmentNumber: null,
      orderNumber: null,
      dealerId: plan.dealer.id,
      dealerRegionPath: plan.path,
      orderId: null,
      currency: CURRENCY,
      amountMinor,
      paidMinor: 0,
      netMinor: 0,
      taxMinor: 0,
      creditedMinor: 0,
      outstandingMinor: amountMinor,
      issuedOn,
      dueDate,
      period: issuedOn.slice(0, 7),
      issuedAt: issued,
      dueAt: calendar.start(calendar.add(dueDate, 1)),
      paidAt: null,
    };
    const due = inv.dueAt.getTime();
    let fate: Fate;
    let paidAt = 0;
    if (due > now) {
      fate = rand() < 0.15 ? 'EARLY' : 'NOT_DUE';
      if (fate === 'EARLY') paidAt = issuedAt + rand() * (now - issuedAt);
    } else {
      const recent = due > now - (plan.active ? 45 : 150) * DAY;
      const unpaidShare = recent ? (plan.active ? 0.1 : 0.45) : 0;
      const r = rand();
      if (r < unpaidShare) fate = 'UNPAID';
      else if (r < unpaidShare + plan.lateShare) {
        paidAt = due + intBetween(rand, 1, 30) * DAY + intBetween(rand, 1, 8) * 3_600_000;
        fate = paidAt < now ? 'LATE' : 'UNPAID';
      } else {
        fate = 'ON_TIME';
        paidAt = issuedAt + (0.4 + 0.6 * rand()) * (due - issuedAt);
      }
    }
    // Some unpaid invoices carry a part payment (30–70 %).
    const part = fate === 'UNPAID' && rand() < 0.3 ? 0.3 + 0.4 * rand() : 0;
    plan.issued.push({ inv, fate, paidAt, part });
  }

  /** Keeps overdue debt of trading dealers modest: beyond 40 % of the target, debts were settled late. */
  private capOverdue({ issued, target, limit }: DealerPlan): void {
    const { rand, now } = this;
    let owed = 0;
    for (const m of issued) {
      if (m.fate !== 'UNPAID') continue;
      owed += m.inv.amountMinor;
      if (owed > 0.4 * target * limit) {
        const due = m.inv.dueAt.getTime();
        m.fate = 'LATE';
        m.part = 0;
        m.paidAt = Math.min(now - 60_000, due + 3_600_000 + rand() * Math.max(0, now - due - 2 * 3_600_000));
        owed -= m.inv.amountMinor;
      }
    }
  }

  /** Scales the unpaid, not-yet-due invoices so receivables land on the dealer's target. */
  private meetTarget(plan: DealerPlan): void {
    const { issued, target, limit, term } = plan;
    const overdue = issued
      .filter((m) => m.fate === 'UNPAID')
      .reduce((s, m) => s + m.inv.amountMinor - Math.round(m.inv.amountMinor * m.part), 0);
    const needed = Math.round(target * limit) - overdue;
    const open = issued.filter((m) => m.fate === 'NOT_DUE');
    const openSum = open.reduce((s, m) => s + m.inv.amountMinor, 0);
    if (needed > 0 && openSum === 0) {
      this.issue(plan, this.now - intBetween(this.rand, 1, Math.min(term, 10) - 1) * DAY, needed);
      issued.at(-1)!.fate = 'NOT_DUE';
    } else if (needed > 0) {
      let left = needed;
      open.forEach((m, i) => {
        const scaled = i === open.length - 1 ? left : Math.max(1, Math.round((m.inv.amountMinor * needed) / openSum));
        m.inv.amountMinor = Math.max(1, scaled);
        left -= m.inv.amountMinor;
      });
    }
  }

  /** Pays the dealer's invoices as their fates say and adds them to the ledger; returns what is still owed. */
  private settle({ issued, term }: DealerPlan): number {
    const { rand, now } = this;
    let used = 0;
    for (const { inv, fate, paidAt, part } of issued) {
      if (fate === 'ON_TIME' || fate === 'LATE' || fate === 'EARLY') {
        if (rand() < 0.2 && paidAt - inv.issuedAt.getTime() > 2 * DAY) {
          // Paid in two instalments.
          const first = Math.round(inv.amountMinor * (0.3 + 0.4 * rand()));
          this.pay(inv, first, inv.issuedAt.getTime() + rand() * (paidAt - inv.issuedAt.getTime()) * 0.8);
          this.pay(inv, inv.amountMinor - first, paidAt);
        } else this.pay(inv, inv.amountMinor, paidAt);
        inv.paidMinor = inv.amountMinor;
        inv.paidAt = new Date(paidAt);
      } else if (fate === 'UNPAID' && part > 0) {
        const amount = Math.round(inv.amountMinor * part);
        const at = Math.min(now - DAY, inv.dueAt.getTime() - rand() * term * DAY * 0.5);
        this.pay(inv, amount, Math.max(at, inv.issuedAt.getTime() + 3_600_000));
        inv.paidMinor = amount;
      }
      // The demo's invoices carry no lines: their totals are split at the standard rate.
      Object.assign(inv, splitVatTotals(inv.amountMinor), { outstandingMinor: inv.amountMinor - inv.paidMinor });
      used += inv.outstandingMinor;
      this.invoices.push(inv);
    }
    return used;
  }

  /** A payment of `amountMinor` on the invoice at `at`, by a method drawn at random. */
  private pay(inv: InvoiceRow, amountMinor: number, at: number): void {
    const { rand } = this;
    const r = rand();
    const m = r < 0.7 ? PaymentMethod.BANK_TRANSFER : r < 0.9 ? PaymentMethod.ACCEPTANCE_BILL : PaymentMethod.OFFSET;
    const when = new Date(at);
    const reference =
      m === PaymentMethod.BANK_TRANSFER
        ? `BT${yyyymmdd(when)}${pad(intBetween(rand, 0, 0xffffff), 8)}`
        : m === PaymentMethod.ACCEPTANCE_BILL
          ? `AB${pad(intBetween(rand, 0, 999_999), 6)}${pad(intBetween(rand, 0, 999_999), 6)}`
          : `OFS-${inv.number}`;
    const seq = pad(++this.paymentSeq, 6);
    const receivedOn = calendar.date(when);
    this.payments.push({
      id: `pay_${seq}`,
      sellerKey: BRAND_SELLER,
      dealerId: inv.dealerId,
      dealerRegionPath: inv.dealerRegionPath,
      invoiceId: null,
      source: PaymentSource.MANUAL,
      idempotencyKey: `seed:${seq}`,
      bankLineId: null,
      currency: CURRENCY,
      amountMinor,
      allocatedMinor: amountMinor,
      unallocatedMinor: 0,
      method: m,
      paidAt: calendar.start(receivedOn),
      receivedOn,
      period: receivedOn.slice(0, 7),
      recordedAt: when,
      recordedByUserId: null,
      recordedByName: null,
      reference,
    });
    this.allocations.push({
      id: `ral_${seq}`,
      sourceType: AllocationSource.PAYMENT,
      sourceId: `pay_${seq}`,
      invoiceId: inv.id,
      dealerId: inv.dealerId,
      amountMinor,
      allocatedAt: when,
    });
  }
}

/** Net and tax of a line-less demo invoice, split at the standard rate. */
function splitVatTotals(amountMinor: number): { netMinor: number; taxMinor: number } {
  const { net, tax } = splitVat(amountMinor, VAT_RATE_BP.STANDARD);
  return { netMinor: net, taxMinor: tax };
}

/**
 * Builds the demo ledger from the shared demo network, so dealer ids and regions agree with the
 * other subgraphs. Deterministic for a given `anchor` (the seeder passes the start of the
 * current UTC day): amounts scale with each dealer's limit and terms, most invoices are paid on
 * time, about a tenth late, a few are open or overdue now, and receivables put a handful of
 * dealers above 90 % of their limit.
 */
export function buildDemoFinance(anchor: Date): DemoFinance {
  const { regions, dealers } = demoNetwork();
  const ledger = new DemoLedger(seededRandom(20_261_106), anchor);
  const byId = new Map(dealers.map((d) => [d.id, d]));
  const supplyChain = (id: string): string => {
    const d = byId.get(id)!;
    return `${d.parentId ? supplyChain(d.parentId) : '/'}${d.id}/`;
  };
  for (const dealer of dealers) {
    if (dealer.status === 'APPLICANT') continue;
    ledger.addDealer(dealer, `/${regionPath(regions, dealer.regionId).join('/')}/`, supplyChain(dealer.id));
  }
  const counters = [...ledger.lastNumber].map(([year, lastNumber]) => ({ name: 'INV', year, lastNumber }));
  const { accounts, invoices, payments, allocations } = ledger;
  return { accounts, invoices, payments, allocations, counters };
}

/** True once credit accounts exist (seeded or created by hand). */
export async function isSeeded(em: EntityManager): Promise<boolean> {
  return (await em.count(CreditAccount, {})) > 0;
}

/**
 * The credit the demo's approved orders hold (one HELD hold per order, keyed by the order id, for
 * its total, as the placement saga holds it), added to their accounts' `held_minor` and utilisation.
 */
export function demoCreditHolds(accounts: AccountRow[], orders: DemoApprovedOrder[]): CreditHold[] {
  const rand = seededRandom(6006);
  const accountOf = new Map(accounts.map((a) => [a.dealerId, a]));
  return orders.map((o) => {
    const account = accountOf.get(o.dealerId);
    if (!account) throw new Error(`demo order ${o.orderId}: dealer ${o.dealerId} has no credit account`);
    account.heldMinor += o.totalMinor;
    account.utilizationPpm = utilizationPpm(
      account.limitMinor,
      account.usedMinor,
      account.heldMinor,
      account.balanceMinor,
    );
    return Object.assign(new CreditHold(), {
      id: seededId('crh', o.approvedAt, rand),
      key: o.orderId,
      dealerId: o.dealerId,
      currency: CURRENCY,
      amountMinor: o.totalMinor,
      capturedMinor: 0,
      releasedMinor: 0,
      status: CreditHoldStatus.HELD,
      createdAt: o.approvedAt,
      updatedAt: o.approvedAt,
    });
  });
}

/**
 * Inserts the demo ledger, the holds of the demo's approved orders and the demo rebates (a policy and
 * the demo dealers' balances), in batches inside one transaction.
 */
export async function seedDemo(em: EntityManager, log: Logger, asOf = new Date()): Promise<void> {
  const anchor = new Date(Date.UTC(asOf.getUTCFullYear(), asOf.getUTCMonth(), asOf.getUTCDate()));
  const { accounts, invoices, payments, allocations, counters } = buildDemoFinance(anchor);
  const holds = demoCreditHolds(accounts, demoApprovedOrders(asOf));
  let rebates = { policies: 0, settlements: 0 };
  await em.transactional(async (tx) => {
    await tx.insertMany(CreditAccount, accounts);
    // net:P6 each account's history opens a year back, with the terms it has now (like the migration's rows).
    const opened = new Date(anchor.getTime() - 365 * DAY);
    const reason = 'opening: the terms when the history began';
    const openings = accounts.map((a) =>
      recordedTerms(a, { id: `clc_${a.id.slice('cra_'.length)}`, reason, at: opened }),
    );
    for (let i = 0; i < openings.length; i += BATCH) {
      await tx.insertMany(CreditLimitChange, openings.slice(i, i + BATCH));
    }
    for (let i = 0; i < holds.length; i += BATCH) await tx.insertMany(CreditHold, holds.slice(i, i + BATCH));
    for (let i = 0; i < invoices.length; i += BATCH) await tx.insertMany(Invoice, invoices.slice(i, i + BATCH));
    for (let i = 0; i < payments.length; i += BATCH) await tx.insertMany(Payment, payments.slice(i, i + BATCH));
    for (let i = 0; i < allocations.length; i += BATCH) {
      await tx.insertMany(ReceivableAllocation, allocations.slice(i, i + BATCH));
    }
    await tx.insertMany(DocumentCounter, counters);
    const pathOf = new Map(accounts.map((a) => [a.dealerId, a.dealerRegionPath]));
    rebates = await seedDemoRebates(tx, (id) => pathOf.get(id) ?? '', asOf);
  });
  log.info(
    {
      ...{ accounts: accounts.length, invoices: invoices.length, payments: payments.length, holds: holds.length },
      rebates,
    },
    'seeded finance ledger',
  );
}
