import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One business day of one stock level's flow (`stock_flow_day`, rr §9): units in and out that day and the
 * on-hand units at its close, kept by `inventory:stock-facts` from `inventory.stock_changed`. A day without
 * movements has no row: its closing is the last earlier row's. Reports read these rows, never the ledger.
 */
@Entity({ tableName: 'stock_flow_day' })
export class StockFlowDay {
  @PrimaryKey({ type: 'string', length: 40 })
  warehouseId!: string;

  @PrimaryKey({ type: 'string', length: 40 })
  productId!: string;

  /** The business day (`YYYY-MM-DD` in BUSINESS_TIME_ZONE). */
  @PrimaryKey({ type: 'string', length: 10 })
  day!: string;

  /** Units that came in that day (rises of on-hand). */
  @Property({ type: 'integer', default: 0 })
  inUnits!: number;

  /** Units that went out that day (falls of on-hand). */
  @Property({ type: 'integer', default: 0 })
  outUnits!: number;

  /** On-hand units after the day's last change. */
  @Property({ type: 'integer' })
  closingUnits!: number;

  /** The stock level's row version last applied (older or replayed events are passed over). */
  @Property({ type: 'integer' })
  lastVersion!: number;
}
