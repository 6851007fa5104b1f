import { Grants, LocalDateScalar, Money, toUserErrors } from '@dnp/subgraph-kit';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { BankStatementLine } from '../entities/bank-statement-line.entity.js';
import { Payment } from '../entities/payment.entity.js';
import type { FinanceContext } from '../finance-context.js';
import {
  BankImportConnection,
  BankLineFilter,
  BankLinePayload,
  BankStatementLineConnection,
  CsvLineError,
  ImportBankStatementInput,
  ImportBankStatementPayload,
  MatchBankLineInput,
} from '../schema/bank.type.js';
import { DealerRef } from '../schema/references.type.js';
import { BankImportService } from '../services/bank-import.service.js';
import { BankLineService, type BankLineResult } from '../services/bank-line.service.js';

const imports = new BankImportService();
const lines = new BankLineService();

function linePayload(result: BankLineResult): BankLinePayload {
  return Object.assign(new BankLinePayload(), { line: result.line, errors: toUserErrors(result.errors) });
}

const dealer = (id: string | null) => (id ? Object.assign(new DealerRef(), { id }) : null);

@Resolver(() => BankStatementLine)
export class BankResolver {
  @Authorized(...Grants.FINANCE)
  @Mutation(() => ImportBankStatementPayload, {
    description:
      'Imports a bank statement file (HQ, finance clerks): nothing is written unless every line is good or ' +
      'importGoodLines is set; the same bytes again answer duplicateOf; matched lines become payments.',
  })
  async importBankStatement(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => ImportBankStatementInput, { description: 'The file.' }) input: ImportBankStatementInput,
  ) {
    const result = await imports.import(ctx, input);
    const errors = result.errors.map((e) =>
      Object.assign(new CsvLineError(), {
        code: e.code,
        message: e.message,
        line: e.line ?? null,
        column: e.column ?? null,
      }),
    );
    return Object.assign(new ImportBankStatementPayload(), { ...result, errors });
  }

  @Authorized(...Grants.FINANCE)
  @Mutation(() => BankLinePayload, {
    description: 'Matches an unmatched bank line to a dealer and records it as a payment; learns the payer account.',
  })
  async matchBankStatementLine(
    @Ctx() ctx: FinanceContext,
    @Arg('input', () => MatchBankLineInput, { description: 'The line and the dealer.' }) input: MatchBankLineInput,
  ) {
    return linePayload(await lines.match(ctx, input));
  }

  @Authorized(...Grants.FINANCE)
  @Mutation(() => BankLinePayload, {
    description: 'Sets an unmatched bank line aside with a reason (not a dealer payment).',
  })
  async ignoreBankStatementLine(
    @Ctx() ctx: FinanceContext,
    @Arg('id', () => ID, { description: 'The bank line.' }) id: string,
    @Arg('reason', () => String, { description: 'Why, 1 to 200 characters (a refund, an internal transfer).' })
    reason: string,
  ) {
    return linePayload(await lines.ignore(ctx, id, reason));
  }

  @Authorized(...Grants.FINANCE)
  @Mutation(() => BankLinePayload, {
    description:
      'Puts an ignored bank line back in the matching queue (UNMATCHED); BANK_LINE_NOT_IGNORED when it is not ' +
      'ignored. HQ and finance clerks.',
  })
  async unignoreBankStatementLine(
    @Ctx() ctx: FinanceContext,
    @Arg('id', () => ID, { description: 'The ignored bank line.' }) id: string,
    @Arg('reason', () => String, { description: 'Why it goes back, 1 to 200 characters (for the audit trail).' })
    reason: string,
  ) {
    return linePayload(await lines.unignore(ctx, id, reason));
  }

  @Authorized(...Grants.FINANCE)
  @Query(() => BankImportConnection, { description: 'Bank file imports, newest first (HQ, finance clerks).' })
  bankImports(
    @Ctx() ctx: FinanceContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
  ) {
    return lines.imports(ctx, { first, after });
  }

  @Authorized(...Grants.FINANCE)
  @Query(() => BankStatementLineConnection, {
    description: 'Imported bank lines, oldest value date first: the matching queue (HQ, finance clerks).',
  })
  bankStatementLines(
    @Ctx() ctx: FinanceContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size, 0 to 100 (default 20).' }) first?: number,
    @Arg('after', () => String, { nullable: true, description: 'Cursor of the edge to continue after.' })
    after?: string,
    @Arg('filter', () => BankLineFilter, { nullable: true, description: 'Conditions every line must meet.' })
    filter?: BankLineFilter,
  ) {
    return lines.list(ctx, { first, after, filter });
  }

  @FieldResolver(() => LocalDateScalar, { description: 'The value date (交易日期).' })
  valueDate(@Root() line: BankStatementLine) {
    return line.valueDate;
  }

  @FieldResolver(() => Money, { description: 'The amount credited.' })
  amount(@Root() line: BankStatementLine) {
    return Money.fromMinor(line.amountMinor, 'CNY');
  }

  @FieldResolver(() => DealerRef, { nullable: true, description: 'The dealer it was matched to.' })
  dealer(@Root() line: BankStatementLine) {
    return dealer(line.dealerId);
  }

  @FieldResolver(() => DealerRef, {
    nullable: true,
    description: 'For an unmatched line: the dealer of the only open invoice of exactly this amount.',
  })
  suggestedDealer(@Root() line: BankStatementLine) {
    return dealer(line.suggestionDealerId);
  }

  @FieldResolver(() => Payment, { nullable: true, description: 'The payment it became, once matched.' })
  payment(@Root() line: BankStatementLine, @Ctx() ctx: FinanceContext) {
    return lines.paymentOf(ctx, line);
  }
}
