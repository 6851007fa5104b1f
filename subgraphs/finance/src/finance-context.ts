import type { RequestContext } from '@dnp/subgraph-kit';
import type DataLoader from 'dataloader';
import type { CreditAccount } from './entities/credit-account.entity.js';
import type { Invoice } from './entities/invoice.entity.js';
import type { Payment } from './entities/payment.entity.js';
import type { CreditNote } from './entities/credit-note.entity.js';
import type { ReceivableAllocation } from './entities/receivable-allocation.entity.js';
import type { InvoiceLine } from './entities/invoice-line.entity.js';
import type { CreditLimitChange } from './entities/credit-limit-change.entity.js';

// Types only: services and resolvers import the context from here rather than from the loader
// module, so the layers stay one-way and no import cycle can form.

/** Raw invoice figures of one dealer, as one grouped SQL row; `PaymentStatsService` turns them into stats. */
export interface PaymentTotals {
  /** Invoices whose due date fell in the last 12 months. */
  dueCount: number;
  /** Of those, the ones settled in full on or before their due date. */
  onTimeCount: number;
  /** Unpaid remainder of every invoice past its due date now, in minor units. */
  overdueMinor: number;
}

/** The finance subgraph's request-scoped loaders. */
export interface FinanceLoaders {
  creditAccountById: DataLoader<string, CreditAccount | null>;
  creditAccountByDealer: DataLoader<string, CreditAccount | null>;
  invoiceById: DataLoader<string, Invoice | null>;
  paymentsByInvoice: DataLoader<string, Payment[]>;
  paymentTotalsByDealer: DataLoader<string, PaymentTotals>;
  // o2c:P3 receivables
  /** Allocations by source id (a payment's "pay_…" or a credit note's "crn_…"), oldest first. */
  allocationsBySource: DataLoader<string, ReceivableAllocation[]>;
  /** Allocations an invoice received, oldest first. */
  allocationsByInvoice: DataLoader<string, ReceivableAllocation[]>;
  /** An invoice's lines in order. */
  invoiceLinesByInvoice: DataLoader<string, InvoiceLine[]>;
  /** Invoices of an order, oldest first. */
  invoicesByOrder: DataLoader<string, Invoice[]>;
  /** The invoice of a shipment (one at most). */
  invoiceByShipment: DataLoader<string, Invoice | null>;
  /**
   * Outstanding minor units of an account's invoices past due (due date before the business today),
   * keyed by `overdueKey(sellerKey, dealerId)`: the brand's and a parent's books apart.
   */
  overdueByAccount: DataLoader<string, number>;
  paymentById: DataLoader<string, Payment | null>;
  creditNoteById: DataLoader<string, CreditNote | null>;
  /** A credit note by its source key (a return's: `returnCreditNoteKey`). */
  creditNoteBySourceKey: DataLoader<string, CreditNote | null>;
  // net:P6 credit changes
  /** An account's change waiting for approval (at most one), by account id. */
  pendingChangeByAccount: DataLoader<string, CreditLimitChange | null>;
  /** Rebate accrued so far per policy id, in fen (the sum of its progress rows). */
  rebateAccruedByPolicy: DataLoader<string, number>;
}
/** What every finance resolver and service receives: the request context with the loaders above. */
export type FinanceContext = RequestContext<FinanceLoaders>;
