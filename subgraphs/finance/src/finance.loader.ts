import { businessDate, groupLoader, keyLoader } from '@dnp/subgraph-kit';
import { config } from './config.js';
import type { EntityManager } from '@mikro-orm/core';
import DataLoader from 'dataloader';
import { CreditAccount } from './entities/credit-account.entity.js';
import { Invoice } from './entities/invoice.entity.js';
import { Payment } from './entities/payment.entity.js';
import { CreditNote } from './entities/credit-note.entity.js';
import { ReceivableAllocation } from './entities/receivable-allocation.entity.js';
import { InvoiceLine } from './entities/invoice-line.entity.js';
import { CreditLimitChange, CreditLimitChangeStatus } from './entities/credit-limit-change.entity.js';
import type { FinanceContext, FinanceLoaders, PaymentTotals } from './finance-context.js';
import { brandAccountScope } from './services/scope.service.js';
import { loadAccruedByPolicy } from './services/rebate-policies/rebate-policy-query.service.js';

/** Creates fresh loaders for one request. */
export function createFinanceLoaders(ctx: FinanceContext): FinanceLoaders {
  return {
    creditAccountById: keyLoader(ctx.em, CreditAccount, 'id'),
    creditAccountByDealer: keyLoader(ctx.em, CreditAccount, 'dealerId', brandAccountScope.where),
    invoiceById: keyLoader(ctx.em, Invoice, 'id'),
    paymentsByInvoice: groupLoader(ctx.em, Payment, 'invoiceId', {}, { paidAt: 'asc', id: 'asc' }),
    paymentTotalsByDealer: new DataLoader((ids) => loadPaymentTotals(ctx.em, ids, new Date()), { maxBatchSize: 1000 }),
    // o2c:P3 receivables
    allocationsBySource: groupLoader(ctx.em, ReceivableAllocation, 'sourceId', {}, { allocatedAt: 'asc', id: 'asc' }),
    allocationsByInvoice: groupLoader(ctx.em, ReceivableAllocation, 'invoiceId', {}, { allocatedAt: 'asc', id: 'asc' }),
    invoiceLinesByInvoice: groupLoader(ctx.em, InvoiceLine, 'invoiceId', {}, { lineNo: 'asc' }),
    invoicesByOrder: groupLoader(ctx.em, Invoice, 'orderId', {}, { issuedAt: 'asc', id: 'asc' }),
    invoiceByShipment: keyLoader(ctx.em, Invoice, 'shipmentId'),
    paymentById: keyLoader(ctx.em, Payment, 'id'),
    creditNoteById: keyLoader(ctx.em, CreditNote, 'id'),
    creditNoteBySourceKey: keyLoader(ctx.em, CreditNote, 'sourceKey'),
    overdueByAccount: new DataLoader((keys) => loadOverdue(ctx.em, keys, new Date()), { maxBatchSize: 1000 }),
    // net:P6 credit changes
    pendingChangeByAccount: keyLoader(ctx.em, CreditLimitChange, 'accountId', {
      status: CreditLimitChangeStatus.PENDING_APPROVAL,
    }),
    rebateAccruedByPolicy: new DataLoader((ids) => loadAccruedByPolicy(ctx.em, ids), { maxBatchSize: 1000 }),
  };
}

/** Start of the 12-month window the on-time rate looks at. */
export function yearBefore(now: Date): Date {
  const d = new Date(now);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  return d;
}

/**
 * Payment totals of many dealers on the brand's books (the account `paymentStats` pairs them with; a
 * parent's sales to its sub-dealers are its own books) in one grouped statement. Raw SQL because the ORM's core API
 * has no grouped sums; it is portable between SQLite and MySQL, and dates go through the
 * platform's own conversion (epoch ms on SQLite, DATETIME on MySQL) exactly like ORM queries.
 */
export async function loadPaymentTotals(
  em: EntityManager,
  dealerIds: readonly string[],
  now: Date,
): Promise<PaymentTotals[]> {
  const platform = em.getPlatform();
  const date = (d: Date) => platform.processDateProperty(d) as unknown;
  const from = date(yearBefore(now));
  const to = date(now);
  const marks = dealerIds.map(() => '?').join(', ');
  const sql =
    'select dealer_id, ' +
    'sum(case when due_at > ? and due_at <= ? then 1 else 0 end) as due_count, ' +
    'sum(case when due_at > ? and due_at <= ? and paid_at is not null and paid_at <= due_at then 1 else 0 ' +
    'end) as on_time_count, ' +
    'sum(case when paid_at is null and due_at < ? then amount_minor - paid_minor else 0 end) as overdue_minor ' +
    `from invoice where dealer_id in (${marks}) and ${brandAccountScope.sql()} and (due_at > ? or paid_at is null) ` +
    'group by dealer_id';
  const rows = (await em.getConnection().execute(sql, [from, to, from, to, to, ...dealerIds, from], 'all')) as Record<
    string,
    unknown
  >[];
  const byDealer = new Map(rows.map((r) => [String(r.dealer_id), r]));
  return dealerIds.map((id) => {
    const r = byDealer.get(id);
    // MySQL returns SUM() as DECIMAL strings, SQLite as numbers.
    return r
      ? {
          dueCount: Number(r.due_count ?? 0),
          onTimeCount: Number(r.on_time_count ?? 0),
          overdueMinor: Number(r.overdue_minor ?? 0),
        }
      : { dueCount: 0, onTimeCount: 0, overdueMinor: 0 };
  });
}

/** The key of an account's overdue amount (`overdueByAccount`): its seller key and its dealer. */
export function overdueKey(sellerKey: string, dealerId: string): string {
  return `${sellerKey}|${dealerId}`;
}

/**
 * Outstanding minor units past due per account (`overdueKey`) in one grouped statement (due dates
 * are business dates).
 */
export async function loadOverdue(em: EntityManager, keys: readonly string[], now: Date): Promise<number[]> {
  const today = businessDate(now, config.BUSINESS_TIME_ZONE);
  const dealerIds = [...new Set(keys.map((k) => k.slice(k.indexOf('|') + 1)))];
  const marks = dealerIds.map(() => '?').join(', ');
  const sql =
    'select seller_key, dealer_id, sum(outstanding_minor) as overdue from invoice' +
    ` where dealer_id in (${marks}) and outstanding_minor > 0 and due_date < ? group by seller_key, dealer_id`;
  const rows = (await em.getConnection().execute(sql, [...dealerIds, today], 'all')) as Record<string, unknown>[];
  const byAccount = new Map(
    rows.map((r) => [overdueKey(String(r.seller_key), String(r.dealer_id)), Number(r.overdue ?? 0)]),
  );
  return keys.map((key) => byAccount.get(key) ?? 0);
}
