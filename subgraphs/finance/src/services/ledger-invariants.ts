import type { EntityManager } from '@mikro-orm/core';
import { BRAND_SELLER, CreditAccount, utilizationPpm } from '../entities/credit-account.entity.js';
import { CreditHold, CreditHoldStatus } from '../entities/credit-hold.entity.js';
import { CreditNote } from '../entities/credit-note.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import { Payment } from '../entities/payment.entity.js';
import { ReceivableAllocation } from '../entities/receivable-allocation.entity.js';

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * The receivables ledger's invariants for one dealer's account with `sellerKey` (the brand's by default;
 * a parent's line and its documents are books of their own), as violations (empty when they hold):
 * used = Σ outstanding, balance = Σ unallocated payments + Σ unapplied credit notes, held = Σ
 * remainders of live holds, every document's figures = Σ its allocations, the oldest open due
 * date and the stored utilization. Reads everything of the dealer: for specs and checks, not
 * for request paths.
 */
export async function ledgerViolations(
  em: EntityManager,
  dealerId: string,
  sellerKey: string = BRAND_SELLER,
): Promise<string[]> {
  const account = await em.findOneOrFail(CreditAccount, { dealerId, sellerKey });
  const invoices = await em.find(Invoice, { dealerId, sellerKey });
  const payments = await em.find(Payment, { dealerId, sellerKey });
  const notes = await em.find(CreditNote, { dealerId, sellerKey });
  const ids = new Set(invoices.map((i) => i.id));
  const allocations = (await em.find(ReceivableAllocation, { dealerId })).filter((a) => ids.has(a.invoiceId));
  const holds = await em.find(CreditHold, { dealerId, sellerKey, status: CreditHoldStatus.HELD });
  const bad: string[] = [];
  const held = sum(holds.map((h) => h.amountMinor - h.capturedMinor - h.releasedMinor));
  if (account.heldMinor !== held) bad.push(`held ${account.heldMinor} ≠ Σ hold remainders ${held}`);
  const outstanding = sum(invoices.map((i) => i.outstandingMinor));
  if (account.usedMinor !== outstanding) bad.push(`used ${account.usedMinor} ≠ Σ outstanding ${outstanding}`);
  const unapplied = sum(payments.map((p) => p.unallocatedMinor)) + sum(notes.map((c) => c.unappliedMinor));
  if (account.balanceMinor !== unapplied) bad.push(`balance ${account.balanceMinor} ≠ Σ unapplied ${unapplied}`);
  for (const i of invoices) {
    const allocated = sum(allocations.filter((a) => a.invoiceId === i.id).map((a) => a.amountMinor));
    if (i.paidMinor + i.creditedMinor !== allocated) bad.push(`${i.id}: paid + credited ≠ Σ allocations`);
    if (i.amountMinor - i.paidMinor - i.creditedMinor !== i.outstandingMinor) bad.push(`${i.id}: outstanding`);
    if (i.outstandingMinor < 0) bad.push(`${i.id}: negative outstanding`);
  }
  for (const p of [...payments, ...notes]) {
    const allocated = sum(allocations.filter((a) => a.sourceId === p.id).map((a) => a.amountMinor));
    const [used, left] =
      p instanceof Payment ? [p.allocatedMinor, p.unallocatedMinor] : [p.appliedMinor, p.unappliedMinor];
    if (used !== allocated || used + left !== p.amountMinor) bad.push(`${p.id}: allocated ≠ Σ allocations`);
  }
  const open = invoices
    .filter((i) => i.outstandingMinor > 0)
    .map((i) => i.dueDate)
    .sort();
  if (account.oldestOpenDueDate !== (open[0] ?? null)) bad.push(`oldest open due date ${account.oldestOpenDueDate}`);
  const ppm = utilizationPpm(account.limitMinor, account.usedMinor, account.heldMinor, account.balanceMinor);
  if (account.utilizationPpm !== ppm) bad.push(`utilization ${account.utilizationPpm} ≠ ${ppm}`);
  return bad;
}
