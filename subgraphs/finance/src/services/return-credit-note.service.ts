import { returnCreditNoteKey } from '@dnp/subgraph-kit';
import { CreditNote } from '../entities/credit-note.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { financeScope, inScope } from './scope.service.js';

/** The credit note finance issued for a return, read in the viewer's scope. */
export class ReturnCreditNoteService {
  /** The return's credit note; null before it is issued or when the viewer may not read it. */
  async ofReturn(ctx: FinanceContext, returnId: string): Promise<CreditNote | null> {
    const note = await ctx.loaders.creditNoteBySourceKey.load(returnCreditNoteKey(returnId));
    return note && inScope(financeScope(ctx.viewer), note.dealerId, note.dealerRegionPath) ? note : null;
  }
}
