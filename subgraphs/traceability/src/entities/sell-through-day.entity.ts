import { BigIntType } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * One business day of retail sales (SELL scans) of one product by one dealer in one region (`sell_through_day`,
 * rr §9), written in the SELL scan's own transaction. Reports read these rows, never the trace events.
 */
@Entity({ tableName: 'sell_through_day' })
export class SellThroughDay {
  /** The business day (`YYYY-MM-DD` in BUSINESS_TIME_ZONE). */
  @PrimaryKey({ type: 'string', length: 10 })
  day!: string;

  /** The seller: the scanning dealer, or the code's owner when HQ scans the sale. */
  @PrimaryKey({ type: 'string', length: 40 })
  dealerId!: string;

  @PrimaryKey({ type: 'string', length: 40 })
  productId!: string;

  /** Where the unit was sold (the scan's region). */
  @PrimaryKey({ type: 'string', length: 40 })
  regionId!: string;

  /** The scan region's path ("/reg_cn/reg_east/…/"), for a region's subtree. */
  @Property({ type: 'string', length: 400 })
  regionPath!: string;

  /** The seller's home region path (the code owner's), which scopes managers as the codes do. */
  @Property({ type: 'string', length: 400 })
  dealerRegionPath!: string;

  @Property({ type: 'integer', default: 0 })
  soldUnits!: number;

  /** Units sold with a retail price entered. */
  @Property({ type: 'integer', default: 0 })
  pricedUnits!: number;

  /** Sum of the entered retail prices, in fen. */
  @Property({ type: new BigIntType('number'), default: 0 })
  revenueMinor!: number;
}
