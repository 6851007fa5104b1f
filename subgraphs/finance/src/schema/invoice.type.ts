import { connectionType } from '@dnp/subgraph-kit';
import { Invoice } from '../entities/invoice.entity.js';

/** A page of invoices (`InvoiceConnection` with `InvoiceEdge`), Relay-style. */
export const InvoiceConnection = connectionType(Invoice, 'Invoice', 'invoice');
