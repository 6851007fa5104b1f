import { connectionType, CsvEncoding, CsvLineError, UserError } from '@dnp/subgraph-kit';
import { Field, ID, InputType, ObjectType } from 'type-graphql';
import { BankImport } from '../entities/bank-import.entity.js';
import { BankLineStatus, BankStatementLine } from '../entities/bank-statement-line.entity.js';
import { AllocationInput } from './payment.input.js';

// Shared with inventory's CSV import (kit `csv-file.ts`); re-exported for this subgraph's resolvers.
export { CsvEncoding, CsvLineError } from '@dnp/subgraph-kit';

@InputType({ description: 'A bank statement file (交易明细 CSV) to import.' })
export class ImportBankStatementInput {
  @Field(() => String, { description: 'The file name, for the import list.' })
  fileName!: string;

  @Field(() => String, { description: 'The file bytes, base64 (at most 3 MB of file).' })
  contentBase64!: string;

  @Field(() => String, { description: 'Our receiving account the file belongs to (one of BANK_ACCOUNTS).' })
  bankAccount!: string;

  @Field(() => CsvEncoding, { defaultValue: CsvEncoding.AUTO, description: 'How to decode the bytes.' })
  encoding!: CsvEncoding;

  @Field(() => Boolean, {
    defaultValue: false,
    description: 'Import the good lines of a file with bad ones; otherwise such a file writes nothing.',
  })
  importGoodLines!: boolean;
}

@ObjectType({ description: 'Result of importBankStatement.' })
export class ImportBankStatementPayload {
  @Field(() => BankImport, { nullable: true, description: 'The import; null when refused or a duplicate.' })
  import!: BankImport | null;

  @Field(() => BankImport, {
    nullable: true,
    description: 'The earlier import of the same bytes; nothing was written.',
  })
  duplicateOf!: BankImport | null;

  @Field(() => [CsvLineError], { description: 'Why nothing was written; empty otherwise.' })
  errors!: CsvLineError[];
}

@InputType({ description: 'A clerk matches a bank line to a dealer.' })
export class MatchBankLineInput {
  @Field(() => ID, { description: 'The unmatched bank line.' })
  lineId!: string;

  @Field(() => ID, { description: 'The dealer who paid.' })
  dealerId!: string;

  @Field(() => [AllocationInput], {
    nullable: true,
    description: 'Invoices to settle first; the rest goes oldest first, then to the balance. Omitted: oldest first.',
  })
  allocations?: AllocationInput[] | null;
}

@ObjectType({ description: 'Result of a bank line mutation.' })
export class BankLinePayload {
  @Field(() => BankStatementLine, { nullable: true, description: 'The line after the change; null when refused.' })
  line!: BankStatementLine | null;

  @Field(() => [UserError], {
    description:
      'Why nothing was written: BANK_LINE_NOT_UNMATCHED, REASON_REQUIRED, REASON_TOO_LONG, DEALER_HAS_NO_ACCOUNT ' +
      'and the allocation codes of recordPayment.',
  })
  errors!: UserError[];
}

@InputType({ description: 'Narrows a bank line list.' })
export class BankLineFilter {
  @Field(() => BankLineStatus, { nullable: true, description: 'Only lines in this status.' })
  status?: BankLineStatus | null;

  @Field(() => ID, { nullable: true, description: 'Only lines of this import.' })
  importId?: string | null;
}

export const BankImportConnection = connectionType(BankImport, 'BankImport', 'bank import');
export const BankStatementLineConnection = connectionType(BankStatementLine, 'BankStatementLine', 'bank line');
