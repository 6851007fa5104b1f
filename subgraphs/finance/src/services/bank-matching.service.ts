import type { EntityManager } from '@mikro-orm/core';
import { BankMatchRule, type BankStatementLine } from '../entities/bank-statement-line.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import { PayerAccount } from '../entities/payer-account.entity.js';
import { normaliseReference } from './bank-csv.parser.js';

/** Who a bank line's money is from and which invoices it settles first. */
export interface BankMatch {
  dealerId: string;
  rule: BankMatchRule;
  /** Invoices to settle first, in order; the rest goes oldest first, then to the balance. */
  allocations: { invoiceId: string; amountMinor: number }[];
}

/** What matching found: a match, or none with a suggested dealer for the clerk. */
export interface MatchOutcome {
  match: BankMatch | null;
  suggestionDealerId: string | null;
}

const INVOICE_NUMBER = /INV-?(\d{4})-?(\d{8})(?!\d)|INV-?(\d{6})-?(\d{6})(?!\d)/gi;
const ORDER_NUMBER = /SO\d{12,16}/gi;

/** Invoice numbers named in a reference text, dashes optional, in the order written. */
export function invoiceNumbersIn(text: string): string[] {
  const numbers: string[] = [];
  for (const m of normaliseReference(text).matchAll(INVOICE_NUMBER)) {
    numbers.push(m[1] ? `INV-${m[1]}-${m[2]}` : `INV-${m[3]}-${m[4]}`);
  }
  return [...new Set(numbers)];
}

/** Order numbers (SO…) named in a reference text. */
export function orderNumbersIn(text: string): string[] {
  return [...new Set([...normaliseReference(text).matchAll(ORDER_NUMBER)].map((m) => m[0].toUpperCase()))];
}

/** Fills `invoices` in order with the amount, each up to its outstanding amount. */
function fill(invoices: Invoice[], amountMinor: number): BankMatch['allocations'] {
  const allocations: BankMatch['allocations'] = [];
  let left = amountMinor;
  for (const invoice of invoices) {
    if (left <= 0) break;
    const part = Math.min(left, invoice.outstandingMinor);
    if (part > 0) allocations.push({ invoiceId: invoice.id, amountMinor: part });
    left -= part;
  }
  return allocations;
}

function oneDealer(invoices: Invoice[]): string | null {
  const dealers = new Set(invoices.map((i) => i.dealerId));
  return dealers.size === 1 ? invoices[0]!.dealerId : null;
}

/**
 * Matches a bank line (§12.5), first rule that applies: INVOICE_REFERENCE (摘要 or 附言 names open
 * invoices of one dealer: those first), ORDER_REFERENCE (an order number: its open invoices first),
 * PAYER_ACCOUNT (a learned payer account: an invoice open for exactly the amount first). Otherwise
 * no match, with the dealer of the only open invoice of exactly this amount as a suggestion.
 */
export async function matchBankLine(
  em: EntityManager,
  line: Pick<BankStatementLine, 'summary' | 'remark' | 'payerAccount' | 'amountMinor'>,
): Promise<MatchOutcome> {
  const text = `${line.summary} ${line.remark}`;
  const open = { outstandingMinor: { $gt: 0 } };
  const byDue = { orderBy: { dueDate: 'asc', issuedOn: 'asc', id: 'asc' } } as const;
  const numbers = invoiceNumbersIn(text);
  if (numbers.length) {
    const named = await em.find(Invoice, { number: { $in: numbers }, ...open });
    const dealerId = named.length ? oneDealer(named) : null;
    if (dealerId) {
      named.sort((a, b) => numbers.indexOf(a.number) - numbers.indexOf(b.number));
      return matched(dealerId, BankMatchRule.INVOICE_REFERENCE, fill(named, line.amountMinor));
    }
  }
  const orders = orderNumbersIn(text);
  if (orders.length) {
    const invoices = await em.find(Invoice, { orderNumber: { $in: orders }, ...open }, byDue);
    const dealerId = invoices.length ? oneDealer(invoices) : null;
    if (dealerId) return matched(dealerId, BankMatchRule.ORDER_REFERENCE, fill(invoices, line.amountMinor));
  }
  const payer = line.payerAccount ? await em.findOne(PayerAccount, { accountNo: line.payerAccount }) : null;
  if (payer) {
    const exact = await em.findOne(Invoice, { dealerId: payer.dealerId, outstandingMinor: line.amountMinor }, byDue);
    return matched(payer.dealerId, BankMatchRule.PAYER_ACCOUNT, exact ? fill([exact], line.amountMinor) : []);
  }
  const candidates = await em.find(Invoice, { outstandingMinor: line.amountMinor }, { limit: 2 });
  return { match: null, suggestionDealerId: candidates.length === 1 ? candidates[0]!.dealerId : null };
}

function matched(dealerId: string, rule: BankMatchRule, allocations: BankMatch['allocations']): MatchOutcome {
  return { match: { dealerId, rule, allocations }, suggestionDealerId: null };
}
