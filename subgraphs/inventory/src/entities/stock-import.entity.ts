import { Entity, Enum, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

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

/**
 * One safety-stock CSV import (importSafetyStock): the file's hash and name (the same file within a
 * day answers `duplicateOf`), its line counts and the runner's progress; a lease keeps two runners
 * from applying the same import.
 */
@Entity({ tableName: 'stock_import' })
@Index({ properties: ['fileSha256', 'createdAt'] })
@Index({ properties: ['status', 'leaseUntil'] })
export class StockImport {
  @PrimaryKey({ type: 'string', length: 40 })
  id!: string;

  @Property({ type: 'string', length: 64 })
  fileSha256!: string;

  @Property({ type: 'string', length: 200 })
  fileName!: string;

  @Enum({ items: () => StockImportStatus, nativeEnumName: undefined })
  status!: StockImportStatus;

  @Property({ type: 'integer' })
  totalLines!: number;

  @Property({ type: 'integer' })
  goodLines!: number;

  @Property({ type: 'integer' })
  badLines!: number;

  @Property({ type: 'integer', default: 0 })
  appliedLines!: number;

  /** True when the caller asked for the good lines of a file with bad ones. */
  @Property({ type: 'boolean' })
  goodOnly!: boolean;

  @Property({ type: 'datetime', nullable: true })
  leaseUntil!: Date | null;

  @Property({ type: 'string', length: 40 })
  createdByUserId!: string;

  @Property({ type: 'datetime' })
  createdAt!: Date;

  @Property({ type: 'datetime', nullable: true })
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
