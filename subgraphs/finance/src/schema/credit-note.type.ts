import { connectionType, UserError } from '@dnp/subgraph-kit';
import { Directive, Field, ObjectType } from 'type-graphql';
import { CreditNote } from '../entities/credit-note.entity.js';

/** A page of credit notes (`CreditNoteConnection` with `CreditNoteEdge`), Relay-style. */
export const CreditNoteConnection = connectionType(CreditNote, 'CreditNote', 'credit note');

@ObjectType({ description: 'Result of issueCreditNote: the credit note, or why none was issued.' })
@Directive('@inaccessible')
export class IssueCreditNotePayload {
  @Field(() => CreditNote, {
    nullable: true,
    description: 'The credit note (new, or the one issued before under the key).',
  })
  creditNote!: CreditNote | null;

  @Field(() => [UserError], {
    description: 'Why nothing was issued (BAD_USER_INPUT, LINES_EMPTY, DEALER_HAS_NO_ACCOUNT, IDEMPOTENCY_KEY_REUSED).',
  })
  errors!: UserError[];
}
