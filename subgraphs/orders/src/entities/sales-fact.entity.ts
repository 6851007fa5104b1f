import { BigIntType, type Opt } from '@mikro-orm/core';
import { Entity, Index, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';

/**
 * The columns of both sales aggregates (docs/design/rebates-reports.md §9): one row per business
 * period × seller × buying dealer × product (the key), kept by `orders:sales-facts` from shipped shipments
 * (positive) and credited returns (negative). Reports read only these rows, never the orders.
 */
abstract class SalesFactColumns {
  /** Business period key: `YYYY-MM-DD` (day table) or `YYYY-MM` (month table), in BUSINESS_TIME_ZONE. */
  @PrimaryKey({ type: 'string', length: 10 })
  period!: string;

  /** Who sold: the parent dealer's id for a sub-dealer's order, `brand` when the brand sold. */
  @PrimaryKey({ type: 'string', length: 40 })
  sellerKey!: string;

  /** The buying dealer. */
  @PrimaryKey({ type: 'string', length: 40 })
  dealerId!: string;

  /** The buying dealer's region path when the order was placed ("/reg_cn/reg_east/reg_js/"). */
  @Property({ type: 'string', length: 400 })
  regionPath!: string;

  @PrimaryKey({ type: 'string', length: 40 })
  productId!: string;

  /** The product's category path from orders' product cache ('' when unknown yet). */
  @Property({ type: 'string', length: 400, default: '' })
  categoryPath: Opt<string> = '';

  /** The product's brand from orders' product cache ('' when unknown yet). */
  @Property({ type: 'string', length: 40, default: '' })
  brandId: Opt<string> = '';

  /** Orders counted once each, on the row of their first shipment's first line (sums over any non-product key). */
  @Property({ type: 'integer', default: 0 })
  orders: Opt<number> = 0;

  /** Orders counted once per product, on the row where that order line first shipped (product and category keys). */
  @Property({ type: 'integer', default: 0 })
  orderLines: Opt<number> = 0;

  /** Units shipped less units credited. */
  @Property({ type: 'integer', default: 0 })
  units: Opt<number> = 0;

  /** Tax-inclusive value (what the dealer is billed, promotions deducted), minor units. */
  @Property({ type: new BigIntType('number'), default: 0 })
  grossMinor: Opt<number> = 0;

  /** The gross without VAT (the kit's splitVat at the line's tax class), minor units. */
  @Property({ type: new BigIntType('number'), default: 0 })
  netMinor: Opt<number> = 0;
}

/** Sales per business day (`sales_fact_day`): DAY and WEEK reports. */
@Entity({ tableName: 'sales_fact_day' })
@Index({ properties: ['dealerId', 'period'] })
@Index({ properties: ['sellerKey', 'period'] })
@Index({ properties: ['productId', 'period'] })
@Index({ properties: ['regionPath'] })
export class SalesFactDay extends SalesFactColumns {}

/** Sales per business month (`sales_fact_month`): MONTH, QUARTER and YEAR reports, rankings. */
@Entity({ tableName: 'sales_fact_month' })
@Index({ properties: ['dealerId', 'period'] })
@Index({ properties: ['sellerKey', 'period'] })
@Index({ properties: ['productId', 'period'] })
@Index({ properties: ['regionPath'] })
export class SalesFactMonth extends SalesFactColumns {}

/** What a fact source is: a shipment that shipped or a return that was credited. */
export type SalesFactSourceType = 'SHIPMENT' | 'RETURN';

/**
 * The sources already counted (`sales_fact_source`), unique by type and id: a shipment or return is
 * added to the aggregates once even if its event is delivered again under another id.
 */
@Entity({ tableName: 'sales_fact_source' })
export class SalesFactSource {
  /** `SHIPMENT:<id>` or `RETURN:<id>`. */
  @PrimaryKey({ type: 'string', length: 60 })
  sourceKey!: string;

  @Property({ type: 'datetime' })
  countedAt!: Date;
}

/**
 * Orders' copy of what the sales aggregates need to know about a product (`sales_product`; the
 * products subgraph owns it), kept by `orders:sales-facts` from `products.product_changed` (by the
 * product's version) and `category_changed` moves.
 */
@Entity({ tableName: 'sales_product' })
export class SalesProduct {
  @PrimaryKey({ type: 'string', length: 40 })
  productId!: string;

  @Property({ type: 'string', length: 40 })
  brandId!: string;

  /** Materialized category path from the root ("/cat_dairy/cat_mlk/"). */
  @Property({ type: 'string', length: 400 })
  @Index()
  categoryPath!: string;

  /** The products row version this copy reflects. */
  @Property({ type: 'integer', default: 0 })
  sourceVersion: Opt<number> = 0;

  @Property({ type: 'datetime', nullable: true })
  updatedAt: Date | null = null;
}
