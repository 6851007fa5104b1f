import { connectionType, UserError } from '@dnp/subgraph-kit';
import { Field, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BankImport } from '../entities/bank-import.entity.js';
import { BankLineStatus, BankStatementLine } from '../entities/bank-statement-line.entity.js';
import { AllocationInput } from './payment.input.js';

/** How a bank file's bytes are decoded. */
export enum CsvEncoding {
  AUTO = 'AUTO',
  GBK = 'GBK',
  UTF8 = 'UTF8',
}
registerEnumType(CsvEncoding, {
  name: 'CsvEncoding',
  description: "How a bank file's bytes are decoded.",
  valuesConfig: {
    AUTO: { description: 'A UTF-8 BOM or valid UTF-8 as UTF-8, anything else as GB18030 (a superset of GBK).' },
    GBK: { description: 'GBK (read as GB18030), as the Chinese banks export.' },
    UTF8: { description: 'UTF-8.' },
  },
});

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

@ObjectType({ description: 'A problem of a bank file, or of one of its lines.' })
export class CsvLineError {
  @Field(() => String, {
    description:
      'FILE_EMPTY, FILE_TOO_LARGE, ENCODING_INVALID, CSV_HEADER_MISSING, BANK_ACCOUNT_UNKNOWN (the file); ' +
      'CSV_LINE_MALFORMED, CSV_DATE_INVALID, CSV_AMOUNT_INVALID, CSV_PAYER_MISSING (a line).',
  })
  code!: string;

  @Field(() => String, { description: 'Human-readable explanation.' })
  message!: string;

  @Field(() => Int, {
    nullable: true,
    description: 'The physical line (1-based, as an editor shows it); null for the file.',
  })
  line!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The column header as in the file; null for the file or the line.',
  })
  column!: string | null;
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
