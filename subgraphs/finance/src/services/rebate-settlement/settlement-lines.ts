import { partValue, type TaxClass } from '@dnp/subgraph-kit';
import type { EntityManager } from '@mikro-orm/core';
import { CreditNoteLine } from '../../entities/credit-note-line.entity.js';
import { InvoiceLine } from '../../entities/invoice-line.entity.js';
import { Invoice } from '../../entities/invoice.entity.js';
import { RebateAccrualEntry, RebateBasisMonth } from '../../entities/rebate-accrual.entity.js';
import { RebateSettlementLine } from '../../entities/rebate-settlement.entity.js';
import { BRAND_SELLER } from '../../entities/credit-account.entity.js';
import { monthsOf } from '../rebate-accrual/rebate-progress.js';

/** What a settlement line is made of before its share of the amount. */
interface LineBasis {
  productId: string;
  taxClass: TaxClass;
  sku: string;
  productName: string;
  basisMinor: number;
  quantity: number;
}

type SourceLine = Pick<InvoiceLine, 'productId' | 'taxClass' | 'sku' | 'productName'>;

/** The source document lines the entries name, by "type|id|lineNo" (invoice lines for payments too). */
async function sourceLines(
  em: EntityManager,
  entries: readonly RebateAccrualEntry[],
): Promise<Map<string, SourceLine>> {
  const invoiceIds = new Set<string>();
  const noteIds = new Set<string>();
  for (const e of entries) {
    if (e.sourceType === 'CREDIT_NOTE') noteIds.add(e.sourceId);
    else invoiceIds.add(e.sourceType === 'PAYMENT' ? e.line.split(':')[0]! : e.sourceId);
  }
  const found = new Map<string, SourceLine>();
  if (invoiceIds.size) {
    for (const l of await em.find(InvoiceLine, { invoiceId: { $in: [...invoiceIds] } })) {
      found.set(`INVOICE|${l.invoiceId}|${l.lineNo}`, l);
    }
  }
  if (noteIds.size) {
    for (const l of await em.find(CreditNoteLine, { creditNoteId: { $in: [...noteIds] } })) {
      found.set(`CREDIT_NOTE|${l.creditNoteId}|${l.lineNo}`, l);
    }
  }
  return found;
}

function keyOf(e: RebateAccrualEntry): string {
  if (e.sourceType === 'PAYMENT') {
    const [invoiceId, lineNo] = e.line.split(':');
    return `INVOICE|${invoiceId}|${lineNo}`;
  }
  return `${e.sourceType}|${e.sourceId}|${e.line}`;
}

/** The dealer's latest brand invoice line of each product (tax class, SKU and name for aggregate rows). */
async function latestLines(
  em: EntityManager,
  dealerId: string,
  productIds: string[],
): Promise<Map<string, SourceLine>> {
  const latest = new Map<string, SourceLine>();
  if (!productIds.length) return latest;
  const invoices = await em.find(
    Invoice,
    { dealerId, sellerKey: BRAND_SELLER },
    { fields: ['id'], orderBy: { issuedAt: 'desc', id: 'desc' }, limit: 500 },
  );
  if (!invoices.length) return latest;
  const lines = await em.find(InvoiceLine, {
    invoiceId: { $in: invoices.map((i) => i.id) },
    productId: { $in: productIds },
  });
  const rank = new Map(invoices.map((inv, i) => [inv.id, i]));
  lines.sort((a, b) => rank.get(a.invoiceId)! - rank.get(b.invoiceId)!);
  for (const l of lines) if (!latest.has(l.productId)) latest.set(l.productId, l);
  return latest;
}

/**
 * The basis of a settlement by product and tax class: the policy's accrual entries in the period
 * (their source lines name the tax class); a policy without entries (manual awards) spreads over
 * the dealer's shipped basis of the period from `rebate_basis_month`, classed by the latest invoice.
 * Only lines with a positive basis carry a share.
 */
export async function settlementBasis(
  em: EntityManager,
  policyId: string,
  dealerId: string,
  period: string,
): Promise<LineBasis[]> {
  const entries = await em.find(RebateAccrualEntry, { policyId, dealerId, period });
  const grouped = new Map<string, LineBasis>();
  const add = (src: SourceLine, basisMinor: number, quantity: number) => {
    const key = `${src.productId}|${src.taxClass}`;
    const row = grouped.get(key) ?? { ...pick(src), basisMinor: 0, quantity: 0 };
    row.basisMinor += basisMinor;
    row.quantity += quantity;
    grouped.set(key, row);
  };
  if (entries.length) {
    const sources = await sourceLines(em, entries);
    for (const e of entries) {
      const src = sources.get(keyOf(e));
      if (src) add(src, e.basisMinor, e.quantity);
    }
  } else {
    const months = await em.find(RebateBasisMonth, { dealerId, month: { $in: monthsOf(period) } });
    const latest = await latestLines(em, dealerId, [...new Set(months.map((m) => m.productId))]);
    for (const m of months) {
      const src = latest.get(m.productId);
      if (src) add(src, m.shippedMinor, m.quantity);
    }
  }
  return [...grouped.values()]
    .filter((l) => l.basisMinor > 0)
    .sort((a, b) => a.productId.localeCompare(b.productId) || a.taxClass.localeCompare(b.taxClass));
}

function pick(src: SourceLine): Pick<LineBasis, 'productId' | 'taxClass' | 'sku' | 'productName'> {
  return { productId: src.productId, taxClass: src.taxClass, sku: src.sku, productName: src.productName };
}

/**
 * The settlement's lines: `amountMinor` split over the basis lines in proportion to their basis by
 * the kit's parts rule (cumulative, so the shares add up to the amount exactly).
 */
export function settlementLines(
  settlementId: string,
  basis: readonly LineBasis[],
  amountMinor: number,
): RebateSettlementLine[] {
  const total = basis.reduce((s, l) => s + l.basisMinor, 0);
  let before = 0;
  return basis.map((l, i) => {
    const share = partValue(amountMinor, total, before, l.basisMinor);
    before += l.basisMinor;
    return Object.assign(new RebateSettlementLine(), { settlementId, lineNo: i + 1, ...l, amountMinor: share });
  });
}
