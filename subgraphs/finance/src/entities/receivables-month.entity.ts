import { BigIntType } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One dealer's receivables at a month's end (`receivables_month`, rr §9): written once per closed business
 * month by the month-end snapshot job from the aging as it stood at the end of the month's last day.
 * `receivablesReport` reads these rows, never the documents.
 */
@Entity({ tableName: 'receivables_month' })
export class ReceivablesMonth {
  /** The business month, `YYYY-MM`. */
  @PrimaryKey({ type: 'string', length: 7 })
  month!: string;

  @PrimaryKey({ type: 'string', length: 40 })
  dealerId!: string;

  /** The dealer's home region path then, which scopes managers. */
  @Property({ type: 'string', length: 400 })
  dealerRegionPath!: string;

  /** Open invoice amounts (all buckets), in fen. */
  @Property({ type: new BigIntType('number') })
  openMinor!: number;

  /** Of those, past due (1 day and more). */
  @Property({ type: new BigIntType('number') })
  overdueMinor!: number;

  /** Of those, more than 90 days past due. */
  @Property({ type: new BigIntType('number'), fieldName: 'over90_minor' })
  over90Minor!: number;

  /** Payments and credit notes not yet allocated. */
  @Property({ type: new BigIntType('number') })
  unappliedMinor!: number;
}

/** A month whose snapshot was taken (so a month with nothing open is told from one not taken yet). */
@Entity({ tableName: 'receivables_snapshot' })
export class ReceivablesSnapshot {
  @PrimaryKey({ type: 'string', length: 7 })
  month!: string;

  @Property({ type: 'datetime' })
  takenAt!: Date;

  /** Dealers with a row. */
  @Property({ type: 'integer' })
  dealers!: number;
}
