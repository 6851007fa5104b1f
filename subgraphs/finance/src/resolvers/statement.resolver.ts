import { Grant, Grants, Money, toUserErrors, YearMonthScalar, type Page } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { StatementEvent } from '../entities/statement-event.entity.js';
import { Statement } from '../entities/statement.entity.js';
import type { FinanceContext } from '../finance-context.js';
import {
  StatementConnection,
  StatementFilter,
  StatementLine,
  StatementLineConnection,
  StatementLineKind,
  StatementPayload,
  StatementPdf,
  StatementRunPayload,
} from '../schema/statement.type.js';
import { DealerRef } from '../schema/references.type.js';
import { statementLinePage, type StatementLineRow } from '../services/statement-lines.service.js';
import { StatementService, type StatementResult } from '../services/statement.service.js';

const statements = new StatementService();
const CURRENCY = 'CNY';
/** Who reads statements: finance, managers, dealer users (own, sub-dealers read-only) and DEALER_READ partners. */
const STATEMENT_READERS = [...Grants.DEALER_READERS, Grant.FINANCE_CLERK];

const money = (minor: number) => Money.fromMinor(minor, CURRENCY);

function payload(result: StatementResult): StatementPayload {
  return Object.assign(new StatementPayload(), { statement: result.statement, errors: toUserErrors(result.errors) });
}

function lineOf(row: StatementLineRow): StatementLine {
  return Object.assign(new StatementLine(), {
    date: row.date,
    kind: row.kind as StatementLineKind,
    documentId: row.documentId,
    number: row.number,
    description: row.description,
    debit: row.kind === 'INVOICE' ? money(row.debitMinor) : null,
    credit: row.kind === 'INVOICE' ? null : money(row.creditMinor),
    balance: money(row.balanceMinor),
  });
}

@Resolver(() => Statement)
export class StatementResolver {
  @Authorized(...STATEMENT_READERS)
  @Query(() => Statement, {
    nullable: true,
    description:
      "A dealer's statement of a month: the issued one, or figures computed now while the month is open (status " +
      "LIVE); null outside the viewer's scope or when the dealer had nothing that month.",
  })
  statement(
    @Ctx() ctx: FinanceContext,
    @Arg('dealerId', () => ID, { description: 'The dealer.' }) dealerId: string,
    @Arg('period', () => YearMonthScalar, { description: 'The month.' }) period: string,
  ) {
    return statements.forDealer(ctx, dealerId, period);
  }

  @Authorized(...STATEMENT_READERS)
  @Query(() => StatementConnection, {
    description: "Issued statements in the viewer's scope, newest month first, then by statement id.",
  })
  statements(
    @Ctx() ctx: FinanceContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => StatementFilter, { nullable: true, description: 'Conditions every statement must meet.' })
    filter?: StatementFilter,
  ) {
    return statements.list(ctx, { first, after, filter });
  }

  @Authorized(...Grants.FINANCE)
  @Mutation(() => StatementRunPayload, {
    description:
      "Runs a finished month's statements by hand (HQ, finance clerks): closes the month and issues one statement " +
      'per dealer with documents or a balance. Idempotent: a closed month answers alreadyClosed.',
  })
  async runStatements(
    @Ctx() ctx: FinanceContext,
    @Arg('period', () => YearMonthScalar, { description: 'The month to run; it must have ended.' }) period: string,
  ) {
    const result = await statements.run(ctx, period);
    return Object.assign(new StatementRunPayload(), { ...result, errors: toUserErrors(result.errors) });
  }

  @Authorized(Grant.DEALER_ADMIN)
  @Mutation(() => StatementPayload, {
    description: "The dealer admin confirms its own dealer's statement (final); a sub-dealer's is FORBIDDEN.",
  })
  async confirmStatement(
    @Ctx() ctx: FinanceContext,
    @Arg('id', () => ID, { description: 'Statement id.' }) id: string,
    @Arg('comment', () => String, { nullable: true, description: 'An optional remark, at most 500 characters.' })
    comment?: string,
  ) {
    return payload(await statements.confirm(ctx, id, comment));
  }

  @Authorized(Grant.DEALER_ADMIN)
  @Mutation(() => StatementPayload, {
    description: "The dealer admin disputes its own dealer's statement with a comment; HQ follows up.",
  })
  async disputeStatement(
    @Ctx() ctx: FinanceContext,
    @Arg('id', () => ID, { description: 'Statement id.' }) id: string,
    @Arg('comment', () => String, { description: 'What is wrong, 1 to 500 characters.' }) comment: string,
  ) {
    return payload(await statements.dispute(ctx, id, comment));
  }

  @Authorized(...Grants.FINANCE)
  @Mutation(() => StatementPayload, {
    description: 'HQ or a finance clerk answers a disputed statement; the dealer then confirms or disputes again.',
  })
  async respondToStatementDispute(
    @Ctx() ctx: FinanceContext,
    @Arg('id', () => ID, { description: 'Statement id.' }) id: string,
    @Arg('comment', () => String, { description: 'The answer, 1 to 500 characters.' }) comment: string,
  ) {
    return payload(await statements.respond(ctx, id, comment));
  }

  @FieldResolver(() => DealerRef, { description: 'The dealer the statement is for.' })
  dealer(@Root() s: Statement) {
    return Object.assign(new DealerRef(), { id: s.dealerId });
  }

  @FieldResolver(() => YearMonthScalar, { description: 'The month.' })
  period(@Root() s: Statement) {
    return s.period;
  }

  @FieldResolver(() => Money, { description: "The previous month's closing balance (期初余额)." })
  openingBalance(@Root() s: Statement) {
    return money(s.openingMinor);
  }

  @FieldResolver(() => Money, { description: "The month's invoices (借方合计)." })
  invoicesTotal(@Root() s: Statement) {
    return money(s.invoicesMinor);
  }

  @FieldResolver(() => Money, { description: "The month's payments." })
  paymentsTotal(@Root() s: Statement) {
    return money(s.paymentsMinor);
  }

  @FieldResolver(() => Money, { description: "The month's credit notes." })
  creditNotesTotal(@Root() s: Statement) {
    return money(s.creditNotesMinor);
  }

  @FieldResolver(() => Money, {
    description: 'Opening + invoices − payments − credit notes (期末余额): what the dealer owed at month end.',
  })
  closingBalance(@Root() s: Statement) {
    return money(s.closingMinor);
  }

  @FieldResolver(() => StatementLineConnection, {
    description: "The month's documents in date order, each with the running balance.",
  })
  async lines(
    @Root() s: Statement,
    @Ctx() ctx: FinanceContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
  ) {
    const page: Page<StatementLineRow> = await statementLinePage(ctx.em, s, { first, after });
    return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: lineOf(e.node) })) };
  }

  @FieldResolver(() => StatementPdf, {
    description: 'The statement as a PDF (base64): heavy, ask for it alone. PDF_FONT_MISSING without the CJK font.',
  })
  async pdf(@Root() s: Statement, @Ctx() ctx: FinanceContext) {
    const file = await statements.pdf(ctx, s);
    return Object.assign(new StatementPdf(), {
      fileName: file.fileName,
      contentType: file.contentType,
      byteSize: file.bytes.length,
      base64: file.bytes.toString('base64'),
    });
  }

  @FieldResolver(() => [StatementEvent], { description: 'The history: issue, confirmation, disputes and answers.' })
  events(@Root() s: Statement, @Ctx() ctx: FinanceContext) {
    return statements.events(ctx, s);
  }
}
