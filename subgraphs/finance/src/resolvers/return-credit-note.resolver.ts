import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { CreditNote } from '../entities/credit-note.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { ReturnRequestRef } from '../schema/return-request-ref.type.js';
import { ReturnCreditNoteService } from '../services/return-credit-note.service.js';

const returnNotes = new ReturnCreditNoteService();

/** Finance's field on the orders subgraph's ReturnRequest: the credit note issued for it. */
@Resolver(() => ReturnRequestRef)
export class ReturnCreditNoteResolver {
  @FieldResolver(() => CreditNote, {
    nullable: true,
    description: 'The credit note issued for this return; null before it is issued or when you may not read it.',
  })
  creditNote(@Root() ret: ReturnRequestRef, @Ctx() ctx: FinanceContext) {
    return returnNotes.ofReturn(ctx, ret.id);
  }
}
