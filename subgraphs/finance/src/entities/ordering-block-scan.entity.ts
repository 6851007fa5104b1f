import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * The watermark of a periodic scan that raises events for what time alone changed (the daily
 * ordering-block scan): the business day it has covered through. Stored, so a restart neither
 * raises a day twice nor skips the days it was down, and two processes take turns on the row.
 */
@Entity({ tableName: 'ordering_block_scan' })
export class OrderingBlockScan {
  /** Which scan ("ordering-block"). */
  @PrimaryKey({ type: 'string', length: 40 })
  name!: string;

  /** The last business day covered, "YYYY-MM-DD"; null before the first run. */
  @Property({ type: 'string', length: 10, nullable: true })
  scannedThrough: string | null = null;

  /** When the last run finished. */
  @Property({ type: 'datetime', nullable: true })
  scannedAt: Date | null = null;
}
