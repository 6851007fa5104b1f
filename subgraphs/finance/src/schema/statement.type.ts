import { connectionType, LocalDateScalar, Money, UserError, YearMonthScalar } from '@dnp/subgraph-kit';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Statement, StatementStatus } from '../entities/statement.entity.js';

/** What kind of document a statement line is. */
export enum StatementLineKind {
  INVOICE = 'INVOICE',
  PAYMENT = 'PAYMENT',
  CREDIT_NOTE = 'CREDIT_NOTE',
}
registerEnumType(StatementLineKind, {
  name: 'StatementLineKind',
  description: 'What kind of document a statement line is.',
  valuesConfig: {
    INVOICE: { description: 'An invoice (借方: raises what the dealer owes).' },
    PAYMENT: { description: 'A payment received (贷方).' },
    CREDIT_NOTE: { description: 'A credit note (红字发票, 贷方).' },
  },
});

@ObjectType({ description: "One document of a statement's month, with the balance after it." })
export class StatementLine {
  @Field(() => LocalDateScalar, { description: 'The business date of the document.' })
  date!: string;

  @Field(() => StatementLineKind, { description: 'What kind of document it is.' })
  kind!: StatementLineKind;

  @Field(() => ID, { description: 'The id of the invoice, payment or credit note.' })
  documentId!: string;

  @Field(() => String, {
    description: 'Its number (单据号): the invoice or credit note number, the payment reference.',
  })
  number!: string;

  @Field(() => String, { description: 'What it is (摘要).' })
  description!: string;

  @Field(() => Money, { nullable: true, description: 'The amount it adds (借方); null for credits.' })
  debit!: Money | null;

  @Field(() => Money, { nullable: true, description: 'The amount it takes off (贷方); null for invoices.' })
  credit!: Money | null;

  @Field(() => Money, { description: 'The balance after it (余额).' })
  balance!: Money;
}

export const StatementLineConnection = connectionType(StatementLine, 'StatementLine', 'statement line');
export const StatementConnection = connectionType(Statement, 'Statement', 'statement');

@InputType({ description: 'Narrows a statement list. All given conditions must hold.' })
export class StatementFilter {
  @Field(() => YearMonthScalar, { nullable: true, description: 'Only statements of this month.' })
  period?: string | null;

  @Field(() => StatementStatus, { nullable: true, description: 'Only statements in this status.' })
  status?: StatementStatus | null;

  @Field(() => ID, { nullable: true, description: 'Only statements of this dealer.' })
  dealerId?: string | null;
}

@ObjectType({ description: 'Result of a statement mutation: the statement as it is now, or why nothing was written.' })
export class StatementPayload {
  @Field(() => Statement, { nullable: true, description: 'The statement after the change; null when refused.' })
  statement!: Statement | null;

  @Field(() => [UserError], {
    description:
      'Why nothing was written (STATEMENT_ALREADY_CONFIRMED, STATEMENT_NOT_DISPUTED, COMMENT_REQUIRED, ' +
      'COMMENT_TOO_LONG); empty on success.',
  })
  errors!: UserError[];
}

@ObjectType({ description: 'Result of a month-end statement run.' })
export class StatementRunPayload {
  @Field(() => YearMonthScalar, { description: 'The month that was run.' })
  period!: string;

  @Field(() => Int, { description: 'Statements this run issued (0 when the month had been closed already).' })
  issued!: number;

  @Field(() => Boolean, { description: 'True when an earlier run had closed the month: nothing was written.' })
  alreadyClosed!: boolean;

  @Field(() => [UserError], { description: 'Why nothing was run (PERIOD_NOT_ENDED); empty otherwise.' })
  errors!: UserError[];
}

@ObjectType({ description: 'A statement as a PDF file (A4, Chinese and English), base64.' })
export class StatementPdf {
  @Field(() => String, { description: 'Suggested file name: statement-<dealer code>-<period>.pdf.' })
  fileName!: string;

  @Field(() => String, { description: 'application/pdf.' })
  contentType!: string;

  @Field(() => Int, { description: 'Size of the file in bytes.' })
  byteSize!: number;

  @Field(() => String, { description: 'The file, base64.' })
  base64!: string;
}
