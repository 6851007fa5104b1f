import type { RequestContext } from '@dnp/subgraph-kit';
import type DataLoader from 'dataloader';
import type { CreditAccount } from './entities/credit-account.entity.js';
import type { Invoice } from './entities/invoice.entity.js';
import type { Payment } from './entities/payment.entity.js';

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
}
/** What every finance resolver and service receives: the request context with the loaders above. */
export type FinanceContext = RequestContext<FinanceLoaders>;
