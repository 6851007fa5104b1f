import { Grant, Grants, LocalDateScalar, Money, toUserErrors, YearMonthScalar } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, Directive, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CreditNote } from '../entities/credit-note.entity.js';
import { Invoice } from '../entities/invoice.entity.js';
import type { FinanceContext } from '../finance-context.js';
import { CreditNoteFilter, IssueCreditNoteInput } from '../schema/credit-note.input.js';
import { CreditNoteConnection, IssueCreditNotePayload } from '../schema/credit-note.type.js';
import { DealerRef, dealerRef } from '../schema/references.type.js';
import { CreditNoteQueryService } from '../services/credit-note-query.service.js';
import { CreditNoteService } from '../services/credit-note.service.js';
import { sellerOf } from '../services/scope.service.js';

const notes = new CreditNoteService();
const reads = new CreditNoteQueryService();

/** Credit notes: issued by the return flow (service), read in scope. */
@Resolver(() => CreditNote)
export class CreditNoteResolver {
  @Authorized(Grant.SERVICE)
  @Mutation(() => IssueCreditNotePayload, {
    description:
      "Issues a credit note, applied to the shipment's invoice first, then the oldest open invoices, the rest " +
      'to the balance (service only; idempotent by sourceKey).',
  })
  @Directive('@inaccessible')
  async issueCreditNote(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => IssueCreditNoteInput, { description: 'The credit note: key, kind, dealer and lines.' })
    input: IssueCreditNoteInput,
  ) {
    const result = await notes.issue(ctx, input);
    return Object.assign(new IssueCreditNotePayload(), {
      creditNote: result.creditNote,
      errors: toUserErrors(result.errors),
    });
  }

  @Authorized(...Grants.DEALER_READERS, Grant.FINANCE_CLERK)
  @Query(() => CreditNoteConnection, { description: 'Credit notes in your scope, newest first, paginated.' })
  creditNotes(
    @Ctx() ctx: FinanceContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => CreditNoteFilter, { nullable: true, description: 'Conditions the credit notes must meet.' })
    filter?: CreditNoteFilter,
  ) {
    return reads.list(ctx, { first, after, filter });
  }

  @FieldResolver(() => DealerRef, { description: 'The dealer credited.' })
  dealer(@Root() note: CreditNote) {
    return dealerRef(note.dealerId);
  }

  @FieldResolver(() => DealerRef, {
    nullable: true,
    description: "Who gives the value back: the parent dealer on its sub-dealer's line (二级分销); null: the brand.",
  })
  seller(@Root() note: CreditNote) {
    const seller = sellerOf(note.sellerKey);
    return seller ? dealerRef(seller) : null;
  }

  @FieldResolver(() => Invoice, { nullable: true, description: 'The invoice reversed first; null when none.' })
  invoice(@Root() note: CreditNote, @Ctx() ctx: FinanceContext) {
    return note.invoiceId ? ctx.loaders.invoiceById.load(note.invoiceId) : null;
  }

  @FieldResolver(() => Money, { description: 'Gross credited (价税合计), the sum of the lines.' })
  amount(@Root() note: CreditNote) {
    return Money.fromMinor(note.amountMinor, note.currency);
  }

  @FieldResolver(() => Money, { description: 'Net credited (金额).' })
  net(@Root() note: CreditNote) {
    return Money.fromMinor(note.netMinor, note.currency);
  }

  @FieldResolver(() => Money, { description: 'VAT credited (税额).' })
  tax(@Root() note: CreditNote) {
    return Money.fromMinor(note.taxMinor, note.currency);
  }

  @FieldResolver(() => Money, { description: 'Part applied to invoices.' })
  applied(@Root() note: CreditNote) {
    return Money.fromMinor(note.appliedMinor, note.currency);
  }

  @FieldResolver(() => Money, { description: "Part not applied yet: in the dealer's balance." })
  unapplied(@Root() note: CreditNote) {
    return Money.fromMinor(note.unappliedMinor, note.currency);
  }

  @FieldResolver(() => LocalDateScalar, { description: 'Business date of issue.' })
  issuedOn(@Root() note: CreditNote) {
    return note.issuedOn;
  }

  @FieldResolver(() => YearMonthScalar, { description: 'Statement month of the credit note.' })
  period(@Root() note: CreditNote) {
    return note.period;
  }
}
