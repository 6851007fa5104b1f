import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Where a bank file's import stands. */
export enum BankImportStatus {
  IMPORTING = 'IMPORTING',
  COMPLETED = 'COMPLETED',
}
registerEnumType(BankImportStatus, {
  name: 'BankImportStatus',
  description: 'Where a bank file import stands.',
  valuesConfig: {
    IMPORTING: { description: 'Lines are being written; a crashed import resumes when the same file is sent again.' },
    COMPLETED: { description: 'Every good line was written and matched where it could be.' },
  },
});

/**
 * One bank file (交易明细) imported by a clerk. `fileSha256` is unique: the same bytes sent twice,
 * even at once, import once.
 */
@Entity({ tableName: 'bank_import' })
@Index({ properties: ['createdAt', 'id'] })
@ObjectType({ description: 'A bank statement file imported by finance, with what became of its lines.' })
export class BankImport {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable import id ("bim_…").' })
  id!: string;

  @Property({ type: 'string', length: 64, unique: true })
  @Field(() => String, { description: 'SHA-256 of the file bytes (hex): the same file imports once.' })
  fileSha256!: string;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'The file name as uploaded.' })
  fileName!: string;

  @Property({ type: 'string', length: 40 })
  @Field(() => String, { description: 'Our receiving bank account the file belongs to.' })
  bankAccount!: string;

  @Property({ type: 'string', length: 10 })
  @Field(() => String, { description: 'The encoding the file was read in (UTF8 or GB18030).' })
  encoding!: string;

  @Enum({ items: () => BankImportStatus })
  @Field(() => BankImportStatus, { description: 'Where the import stands.' })
  status!: BankImportStatus;

  /** Until when the importing request owns the import; a later twin resumes it after this. */
  @Property({ type: 'datetime' })
  leaseUntil!: Date;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Credit lines in the file (debit-only lines are not counted).' })
  lineCount!: number;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Lines this import wrote.' })
  importedCount: number = 0;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Lines already imported by an earlier file (same row hash).' })
  duplicateCount: number = 0;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Imported lines matched to a dealer and recorded as payments.' })
  matchedCount: number = 0;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Imported lines left for a clerk to match.' })
  unmatchedCount: number = 0;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Bad lines skipped (only when the clerk imported the good lines).' })
  errorCount: number = 0;

  @Property({ type: 'string', length: 40 })
  importedByUserId!: string;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the import started.' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the import completed; null while importing.' })
  completedAt: Date | null = null;
}
