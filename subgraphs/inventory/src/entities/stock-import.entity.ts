import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';

/** Where a safety-stock import stands. */
export enum StockImportStatus {
  /** Every line checked; the good lines are stored and wait for the runner. */
  VALIDATED = 'VALIDATED',
  /** The runner is applying the lines, 500 per transaction. */
  APPLYING = 'APPLYING',
  /** Every stored line applied. */
  COMPLETED = 'COMPLETED',
  /** Refused as a whole (never stored: a refusal writes nothing; kept for the answer's status). */
  REJECTED = 'REJECTED',
}
registerEnumType(StockImportStatus, {
  name: 'StockImportStatus',
  description: 'Where a safety-stock import stands.',
  valuesConfig: {
    VALIDATED: { description: 'Every line checked; the good lines wait to be applied.' },
    APPLYING: { description: 'The lines are being applied, 500 at a time (see appliedLines).' },
    COMPLETED: { description: 'Every stored line has been applied.' },
    REJECTED: { description: 'The file was refused as a whole; nothing was written.' },
  },
});

/**
 * One safety-stock CSV import (importSafetyStock): the file's hash and name (the same file within a
 * day answers `duplicateOf`), its line counts and the runner's progress; a lease keeps two runners
 * from applying the same import.
 */
@Entity({ tableName: 'stock_import' })
@ObjectType({ description: 'A safety-stock CSV import (安全库存导入) and how far it has been applied.' })
@Index({ properties: ['fileSha256', 'createdAt'] })
@Index({ properties: ['status', 'leaseUntil'] })
export class StockImport {
  @PrimaryKey({ type: 'string', length: 40 })
  @Field(() => ID, { description: 'Stable import id ("sim_…").' })
  id!: string;

  @Property({ type: 'string', length: 64 })
  fileSha256!: string;

  @Property({ type: 'string', length: 200 })
  @Field(() => String, { description: 'The file name as uploaded.' })
  fileName!: string;

  @Enum({ items: () => StockImportStatus, nativeEnumName: undefined })
  @Field(() => StockImportStatus, { description: 'Where the import stands.' })
  status!: StockImportStatus;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Data lines in the file (the header not counted).' })
  totalLines!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Lines that passed every check (the ones applied).' })
  goodLines!: number;

  @Property({ type: 'integer' })
  @Field(() => Int, { description: 'Lines refused (left out with importGoodLines).' })
  badLines!: number;

  @Property({ type: 'integer', default: 0 })
  @Field(() => Int, { description: 'Good lines applied so far: the progress bar (goodLines when COMPLETED).' })
  appliedLines!: number;

  /** True when the caller asked for the good lines of a file with bad ones. */
  @Property({ type: 'boolean' })
  goodOnly!: boolean;

  @Property({ type: 'datetime', nullable: true })
  leaseUntil!: Date | null;

  @Property({ type: 'string', length: 40 })
  createdByUserId!: string;

  @Property({ type: 'datetime' })
  @Field(() => Date, { description: 'When the file was imported.' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
  @Field(() => Date, { nullable: true, description: 'When the last line was applied; null until then.' })
  completedAt!: Date | null;
}

/** One good line of an import, waiting for (or done by) the runner. */
@Entity({ tableName: 'stock_import_line' })
@Index({ properties: ['importId', 'applied', 'lineNo'] })
export class StockImportLine {
  @PrimaryKey({ type: 'string', length: 40 })
  importId!: string;

  /** The line's number in the file (the header is line 1). */
  @PrimaryKey({ type: 'integer' })
  lineNo!: number;

  @Property({ type: 'string', length: 40 })
  warehouseId!: string;

  @Property({ type: 'string', length: 40 })
  productId!: string;

  @Property({ type: 'integer' })
  safetyStock!: number;

  @Property({ type: 'boolean', default: false })
  applied!: boolean;
}
