import { keyLoader } from '@dnp/subgraph-kit';
import type DataLoader from 'dataloader';
import { CreditNote } from '../entities/credit-note.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { financeScope, inScope } from './scope.service.js';

/**
 * The idempotency key under which orders' RETURN_CREDIT task asks finance to issue a return's
 * credit note (subgraphs/orders/src/fulfilment/tasks/return-task-kinds.ts); one note per key, ever.
 */
export function returnSourceKey(returnId: string): string {
  return `return:${returnId}`;
}

// Request-scoped like the loaders in finance.loader.ts, keyed by the request's loader object so a
// list of returns costs one query; kept here so the return link stays in its own files.
const loaders = new WeakMap<object, DataLoader<string, CreditNote | null>>();

function bySourceKey(ctx: FinanceContext): DataLoader<string, CreditNote | null> {
  let loader = loaders.get(ctx.loaders);
  if (!loader) {
    loader = keyLoader<CreditNote>(ctx.em, CreditNote, 'sourceKey');
    loaders.set(ctx.loaders, loader);
  }
  return loader;
}

/** The credit note finance issued for a return, read in the viewer's scope. */
export class ReturnCreditNoteService {
  /** The return's credit note; null before it is issued or when the viewer may not read it. */
  async ofReturn(ctx: FinanceContext, returnId: string): Promise<CreditNote | null> {
    const note = await bySourceKey(ctx).load(returnSourceKey(returnId));
    return note && inScope(financeScope(ctx.viewer), note.dealerId, note.dealerRegionPath) ? note : null;
  }
}
