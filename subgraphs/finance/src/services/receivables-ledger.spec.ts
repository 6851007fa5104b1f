import { seededRandom } from '@dnp/demo-data';
import { openTestSubgraph, type TestSubgraph } from '@dnp/subgraph-kit/testing';
import type { EntityManager } from '@mikro-orm/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreditAccount, CreditStatus } from '../entities/credit-account.entity.js';
import { CreditNote, CreditNoteKind } from '../entities/credit-note.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import { Payment, PaymentMethod, PaymentSource } from '../entities/payment.entity.js';
import type { FinanceLoaders } from '../finance-context.js';
import { financeSubgraph } from '../subgraph.js';
import { ledgerViolations } from './ledger-invariants.js';
import { LedgerRefusal, ReceivablesLedger, type LedgerPlan } from './receivables-ledger.js';

let db: TestSubgraph<FinanceLoaders>;
beforeAll(async () => {
  db = await openTestSubgraph(financeSubgraph, { seed: false });
});
afterAll(() => db.close());

const DEALER = 'dlr_L01';
let n = 0;
const day = (d: number) =>
  `2026-${String(1 + Math.floor(d / 28)).padStart(2, '0')}-${String(1 + (d % 28)).padStart(2, '0')}`;

async function openAccount(em: EntityManager, dealerId: string, limitMinor: number): Promise<void> {
  await em.insert(CreditAccount, {
    id: `cra_${dealerId.slice(4)}`,
    dealerId,
    dealerRegionPath: '/reg_cn/',
    dealerPath: `/${dealerId}/`,
    currency: 'CNY',
    limitMinor,
    usedMinor: 0,
    heldMinor: 0,
    balanceMinor: 0,
    oldestOpenDueDate: null,
    utilizationPpm: 0,
    termDays: 30,
    status: CreditStatus.ACTIVE,
    updatedAt: new Date(),
  });
}

/** Inserts an invoice as issued (outstanding = amount) and posts it. */
async function invoice(amountMinor: number, issued: number, dealerId = DEALER) {
  const id = `inv_t${++n}`;
  const [issuedOn, dueDate] = [day(issued), day(issued + 30)];
  return db.orm.em.fork().transactional(async (tx) => {
    await tx.insert(Invoice, {
      ...{ id, number: `INV-2026-${String(n).padStart(8, '0')}`, year: 2026, seq: n, shipmentId: null },
      ...{ shipmentNumber: null, orderNumber: null, dealerId, dealerRegionPath: '/reg_cn/', orderId: null },
      ...{ currency: 'CNY', amountMinor, paidMinor: 0, netMinor: amountMinor, taxMinor: 0, creditedMinor: 0 },
      ...{ outstandingMinor: amountMinor, issuedOn, dueDate, period: issuedOn.slice(0, 7) },
      ...{ issuedAt: new Date(), dueAt: new Date(), paidAt: null },
    });
    return ReceivablesLedger.change(tx, dealerId, { invoices: [{ id, amountMinor, dueDate, issuedOn }] }, new Date());
  });
}

type Chosen = NonNullable<NonNullable<LedgerPlan['payments']>[number]['chosen']>;

/** Inserts a payment with nothing allocated and posts it. */
async function pay(amountMinor: number, chosen?: Chosen) {
  const id = `pay_t${++n}`;
  return db.orm.em.fork().transactional(async (tx) => {
    await tx.insert(Payment, {
      ...{ id, dealerId: DEALER, dealerRegionPath: '/reg_cn/', invoiceId: null, source: PaymentSource.MANUAL },
      ...{ idempotencyKey: id, bankLineId: null, currency: 'CNY', amountMinor, allocatedMinor: 0 },
      ...{ unallocatedMinor: amountMinor, method: PaymentMethod.BANK_TRANSFER, paidAt: new Date() },
      ...{ receivedOn: day(n % 300), period: '2026-01', recordedAt: new Date(), recordedByUserId: null },
      ...{ recordedByName: null, reference: id },
    });
    return ReceivablesLedger.change(tx, DEALER, { payments: [{ id, amountMinor, chosen }] }, new Date());
  });
}

/** Inserts a credit note with nothing applied and posts it. */
async function credit(amountMinor: number, invoiceId: string | null) {
  const id = `crn_t${++n}`;
  return db.orm.em.fork().transactional(async (tx) => {
    await tx.insert(CreditNote, {
      ...{ id, number: `CN-2026-${String(n).padStart(8, '0')}`, year: 2026, seq: n, dealerId: DEALER },
      ...{ dealerRegionPath: '/reg_cn/', kind: CreditNoteKind.RETURN, sourceKey: id, invoiceId, shipmentId: null },
      ...{ orderId: null, currency: 'CNY', amountMinor, netMinor: amountMinor, taxMinor: 0, appliedMinor: 0 },
      ...{ unappliedMinor: amountMinor, reason: 'test', issuedAt: new Date(), issuedOn: day(n % 300) },
      ...{ period: '2026-01' },
    });
    return ReceivablesLedger.change(tx, DEALER, { creditNotes: [{ id, amountMinor, invoiceId }] }, new Date());
  });
}

describe('ReceivablesLedger', () => {
  beforeAll(async () => {
    const em = db.orm.em.fork();
    await openAccount(em, DEALER, 10_000_000);
  });

  it('applies payments oldest first, chosen invoices first, and keeps the rest as balance', async () => {
    await invoice(10_000, 10);
    const idA = `inv_t${n}`;
    const b = (await invoice(20_000, 5))!;
    const idB = `inv_t${n}`;
    expect(b.after.oldestOpenDueDate).toBe(day(35));
    const paid = (await pay(25_000))!;
    expect(paid.sources.get(`pay_t${n}`)).toEqual({
      allocatedMinor: 25_000,
      unallocatedMinor: 0,
      invoiceIds: [idB, idA],
    });
    const chosen = (await pay(8_000, [{ invoiceId: idA, amountMinor: 3_000 }]))!;
    // 3,000 to the chosen invoice, 2,000 more to it (oldest first), 3,000 to the balance.
    expect(chosen.sources.get(`pay_t${n}`)).toEqual({
      allocatedMinor: 5_000,
      unallocatedMinor: 3_000,
      invoiceIds: [idA],
    });
    expect(chosen.after).toMatchObject({ usedMinor: 0, balanceMinor: 3_000, oldestOpenDueDate: null });
    // The next invoice consumes the balance first.
    const c = (await invoice(4_000, 20))!;
    expect(c.after).toMatchObject({ usedMinor: 1_000, balanceMinor: 0 });
    expect(await ledgerViolations(db.orm.em.fork(), DEALER)).toEqual([]);
  });

  it('refuses a chosen allocation beyond the outstanding amount or to a closed invoice, writing nothing', async () => {
    const before = await db.orm.em.fork().findOneOrFail(CreditAccount, { dealerId: DEALER });
    await expect(pay(5_000, [{ invoiceId: `inv_t${n}`, amountMinor: 1_001 }])).rejects.toMatchObject({
      code: 'ALLOCATION_EXCEEDS_OUTSTANDING',
    });
    await expect(pay(5_000, [{ invoiceId: 'inv_t1', amountMinor: 1 }])).rejects.toBeInstanceOf(LedgerRefusal);
    const after = await db.orm.em.fork().findOneOrFail(CreditAccount, { dealerId: DEALER });
    expect(after.usedMinor).toBe(before.usedMinor);
    expect(after.balanceMinor).toBe(before.balanceMinor);
  });

  it('keeps used = Σ outstanding and balance = Σ unapplied after random operation sequences', async () => {
    const rand = seededRandom(14);
    const invoices: string[] = [];
    for (let step = 0; step < 120; step++) {
      const r = rand();
      const amount = 1 + Math.floor(rand() * 50_000);
      if (r < 0.4) {
        await invoice(amount, Math.floor(rand() * 200));
        invoices.push(`inv_t${n}`);
      } else if (r < 0.75) {
        const target = invoices[Math.floor(rand() * invoices.length)];
        const open = target
          ? await db.orm.em.fork().findOne(Invoice, { id: target, outstandingMinor: { $gt: 0 } })
          : null;
        const chosen =
          open && rand() < 0.4
            ? [{ invoiceId: open.id, amountMinor: Math.min(amount, open.outstandingMinor) }]
            : undefined;
        await pay(amount, chosen);
      } else {
        await credit(amount, invoices[Math.floor(rand() * invoices.length)] ?? null);
      }
      if (step % 20 === 19) expect(await ledgerViolations(db.orm.em.fork(), DEALER)).toEqual([]);
    }
    expect(await ledgerViolations(db.orm.em.fork(), DEALER)).toEqual([]);
  });

  it('answers null for a dealer without an account', async () => {
    const result = await db.orm.em
      .fork()
      .transactional((tx) => ReceivablesLedger.change(tx, 'dlr_none', {}, new Date()));
    expect(result).toBeNull();
  });
});
